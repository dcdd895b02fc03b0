#include "core/calendar/holiday_notice.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>

namespace hotline {
namespace {

int year_of(LocalDate d) { return static_cast<int>(std::chrono::year_month_day{d}.year()); }

bool is_weekend(LocalDate d) {
  const std::chrono::weekday w{d};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

std::string item(std::size_t i, const char* key) {
  return "holidays[" + std::to_string(i) + "]." + key;
}

}  // namespace

Result<CalendarYear> check_holiday_notice(CalendarYear year) {
  if (year.year < 1900 || year.year > 9999) {
    return fail(Error::invalid("year", "must be a year like 2027", "须为年份，例如 2027"));
  }
  if (year.notice.empty()) {
    return fail(Error::invalid("notice", "the notice's title is required", "请填写通知标题"));
  }
  if (year.source.empty()) {
    return fail(Error::invalid("source", "the notice's document number is required",
                               "请填写通知文号，例如 国办发明电〔2026〕N号"));
  }
  if (year.periods.empty()) {
    return fail(Error::invalid("holidays", "at least one holiday is required", "至少填写一个节日"));
  }
  const std::string y = std::to_string(year.year);
  // What each day is already named as, for overlaps: the item's index.
  std::map<LocalDate, std::size_t> named;
  year.holidays.clear();
  year.makeup_working_days.clear();
  for (std::size_t i = 0; i < year.periods.size(); ++i) {
    const HolidayPeriod& p = year.periods[i];
    if (p.name.empty()) {
      return fail(
          Error::invalid(item(i, "name"), "the holiday's name is required", "请填写节日名称"));
    }
    if (year_of(p.from) != year.year) {
      return fail(Error::invalid(item(i, "from"), format_date(p.from) + " is not in " + y,
                                 p.name + "：" + format_date(p.from) + " 不在" + y + "年内"));
    }
    if (year_of(p.to) != year.year) {
      return fail(Error::invalid(item(i, "to"), format_date(p.to) + " is not in " + y,
                                 p.name + "：" + format_date(p.to) + " 不在" + y + "年内"));
    }
    if (p.to < p.from) {
      return fail(Error::invalid(item(i, "to"), "\"to\" is before \"from\"",
                                 p.name + "：结束日期早于开始日期"));
    }
    for (LocalDate d = p.from; d <= p.to; d += std::chrono::days{1}) {
      auto [it, inserted] = named.emplace(d, i);
      if (!inserted) {
        return fail(Error::invalid(
            item(i, "from"),
            format_date(d) + " is already a day off of " + year.periods[it->second].name,
            format_date(d) + " 已是" + year.periods[it->second].name + "的放假日"));
      }
      year.holidays.push_back(d);
    }
  }
  for (std::size_t i = 0; i < year.periods.size(); ++i) {
    const HolidayPeriod& p = year.periods[i];
    for (LocalDate d : p.makeup_working_days) {
      const std::string field = item(i, "makeup_working_days");
      if (year_of(d) != year.year) {
        return fail(
            Error::invalid(field, format_date(d) + " is not in " + y,
                           p.name + "：调休上班日 " + format_date(d) + " 不在" + y + "年内"));
      }
      if (!is_weekend(d)) {
        return fail(Error::invalid(field, format_date(d) + " is not a Saturday or Sunday",
                                   p.name + "：调休上班日 " + format_date(d) + " 不是周六或周日"));
      }
      auto [it, inserted] = named.emplace(d, i);
      if (!inserted) {
        return fail(Error::invalid(
            field, format_date(d) + " is already listed",
            p.name + "：" + format_date(d) + " 已列出（" + year.periods[it->second].name + "）"));
      }
      year.makeup_working_days.push_back(d);
    }
  }
  std::sort(year.holidays.begin(), year.holidays.end());
  std::sort(year.makeup_working_days.begin(), year.makeup_working_days.end());
  return year;
}

}  // namespace hotline
