#include "core/calendar/deadline_clock.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

namespace hotline {
namespace {

namespace chr = std::chrono;

// Beyond any real deadline, and small enough that nothing below overflows:
// clock periods up to 10,000 years, month periods up to 2,000 years.
constexpr std::int64_t kMaxClockSeconds = std::int64_t{10000} * 366 * 86400;
constexpr std::int64_t kMaxMonths = std::int64_t{12} * 2000;
constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

Error bad_amount(const PolicyDuration& period) {
  return Error::invalid("period", "period out of range: " + std::to_string(period.amount),
                        "期限数值超出范围：" + std::to_string(period.amount));
}

std::int64_t seconds_per_unit(PolicyDuration::Unit unit) {
  switch (unit) {
    case PolicyDuration::Unit::kMinutes:
      return 60;
    case PolicyDuration::Unit::kHours:
      return 3600;
    case PolicyDuration::Unit::kCalendarDays:
      return 86400;
    default:
      return 0;
  }
}

std::int64_t months_of(const PolicyDuration& period) {
  return period.unit == PolicyDuration::Unit::kYears ? period.amount * 12 : period.amount;
}

bool month_based(const PolicyDuration& period) {
  return period.unit == PolicyDuration::Unit::kMonths ||
         period.unit == PolicyDuration::Unit::kYears;
}

Status check_amount(const PolicyDuration& period) {
  if (period.amount < 0) return fail(bad_amount(period));
  if (period.is_working_days()) {
    if (period.amount > std::numeric_limits<int>::max()) return fail(bad_amount(period));
  } else if (month_based(period)) {
    if (period.amount > kMaxMonths) return fail(bad_amount(period));
  } else if (period.amount > kMaxClockSeconds / seconds_per_unit(period.unit)) {
    return fail(bad_amount(period));
  }
  return {};
}

Result<chr::year_month> shift(chr::year_month ym, std::int64_t months) {
  const chr::year_month out = ym + chr::months{months};
  const int y = static_cast<int>(out.year());
  if (y < kMinYear || y > kMaxYear) {
    return fail(Error::invalid("period", "date out of range", "日期超出可计算范围"));
  }
  return out;
}

chr::day last_day(chr::year_month ym) {
  return chr::year_month_day_last{ym.year(), chr::month_day_last{ym.month()}}.day();
}

// Same local date and clock time `months` later, clamped to the month's end.
Result<Instant> add_months(Instant from, std::int64_t months) {
  const chr::year_month_day ymd{local_date(from)};
  auto ym = shift(ymd.year() / ymd.month(), months);
  if (!ym) return fail(ym.error());
  const chr::day day = std::min(ymd.day(), last_day(*ym));
  return at_local(LocalDate{*ym / day}, local_time_of_day(from));
}

// add_months maps the days of month M to days of month M + n, clamping the
// tail of M onto the last day of M + n; the latest L is read off that map.
Result<Instant> latest_before_months(Instant deadline, std::int64_t months) {
  const chr::year_month_day d{local_date(deadline)};
  const chr::year_month target = d.year() / d.month();
  auto ym = shift(target, -months);
  if (!ym) return fail(ym.error());
  const chr::day last = last_day(*ym);
  if (d.day() > last) {
    // Every day of that month lands before the deadline's day.
    return at_local(LocalDate{*ym / last} + chr::days{1}) - Seconds{1};
  }
  const chr::day day = d.day() == last_day(target) ? last : d.day();
  return at_local(LocalDate{*ym / day}, local_time_of_day(deadline));
}

}  // namespace

Result<Instant> add_period(const WorkingDayCalendar& calendar, Instant from,
                           const PolicyDuration& period) {
  if (auto s = check_amount(period); !s) return fail(s.error());
  if (period.is_working_days()) {
    return calendar.add_working_days(from, static_cast<int>(period.amount));
  }
  if (month_based(period)) return add_months(from, months_of(period));
  return from + Seconds{period.amount * seconds_per_unit(period.unit)};
}

Result<Instant> latest_before(const WorkingDayCalendar& calendar, Instant deadline,
                              const PolicyDuration& period) {
  if (auto s = check_amount(period); !s) return fail(s.error());
  if (period.is_working_days()) {
    return calendar.latest_before(deadline, static_cast<int>(period.amount));
  }
  if (month_based(period)) return latest_before_months(deadline, months_of(period));
  return deadline - Seconds{period.amount * seconds_per_unit(period.unit)};
}

}  // namespace hotline
