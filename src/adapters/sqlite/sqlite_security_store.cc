#include "adapters/sqlite/sqlite_security_store.h"

#include <utility>

#include "adapters/sqlite/sqlite_audit_table.h"
#include "adapters/sqlite/sqlite_connection.h"
#include "adapters/storage/security_store_common.h"

namespace hotline {
namespace {

using security_store::check_text;
using sqlite::Connection;
using sqlite::Statement;

// The work-order store's mark ("HOTL"): the file must be a hotline store.
constexpr std::int64_t kApplicationId = 0x484F544C;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS accounts (
  id            TEXT PRIMARY KEY NOT NULL,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL,
  unit          TEXT NOT NULL,
  active        INTEGER NOT NULL,
  api_client    INTEGER NOT NULL,
  password_hash TEXT NOT NULL,          -- Argon2id string; '' for API clients
  created_at    INTEGER NOT NULL,
  changed_at    INTEGER NOT NULL
) WITHOUT ROWID;

-- Sessions by the hash of their token; the token itself is never stored.
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY NOT NULL,
  actor_id   TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_unit TEXT NOT NULL,
  account_id TEXT,                       -- NULL for applicant sessions (INT-5)
  scope      TEXT NOT NULL,
  remote     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_account ON sessions (account_id);
CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires_at);

CREATE TABLE IF NOT EXISTS api_keys (
  id         TEXT PRIMARY KEY NOT NULL,
  key_hash   TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS login_attempts (
  id      INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,                 -- username, or "request:<number>" (INT-5)
  remote  TEXT NOT NULL,
  at      INTEGER NOT NULL,
  success INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS login_attempts_subject ON login_attempts (subject, remote, id);
CREATE INDEX IF NOT EXISTS login_attempts_remote ON login_attempts (remote, at);
)sql";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }

constexpr const char* kAccountColumns =
    "id, username, display_name, role, unit, active, api_client";

Result<Account> read_account(const Statement& row) {
  Account a;
  a.id = row.text(0);
  a.username = row.text(1);
  a.display_name = row.text(2);
  auto role = parse_role(row.text_view(3));
  if (!role) return fail(Error::storage("account " + a.id + ": unknown role"));
  a.role = *role;
  a.unit = row.text(4);
  a.active = row.int64(5) != 0;
  a.is_api_client = row.int64(6) != 0;
  return a;
}

Result<ApiKeyRecord> read_key(const Statement& row) {
  ApiKeyRecord k;
  k.id = row.text(0);
  k.key_hash = row.text(1);
  k.account_id = row.text(2);
  k.name = row.text(3);
  k.created_at = instant(row.int64(4));
  if (!row.is_null(5)) k.revoked_at = instant(row.int64(5));
  return k;
}

constexpr const char* kKeyColumns = "id, key_hash, account_id, name, created_at, revoked_at";

constexpr const char* kSessionColumns =
    "token_hash, actor_id, actor_role, actor_unit, account_id, scope, remote, created_at, "
    "expires_at, last_seen";

Result<SessionRecord> read_session(const Statement& row) {
  SessionRecord s;
  s.token_hash = row.text(0);
  auto role = parse_role(row.text_view(2));
  if (!role) return fail(Error::storage("session: unknown role"));
  s.actor = Actor{row.text(1), *role, row.text(3)};
  if (!row.is_null(4)) s.account_id = row.text(4);
  s.scope = row.text(5);
  s.remote = row.text(6);
  s.created_at = instant(row.int64(7));
  s.expires_at = instant(row.int64(8));
  s.last_seen = instant(row.int64(9));
  return s;
}

Result<Instant> read_instant(const Statement& row) { return instant(row.int64(0)); }

// `sql` prepared, with `args` bound to ?1, ?2, … in order.
template <typename... Args>
Result<Statement> bound(Connection& db, const std::string& sql, const Args&... args) {
  auto q = db.prepare(sql);
  if (!q) return q;
  int index = 0;
  (q->bind(++index, args), ...);
  return q;
}

// Runs a statement that returns no rows; a constraint violation is a conflict.
Status done(Connection& db, Statement& st, std::string_view what) {
  const int rc = st.step();
  if (sqlite::primary_code(rc) == SQLITE_CONSTRAINT) {
    return fail(Error::conflict(std::string(what) + ": already exists", "已存在"));
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, what));
  return {};
}

// `sql` with `args` bound, run as by done().
template <typename... Args>
Status run(Connection& db, std::string_view what, const std::string& sql, const Args&... args) {
  auto q = bound(db, sql, args...);
  if (!q) return fail(q.error());
  return done(db, *q, what);
}

// The row `q` finds, if any, read by `read` (a read_* function).
template <typename Read>
auto one_row(Connection& db, Statement& q, Read read, std::string_view what)
    -> Result<std::optional<typename std::invoke_result_t<Read, const Statement&>::value_type>> {
  using T = typename std::invoke_result_t<Read, const Statement&>::value_type;
  const int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<T>();
  if (rc != SQLITE_ROW) return fail(db.error(rc, what));
  auto value = read(q);
  if (!value) return fail(value.error());
  return std::optional<T>(std::move(*value));
}

// Every row `q` finds, read by `read`.
template <typename Read>
auto all_rows(Connection& db, Statement& q, Read read, std::string_view what)
    -> Result<std::vector<typename std::invoke_result_t<Read, const Statement&>::value_type>> {
  std::vector<typename std::invoke_result_t<Read, const Statement&>::value_type> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    auto value = read(q);
    if (!value) return fail(value.error());
    out.push_back(std::move(*value));
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, what));
  return out;
}

}  // namespace

class SqliteSecurityStore::Impl {
 public:
  Impl(std::shared_ptr<sqlite::SharedConnection> db, std::shared_ptr<const AuditHasher> hasher)
      : db_(std::move(db)), hasher_(std::move(hasher)) {}

  // Runs `work` under the connection's lock.
  template <typename F>
  auto locked(F&& work) {
    return db_->locked(std::forward<F>(work));
  }

  // Runs `work` in an IMMEDIATE transaction under the lock (a savepoint of
  // the transaction atomically() holds on this thread).
  template <typename F>
  auto transaction(F&& work) {
    return db_->transaction(std::forward<F>(work));
  }

  sqlite::SharedConnection& connection() { return *db_; }
  const AuditHasher& hasher() const { return *hasher_; }

 private:
  std::shared_ptr<sqlite::SharedConnection> db_;
  std::shared_ptr<const AuditHasher> hasher_;
};

Result<std::unique_ptr<SqliteSecurityStore>> SqliteSecurityStore::open(
    const std::filesystem::path& file, std::shared_ptr<const AuditHasher> hasher) {
  auto db = sqlite::SharedConnection::open(file, /*create=*/false);
  if (!db) return fail(db.error());
  return open(std::move(*db), file, std::move(hasher));
}

Result<std::unique_ptr<SqliteSecurityStore>> SqliteSecurityStore::open(
    std::shared_ptr<sqlite::SharedConnection> db, const std::filesystem::path& file,
    std::shared_ptr<const AuditHasher> hasher) {
  if (!hasher) return fail(Error::internal("the security store needs an audit hasher"));
  auto ready = db->locked([&](Connection& c) -> Status {
    auto app = c.query_int("PRAGMA application_id");
    if (!app) return fail(app.error());
    if (*app != kApplicationId) {
      return fail(Error::storage(file.string() +
                                 " is not a hotline store; run `hotline init` (or open the "
                                 "work-order store on it) first"));
    }
    if (auto st = c.exec("PRAGMA foreign_keys = ON"); !st) return st;
    return sqlite::transaction(c, [&]() -> Status {
      if (auto st = c.exec(kSchema); !st) return st;
      return c.exec(sqlite::kAuditSchema);
    });
  });
  if (!ready) return fail(ready.error());
  auto impl = std::make_unique<Impl>(std::move(db), std::move(hasher));
  return std::unique_ptr<SqliteSecurityStore>(new SqliteSecurityStore(std::move(impl)));
}

SqliteSecurityStore::SqliteSecurityStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteSecurityStore::~SqliteSecurityStore() = default;

// ---- Accounts --------------------------------------------------------------

Status SqliteSecurityStore::create_account(const Account& a, std::string_view password_hash,
                                           Instant at) {
  if (auto st = check_text({a.id, a.username, a.display_name, a.unit, password_hash}); !st) {
    return st;
  }
  return impl_->locked([&](Connection& db) -> Status {
    return run(db, "account " + a.username,
               "INSERT INTO accounts (id, username, display_name, role, unit, active, api_client, "
               "password_hash, created_at, changed_at) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
               a.id, a.username, a.display_name, to_string(a.role), a.unit, std::int64_t{a.active},
               std::int64_t{a.is_api_client}, password_hash, seconds(at));
  });
}

Result<std::optional<Account>> SqliteSecurityStore::find_account_by_username(
    std::string_view username) {
  return impl_->locked([&](Connection& db) -> Result<std::optional<Account>> {
    auto q =
        bound(db, std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE username = ?1",
              username);
    if (!q) return fail(q.error());
    return one_row(db, *q, read_account, "find account");
  });
}

Result<std::optional<Account>> SqliteSecurityStore::find_account(std::string_view id) {
  return impl_->locked([&](Connection& db) -> Result<std::optional<Account>> {
    auto q =
        bound(db, std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = ?1", id);
    if (!q) return fail(q.error());
    return one_row(db, *q, read_account, "find account");
  });
}

Result<std::vector<Account>> SqliteSecurityStore::list_accounts() {
  return impl_->locked([&](Connection& db) -> Result<std::vector<Account>> {
    auto q =
        bound(db, std::string("SELECT ") + kAccountColumns + " FROM accounts ORDER BY username");
    if (!q) return fail(q.error());
    return all_rows(db, *q, read_account, "list accounts");
  });
}

Result<std::string> SqliteSecurityStore::password_hash(std::string_view account_id) {
  return impl_->locked([&](Connection& db) -> Result<std::string> {
    auto q = bound(db, "SELECT password_hash FROM accounts WHERE id = ?1", account_id);
    if (!q) return fail(q.error());
    auto hash = one_row(
        db, *q, [](const Statement& row) -> Result<std::string> { return row.text(0); },
        "password hash");
    if (!hash) return fail(hash.error());
    return hash->value_or(std::string());
  });
}

Status SqliteSecurityStore::set_password_hash(std::string_view account_id, std::string_view hash) {
  if (auto st = check_text({hash}); !st) return st;
  return impl_->locked([&](Connection& db) -> Status {
    return run(db, "set password", "UPDATE accounts SET password_hash = ?2 WHERE id = ?1",
               account_id, hash);
  });
}

Status SqliteSecurityStore::set_active(std::string_view account_id, bool active, Instant at) {
  return impl_->transaction([&](Connection& db) -> Status {
    if (auto s =
            run(db, "set active", "UPDATE accounts SET active = ?2, changed_at = ?3 WHERE id = ?1",
                account_id, std::int64_t{active}, seconds(at));
        !s) {
      return s;
    }
    if (sqlite3_changes(db.handle()) == 0) {
      return fail(Error::not_found("account " + std::string(account_id), "账号不存在"));
    }
    if (active) return {};
    if (auto s = run(db, "end sessions", "DELETE FROM sessions WHERE account_id = ?1", account_id);
        !s) {
      return s;
    }
    return run(db, "revoke keys",
               "UPDATE api_keys SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL",
               account_id, seconds(at));
  });
}

Status SqliteSecurityStore::update_account(const Account& a, Instant at) {
  if (auto st = check_text({a.display_name, a.unit}); !st) return st;
  return impl_->transaction([&](Connection& db) -> Status {
    if (auto s = run(db, "update account",
                     "UPDATE accounts SET display_name = ?2, role = ?3, unit = ?4, changed_at = ?5 "
                     "WHERE id = ?1",
                     a.id, a.display_name, to_string(a.role), a.unit, seconds(at));
        !s) {
      return s;
    }
    if (sqlite3_changes(db.handle()) == 0) {
      return fail(Error::not_found("account " + a.id, "账号不存在"));
    }
    return run(db, "end sessions", "DELETE FROM sessions WHERE account_id = ?1", a.id);
  });
}

Status SqliteSecurityStore::end_sessions(std::string_view account_id) {
  return impl_->locked([&](Connection& db) -> Status {
    return run(db, "end sessions", "DELETE FROM sessions WHERE account_id = ?1", account_id);
  });
}

// ---- Sessions --------------------------------------------------------------

Status SqliteSecurityStore::create_session(const SessionRecord& s) {
  if (auto st =
          check_text({s.token_hash, s.actor.id, s.actor.unit, s.account_id, s.scope, s.remote});
      !st) {
    return st;
  }
  return impl_->locked([&](Connection& db) -> Status {
    auto q = bound(db,
                   std::string("INSERT INTO sessions (") + kSessionColumns +
                       ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                   s.token_hash, s.actor.id, to_string(s.actor.role), s.actor.unit);
    if (!q) return fail(q.error());
    if (s.account_id.empty()) {
      q->bind_null(5);
    } else {
      q->bind(5, s.account_id);
    }
    q->bind(6, s.scope);
    q->bind(7, s.remote);
    q->bind(8, seconds(s.created_at));
    q->bind(9, seconds(s.expires_at));
    q->bind(10, seconds(s.last_seen));
    return done(db, *q, "session");
  });
}

Result<std::optional<SessionRecord>> SqliteSecurityStore::find_session(
    std::string_view token_hash) {
  return impl_->locked([&](Connection& db) -> Result<std::optional<SessionRecord>> {
    auto q =
        bound(db, std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = ?1",
              token_hash);
    if (!q) return fail(q.error());
    return one_row(db, *q, read_session, "find session");
  });
}

Status SqliteSecurityStore::touch_session(std::string_view token_hash, Instant at) {
  return impl_->locked([&](Connection& db) -> Status {
    return run(db, "touch session", "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1",
               token_hash, seconds(at));
  });
}

Status SqliteSecurityStore::delete_session(std::string_view token_hash) {
  return impl_->locked([&](Connection& db) -> Status {
    return run(db, "delete session", "DELETE FROM sessions WHERE token_hash = ?1", token_hash);
  });
}

Result<std::int64_t> SqliteSecurityStore::delete_expired_sessions(Instant now) {
  return impl_->locked([&](Connection& db) -> Result<std::int64_t> {
    if (auto st =
            run(db, "expire sessions", "DELETE FROM sessions WHERE expires_at <= ?1", seconds(now));
        !st) {
      return fail(st.error());
    }
    return static_cast<std::int64_t>(sqlite3_changes(db.handle()));
  });
}

// ---- API keys ----------------------------------------------------------------

Status SqliteSecurityStore::create_api_key(const ApiKeyRecord& k) {
  if (auto st = check_text({k.id, k.key_hash, k.name, k.account_id}); !st) return st;
  std::optional<std::int64_t> revoked_at;
  if (k.revoked_at) revoked_at = seconds(*k.revoked_at);
  return impl_->locked([&](Connection& db) -> Status {
    return run(
        db, "API key " + k.name,
        std::string("INSERT INTO api_keys (") + kKeyColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        k.id, k.key_hash, k.account_id, k.name, seconds(k.created_at), revoked_at);
  });
}

Result<std::optional<ApiKeyRecord>> SqliteSecurityStore::find_api_key(std::string_view key_hash) {
  return impl_->locked([&](Connection& db) -> Result<std::optional<ApiKeyRecord>> {
    auto q = bound(db, std::string("SELECT ") + kKeyColumns + " FROM api_keys WHERE key_hash = ?1",
                   key_hash);
    if (!q) return fail(q.error());
    return one_row(db, *q, read_key, "find API key");
  });
}

Result<std::vector<ApiKeyRecord>> SqliteSecurityStore::list_api_keys() {
  return impl_->locked([&](Connection& db) -> Result<std::vector<ApiKeyRecord>> {
    auto q =
        bound(db, std::string("SELECT ") + kKeyColumns + " FROM api_keys ORDER BY created_at, id");
    if (!q) return fail(q.error());
    return all_rows(db, *q, read_key, "list API keys");
  });
}

Status SqliteSecurityStore::revoke_api_key(std::string_view id, Instant at) {
  return impl_->locked([&](Connection& db) -> Status {
    if (auto st = run(db, "revoke API key",
                      "UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                      id, seconds(at));
        !st) {
      return st;
    }
    if (sqlite3_changes(db.handle()) == 0) {
      return fail(Error::not_found("active API key " + std::string(id), "接口密钥不存在"));
    }
    return Status{};
  });
}

// ---- Sign-in attempts ---------------------------------------------------------

Status SqliteSecurityStore::record_attempt(std::string_view subject, std::string_view remote,
                                           Instant at, bool success) {
  if (auto st = check_text({subject, remote}); !st) return st;
  return impl_->locked([&](Connection& db) -> Status {
    return run(db, "record attempt",
               "INSERT INTO login_attempts (subject, remote, at, success) VALUES (?1, ?2, ?3, ?4)",
               subject, remote, seconds(at), std::int64_t{success});
  });
}

Result<std::vector<Instant>> SqliteSecurityStore::failures(std::string_view subject,
                                                           std::string_view remote, Instant since) {
  return impl_->locked([&](Connection& db) -> Result<std::vector<Instant>> {
    auto q =
        bound(db,
              "SELECT at FROM login_attempts WHERE subject = ?1 AND remote = ?2 AND success = 0 "
              "AND at >= ?3 AND id > coalesce((SELECT max(id) FROM login_attempts "
              "WHERE subject = ?1 AND remote = ?2 AND success = 1), 0) ORDER BY id",
              subject, remote, seconds(since));
    if (!q) return fail(q.error());
    return all_rows(db, *q, read_instant, "failures");
  });
}

Result<std::vector<Instant>> SqliteSecurityStore::failures_from(std::string_view remote,
                                                                Instant since) {
  return impl_->locked([&](Connection& db) -> Result<std::vector<Instant>> {
    auto q = bound(db,
                   "SELECT at FROM login_attempts WHERE remote = ?1 AND success = 0 AND at >= ?2 "
                   "ORDER BY at",
                   remote, seconds(since));
    if (!q) return fail(q.error());
    return all_rows(db, *q, read_instant, "failures");
  });
}

Status SqliteSecurityStore::prune_attempts(Instant before) {
  return impl_->locked([&](Connection& db) -> Status {
    return run(db, "prune attempts", "DELETE FROM login_attempts WHERE at < ?1", seconds(before));
  });
}

// ---- Audit log -----------------------------------------------------------------

Status SqliteSecurityStore::atomically(const std::function<Status()>& body) {
  return impl_->connection().atomically(body);
}

Result<AuditEntry> SqliteSecurityStore::append(const AuditRecord& record) {
  if (auto st = check_audit_record(record); !st) return fail(st.error());
  const AuditHasher& hasher = impl_->hasher();
  return impl_->transaction([&](Connection& db) -> Result<AuditEntry> {
    return sqlite::append_audit_entry(db, hasher, record);
  });
}

Result<std::vector<AuditEntry>> SqliteSecurityStore::read(std::int64_t after_sequence,
                                                          std::size_t limit) {
  return impl_->locked([&](Connection& db) -> Result<std::vector<AuditEntry>> {
    auto q =
        bound(db,
              std::string("SELECT ") + sqlite::kAuditColumns +
                  " FROM audit_log WHERE sequence > ?1 ORDER BY sequence LIMIT ?2",
              after_sequence, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    if (!q) return fail(q.error());
    return all_rows(db, *q, sqlite::read_audit_entry, "read audit log");
  });
}

Result<std::string> SqliteSecurityStore::chain_algorithm() {
  return impl_->locked([&](Connection& db) -> Result<std::string> {
    auto q = bound(db, "SELECT value FROM audit_meta WHERE key = 'algorithm'");
    if (!q) return fail(q.error());
    auto alg = one_row(
        db, *q, [](const Statement& row) -> Result<std::string> { return row.text(0); },
        "audit algorithm");
    if (!alg) return fail(alg.error());
    return alg->value_or(std::string());
  });
}

Result<AuditVerification> SqliteSecurityStore::verify_audit(std::span<const AuditAnchor> anchors) {
  return security_store::verify_audit_log(*this, impl_->hasher(), anchors);
}

}  // namespace hotline
