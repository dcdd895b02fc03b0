#include "adapters/postgresql/pg_audit_table.h"

#include <pqxx/pqxx>
#include <span>

#include "adapters/postgresql/pg_session.h"
#include "core/ports/store_checks.h"

namespace hotline::pg {

const char* const kAuditSchema = R"sql(
-- SEC-2: append-only, hash-chained (core/security/audit.h).
CREATE TABLE IF NOT EXISTS audit_log (
  sequence   BIGINT PRIMARY KEY,
  at         BIGINT NOT NULL,
  actor_id   TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_unit TEXT NOT NULL,
  action     TEXT NOT NULL,
  target     TEXT NOT NULL,
  detail     TEXT NOT NULL,
  remote     TEXT NOT NULL,
  success    BOOLEAN NOT NULL,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
-- The head of the chain; `algorithm` is fixed by the first entry.
CREATE TABLE IF NOT EXISTS audit_head (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  sequence  BIGINT NOT NULL,
  hash      TEXT NOT NULL,
  algorithm TEXT NOT NULL
);
INSERT INTO audit_head (id, sequence, hash, algorithm)
  VALUES (1, 0, '', '')
  ON CONFLICT (id) DO NOTHING;
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE OR REPLACE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
)sql";

const char* const kAuditColumns =
    "sequence, at, actor_id, actor_role, actor_unit, action, target, detail, remote, success, "
    "prev_hash, hash";

Result<AuditEntry> append_audit_entry(pqxx::transaction_base& txn, const AuditHasher& hasher,
                                      const AuditRecord& record) {
  const pqxx::row head =
      txn.exec1("SELECT sequence, hash, algorithm FROM audit_head WHERE id = 1 FOR UPDATE");
  const std::string algorithm = head[2].c_str();
  if (algorithm.empty()) {
    txn.exec_params0("UPDATE audit_head SET algorithm = $1 WHERE id = 1", hasher.algorithm());
  } else if (algorithm != hasher.algorithm()) {
    return fail(Error::storage("the audit log is chained with " + algorithm +
                               ", but this process uses " + hasher.algorithm() +
                               "; configure the data key the log was started with"));
  }
  AuditEntry e;
  e.record = record;
  e.sequence = head[0].as<std::int64_t>() + 1;
  e.prev_hash = e.sequence == 1 ? std::string(kAuditGenesisHash) : head[1].as<std::string>();
  e.hash = hasher.chain(e.prev_hash, canonical_audit_entry(record));
  txn.exec_params0(std::string("INSERT INTO audit_log (") + kAuditColumns +
                       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                   e.sequence, record.at.time_since_epoch().count(), record.actor.id,
                   std::string(to_string(record.actor.role)), record.actor.unit, record.action,
                   record.target, record.detail, record.remote, record.success, e.prev_hash,
                   e.hash);
  txn.exec_params0("UPDATE audit_head SET sequence = $1, hash = $2 WHERE id = 1", e.sequence,
                   e.hash);
  return e;
}

Status write_with_audit(pqxx::connection& db, const AuditHasher* hasher, CommandAudit* audit,
                        std::string_view what,
                        const std::function<Status(pqxx::transaction_base&)>& change) {
  if (audit != nullptr) {
    if (auto st = check_audit_records(hasher, std::span(&audit->record, 1)); !st) return st;
  }
  try {
    pqxx::work txn(db);
    if (auto st = change(txn); !st) return st;  // rolled back with txn
    if (audit != nullptr) {
      if (auto entry = append_audit_entry(txn, *hasher, audit->record); !entry) {
        return fail(entry.error());
      }
    }
    txn.commit();
  } catch (const std::exception& e) {
    return fail(storage_error(e, what));
  }
  if (audit != nullptr) audit->committed = true;
  return {};
}

Result<AuditEntry> read_audit_entry(const pqxx::row& row) {
  AuditEntry e;
  e.sequence = row[0].as<std::int64_t>();
  e.record.at = Instant{Seconds{row[1].as<std::int64_t>()}};
  auto role = parse_role(row[3].c_str());
  if (!role) return fail(Error::storage("audit entry " + std::to_string(e.sequence) + ": role"));
  e.record.actor = Actor{row[2].as<std::string>(), *role, row[4].as<std::string>()};
  e.record.action = row[5].as<std::string>();
  e.record.target = row[6].as<std::string>();
  e.record.detail = row[7].as<std::string>();
  e.record.remote = row[8].as<std::string>();
  e.record.success = row[9].as<bool>();
  e.prev_hash = row[10].as<std::string>();
  e.hash = row[11].as<std::string>();
  return e;
}

}  // namespace hotline::pg
