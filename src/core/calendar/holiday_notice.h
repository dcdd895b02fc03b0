#pragma once
// A State Council holiday notice (国务院办公厅关于某年部分节假日安排的通知)
// as a person enters it on a running platform (issue 9, item 13): the year,
// the notice's title, document number and address, and its items (name,
// days off from..to, the weekend days worked). Checked here, once, for every
// door (the command line, the HTTP API); each error names the field the way
// the API's body spells it ("holidays[2].to").

#include "core/calendar/working_day_calendar.h"

namespace hotline {

// Fills `year.holidays` and `year.makeup_working_days` from `year.periods`
// after checking: a year 1900–9999, a non-empty notice and source, at least
// one item, each with a name, from <= to, all dates inside the year, no day
// named twice (overlapping items, a make-up day that is a day off), and
// make-up days on Saturdays or Sundays only.
Result<CalendarYear> check_holiday_notice(CalendarYear year);

}  // namespace hotline
