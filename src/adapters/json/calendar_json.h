#pragma once
// A year of the working-day calendar as JSON, for the store and the API:
//
//   {"year": 2027, "notice": "国务院办公厅关于2027年部分节假日安排的通知",
//    "source": "国办发明电〔2026〕N号", "url": "https://…",
//    "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03",
//                  "makeup_working_days": ["2027-01-09"]}, …]}
//
// Reading checks the types strictly and names the member ("holidays[1].to");
// what the dates mean is checked by core/calendar/holiday_notice.h.

#include <nlohmann/json.hpp>

#include "core/calendar/working_day_calendar.h"

namespace hotline {

nlohmann::json calendar_year_to_json(const CalendarYear& year);
// The periods, notice, source and url; holidays and make-up days are filled
// by check_holiday_notice.
Result<CalendarYear> calendar_year_from_json(const nlohmann::json& json);

}  // namespace hotline
