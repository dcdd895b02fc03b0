#pragma once
// One connection to the platform's file, shared by the stores whose changes
// commit together with their audit entry: the security store (accounts and
// the audit log) and the knowledge base (SEC-2; issue 9, item 7). A change
// written through one store and the entry appended through the other are
// then one SQLite transaction, which two connections cannot share.
//
// Thread safety: a recursive mutex guards the connection. atomically() holds
// it, with one IMMEDIATE transaction, for the whole body; the stores' calls
// made by the body on this thread nest in it as savepoints, and other threads
// wait. Lock order: the services calling these stores hold no lock of their
// own while they do (a lock taken inside a body must never be held by a
// thread that then calls these stores).

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>

#include "adapters/sqlite/sqlite_connection.h"

namespace hotline::sqlite {

class SharedConnection {
 public:
  // Opens an existing file (`create` false) or creates it, in WAL mode with
  // synchronous=FULL.
  static Result<std::shared_ptr<SharedConnection>> open(const std::filesystem::path& file,
                                                        bool create);
  explicit SharedConnection(std::unique_ptr<Connection> db) : db_(std::move(db)) {}

  // Runs `work(Connection&)` under the lock.
  template <typename F>
  auto locked(F&& work) {
    std::lock_guard lock(mutex_);
    return work(*db_);
  }

  // Runs `work(Connection&)` in an IMMEDIATE transaction under the lock; a
  // savepoint of the transaction atomically() holds on this thread.
  template <typename F>
  auto transaction(F&& work) {
    std::lock_guard lock(mutex_);
    Connection& db = *db_;
    return sqlite::transaction(db, [&] { return work(db); });
  }

  // For a store that uses the connection statement by statement: hold the
  // lock while using connection().
  [[nodiscard]] std::unique_lock<std::recursive_mutex> lock() { return std::unique_lock(mutex_); }
  Connection& connection() { return *db_; }  // only under lock()

  // The body's writes through the stores sharing this connection commit
  // together, or none does.
  Status atomically(const std::function<Status()>& body) {
    return transaction([&](Connection&) { return body(); });
  }

 private:
  std::recursive_mutex mutex_;
  std::unique_ptr<Connection> db_;  // guarded by mutex_
};

}  // namespace hotline::sqlite
