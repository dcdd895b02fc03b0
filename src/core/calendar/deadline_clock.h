#pragma once
// Adds a policy period to an instant: clock time for minutes, hours, days,
// months and years; the working-day calendar for working days.

#include "core/calendar/working_day_calendar.h"
#include "core/policy/duration.h"

namespace hotline {

Result<Instant> add_period(const WorkingDayCalendar& calendar, Instant from,
                           const PolicyDuration& period);
// The latest instant L with add_period(L, period) <= deadline.
Result<Instant> latest_before(const WorkingDayCalendar& calendar, Instant deadline,
                              const PolicyDuration& period);

}  // namespace hotline
