#include "adapters/sqlite/sqlite_audit_table.h"

#include "core/ports/store_checks.h"
#include "core/text.h"

namespace hotline::sqlite {

const char* const kAuditSchema = R"sql(
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

const char* const kAuditColumns =
    "sequence, at, actor_id, actor_role, actor_unit, action, target, detail, remote, success, "
    "prev_hash, hash";

namespace {

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }

// The chain's algorithm is fixed by the first entry: appending with another
// key would make the log unverifiable.
Status check_algorithm(Connection& db, const AuditHasher& hasher) {
  auto stored = db.prepare("SELECT value FROM audit_meta WHERE key = 'algorithm'");
  if (!stored) return fail(stored.error());
  const int rc = stored->step();
  if (rc == SQLITE_ROW) {
    if (stored->text_view(0) == hasher.algorithm()) return {};
    return fail(Error::storage("the audit log is chained with " + stored->text(0) +
                               ", but this process uses " + hasher.algorithm() +
                               "; configure the data key the log was started with"));
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "audit algorithm"));
  auto insert = db.prepare("INSERT INTO audit_meta (key, value) VALUES ('algorithm', ?1)");
  if (!insert) return fail(insert.error());
  insert->bind(1, hasher.algorithm());
  if (const int done = insert->step(); done != SQLITE_DONE) {
    return fail(db.error(done, "audit algorithm"));
  }
  return {};
}

}  // namespace

Result<AuditEntry> append_audit_entry(Connection& db, const AuditHasher& hasher,
                                      const AuditRecord& record) {
  if (auto st = check_algorithm(db, hasher); !st) return fail(st.error());
  auto head = db.prepare("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
  if (!head) return fail(head.error());
  AuditEntry e;
  e.record = record;
  e.sequence = 1;
  e.prev_hash = kAuditGenesisHash;
  int rc = head->step();
  if (rc == SQLITE_ROW) {
    e.sequence = head->int64(0) + 1;
    e.prev_hash = head->text(1);
  } else if (rc != SQLITE_DONE) {
    return fail(db.error(rc, "audit head"));
  }
  e.hash = hasher.chain(e.prev_hash, canonical_audit_entry(record));
  auto insert = db.prepare(std::string("INSERT INTO audit_log (") + kAuditColumns +
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  if (!insert) return fail(insert.error());
  insert->bind(1, e.sequence);
  insert->bind(2, seconds(record.at));
  insert->bind(3, record.actor.id);
  insert->bind(4, to_string(record.actor.role));
  insert->bind(5, record.actor.unit);
  insert->bind(6, record.action);
  insert->bind(7, record.target);
  insert->bind(8, record.detail);
  insert->bind(9, record.remote);
  insert->bind(10, std::int64_t{record.success});
  insert->bind(11, e.prev_hash);
  insert->bind(12, e.hash);
  rc = insert->step();
  if (rc != SQLITE_DONE) return fail(db.error(rc, "audit entry"));
  return e;
}

Result<AuditEntry> read_audit_entry(const Statement& row) {
  AuditEntry e;
  e.sequence = row.int64(0);
  e.record.at = Instant{Seconds{row.int64(1)}};
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

Status write_with_audit(Connection& db, const AuditHasher* hasher, CommandAudit* audit,
                        const std::function<Status()>& change) {
  if (audit != nullptr) {
    if (auto st = check_audit_records(hasher, std::span(&audit->record, 1)); !st) return st;
  }
  Status written = transaction(db, [&]() -> Status {
    if (auto st = change(); !st) return st;
    if (audit == nullptr) return {};
    auto entry = append_audit_entry(db, *hasher, audit->record);
    if (!entry) return fail(entry.error());
    return {};
  });
  if (written && audit != nullptr) audit->committed = true;
  return written;
}

}  // namespace hotline::sqlite
