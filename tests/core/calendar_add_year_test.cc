// Issue 9, item 13: a year's holidays entered on a running platform. The 2027
// dates below are TEST DATA made up for these tests, not the State Council's
// notice (which was not published when they were written).

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/calendar/holiday_notice.h"
#include "core/calendar/working_day_calendar.h"

namespace hotline {
namespace {

LocalDate date(const char* s) { return *parse_date(s); }

CalendarYear plain_year(int y) {
  CalendarYear c;
  c.year = y;
  c.source = "test";
  return c;
}

// Test data: a made-up notice for 2027.
CalendarYear test_2027() {
  CalendarYear y;
  y.year = 2027;
  y.notice = "测试用通知（非国务院办公厅通知）";
  y.source = "测试〔2026〕1号";
  y.periods = {{"测试节", date("2027-01-04"), date("2027-01-05"), {date("2027-01-09")}},
               {"测试节二", date("2027-10-01"), date("2027-10-07"), {}}};
  return y;
}

WorkingDayCalendar fallback_2026() {
  auto cal =
      WorkingDayCalendar::create({plain_year(2026)}, WorkingDayCalendar::Mode::kWeekendFallback);
  EXPECT_TRUE(cal.has_value());
  return std::move(cal).value();
}

TEST(CalendarAddYear, ISSUE9_13_AddedYearReplacesTheWeekendFallbackAtOnce) {
  WorkingDayCalendar cal = fallback_2026();
  // Before: 2027 counts weekends only.
  EXPECT_TRUE(*cal.is_working_day(date("2027-01-04")));
  EXPECT_FALSE(*cal.is_working_day(date("2027-01-09")));

  auto checked = check_holiday_notice(test_2027());
  ASSERT_TRUE(checked.has_value()) << checked.error().message;
  ASSERT_TRUE(cal.add_year(*checked).has_value());

  EXPECT_EQ(cal.last_year(), 2027);
  EXPECT_FALSE(*cal.is_working_day(date("2027-01-04")));  // day off
  EXPECT_FALSE(*cal.is_working_day(date("2027-01-05")));
  EXPECT_TRUE(*cal.is_working_day(date("2027-01-09")));  // make-up Saturday
  EXPECT_FALSE(*cal.is_working_day(date("2027-10-04")));
  // Friday 2027-01-01 17:00 + 1 working day skips the 4th and 5th.
  auto due = cal.add_working_days(at_local(date("2027-01-01"), Seconds{17 * 3600}), 1);
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(format_date(local_date(*due)), "2027-01-06");
  ASSERT_EQ(cal.years().size(), 2u);
  EXPECT_EQ(cal.years().back().periods.size(), 2u);
}

TEST(CalendarAddYear, ISSUE9_13_RefusesAGapOrAKnownYearAndChangesNothing) {
  WorkingDayCalendar cal = fallback_2026();
  auto gap = cal.add_year(plain_year(2028));
  ASSERT_FALSE(gap.has_value());
  EXPECT_EQ(gap.error().field, "year");
  EXPECT_NE(gap.error().message.find("2027"), std::string::npos);
  auto again = cal.add_year(plain_year(2026));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(cal.last_year(), 2026);
}

TEST(CalendarAddYear, ISSUE9_13_ACopyIsIndependent) {
  WorkingDayCalendar cal = fallback_2026();
  WorkingDayCalendar copy = cal;
  ASSERT_TRUE(copy.add_year(*check_holiday_notice(test_2027())).has_value());
  EXPECT_EQ(cal.last_year(), 2026);
  EXPECT_EQ(copy.last_year(), 2027);
}

TEST(CalendarAddYear, ISSUE9_13_QueriesDuringTheSwapSeeOneYearOrTheOther) {
  WorkingDayCalendar cal = fallback_2026();
  const Instant from = at_local(date("2027-01-01"), Seconds{17 * 3600});
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        auto due = cal.add_working_days(from, 1);
        const std::string d = due ? format_date(local_date(*due)) : "error";
        if (d != "2027-01-04" && d != "2027-01-06") ++bad;
      }
    });
  }
  ASSERT_TRUE(cal.add_year(*check_holiday_notice(test_2027())).has_value());
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(bad, 0);
  EXPECT_EQ(format_date(local_date(*cal.add_working_days(from, 1))), "2027-01-06");
}

TEST(HolidayNotice, ISSUE9_13_ErrorsNameTheField) {
  auto y = test_2027();
  y.periods[1].to = date("2027-09-30");
  auto r = check_holiday_notice(y);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "holidays[1].to");

  y = test_2027();
  y.periods[0].makeup_working_days = {date("2027-01-06")};  // a Wednesday
  r = check_holiday_notice(y);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "holidays[0].makeup_working_days");

  y = test_2027();
  y.periods[1].from = date("2027-01-05");  // overlaps the first item
  y.periods[1].to = date("2027-01-06");
  r = check_holiday_notice(y);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "holidays[1].from");

  y = test_2027();
  y.periods[0].from = date("2026-12-31");
  r = check_holiday_notice(y);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "holidays[0].from");

  y = test_2027();
  y.source.clear();
  r = check_holiday_notice(y);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "source");

  y = test_2027();
  y.periods[0].name.clear();
  r = check_holiday_notice(y);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "holidays[0].name");
}

}  // namespace
}  // namespace hotline
