#pragma once
// Where the holiday years entered on a running platform are kept (issue 9,
// item 13): the State Council's notice for a year the shipped data/calendar/
// files do not hold yet. Loaded at start beside the files; a running server
// also re-reads it, so a year entered by `hotline calendar add-year` while it
// runs takes effect without a restart. Adapter: SqliteCalendarStore.

#include <string>
#include <vector>

#include "core/calendar/working_day_calendar.h"
#include "core/result.h"
#include "core/work_order/actor.h"

namespace hotline {

struct StoredCalendarYear {
  CalendarYear year;  // with notice, url and periods
  std::string entered_by;
  Instant entered_at{};
};

class CalendarStore {
 public:
  virtual ~CalendarStore() = default;
  // Adds a year durably; kConflict when that year is stored already.
  virtual Status add_year(const CalendarYear& year, const Actor& by, Instant at) = 0;
  // Every stored year, oldest first.
  virtual Result<std::vector<StoredCalendarYear>> load_years() = 0;
};

}  // namespace hotline
