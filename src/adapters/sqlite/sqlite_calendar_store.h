#pragma once
// Holiday years entered on a running platform (ports/calendar_store.h), in a
// table of the work-order database: one row per year, the notice as JSON
// (adapters/json/calendar_json.h), who entered it and when; corrections of a
// mis-entered notice in a second table, numbered per year, so every version
// stays. Rows are only added, in one transaction each, with the change's
// audit entry when one is handed (chained by the audit log's hasher, as the
// work-order and triage stores do: the audit log is in the same file).
//
// Thread-safety: all methods may be called from any thread (one mutex).

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/ports/audit_log.h"
#include "core/ports/calendar_store.h"

namespace hotline {

class SqliteCalendarStore final : public CalendarStore {
 public:
  // `audit_hasher` null: no audit log here (a change handed an entry is refused).
  static Result<std::unique_ptr<SqliteCalendarStore>> open(
      const std::filesystem::path& file, std::shared_ptr<const AuditHasher> audit_hasher);

  Status add_year(const CalendarYear& year, const Actor& by, Instant at,
                  CommandAudit* audit) override;
  Status correct_year(const CalendarYear& year, const Actor& by, Instant at,
                      const std::string& reason, CommandAudit* audit) override;
  Result<std::vector<StoredCalendarYear>> load_years() override;

 private:
  SqliteCalendarStore(std::unique_ptr<sqlite::Connection> db,
                      std::shared_ptr<const AuditHasher> audit_hasher);
  // Runs `change` in one transaction with `audit`'s entry after it.
  Status write(const std::function<Status()>& change, CommandAudit* audit);

  const std::shared_ptr<const AuditHasher> audit_hasher_;
  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // GUARDED_BY(mutex_)
};

}  // namespace hotline
