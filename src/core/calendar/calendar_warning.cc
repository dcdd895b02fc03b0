#include "core/calendar/calendar_warning.h"

namespace hotline {

std::optional<std::string> calendar_warning(const WorkingDayCalendar& calendar, Instant now,
                                            Seconds horizon) {
  const int until = static_cast<int>(std::chrono::year_month_day{local_date(now + horizon)}.year());
  const int from = static_cast<int>(std::chrono::year_month_day{local_date(now)}.year());
  for (int year = from; year <= until; ++year) {
    if (year >= calendar.first_year() && year <= calendar.last_year()) continue;
    const std::string y = std::to_string(year);
    const bool fallback = calendar.mode() == WorkingDayCalendar::Mode::kWeekendFallback;
    return "calendar: no State Council holiday notice for " + y + " is entered; " +
           (fallback ? "working-day deadlines in " + y +
                           " are counted on weekends only and marked PROVISIONAL"
                     : "working-day deadlines in " + y + " are refused") +
           ". Enter the notice (docs/calendar.md)｜日历未录入" + y + "年节假日安排：" +
           (fallback ? "相关期限暂按周末计算并标注“暂定”" : "相关期限无法计算") +
           "，请录入国务院办公厅通知";
  }
  return std::nullopt;
}

}  // namespace hotline
