#include "adapters/postgresql/pg_audit_log.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "adapters/postgresql/pg_audit_table.h"
#include "core/ports/store_checks.h"

namespace hotline {

Result<std::unique_ptr<PgAuditLog>> PgAuditLog::open(const pg::Target& target,
                                                     std::shared_ptr<const AuditHasher> hasher) {
  if (!hasher) return fail(Error::internal("an audit log needs its hasher"));
  auto db = pg::connect(target);
  if (!db) return fail(db.error());
  if (auto st = pg::prepare_schema(**db, target, pg::kAuditSchema); !st) return fail(st.error());
  return std::unique_ptr<PgAuditLog>(new PgAuditLog(target, std::move(*db), std::move(hasher)));
}

PgAuditLog::PgAuditLog(pg::Target target, std::unique_ptr<pqxx::connection> db,
                       std::shared_ptr<const AuditHasher> hasher)
    : target_(std::move(target)), db_(std::move(db)), hasher_(std::move(hasher)) {}

PgAuditLog::~PgAuditLog() = default;

Result<pqxx::connection*> PgAuditLog::connection() {
  if (db_ && db_->is_open()) return db_.get();
  auto db = pg::connect(target_);
  if (!db) return fail(db.error());
  db_ = std::move(*db);
  return db_.get();
}

Result<AuditEntry> PgAuditLog::append(const AuditRecord& record) {
  if (auto st = check_audit_record(record); !st) return fail(st.error());
  std::lock_guard lock(mutex_);
  auto db = connection();
  if (!db) return fail(db.error());
  try {
    pqxx::work txn(**db);
    auto entry = pg::append_audit_entry(txn, *hasher_, record);
    if (!entry) return entry;  // the transaction rolls back
    txn.commit();
    return entry;
  } catch (const std::exception& e) {
    return fail(pg::storage_error(e, "append to the audit log"));
  }
}

Result<std::vector<AuditEntry>> PgAuditLog::read(std::int64_t after_sequence, std::size_t limit) {
  std::lock_guard lock(mutex_);
  auto db = connection();
  if (!db) return fail(db.error());
  try {
    pqxx::nontransaction txn(**db);
    const pqxx::result rows = txn.exec_params(
        std::string("SELECT ") + pg::kAuditColumns +
            " FROM audit_log WHERE sequence > $1 ORDER BY sequence LIMIT $2",
        after_sequence, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    std::vector<AuditEntry> out;
    out.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      auto entry = pg::read_audit_entry(row);
      if (!entry) return fail(entry.error());
      out.push_back(std::move(*entry));
    }
    return out;
  } catch (const std::exception& e) {
    return fail(pg::storage_error(e, "read the audit log"));
  }
}

Result<std::string> PgAuditLog::chain_algorithm() {
  std::lock_guard lock(mutex_);
  auto db = connection();
  if (!db) return fail(db.error());
  try {
    pqxx::nontransaction txn(**db);
    return std::string(txn.exec1("SELECT algorithm FROM audit_head WHERE id = 1")[0].c_str());
  } catch (const std::exception& e) {
    return fail(pg::storage_error(e, "read the audit log"));
  }
}

}  // namespace hotline
