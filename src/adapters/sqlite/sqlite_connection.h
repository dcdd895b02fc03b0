#pragma once
// Thin RAII wrappers over the SQLite C API for the store: a connection with a
// cache of prepared statements, and a borrowed statement that is reset when
// it goes out of scope. A Connection is used by one thread at a time; the
// caller provides the locking.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "core/result.h"

namespace hotline::sqlite {

// A prepared statement borrowed from its connection's cache. Bindings and
// cursor are cleared on destruction so the next borrower starts afresh.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based. Text is copied, so temporaries are safe.
  void bind(int index, std::string_view text);
  void bind(int index, std::int64_t value);
  void bind(int index, std::optional<std::int64_t> value);
  void bind_null(int index);
  // The index of a named parameter (":unit"), 0 when absent.
  int parameter(const char* name) const;

  // SQLITE_ROW, SQLITE_DONE or an error code; a failed bind is reported here.
  int step();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  std::string text(int column) const;
  std::string_view text_view(int column) const;  // valid until the next step

 private:
  void note(int rc) {
    if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  }

  sqlite3_stmt* stmt_;
  int bind_error_ = SQLITE_OK;
};

class Connection {
 public:
  // Opens (creating when `create`) with extended result codes and a busy timeout.
  static Result<std::unique_ptr<Connection>> open(const std::filesystem::path& file, bool create);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL without results (several statements allowed).
  Status exec(const char* sql);
  // A cached prepared statement for `sql`.
  Result<Statement> prepare(const std::string& sql);
  // Runs a single-row, single-integer query such as "PRAGMA user_version".
  Result<std::int64_t> query_int(const char* sql);
  Result<std::string> query_text(const char* sql);

  // A storage error carrying SQLite's message for `rc`.
  Error error(int rc, std::string_view what) const;
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// The primary result code of an extended one (SQLITE_CONSTRAINT_PRIMARYKEY → SQLITE_CONSTRAINT).
inline int primary_code(int rc) { return rc & 0xff; }

// Runs `body` (returning Status or Result<T>) between BEGIN IMMEDIATE and
// COMMIT. When the body or the COMMIT fails, the transaction is rolled back
// (if SQLite has not already done so) and the error returned; nothing is kept.
// Inside a transaction already open on `db`, the body runs in a savepoint
// of it: its writes commit or roll back with the outer transaction.
template <typename F>
std::invoke_result_t<F&> transaction(Connection& db, F&& body) {
  if (db.in_transaction()) {
    if (auto st = db.exec("SAVEPOINT nested"); !st) return fail(st.error());
    std::invoke_result_t<F&> result = body();
    if (!result) (void)db.exec("ROLLBACK TO nested");
    if (auto st = db.exec("RELEASE nested"); !st && result) result = fail(st.error());
    return result;
  }
  if (auto st = db.exec("BEGIN IMMEDIATE"); !st) return fail(st.error());
  std::invoke_result_t<F&> result = body();
  if (result) {
    auto st = db.exec("COMMIT");
    if (st) return result;
    result = fail(st.error());
  }
  if (db.in_transaction()) (void)db.exec("ROLLBACK");
  return result;
}

}  // namespace hotline::sqlite
