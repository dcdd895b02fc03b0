#pragma once
// The audit log (SEC-2) on PostgreSQL: the AuditLog port over the tables of
// pg_audit_table.h, on a connection of its own. Entries appended here and
// the entries the PostgreSQL stores write with their changes form one chain.

#include <memory>
#include <mutex>
#include <pqxx/pqxx>

#include "adapters/postgresql/pg_session.h"
#include "core/ports/audit_log.h"

namespace hotline {

class PgAuditLog final : public AuditLog {
 public:
  static Result<std::unique_ptr<PgAuditLog>> open(const pg::Target& target,
                                                  std::shared_ptr<const AuditHasher> hasher);
  ~PgAuditLog() override;

  Result<AuditEntry> append(const AuditRecord& record) override;
  Result<std::vector<AuditEntry>> read(std::int64_t after_sequence, std::size_t limit) override;
  Result<std::string> chain_algorithm() override;

 private:
  PgAuditLog(pg::Target target, std::unique_ptr<pqxx::connection> db,
             std::shared_ptr<const AuditHasher> hasher);
  // The connection, reopened after it is lost.
  Result<pqxx::connection*> connection();

  pg::Target target_;
  std::mutex mutex_;  // one statement at a time on db_
  std::unique_ptr<pqxx::connection> db_;
  std::shared_ptr<const AuditHasher> hasher_;
};

}  // namespace hotline
