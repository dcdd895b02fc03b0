#include "adapters/sqlite/sqlite_security_store.h"

#include <mutex>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/text.h"

namespace hotline {
namespace {

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

-- SEC-2: append-only, hash-chained (core/security/audit.h).
CREATE TABLE IF NOT EXISTS audit_log (
  sequence   INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  actor_id   TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_unit TEXT NOT NULL,
  action     TEXT NOT NULL,
  target     TEXT NOT NULL,
  detail     TEXT NOT NULL,
  remote     TEXT NOT NULL,
  success    INTEGER NOT NULL,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
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

constexpr const char* kAuditColumns =
    "sequence, at, actor_id, actor_role, actor_unit, action, target, detail, remote, success, "
    "prev_hash, hash";

Result<AuditEntry> read_entry(const Statement& row) {
  AuditEntry e;
  e.sequence = row.int64(0);
  e.record.at = instant(row.int64(1));
  auto role = parse_role(row.text_view(3));
  if (!role) return fail(Error::storage("audit entry " + std::to_string(e.sequence) + ": role"));
  e.record.actor = Actor{row.text(2), *role, row.text(4)};
  e.record.action = row.text(5);
  e.record.target = row.text(6);
  e.record.detail = row.text(7);
  e.record.remote = row.text(8);
  e.record.success = row.int64(9) != 0;
  e.prev_hash = row.text(10);
  e.hash = row.text(11);
  return e;
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

Status done(Connection& db, Statement& st, std::string_view what) {
  const int rc = st.step();
  if (sqlite::primary_code(rc) == SQLITE_CONSTRAINT) {
    return fail(Error::conflict(std::string(what) + ": already exists", "已存在"));
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, what));
  return {};
}

Status check_text(std::initializer_list<std::string_view> texts) {
  for (auto t : texts) {
    if (!is_valid_utf8(t)) {
      return fail(Error::invalid("text", "is not valid UTF-8", "文本不是有效的 UTF-8"));
    }
  }
  return {};
}

}  // namespace

class SqliteSecurityStore::Impl {
 public:
  Impl(std::unique_ptr<Connection> db, std::shared_ptr<const AuditHasher> hasher)
      : db_(std::move(db)), hasher_(std::move(hasher)) {}

  // Runs `work` under the connection's lock.
  template <typename F>
  auto locked(F&& work) {
    std::lock_guard lock(mutex_);
    return work(*db_);
  }

  // Runs `work` in an IMMEDIATE transaction under the lock.
  template <typename T, typename F>
  Result<T> transaction(F&& work) {
    std::lock_guard lock(mutex_);
    Connection& db = *db_;
    if (auto st = db.exec("BEGIN IMMEDIATE"); !st) return fail(st.error());
    Result<T> out = work(db);
    if (!out) {
      if (db.in_transaction()) (void)db.exec("ROLLBACK");
      return out;
    }
    if (auto st = db.exec("COMMIT"); !st) {
      if (db.in_transaction()) (void)db.exec("ROLLBACK");
      return fail(st.error());
    }
    return out;
  }

  const AuditHasher& hasher() const { return *hasher_; }

 private:
  std::mutex mutex_;
  std::unique_ptr<Connection> db_;  // guarded by mutex_
  std::shared_ptr<const AuditHasher> hasher_;
};

Result<std::unique_ptr<SqliteSecurityStore>> SqliteSecurityStore::open(
    const std::filesystem::path& file, std::shared_ptr<const AuditHasher> hasher) {
  if (!hasher) return fail(Error::internal("the security store needs an audit hasher"));
  auto db = Connection::open(file, /*create=*/false);
  if (!db) return fail(db.error());
  auto app = (*db)->query_int("PRAGMA application_id");
  if (!app) return fail(app.error());
  if (*app != kApplicationId) {
    return fail(Error::storage(file.string() +
                               " is not a hotline store; run `hotline init` (or open the "
                               "work-order store on it) first"));
  }
  if (auto st = (*db)->exec("PRAGMA foreign_keys = ON"); !st) return fail(st.error());
  if (auto st = (*db)->exec("BEGIN IMMEDIATE"); !st) return fail(st.error());
  if (auto st = (*db)->exec(kSchema); !st) {
    (void)(*db)->exec("ROLLBACK");
    return fail(st.error());
  }
  if (auto st = (*db)->exec("COMMIT"); !st) return fail(st.error());
  auto impl = std::make_unique<Impl>(std::move(*db), std::move(hasher));
  return std::unique_ptr<SqliteSecurityStore>(new SqliteSecurityStore(std::move(impl)));
}

SqliteSecurityStore::SqliteSecurityStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteSecurityStore::~SqliteSecurityStore() = default;

// ---- Accounts --------------------------------------------------------------

Status SqliteSecurityStore::create_account(const Account& a, std::string_view password_hash,
                                           Instant at) {
  if (auto st = check_text({a.id, a.username, a.display_name, a.unit}); !st) return st;
  return impl_->locked([&](Connection& db) -> Status {
    auto insert = db.prepare(
        "INSERT INTO accounts (id, username, display_name, role, unit, active, api_client, "
        "password_hash, created_at, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)");
    if (!insert) return fail(insert.error());
    insert->bind(1, a.id);
    insert->bind(2, a.username);
    insert->bind(3, a.display_name);
    insert->bind(4, to_string(a.role));
    insert->bind(5, a.unit);
    insert->bind(6, std::int64_t{a.active});
    insert->bind(7, std::int64_t{a.is_api_client});
    insert->bind(8, password_hash);
    insert->bind(9, seconds(at));
    return done(db, *insert, "account " + a.username);
  });
}

Result<std::optional<Account>> SqliteSecurityStore::find_account_by_username(
    std::string_view username) {
  return impl_->locked([&](Connection& db) -> Result<std::optional<Account>> {
    auto q =
        db.prepare(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE username = ?1");
    if (!q) return fail(q.error());
    q->bind(1, username);
    const int rc = q->step();
    if (rc == SQLITE_DONE) return std::optional<Account>();
    if (rc != SQLITE_ROW) return fail(db.error(rc, "find account"));
    auto a = read_account(*q);
    if (!a) return fail(a.error());
    return std::optional<Account>(std::move(*a));
  });
}

Result<std::optional<Account>> SqliteSecurityStore::find_account(std::string_view id) {
  return impl_->locked([&](Connection& db) -> Result<std::optional<Account>> {
    auto q = db.prepare(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = ?1");
    if (!q) return fail(q.error());
    q->bind(1, id);
    const int rc = q->step();
    if (rc == SQLITE_DONE) return std::optional<Account>();
    if (rc != SQLITE_ROW) return fail(db.error(rc, "find account"));
    auto a = read_account(*q);
    if (!a) return fail(a.error());
    return std::optional<Account>(std::move(*a));
  });
}

Result<std::vector<Account>> SqliteSecurityStore::list_accounts() {
  return impl_->locked([&](Connection& db) -> Result<std::vector<Account>> {
    auto q =
        db.prepare(std::string("SELECT ") + kAccountColumns + " FROM accounts ORDER BY username");
    if (!q) return fail(q.error());
    std::vector<Account> out;
    int rc;
    while ((rc = q->step()) == SQLITE_ROW) {
      auto a = read_account(*q);
      if (!a) return fail(a.error());
      out.push_back(std::move(*a));
    }
    if (rc != SQLITE_DONE) return fail(db.error(rc, "list accounts"));
    return out;
  });
}

Result<std::string> SqliteSecurityStore::password_hash(std::string_view account_id) {
  return impl_->locked([&](Connection& db) -> Result<std::string> {
    auto q = db.prepare("SELECT password_hash FROM accounts WHERE id = ?1");
    if (!q) return fail(q.error());
    q->bind(1, account_id);
    const int rc = q->step();
    if (rc == SQLITE_DONE) return std::string();
    if (rc != SQLITE_ROW) return fail(db.error(rc, "password hash"));
    return q->text(0);
  });
}

Status SqliteSecurityStore::set_password_hash(std::string_view account_id, std::string_view hash) {
  return impl_->locked([&](Connection& db) -> Status {
    auto q = db.prepare("UPDATE accounts SET password_hash = ?2 WHERE id = ?1");
    if (!q) return fail(q.error());
    q->bind(1, account_id);
    q->bind(2, hash);
    return done(db, *q, "set password");
  });
}

Status SqliteSecurityStore::set_active(std::string_view account_id, bool active, Instant at) {
  auto st = impl_->transaction<bool>([&](Connection& db) -> Result<bool> {
    auto q = db.prepare("UPDATE accounts SET active = ?2, changed_at = ?3 WHERE id = ?1");
    if (!q) return fail(q.error());
    q->bind(1, account_id);
    q->bind(2, std::int64_t{active});
    q->bind(3, seconds(at));
    if (auto s = done(db, *q, "set active"); !s) return fail(s.error());
    if (sqlite3_changes(db.handle()) == 0) {
      return fail(Error::not_found("account " + std::string(account_id), "账号不存在"));
    }
    if (!active) {
      auto end = db.prepare("DELETE FROM sessions WHERE account_id = ?1");
      if (!end) return fail(end.error());
      end->bind(1, account_id);
      if (auto s = done(db, *end, "end sessions"); !s) return fail(s.error());
      auto revoke = db.prepare(
          "UPDATE api_keys SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL");
      if (!revoke) return fail(revoke.error());
      revoke->bind(1, account_id);
      revoke->bind(2, seconds(at));
      if (auto s = done(db, *revoke, "revoke keys"); !s) return fail(s.error());
    }
    return true;
  });
  if (!st) return fail(st.error());
  return {};
}

// ---- Sessions --------------------------------------------------------------

Status SqliteSecurityStore::create_session(const SessionRecord& s) {
  if (auto st = check_text({s.actor.id, s.actor.unit, s.scope, s.remote}); !st) return st;
  return impl_->locked([&](Connection& db) -> Status {
    auto q = db.prepare(
        "INSERT INTO sessions (token_hash, actor_id, actor_role, actor_unit, account_id, scope, "
        "remote, created_at, expires_at, last_seen) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!q) return fail(q.error());
    q->bind(1, s.token_hash);
    q->bind(2, s.actor.id);
    q->bind(3, to_string(s.actor.role));
    q->bind(4, s.actor.unit);
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
    auto q = db.prepare(
        "SELECT token_hash, actor_id, actor_role, actor_unit, account_id, scope, remote, "
        "created_at, expires_at, last_seen FROM sessions WHERE token_hash = ?1");
    if (!q) return fail(q.error());
    q->bind(1, token_hash);
    const int rc = q->step();
    if (rc == SQLITE_DONE) return std::optional<SessionRecord>();
    if (rc != SQLITE_ROW) return fail(db.error(rc, "find session"));
    SessionRecord s;
    s.token_hash = q->text(0);
    auto role = parse_role(q->text_view(2));
    if (!role) return fail(Error::storage("session: unknown role"));
    s.actor = Actor{q->text(1), *role, q->text(3)};
    if (!q->is_null(4)) s.account_id = q->text(4);
    s.scope = q->text(5);
    s.remote = q->text(6);
    s.created_at = instant(q->int64(7));
    s.expires_at = instant(q->int64(8));
    s.last_seen = instant(q->int64(9));
    return std::optional<SessionRecord>(std::move(s));
  });
}

Status SqliteSecurityStore::touch_session(std::string_view token_hash, Instant at) {
  return impl_->locked([&](Connection& db) -> Status {
    auto q = db.prepare("UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1");
    if (!q) return fail(q.error());
    q->bind(1, token_hash);
    q->bind(2, seconds(at));
    return done(db, *q, "touch session");
  });
}

Status SqliteSecurityStore::delete_session(std::string_view token_hash) {
  return impl_->locked([&](Connection& db) -> Status {
    auto q = db.prepare("DELETE FROM sessions WHERE token_hash = ?1");
    if (!q) return fail(q.error());
    q->bind(1, token_hash);
    return done(db, *q, "delete session");
  });
}

Result<std::int64_t> SqliteSecurityStore::delete_expired_sessions(Instant now) {
  return impl_->locked([&](Connection& db) -> Result<std::int64_t> {
    auto q = db.prepare("DELETE FROM sessions WHERE expires_at <= ?1");
    if (!q) return fail(q.error());
    q->bind(1, seconds(now));
    if (auto st = done(db, *q, "expire sessions"); !st) return fail(st.error());
    return static_cast<std::int64_t>(sqlite3_changes(db.handle()));
  });
}

// ---- API keys ----------------------------------------------------------------

Status SqliteSecurityStore::create_api_key(const ApiKeyRecord& k) {
  if (auto st = check_text({k.id, k.name, k.account_id}); !st) return st;
  return impl_->locked([&](Connection& db) -> Status {
    auto q = db.prepare(
        "INSERT INTO api_keys (id, key_hash, account_id, name, created_at, revoked_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!q) return fail(q.error());
    q->bind(1, k.id);
    q->bind(2, k.key_hash);
    q->bind(3, k.account_id);
    q->bind(4, k.name);
    q->bind(5, seconds(k.created_at));
    if (k.revoked_at) {
      q->bind(6, seconds(*k.revoked_at));
    } else {
      q->bind_null(6);
    }
    return done(db, *q, "API key " + k.name);
  });
}

Result<std::optional<ApiKeyRecord>> SqliteSecurityStore::find_api_key(std::string_view key_hash) {
  return impl_->locked([&](Connection& db) -> Result<std::optional<ApiKeyRecord>> {
    auto q = db.prepare(
        "SELECT id, key_hash, account_id, name, created_at, revoked_at FROM api_keys "
        "WHERE key_hash = ?1");
    if (!q) return fail(q.error());
    q->bind(1, key_hash);
    const int rc = q->step();
    if (rc == SQLITE_DONE) return std::optional<ApiKeyRecord>();
    if (rc != SQLITE_ROW) return fail(db.error(rc, "find API key"));
    auto k = read_key(*q);
    if (!k) return fail(k.error());
    return std::optional<ApiKeyRecord>(std::move(*k));
  });
}

Result<std::vector<ApiKeyRecord>> SqliteSecurityStore::list_api_keys() {
  return impl_->locked([&](Connection& db) -> Result<std::vector<ApiKeyRecord>> {
    auto q = db.prepare(
        "SELECT id, key_hash, account_id, name, created_at, revoked_at FROM api_keys "
        "ORDER BY created_at, id");
    if (!q) return fail(q.error());
    std::vector<ApiKeyRecord> out;
    int rc;
    while ((rc = q->step()) == SQLITE_ROW) {
      auto k = read_key(*q);
      if (!k) return fail(k.error());
      out.push_back(std::move(*k));
    }
    if (rc != SQLITE_DONE) return fail(db.error(rc, "list API keys"));
    return out;
  });
}

Status SqliteSecurityStore::revoke_api_key(std::string_view id, Instant at) {
  return impl_->locked([&](Connection& db) -> Status {
    auto q = db.prepare("UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
    if (!q) return fail(q.error());
    q->bind(1, id);
    q->bind(2, seconds(at));
    if (auto st = done(db, *q, "revoke API key"); !st) return st;
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
    auto q = db.prepare(
        "INSERT INTO login_attempts (subject, remote, at, success) VALUES (?1, ?2, ?3, ?4)");
    if (!q) return fail(q.error());
    q->bind(1, subject);
    q->bind(2, remote);
    q->bind(3, seconds(at));
    q->bind(4, std::int64_t{success});
    return done(db, *q, "record attempt");
  });
}

Result<std::vector<Instant>> SqliteSecurityStore::failures(std::string_view subject,
                                                           std::string_view remote, Instant since) {
  return impl_->locked([&](Connection& db) -> Result<std::vector<Instant>> {
    auto q = db.prepare(
        "SELECT at FROM login_attempts WHERE subject = ?1 AND remote = ?2 AND success = 0 "
        "AND at >= ?3 AND id > coalesce((SELECT max(id) FROM login_attempts "
        "WHERE subject = ?1 AND remote = ?2 AND success = 1), 0) ORDER BY id");
    if (!q) return fail(q.error());
    q->bind(1, subject);
    q->bind(2, remote);
    q->bind(3, seconds(since));
    std::vector<Instant> out;
    int rc;
    while ((rc = q->step()) == SQLITE_ROW) out.push_back(instant(q->int64(0)));
    if (rc != SQLITE_DONE) return fail(db.error(rc, "failures"));
    return out;
  });
}

Result<std::vector<Instant>> SqliteSecurityStore::failures_from(std::string_view remote,
                                                                Instant since) {
  return impl_->locked([&](Connection& db) -> Result<std::vector<Instant>> {
    auto q = db.prepare(
        "SELECT at FROM login_attempts WHERE remote = ?1 AND success = 0 AND at >= ?2 "
        "ORDER BY at");
    if (!q) return fail(q.error());
    q->bind(1, remote);
    q->bind(2, seconds(since));
    std::vector<Instant> out;
    int rc;
    while ((rc = q->step()) == SQLITE_ROW) out.push_back(instant(q->int64(0)));
    if (rc != SQLITE_DONE) return fail(db.error(rc, "failures"));
    return out;
  });
}

Status SqliteSecurityStore::prune_attempts(Instant before) {
  return impl_->locked([&](Connection& db) -> Status {
    auto q = db.prepare("DELETE FROM login_attempts WHERE at < ?1");
    if (!q) return fail(q.error());
    q->bind(1, seconds(before));
    return done(db, *q, "prune attempts");
  });
}

// ---- Audit log -----------------------------------------------------------------

Result<AuditEntry> SqliteSecurityStore::append(const AuditRecord& record) {
  const AuditRecord& r = record;
  if (auto st = check_text({r.actor.id, r.actor.unit, r.action, r.target, r.detail, r.remote});
      !st) {
    return fail(st.error());
  }
  const AuditHasher& hasher = impl_->hasher();
  return impl_->transaction<AuditEntry>([&](Connection& db) -> Result<AuditEntry> {
    // The chain's algorithm is fixed by the first entry: appending with
    // another key would make the log unverifiable.
    auto alg = db.prepare("SELECT value FROM audit_meta WHERE key = 'algorithm'");
    if (!alg) return fail(alg.error());
    int rc = alg->step();
    if (rc == SQLITE_ROW) {
      if (alg->text_view(0) != hasher.algorithm()) {
        return fail(Error::storage("the audit log is chained with " + alg->text(0) +
                                   ", but this process uses " + hasher.algorithm() +
                                   "; configure the data key the log was started with"));
      }
    } else if (rc == SQLITE_DONE) {
      auto set = db.prepare("INSERT INTO audit_meta (key, value) VALUES ('algorithm', ?1)");
      if (!set) return fail(set.error());
      set->bind(1, hasher.algorithm());
      if (auto st = done(db, *set, "audit algorithm"); !st) return fail(st.error());
    } else {
      return fail(db.error(rc, "audit algorithm"));
    }
    auto last = db.prepare("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
    if (!last) return fail(last.error());
    AuditEntry e;
    e.record = r;
    e.sequence = 1;
    e.prev_hash = kAuditGenesisHash;
    rc = last->step();
    if (rc == SQLITE_ROW) {
      e.sequence = last->int64(0) + 1;
      e.prev_hash = last->text(1);
    } else if (rc != SQLITE_DONE) {
      return fail(db.error(rc, "audit head"));
    }
    e.hash = hasher.chain(e.prev_hash, canonical_audit_entry(r));
    auto insert = db.prepare(std::string("INSERT INTO audit_log (") + kAuditColumns +
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!insert) return fail(insert.error());
    insert->bind(1, e.sequence);
    insert->bind(2, seconds(r.at));
    insert->bind(3, r.actor.id);
    insert->bind(4, to_string(r.actor.role));
    insert->bind(5, r.actor.unit);
    insert->bind(6, r.action);
    insert->bind(7, r.target);
    insert->bind(8, r.detail);
    insert->bind(9, r.remote);
    insert->bind(10, std::int64_t{r.success});
    insert->bind(11, e.prev_hash);
    insert->bind(12, e.hash);
    if (auto st = done(db, *insert, "audit entry"); !st) return fail(st.error());
    return e;
  });
}

Result<std::vector<AuditEntry>> SqliteSecurityStore::read(std::int64_t after_sequence,
                                                          std::size_t limit) {
  return impl_->locked([&](Connection& db) -> Result<std::vector<AuditEntry>> {
    auto q = db.prepare(std::string("SELECT ") + kAuditColumns +
                        " FROM audit_log WHERE sequence > ?1 ORDER BY sequence LIMIT ?2");
    if (!q) return fail(q.error());
    q->bind(1, after_sequence);
    q->bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    std::vector<AuditEntry> out;
    int rc;
    while ((rc = q->step()) == SQLITE_ROW) {
      auto e = read_entry(*q);
      if (!e) return fail(e.error());
      out.push_back(std::move(*e));
    }
    if (rc != SQLITE_DONE) return fail(db.error(rc, "read audit log"));
    return out;
  });
}

Result<std::string> SqliteSecurityStore::chain_algorithm() {
  return impl_->locked([&](Connection& db) -> Result<std::string> {
    auto q = db.prepare("SELECT value FROM audit_meta WHERE key = 'algorithm'");
    if (!q) return fail(q.error());
    const int rc = q->step();
    if (rc == SQLITE_DONE) return std::string();
    if (rc != SQLITE_ROW) return fail(db.error(rc, "audit algorithm"));
    return q->text(0);
  });
}

Result<AuditVerification> SqliteSecurityStore::verify_audit(std::span<const AuditAnchor> anchors) {
  auto alg = chain_algorithm();
  if (!alg) return fail(alg.error());
  const AuditHasher& hasher = impl_->hasher();
  if (!alg->empty() && *alg != hasher.algorithm()) {
    return fail(Error::invalid("key",
                               "the audit log is chained with " + *alg + ", not " +
                                   hasher.algorithm() + "; give the data key it was started with",
                               "审计日志使用的密钥与当前配置不同"));
  }
  std::vector<AuditEntry> all;
  for (std::int64_t after = 0;;) {
    // Pages by storage order (rowid = sequence), so a renumbered entry is still read.
    auto page = read(after, 10000);
    if (!page) return fail(page.error());
    if (page->empty()) break;
    after = page->back().sequence;
    for (auto& e : *page) all.push_back(std::move(e));
  }
  return verify_audit_chain(
      all,
      [&](std::string_view prev, std::string_view canonical) {
        return hasher.chain(prev, canonical);
      },
      anchors);
}

}  // namespace hotline
