#pragma once
// ANA-3: the special-research records (core/analysis/special_research.h) in
// a table of the work-order database: one row per record, its body as JSON,
// replaced whole under an expected version (kConflict when stale), with the
// change's audit entry in the same transaction when one is handed (chained
// by the audit log's hasher: the audit log is in the same file).

#include <filesystem>
#include <memory>
#include <mutex>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/analysis/special_research.h"
#include "core/ports/audit_log.h"

namespace hotline {

class SqliteResearchStore final : public analysis::ResearchStore {
 public:
  // `audit_hasher` null: no audit log here (a change handed an entry is refused).
  static Result<std::unique_ptr<SqliteResearchStore>> open(
      const std::filesystem::path& file, std::shared_ptr<const AuditHasher> audit_hasher = {});

  Result<std::int64_t> next_sequence() override;
  Status save(const analysis::SpecialResearch& record, std::int64_t expected,
              CommandAudit* audit) override;
  Result<std::optional<analysis::SpecialResearch>> find(const std::string& id) override;
  Result<std::vector<analysis::SpecialResearch>> list() override;

 private:
  SqliteResearchStore(std::unique_ptr<sqlite::Connection> db,
                      std::shared_ptr<const AuditHasher> audit_hasher);
  std::shared_ptr<const AuditHasher> audit_hasher_;
  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mutex_
};

}  // namespace hotline
