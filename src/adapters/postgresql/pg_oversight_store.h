#pragma once
// EVA-2 circulation records and EVA-4 supervision opinions on PostgreSQL
// (issue 14): the same port, tables and contract as SqliteOversightStore.
// Rows are only ever added, under ids the database hands out (identity
// columns: unique across nodes); an opinion's answer is written once,
// guarded in the UPDATE itself (`answered_at IS NULL`): of two answers
// racing on any nodes, the second waits for the first's row lock, finds the
// opinion answered and is a conflict. A change commits with its audit entry
// when one is handed (pg_audit_table.h). Any thread may call (one writer
// connection at a time, reads on a pool: pg_side_store.h).

#include <memory>

#include "adapters/postgresql/pg_session.h"
#include "core/ports/audit_log.h"
#include "core/ports/oversight_store.h"

namespace hotline {

namespace pg {
class SideStore;
}

class PgOversightStore final : public OversightStore {
 public:
  // `audit_hasher` null: no audit log here (a change handed an entry is refused).
  static Result<std::unique_ptr<PgOversightStore>> open(
      const pg::Target& target, std::shared_ptr<const AuditHasher> audit_hasher = {});
  ~PgOversightStore() override;

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
  explicit PgOversightStore(std::unique_ptr<pg::SideStore> db);
  std::unique_ptr<pg::SideStore> db_;
};

}  // namespace hotline
