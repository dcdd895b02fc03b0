#pragma once
// Connections kept open between calls (opening one costs a server process):
// a call leases one, and gives it back when the lease ends unless it was
// lost. Up to `idle` are kept; more are opened under load and closed after.

#include <memory>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/postgresql/pg_session.h"

namespace hotline::pg {

class Pool {
 public:
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<pqxx::connection> db);
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    pqxx::connection& connection() { return *db_; }

   private:
    Pool* pool_;
    std::unique_ptr<pqxx::connection> db_;
  };

  Pool(Target target, std::size_t idle) : target_(std::move(target)), idle_(idle) {}
  ~Pool();
  Result<Lease> lease();

  // Runs `work(connection)` on a leased connection; a libpqxx exception
  // becomes a storage error naming `what`. `work` returns Status or Result.
  template <typename F>
  auto run(std::string_view what, F&& work) -> decltype(work(std::declval<pqxx::connection&>())) {
    auto leased = lease();
    if (!leased) return fail(leased.error());
    try {
      return work(leased->connection());
    } catch (const std::exception& e) {
      return fail(storage_error(e, what));
    }
  }

  // run() for work that only reads: a pooled connection the server dropped
  // (a restart, a fail-over) is found out by its first statement, and the
  // read is tried once more on a new one, so a restart costs readers nothing.
  template <typename F>
  auto read(std::string_view what, F&& work) -> decltype(work(std::declval<pqxx::connection&>())) {
    for (int attempt = 0;; ++attempt) {
      auto leased = lease();
      if (!leased) return fail(leased.error());
      try {
        return work(leased->connection());
      } catch (const pqxx::broken_connection& e) {
        if (attempt > 0) return fail(storage_error(e, what));
      } catch (const std::exception& e) {
        return fail(storage_error(e, what));
      }
    }
  }

 private:
  void give_back(std::unique_ptr<pqxx::connection> db);

  Target target_;
  std::size_t idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<pqxx::connection>> connections_;  // guarded by mutex_
};

}  // namespace hotline::pg
