#pragma once
// Where the holiday years entered on a running platform are kept (issue 9,
// item 13): the State Council's notice for a year the shipped data/calendar/
// files do not hold yet. Loaded at start beside the files; a running server
// also re-reads it, so a year entered by `hotline calendar add-year` while it
// runs takes effect without a restart. Adapter: SqliteCalendarStore.

#include <optional>
#include <string>
#include <vector>

#include "core/calendar/working_day_calendar.h"
#include "core/result.h"
#include "core/security/audit.h"
#include "core/work_order/actor.h"

namespace hotline {

struct StoredCalendarYear {
  CalendarYear year;  // with notice, url and periods: the latest correction's, if any
  std::string entered_by;
  Instant entered_at{};
  // Corrections of a mis-entered notice, each kept (the first entry too):
  // 0 until the year is corrected, then the latest correction's number.
  int revision = 0;
  std::string corrected_by;
  std::optional<Instant> corrected_at;
  std::string correction_reason;
};

class CalendarStore {
 public:
  virtual ~CalendarStore() = default;
  // Adds a year durably; kConflict when that year is stored already.
  // `audit` (may be null): the change's entry, committed in the same
  // transaction (SEC-2; `committed` set), so no year stands without it.
  virtual Status add_year(const CalendarYear& year, const Actor& by, Instant at,
                          CommandAudit* audit) = 0;
  // Stores a corrected notice for a stored year, keeping what it replaces;
  // kNotFound when the year was never entered here. `audit` as for add_year.
  virtual Status correct_year(const CalendarYear& year, const Actor& by, Instant at,
                              const std::string& reason, CommandAudit* audit) = 0;
  // Every stored year, oldest first.
  virtual Result<std::vector<StoredCalendarYear>> load_years() = 0;
};

}  // namespace hotline
