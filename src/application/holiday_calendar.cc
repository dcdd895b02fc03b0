#include "application/holiday_calendar.h"

#include <type_traits>

#include "application/operation_table.h"

namespace hotline {

using nlohmann::json;

namespace {

struct CalendarAnswers {
  template <typename A>
  static json schema(const A* a) {
    return calendar_ops::answer_schema(a);
  }
  template <typename A>
  static json render(const A& a, const calendar_ops::Caller& caller) {
    return calendar_ops::render(a, caller);
  }
};

}  // namespace

HolidayCalendar::HolidayCalendar(CalendarContext context, PrivacyGuard* guard)
    : context_(context), guard_(guard) {}

const std::vector<CalendarOperationEntry>& HolidayCalendar::operations() {
  static const std::vector<CalendarOperationEntry> kTable =
      operation_table::generate<CalendarContext, CalendarAnswers>(
          std::type_identity<calendar_ops::CalendarOperations>{});
  return kTable;
}

const CalendarOperationEntry* HolidayCalendar::find(std::string_view name) {
  return operation_table::find(operations(), name);
}

Status HolidayCalendar::admit(std::string_view name, const OperationCall& call) {
  const CalendarOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);  // doors call the names of the table
  return operation_table::admit(guard_, *entry, call);
}

Result<json> HolidayCalendar::execute(std::string_view name, const OperationCall& call) {
  const CalendarOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);
  // No `atomically`: the calendar store commits the entry handed with the
  // call (OperationCall::audit) in the year's own transaction.
  return operation_table::execute(guard_, *entry, context_, call);
}

}  // namespace hotline
