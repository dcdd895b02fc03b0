#pragma once
// Holiday years entered on a running platform (ports/calendar_store.h) on
// PostgreSQL (issue 14): the same tables, port and contract as
// SqliteCalendarStore. One row per year, the notice as JSON
// (adapters/json/stored_calendar_year.h); corrections in a second table,
// numbered per year, so every version stays. Each change commits in one
// transaction with its audit entry when one is handed (pg_audit_table.h).
//
// Nodes writing at once: a year is added only if absent (INSERT … ON
// CONFLICT DO NOTHING: the second waits for the first's commit and is a
// kConflict); a correction locks its year's row (FOR UPDATE) before it
// numbers itself, so two corrections of one year, on any nodes, take
// revisions one after the other. Any thread may call (pg_side_store.h).

#include <memory>

#include "adapters/postgresql/pg_session.h"
#include "core/ports/audit_log.h"
#include "core/ports/calendar_store.h"

namespace hotline {

namespace pg {
class SideStore;
}

class PgCalendarStore final : public CalendarStore {
 public:
  // `audit_hasher` null: no audit log here (a change handed an entry is refused).
  static Result<std::unique_ptr<PgCalendarStore>> open(
      const pg::Target& target, std::shared_ptr<const AuditHasher> audit_hasher);
  ~PgCalendarStore() override;

  Status add_year(const CalendarYear& year, const Actor& by, Instant at,
                  CommandAudit* audit) override;
  Status correct_year(const CalendarYear& year, const Actor& by, Instant at,
                      const std::string& reason, CommandAudit* audit) override;
  Result<std::vector<StoredCalendarYear>> load_years() override;

 private:
  explicit PgCalendarStore(std::unique_ptr<pg::SideStore> db);
  std::unique_ptr<pg::SideStore> db_;
};

}  // namespace hotline
