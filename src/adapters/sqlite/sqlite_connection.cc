#include "adapters/sqlite/sqlite_connection.h"

#include <climits>
#include <utility>

namespace hotline::sqlite {

namespace {
// Long enough for a checkpoint or another process's commit to finish.
constexpr int kBusyTimeoutMs = 10'000;
}  // namespace

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), bind_error_(other.bind_error_) {}

Statement::~Statement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

void Statement::bind(int index, std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) {
    note(SQLITE_TOOBIG);
    return;
  }
  note(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                         SQLITE_TRANSIENT));
}

void Statement::bind(int index, std::int64_t value) {
  note(sqlite3_bind_int64(stmt_, index, value));
}

void Statement::bind(int index, std::optional<std::int64_t> value) {
  if (value) {
    bind(index, *value);
  } else {
    bind_null(index);
  }
}

void Statement::bind_null(int index) { note(sqlite3_bind_null(stmt_, index)); }

int Statement::parameter(const char* name) const {
  return sqlite3_bind_parameter_index(stmt_, name);
}

int Statement::step() {
  if (bind_error_ != SQLITE_OK) return bind_error_;
  return sqlite3_step(stmt_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string_view Statement::text_view(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (data == nullptr) return {};
  return {data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::string Statement::text(int column) const { return std::string(text_view(column)); }

namespace {

// SEC-1: the database holds sealed personal data, hashes and the audit log;
// only the service's own user reads it (0600). SQLite creates files 0644
// and gives its -wal and -shm files the database file's mode, so the mode
// is set on the database file at every open, and on those beside it.
void owner_only(const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  if (file.empty() || file.string().starts_with(":memory:") || file.string().starts_with("file:")) {
    return;
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const fs::path p = file.string() + suffix;
    std::error_code ec;
    const auto status = fs::status(p, ec);
    if (ec || !fs::is_regular_file(status)) continue;
    constexpr auto kOthers = fs::perms::group_all | fs::perms::others_all;
    if ((status.permissions() & kOthers) == fs::perms::none) continue;
    fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                    ec);
  }
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const std::filesystem::path& file,
                                                     bool create) {
  sqlite3* db = nullptr;
  // NOMUTEX: each connection is used by one thread at a time (the store locks).
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open " + file.string() + ": " +
                          (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return fail(Error::storage(std::move(message)));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  owner_only(file);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Connection::exec(const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return fail(Error::storage(std::string(sql).substr(0, 40) + ": " + text));
  }
  return {};
}

Result<Statement> Connection::prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return fail(error(rc, "prepare"));
    it = statements_.emplace(sql, stmt).first;
  }
  return Statement(it->second);
}

Result<std::int64_t> Connection::query_int(const char* sql) {
  auto stmt = prepare(sql);
  if (!stmt) return fail(stmt.error());
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) return fail(error(rc, sql));
  return stmt->int64(0);
}

Result<std::string> Connection::query_text(const char* sql) {
  auto stmt = prepare(sql);
  if (!stmt) return fail(stmt.error());
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) return fail(error(rc, sql));
  return stmt->text(0);
}

Error Connection::error(int rc, std::string_view what) const {
  // sqlite3_errmsg describes the connection's latest error, which is `rc`'s
  // unless the failure happened before SQLite saw it (a failed bind).
  std::string detail = sqlite3_errcode(db_) == rc ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  return Error::storage(std::string(what) + ": " + detail + " (" + std::to_string(rc) + ")");
}

}  // namespace hotline::sqlite
