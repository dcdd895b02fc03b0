#pragma once
// ANA-3: the special-research records on PostgreSQL (issue 14), the same
// port, table and contract as SqliteResearchStore: one row per record, its
// body as JSON (adapters/json/special_research_json.h), replaced whole under
// an expected version, with the change's audit entry in the same
// transaction when one is handed (pg_audit_table.h).
//
// Nodes saving at once: a new record is inserted only if neither its id nor
// its number is taken (INSERT … ON CONFLICT DO NOTHING; the loser waits for
// the winner's commit and finds the row), and a change is an UPDATE guarded
// by the expected version (a racing save waits for the row lock, re-reads
// it and matches nothing): either way the second is a kConflict, never a
// lost update. next_sequence may give two nodes the same number; the second
// save of it conflicts, as in SQLite with two processes. Any thread may
// call (pg_side_store.h).

#include <memory>

#include "adapters/postgresql/pg_session.h"
#include "core/analysis/special_research.h"
#include "core/ports/audit_log.h"

namespace hotline {

namespace pg {
class SideStore;
}

class PgResearchStore final : public analysis::ResearchStore {
 public:
  // `audit_hasher` null: no audit log here (a change handed an entry is refused).
  static Result<std::unique_ptr<PgResearchStore>> open(
      const pg::Target& target, std::shared_ptr<const AuditHasher> audit_hasher = {});
  ~PgResearchStore() override;

  Result<std::int64_t> next_sequence() override;
  Status save(const analysis::SpecialResearch& record, std::int64_t expected,
              CommandAudit* audit) override;
  Result<std::optional<analysis::SpecialResearch>> find(const std::string& id) override;
  Result<std::vector<analysis::SpecialResearch>> list() override;

 private:
  explicit PgResearchStore(std::unique_ptr<pg::SideStore> db);
  std::unique_ptr<pg::SideStore> db_;
};

}  // namespace hotline
