#pragma once
// Holiday years entered on a running platform (ports/calendar_store.h), in a
// table of the work-order database: one row per year, the notice as JSON
// (adapters/json/calendar_json.h), who entered it and when; corrections of a
// mis-entered notice in a second table, numbered per year, so every version
// stays. Rows are only added, in one transaction each.
//
// Thread-safety: all methods may be called from any thread (one mutex).

#include <filesystem>
#include <memory>
#include <mutex>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/ports/calendar_store.h"

namespace hotline {

class SqliteCalendarStore final : public CalendarStore {
 public:
  static Result<std::unique_ptr<SqliteCalendarStore>> open(const std::filesystem::path& file);

  Status add_year(const CalendarYear& year, const Actor& by, Instant at) override;
  Status correct_year(const CalendarYear& year, const Actor& by, Instant at,
                      const std::string& reason) override;
  Result<std::vector<StoredCalendarYear>> load_years() override;

 private:
  explicit SqliteCalendarStore(std::unique_ptr<sqlite::Connection> db);
  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // GUARDED_BY(mutex_)
};

}  // namespace hotline
