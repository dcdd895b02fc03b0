#pragma once
// EVA-2 circulation records and EVA-4 supervision opinions in tables of the
// work-order database (ports/oversight_store.h). Rows are only ever added;
// an opinion's answer is written once, guarded in the UPDATE itself so two
// answers racing cannot both win. A change commits with its audit entry when
// one is handed (the audit log is in the same file).

#include <filesystem>
#include <memory>
#include <mutex>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/ports/audit_log.h"
#include "core/ports/oversight_store.h"

namespace hotline {

class SqliteOversightStore final : public OversightStore {
 public:
  // `audit_hasher` null: no audit log here (a change handed an entry is refused).
  static Result<std::unique_ptr<SqliteOversightStore>> open(
      const std::filesystem::path& file, std::shared_ptr<const AuditHasher> audit_hasher = {});

  Result<oversight::Circulation> add_circulation(oversight::Circulation c,
                                                 CommandAudit* audit) override;
  Result<std::optional<oversight::Circulation>> circulation(std::int64_t id) override;
  Result<std::vector<oversight::Circulation>> list_circulations(
      const oversight::CirculationFilter& filter) override;

  Result<oversight::Opinion> add_opinion(oversight::Opinion o, CommandAudit* audit) override;
  Result<std::optional<oversight::Opinion>> opinion(std::int64_t id) override;
  Result<std::vector<oversight::Opinion>> list_opinions(
      const oversight::OpinionFilter& filter) override;
  Status answer_opinion(std::int64_t id, const std::string& answer, const std::string& answered_by,
                        Instant at, CommandAudit* audit) override;

 private:
  SqliteOversightStore(std::unique_ptr<sqlite::Connection> db,
                       std::shared_ptr<const AuditHasher> audit_hasher);
  std::shared_ptr<const AuditHasher> audit_hasher_;
  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mutex_
};

}  // namespace hotline
