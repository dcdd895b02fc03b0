#pragma once
// The operations of the working-day calendar's administration (issue 9,
// item 13), one typed struct each, in the pattern of account_commands.h: the
// administrator lists the known years, enters the State Council's holiday
// notice for the next year and corrects a year entered here. The
// HolidayCalendar use case (holiday_calendar.h), the routes under
// /api/v1/admin/calendar and `hotline calendar …` are generated from
// `CalendarOperations`. A change commits with its audit entry
// ("command:calendar-add-year|calendar-correct-year", naming the year and
// the notice's document number) in one transaction.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "application/calendar_admin.h"
#include "application/operation.h"
#include "core/clock.h"

namespace hotline {

// What the calendar operations run on; everything must outlive it.
struct CalendarContext {
  CalendarAdmin& admin;
  const Clock& clock;
};

namespace calendar_ops {

using nlohmann::json;
using Caller = std::optional<Actor>;

struct CalendarYearList {
  std::vector<CalendarYearView> items;
};

struct ListCalendarYears {
  static constexpr OperationSpec kSpec{
      "calendar-list",
      "GET",
      "/api/v1/admin/calendar",
      &who::kAdministrators,
      false,
      200,
      "The working-day calendar's years with their notices and holidays (administrator)"};
  static Result<ListCalendarYears> from_call(const OperationCall& call);
  Result<CalendarYearList> run(CalendarContext& c, const Caller& caller) &&;
};

struct AddCalendarYear {
  static constexpr OperationSpec kSpec{
      "calendar-add-year",
      "POST",
      "/api/v1/admin/calendar/years",
      &who::kAdministrators,
      true,
      201,
      "Enter the State Council's holiday notice for the next year on the running platform "
      "(administrator; issue 9 item 13)"};
  CalendarYear year;
  CommandAudit* audit = nullptr;  // committed with the year (OperationCall::audit)
  static Result<AddCalendarYear> from_call(const OperationCall& call);
  static json body_schema();
  Result<CalendarYearView> run(CalendarContext& c, const Caller& caller) &&;
};

struct CorrectCalendarYear {
  static constexpr OperationSpec kSpec{
      "calendar-correct-year",
      "PUT",
      "/api/v1/admin/calendar/years/{year}",
      &who::kAdministrators,
      true,
      200,
      "Correct a year's holiday notice entered on this platform, with the reason; the earlier "
      "version is kept (administrator)"};
  CalendarYear year;
  std::string reason;
  CommandAudit* audit = nullptr;  // committed with the correction
  static Result<CorrectCalendarYear> from_call(const OperationCall& call);
  static json body_schema();
  Result<CalendarYearView> run(CalendarContext& c, const Caller& caller) &&;
};

using CalendarOperations = std::tuple<ListCalendarYears, AddCalendarYear, CorrectCalendarYear>;

json render(const CalendarYearView& v, const Caller& caller);
json render(const CalendarYearList& l, const Caller& caller);
json answer_schema(const CalendarYearView*);
json answer_schema(const CalendarYearList*);

HOTLINE_OPERATION_ANSWERS(calendar_ops);

}  // namespace calendar_ops
}  // namespace hotline
