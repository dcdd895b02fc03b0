#pragma once
// Issue 9, item 13: the platform must say loudly when deadlines it sets now
// may reach a year the working-day calendar has no State Council notice for
// (the notice appears each November or December). /healthz carries it.

#include <optional>
#include <string>

#include "core/calendar/working_day_calendar.h"

namespace hotline {

// How far ahead deadlines set today can reach: working-day periods with
// an extension stay well within this.
inline constexpr Seconds kCalendarHorizon{90 * 24 * 3600};

// A warning naming the first year without data within `horizon` of `now`,
// and what the calendar does about it (refuses, or counts weekends only).
std::optional<std::string> calendar_warning(const WorkingDayCalendar& calendar, Instant now,
                                            Seconds horizon = kCalendarHorizon);

}  // namespace hotline
