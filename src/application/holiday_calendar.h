#pragma once
// The working-day calendar's administration use case (issue 9, item 13):
// GET /api/v1/admin/calendar, POST /api/v1/admin/calendar/years, PUT
// /api/v1/admin/calendar/years/{year} and `hotline calendar list|add-year|
// correct-year` call its operations (calendar_commands.h) by name, as the
// account and knowledge-base doors do theirs: the administrator only,
// checked before the body is read; a change, done or refused, audited as
// "command:calendar-add-year|calendar-correct-year" naming the year — the
// entry of a change committed in the change's own transaction.
//
// Thread-safety: as safe as CalendarAdmin and the guard; no state of its own.

#include <string_view>
#include <vector>

#include "application/calendar_commands.h"
#include "application/operation.h"
#include "core/security/privacy_guard.h"

namespace hotline {

using CalendarOperationEntry = OperationEntry<CalendarContext>;

class HolidayCalendar {
 public:
  // `guard` null: no audit (tests of the operations alone).
  HolidayCalendar(CalendarContext context, PrivacyGuard* guard);

  static const std::vector<CalendarOperationEntry>& operations();
  static const CalendarOperationEntry* find(std::string_view name);

  Status admit(std::string_view name, const OperationCall& call);
  Result<nlohmann::json> execute(std::string_view name, const OperationCall& call);

 private:
  CalendarContext context_;
  PrivacyGuard* guard_;
};

}  // namespace hotline
