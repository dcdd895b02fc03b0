#pragma once
// Entering a year of the working-day calendar on a running platform (issue 9,
// item 13): the State Council's holiday notice for the year after the last
// known one, by the administrator, from any door (`hotline calendar
// add-year`, POST /api/v1/admin/calendar/years). The year is checked
// (core/calendar/holiday_notice.h) and tried on a copy of the calendar, then
// stored durably (CalendarStore), and only then swapped into the shared
// calendar, so deadlines counted from then on use it; nothing is half-done.
// A server started before another process stored a year takes it in with
// sync() (a timer in `hotline serve`). A change handed its audit entry
// (CommandAudit, from the HolidayCalendar use case) commits with it: the
// entry names the year and the notice's document number.
//
// Thread-safety: all methods may be called from any thread; add_year and
// sync are serialised by a mutex (GUARDED_BY(mutex_): the store/swap pair).

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar/working_day_calendar.h"
#include "core/clock.h"
#include "core/ports/calendar_store.h"
#include "core/work_order/actor.h"

namespace hotline {

struct CalendarYearView {
  CalendarYear year;
  bool entered = false;  // entered on the platform (else shipped in data/calendar/)
  std::string entered_by;
  std::optional<Instant> entered_at;
  int revision = 0;  // corrections so far
  std::string corrected_by;
  std::optional<Instant> corrected_at;
  std::string correction_reason;
};

class CalendarAdmin {
 public:
  CalendarAdmin(WorkingDayCalendar& calendar, CalendarStore& store, const Clock& clock);

  // Administrator only (kForbidden); kInvalid naming the field for a bad
  // notice; kConflict for a year already known. `audit` may be null.
  Result<CalendarYear> add_year(const Actor& actor, CalendarYear year,
                                CommandAudit* audit = nullptr);
  // Corrects a year entered on this platform whose notice was mis-entered
  // (administrator only; `reason` required). Checked and tried like add_year,
  // the earlier version kept in the store. Deadlines counted before keep what
  // they were (they are on their events); those counted from now on use it.
  // A shipped year (data/calendar/) is corrected in its file: kInvalid.
  Result<CalendarYear> correct_year(const Actor& actor, CalendarYear year,
                                    const std::string& reason, CommandAudit* audit = nullptr);
  // Adds the stored years the calendar does not have yet, and takes in
  // corrections stored by another process; returns the years changed.
  Result<std::vector<int>> sync();
  // Every known year, oldest first, with where it came from.
  Result<std::vector<CalendarYearView>> years();

 private:
  WorkingDayCalendar& calendar_;
  CalendarStore& store_;
  const Clock& clock_;
  std::mutex mutex_;
  std::map<int, int> revision_applied_;  // GUARDED_BY(mutex_): year → correction taken in
};

}  // namespace hotline
