#pragma once
// Issue 9, item 13: a holiday year's notice as the calendar stores keep it
// (calendar_json.h's JSON, one text per row), shared by the SQLite and
// PostgreSQL calendar stores so that both write and read the same thing.

#include <string>
#include <string_view>

#include "core/calendar/working_day_calendar.h"
#include "core/result.h"

namespace hotline {

// The notice's text for a row. Refused (kInvalidArgument naming the field:
// "notice", "periods[0].name", …) when a text is not valid UTF-8 or holds NUL.
Result<std::string> encode_stored_notice(const CalendarYear& year);
// A stored notice, parsed and checked (check_holiday_notice); kStorage
// naming `where` (the row) when it cannot be.
Result<CalendarYear> decode_stored_notice(std::string_view text, const std::string& where);

}  // namespace hotline
