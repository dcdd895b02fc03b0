#pragma once
// The working-day calendar's administration use case (issue 9, item 13):
// GET /api/v1/admin/calendar, POST /api/v1/admin/calendar/years, PUT
// /api/v1/admin/calendar/years/{year} and `hotline calendar list|add-year|
// correct-year` call its operations (calendar_commands.h) by name, as the
// account and knowledge-base doors do theirs: the administrator only,
// checked before the body is read; a change, done or refused, audited as
// "command:calendar-add-year|calendar-correct-year" naming the year — the
// entry of a change committed in the change's own transaction (the calendar
// store takes it with the call, OperationCall::audit).
//
// Thread-safety: as safe as CalendarAdmin and the guard; no state of its own.

#include "application/calendar_commands.h"
#include "application/operation_use_case.h"

namespace hotline {

class HolidayCalendar final : public OperationUseCase<CalendarContext, calendar_ops::Answers,
                                                      calendar_ops::CalendarOperations> {
 public:
  using OperationUseCase::OperationUseCase;
};

}  // namespace hotline
