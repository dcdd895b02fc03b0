#include "core/calendar/working_day_calendar.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace hotline {
namespace {

// Days are handled as plain day numbers (days since 1970-01-01) so that the
// hot path is integer arithmetic and one binary search.
using Day = std::int64_t;

// Far enough for any real deadline, near enough that chrono's civil-date
// conversions stay exact and the fallback observer is never flooded.
constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
constexpr int kMaxWorkingDays = 100000;

constexpr Day day_number(LocalDate d) { return d.time_since_epoch().count(); }
constexpr LocalDate to_date(Day x) { return LocalDate{std::chrono::days{x}}; }

Day floor_div(Day a, Day b) {
  Day q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// 1970-01-05 (day 4) is a Monday.
constexpr Day kMonday = 4;

bool is_weekend(Day x) { return x - kMonday - 7 * floor_div(x - kMonday, 7) >= 5; }

// Monday-to-Friday days in [kMonday, x), negative for x before kMonday. Lets
// the fallback count weekdays outside the data in O(1).
Day weekdays_before(Day x) {
  const Day q = floor_div(x - kMonday, 7);
  const Day r = x - kMonday - 7 * q;
  return 5 * q + std::min<Day>(r, 5);
}

// The weekday x with weekdays_before(x) == m: the inverse of the above.
Day nth_weekday(Day m) {
  const Day q = floor_div(m, 5);
  return kMonday + 7 * q + (m - 5 * q);
}

int year_of(Day x) { return static_cast<int>(std::chrono::year_month_day{to_date(x)}.year()); }

constexpr Day first_day_of(int year) {
  return day_number(LocalDate{std::chrono::year{year} / std::chrono::January / 1});
}

constexpr Day kMinDay = first_day_of(kMinYear);
constexpr Day kEndDay = first_day_of(kMaxYear + 1);

Error data_error(int year, std::string message, std::string message_zh) {
  Error e;
  e.code = ErrorCode::kPolicyInvalid;
  e.field = "calendar " + std::to_string(year);
  e.message = e.field + ": " + std::move(message);
  e.message_zh = std::to_string(year) + "年工作日历：" + std::move(message_zh);
  return e;
}

Error missing_year(int year) {
  Error e;
  e.code = ErrorCode::kPolicyInvalid;
  e.field = "calendar " + std::to_string(year);
  e.message = "the working-day calendar has no data for " + std::to_string(year) +
              ": add that year's State Council holiday notice to data/calendar/ "
              "(see data/calendar/README.md), or start with the weekend fallback";
  e.message_zh = "工作日历缺少" + std::to_string(year) +
                 "年的数据：请按 data/calendar/README.md 将国务院办公厅该年度节假日安排通知"
                 "加入 data/calendar/，或以仅按周末计算的降级模式启动";
  return e;
}

Error out_of_range(LocalDate d) {
  return Error::invalid("date", "date out of range: " + format_date(d), "日期超出可计算范围");
}

// A read-only view of the calendar's tables with the counting functions. The
// whole timeline is numbered: W(x) counts working days before day x, from
// the data inside the known years and weekends-only outside them, so every
// query is a difference or an inverse of W.
struct Timeline {
  Day first;  // first known day
  Day end;    // one past the last known day
  const unsigned char* working;
  const std::vector<int>* before;  // size end - first + 1

  bool known(Day x) const { return x >= first && x < end; }
  int total() const { return before->back(); }

  bool is_working(Day x) const { return known(x) ? working[x - first] != 0 : !is_weekend(x); }

  Day count_before(Day x) const {
    if (x < first) return weekdays_before(x) - weekdays_before(first);
    if (x > end) return total() + weekdays_before(x) - weekdays_before(end);
    return (*before)[static_cast<std::size_t>(x - first)];
  }

  // The working day x with count_before(x) == k.
  Day nth(Day k) const {
    if (k < 0) return nth_weekday(k + weekdays_before(first));
    if (k >= total()) return nth_weekday(k - total() + weekdays_before(end));
    // The last index whose prefix count is <= k is the working day itself.
    // A branchless binary search: random queries defeat branch prediction.
    const int key = static_cast<int>(k);
    const int* base = before->data();
    std::size_t len = before->size();
    while (len > 1) {
      const std::size_t half = len / 2;
      base = base[half] <= key ? base + half : base;
      len -= half;
    }
    return first + (base - before->data());
  }
};

}  // namespace

struct WorkingDayCalendar::Tables {
  LocalDate first_day{};               // 1 January of the first known year
  std::vector<unsigned char> working;  // one flag per day of the known years
  std::vector<int> working_before;     // prefix count of working days, for O(1) jumps
  int first_year = 0;
  int last_year = -1;
  std::vector<CalendarYear> years;  // as given, sorted
};

struct WorkingDayCalendar::Slot {
  mutable std::mutex mutex;
  std::shared_ptr<const Tables> tables;  // GUARDED_BY(mutex); never null once created
};

namespace {

Result<std::shared_ptr<const WorkingDayCalendar::Tables>> build_tables(
    std::vector<CalendarYear> years, WorkingDayCalendar::Mode mode) {
  if (years.empty() && mode == WorkingDayCalendar::Mode::kStrict) {
    Error e;
    e.code = ErrorCode::kPolicyInvalid;
    e.field = "calendar";
    e.message = "the working-day calendar has no years";
    e.message_zh = "工作日历没有任何年份的数据";
    return fail(std::move(e));
  }
  std::sort(years.begin(), years.end(),
            [](const CalendarYear& a, const CalendarYear& b) { return a.year < b.year; });
  for (std::size_t i = 0; i < years.size(); ++i) {
    const int y = years[i].year;
    if (y < kMinYear || y > kMaxYear) {
      return fail(data_error(y, "year out of range", "年份超出范围"));
    }
    if (i > 0 && years[i - 1].year == y) {
      return fail(data_error(y, "the year is given twice", "年份重复"));
    }
    // A gap would make the missing year count as weekends only, silently.
    if (i > 0 && years[i - 1].year + 1 != y) {
      return fail(data_error(years[i - 1].year + 1,
                             "years must be consecutive; this one is missing",
                             "年份须连续，缺少该年"));
    }
  }

  auto tables = std::make_shared<WorkingDayCalendar::Tables>();
  WorkingDayCalendar::Tables& cal = *tables;
  if (years.empty()) {
    cal.first_day = to_date(0);
    cal.working_before.assign(1, 0);
    return std::shared_ptr<const WorkingDayCalendar::Tables>(std::move(tables));
  }
  cal.first_year = years.front().year;
  cal.last_year = years.back().year;
  const Day first = first_day_of(cal.first_year);
  const Day end = first_day_of(cal.last_year + 1);
  cal.first_day = to_date(first);
  cal.working.resize(static_cast<std::size_t>(end - first));
  for (Day x = first; x < end; ++x) cal.working[x - first] = is_weekend(x) ? 0 : 1;

  // 0 = not listed, 1 = holiday, 2 = make-up day: catches repeats and clashes.
  std::vector<unsigned char> listed(cal.working.size(), 0);
  for (const CalendarYear& cy : years) {
    const Day lo = first_day_of(cy.year);
    const Day hi = first_day_of(cy.year + 1);
    for (LocalDate d : cy.holidays) {
      const Day x = day_number(d);
      if (x < lo || x >= hi) {
        return fail(data_error(cy.year, "holiday " + format_date(d) + " lies outside the year",
                               "节假日 " + format_date(d) + " 不在该年度内"));
      }
      if (listed[x - first] != 0) {
        return fail(data_error(cy.year, "holiday " + format_date(d) + " is listed twice",
                               "节假日 " + format_date(d) + " 重复列出"));
      }
      listed[x - first] = 1;
      cal.working[x - first] = 0;
    }
    for (LocalDate d : cy.makeup_working_days) {
      const Day x = day_number(d);
      if (x < lo || x >= hi) {
        return fail(data_error(cy.year,
                               "make-up working day " + format_date(d) + " lies outside the year",
                               "调休上班日 " + format_date(d) + " 不在该年度内"));
      }
      if (listed[x - first] == 1) {
        return fail(data_error(cy.year,
                               format_date(d) + " is both a holiday and a make-up working day",
                               format_date(d) + " 既是放假日又是调休上班日"));
      }
      if (listed[x - first] == 2) {
        return fail(data_error(cy.year,
                               "make-up working day " + format_date(d) + " is listed twice",
                               "调休上班日 " + format_date(d) + " 重复列出"));
      }
      if (!is_weekend(x)) {
        return fail(data_error(
            cy.year, "make-up working day " + format_date(d) + " is not a Saturday or Sunday",
            "调休上班日 " + format_date(d) + " 不是周六或周日"));
      }
      listed[x - first] = 2;
      cal.working[x - first] = 1;
    }
  }

  cal.working_before.resize(cal.working.size() + 1);
  cal.working_before[0] = 0;
  for (std::size_t i = 0; i < cal.working.size(); ++i) {
    cal.working_before[i + 1] = cal.working_before[i] + cal.working[i];
  }
  cal.years = std::move(years);
  return std::shared_ptr<const WorkingDayCalendar::Tables>(std::move(tables));
}

}  // namespace

WorkingDayCalendar::WorkingDayCalendar() : slot_(std::make_unique<Slot>()) {}
WorkingDayCalendar::~WorkingDayCalendar() = default;
WorkingDayCalendar::WorkingDayCalendar(WorkingDayCalendar&&) noexcept = default;
WorkingDayCalendar& WorkingDayCalendar::operator=(WorkingDayCalendar&&) noexcept = default;

WorkingDayCalendar::WorkingDayCalendar(const WorkingDayCalendar& other)
    : mode_(other.mode_), observer_(other.observer_), slot_(std::make_unique<Slot>()) {
  slot_->tables = other.snapshot();
}

WorkingDayCalendar& WorkingDayCalendar::operator=(const WorkingDayCalendar& other) {
  if (this == &other) return *this;
  auto tables = other.snapshot();
  mode_ = other.mode_;
  observer_ = other.observer_;
  if (!slot_) slot_ = std::make_unique<Slot>();
  std::lock_guard lock(slot_->mutex);
  slot_->tables = std::move(tables);
  return *this;
}

std::shared_ptr<const WorkingDayCalendar::Tables> WorkingDayCalendar::snapshot() const {
  std::lock_guard lock(slot_->mutex);
  return slot_->tables;
}

Result<WorkingDayCalendar> WorkingDayCalendar::create(std::vector<CalendarYear> years, Mode mode,
                                                      FallbackObserver observer) {
  auto tables = build_tables(std::move(years), mode);
  if (!tables) return fail(tables.error());
  WorkingDayCalendar cal;
  cal.mode_ = mode;
  cal.observer_ = std::move(observer);
  cal.slot_->tables = std::move(*tables);
  return cal;
}

Status WorkingDayCalendar::replace_year(CalendarYear year) {
  std::lock_guard lock(slot_->mutex);
  std::vector<CalendarYear> years = slot_->tables->years;
  auto it = std::find_if(years.begin(), years.end(),
                         [&](const CalendarYear& known) { return known.year == year.year; });
  if (it == years.end()) {
    Error e = Error::not_found(std::to_string(year.year) + " is not in the calendar",
                               std::to_string(year.year) + "年不在工作日历中");
    e.field = "year";
    return fail(std::move(e));
  }
  *it = std::move(year);
  auto tables = build_tables(std::move(years), mode_);
  if (!tables) return fail(tables.error());
  slot_->tables = std::move(*tables);
  return {};
}

Status WorkingDayCalendar::add_year(CalendarYear year) {
  // One writer at a time builds on the latest data; readers keep the
  // snapshot they hold until they finish.
  std::lock_guard lock(slot_->mutex);
  const Tables& now = *slot_->tables;
  const int y = year.year;
  for (const CalendarYear& known : now.years) {
    if (known.year == y) {
      Error e = Error::conflict(std::to_string(y) + " is already in the calendar",
                                std::to_string(y) + "年已在工作日历中");
      e.field = "year";
      return fail(std::move(e));
    }
  }
  if (!now.years.empty() && y != now.last_year + 1 && y != now.first_year - 1) {
    return fail(Error::invalid(
        "year",
        "years must be consecutive: the calendar holds " + std::to_string(now.first_year) + "–" +
            std::to_string(now.last_year) + ", so the next is " + std::to_string(now.last_year + 1),
        "年份须连续：工作日历现有" + std::to_string(now.first_year) + "至" +
            std::to_string(now.last_year) + "年，下一个应为" + std::to_string(now.last_year + 1) +
            "年"));
  }
  std::vector<CalendarYear> years = now.years;
  years.push_back(std::move(year));
  auto tables = build_tables(std::move(years), mode_);
  if (!tables) return fail(tables.error());
  slot_->tables = std::move(*tables);
  return {};
}

std::vector<CalendarYear> WorkingDayCalendar::years() const { return snapshot()->years; }

namespace {

Timeline make_timeline(const WorkingDayCalendar::Tables& t) {
  const Day first = day_number(t.first_day);
  return {first, first + static_cast<Day>(t.working.size()), t.working.data(), &t.working_before};
}

// Checks that a call which used the days [lo, hi] may do so: inside the known
// years always; outside them an error in strict mode, and a report of every
// unknown year used in fallback mode.
Status check_unknown_span(Day lo, Day hi, const Timeline& t, WorkingDayCalendar::Mode mode,
                          const WorkingDayCalendar::FallbackObserver& observer) {
  if (lo < kMinDay) return fail(out_of_range(to_date(lo)));
  if (hi >= kEndDay) return fail(out_of_range(to_date(hi)));
  if (mode == WorkingDayCalendar::Mode::kStrict) {
    return fail(missing_year(lo < t.first ? year_of(lo) : year_of(t.end)));
  }
  if (observer) {
    const bool empty = t.first == t.end;
    for (int y = year_of(lo), last = year_of(hi); y <= last; ++y) {
      const Day y_first = first_day_of(y);
      if (empty || y_first < t.first || y_first >= t.end) observer(y);
    }
  }
  return {};
}

// The common case, all days known, stays inline and cheap.
inline Status check_span(Day lo, Day hi, const Timeline& t, WorkingDayCalendar::Mode mode,
                         const WorkingDayCalendar::FallbackObserver& observer) {
  if (lo >= t.first && hi < t.end) [[likely]] {
    return {};
  }
  return check_unknown_span(lo, hi, t, mode, observer);
}

}  // namespace

Result<bool> WorkingDayCalendar::is_working_day(LocalDate d) const {
  const auto tables = snapshot();
  const Timeline timeline = make_timeline(*tables);
  const Day x = day_number(d);
  if (auto s = check_span(x, x, timeline, mode_, observer_); !s) return fail(s.error());
  return timeline.is_working(x);
}

Result<LocalDate> WorkingDayCalendar::next_working_day(LocalDate d) const {
  const auto tables = snapshot();
  const Timeline timeline = make_timeline(*tables);
  const Day x = day_number(d);
  if (x < kMinDay || x >= kEndDay) return fail(out_of_range(d));
  const Day next = timeline.nth(timeline.count_before(x + 1));
  if (auto s = check_span(x, next, timeline, mode_, observer_); !s) return fail(s.error());
  return to_date(next);
}

Result<Instant> WorkingDayCalendar::add_working_days(Instant from, int n) const {
  if (n < 0 || n > kMaxWorkingDays) {
    return fail(Error::invalid("working_days", "must be 0.." + std::to_string(kMaxWorkingDays),
                               "工作日数须在0至" + std::to_string(kMaxWorkingDays) + "之间"));
  }
  const auto tables = snapshot();
  const Timeline timeline = make_timeline(*tables);
  const LocalDate d = local_date(from);
  const Day x = day_number(d);
  if (x < kMinDay || x >= kEndDay) return fail(out_of_range(d));
  // On a non-working day count_before(x) already equals that of the next
  // working day, so one formula serves both cases; only the clock time differs.
  const Day target = timeline.nth(timeline.count_before(x) + n);
  if (auto s = check_span(x, target, timeline, mode_, observer_); !s) return fail(s.error());
  const Seconds tod = timeline.is_working(x) ? local_time_of_day(from) : Seconds{0};
  return at_local(to_date(target), tod);
}

Result<Instant> WorkingDayCalendar::latest_before(Instant deadline, int n) const {
  if (n < 0 || n > kMaxWorkingDays) {
    return fail(Error::invalid("working_days", "must be 0.." + std::to_string(kMaxWorkingDays),
                               "工作日数须在0至" + std::to_string(kMaxWorkingDays) + "之间"));
  }
  const auto tables = snapshot();
  const Timeline timeline = make_timeline(*tables);
  const LocalDate d = local_date(deadline);
  const Day x = day_number(d);
  if (x < kMinDay || x >= kEndDay) return fail(out_of_range(d));
  // add(L, n) lands on the working day nth(count_before(L's day) + n). On a
  // working deadline day, L is the n-th working day before it at the same
  // clock time; otherwise the results must end on the working day before the
  // deadline, so L is the last second of the (n+1)-th working day before.
  const Day k = timeline.count_before(x);
  Instant latest;
  Day day;
  if (timeline.is_working(x)) {
    day = timeline.nth(k - n);
    latest = at_local(to_date(day), local_time_of_day(deadline));
  } else {
    day = timeline.nth(k - 1 - n);
    latest = at_local(to_date(day + 1)) - Seconds{1};
  }
  if (auto s = check_span(day, x, timeline, mode_, observer_); !s) return fail(s.error());
  return latest;
}

Result<int> WorkingDayCalendar::working_days_between(LocalDate from, LocalDate to) const {
  const auto tables = snapshot();
  const Timeline timeline = make_timeline(*tables);
  const Day a = day_number(from);
  const Day b = day_number(to);
  if (b <= a) return 0;
  if (a < kMinDay || b > kEndDay) return fail(out_of_range(a < kMinDay ? from : to));
  if (auto s = check_span(a, b - 1, timeline, mode_, observer_); !s) return fail(s.error());
  return static_cast<int>(timeline.count_before(b) - timeline.count_before(a));
}

int WorkingDayCalendar::first_year() const { return snapshot()->first_year; }
int WorkingDayCalendar::last_year() const { return snapshot()->last_year; }

}  // namespace hotline
