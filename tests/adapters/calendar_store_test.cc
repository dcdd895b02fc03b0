// Issue 9, item 13, on a real SQLite file: the administrator corrects a
// mis-entered year through CalendarAdmin and another process takes it in;
// the shipped TOML files give each year's items too (for the administration
// screen). What the store itself keeps (a year whole, refused twice,
// corrections numbered, each with its audit entry) is its port's contract:
// tests/support/calendar_store_contract.h, run on SQLite by
// calendar_store_contract_sqlite_test.cc. The 2027 dates are TEST DATA, not
// the State Council's notice.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "adapters/sqlite/sqlite_calendar_store.h"
#include "adapters/toml/calendar_file.h"
#include "application/calendar_admin.h"
#include "core/calendar/holiday_notice.h"
#include "core/clock.h"

namespace hotline {
namespace {

CalendarYear test_2027() {
  CalendarYear y;
  y.year = 2027;
  y.notice = "测试用通知";
  y.source = "测试〔2026〕1号";
  y.url = "https://example.invalid/2027";
  y.periods = {{"测试节𠮷",
                *parse_date("2027-01-04"),
                *parse_date("2027-01-05"),
                {*parse_date("2027-01-09")}}};
  return *check_holiday_notice(y);
}

// A mis-entered notice is corrected by the administrator with a reason: the
// calendar counts with the corrected year at once, the store keeps both
// versions, another process takes the correction in with sync(); a shipped
// year, an empty reason and another role are refused.
TEST(CalendarStore, ISSUE9_13_AnEnteredYearIsCorrectedAndTheEarlierVersionKept) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "hotline-calendar-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const std::filesystem::path db = std::filesystem::path(pattern) / "hotline.db";
  const Actor admin{"admin", Role::kAdministrator, "office"};
  const Actor agent{"agent", Role::kAgent, "office"};
  FakeClock clock(at_local(*parse_date("2026-12-06"), Seconds{9 * 3600}));
  auto shipped = load_calendar_dir(std::filesystem::path(HOTLINE_DATA_DIR) / "calendar");
  ASSERT_TRUE(shipped) << shipped.error().describe();
  auto calendar = WorkingDayCalendar::create(*shipped);
  auto elsewhere = WorkingDayCalendar::create(*shipped);  // another process's
  ASSERT_TRUE(calendar && elsewhere);
  auto store = SqliteCalendarStore::open(db, nullptr);
  auto other_store = SqliteCalendarStore::open(db, nullptr);
  ASSERT_TRUE(store && other_store);
  CalendarAdmin office(*calendar, **store, clock);
  CalendarAdmin other(*elsewhere, **other_store, clock);
  ASSERT_TRUE(office.add_year(admin, test_2027()));
  ASSERT_TRUE(other.sync());
  const LocalDate jan5 = *parse_date("2027-01-05"), jan6 = *parse_date("2027-01-06");
  EXPECT_FALSE(*calendar->is_working_day(jan5));
  EXPECT_TRUE(*calendar->is_working_day(jan6));

  // The notice said 4–6 January, not 4–5.
  CalendarYear fixed = test_2027();
  fixed.periods[0].to = jan6;
  fixed = *check_holiday_notice(fixed);
  EXPECT_EQ(office.correct_year(agent, fixed, "录入错误").error().code, ErrorCode::kForbidden);
  EXPECT_EQ(office.correct_year(admin, fixed, "  ").error().field, "reason");
  const std::vector<CalendarYear> known = calendar->years();
  ASSERT_GE(known.size(), 2u);
  const CalendarYear& shipped_2026 = known[known.size() - 2];
  ASSERT_EQ(shipped_2026.year, 2026);
  auto not_entered = office.correct_year(admin, shipped_2026, "录入错误");
  ASSERT_FALSE(not_entered);
  EXPECT_EQ(not_entered.error().field, "year");
  auto corrected = office.correct_year(admin, fixed, "1月6日漏录");
  ASSERT_TRUE(corrected) << corrected.error().describe();
  EXPECT_FALSE(*calendar->is_working_day(jan6));  // counted with the correction at once
  EXPECT_TRUE(*elsewhere->is_working_day(jan6));  // until the other process syncs
  auto changed = other.sync();
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, std::vector<int>{2027});
  EXPECT_FALSE(*elsewhere->is_working_day(jan6));
  EXPECT_TRUE(other.sync()->empty());  // taken in once

  auto years = office.years();
  ASSERT_TRUE(years);
  const CalendarYearView& y2027 = years->back();
  EXPECT_EQ(y2027.year.year, 2027);
  EXPECT_EQ(y2027.revision, 1);
  EXPECT_EQ(y2027.corrected_by, "admin");
  EXPECT_EQ(y2027.correction_reason, "1月6日漏录");
  EXPECT_EQ(y2027.entered_by, "admin");
  std::filesystem::remove_all(pattern);
}

TEST(CalendarStore, ISSUE9_13_ShippedFilesGiveEachYearsNoticeAndItems) {
  auto years = load_calendar_dir(std::filesystem::path(HOTLINE_DATA_DIR) / "calendar");
  ASSERT_TRUE(years) << years.error().describe();
  const CalendarYear& y2026 = years->back();
  EXPECT_EQ(y2026.year, 2026);
  EXPECT_EQ(y2026.notice, "国务院办公厅关于2026年部分节假日安排的通知");
  EXPECT_FALSE(y2026.url.empty());
  ASSERT_EQ(y2026.periods.size(), 7u);
  EXPECT_EQ(y2026.periods[1].name, "春节");
  EXPECT_EQ(format_date(y2026.periods[1].from), "2026-02-15");
  EXPECT_EQ(y2026.periods[1].makeup_working_days.size(), 2u);
  // The periods and the day lists agree: a check from the periods gives the same days.
  auto rebuilt = check_holiday_notice(y2026);
  ASSERT_TRUE(rebuilt) << rebuilt.error().describe();
  EXPECT_EQ(rebuilt->holidays, y2026.holidays);
  EXPECT_EQ(rebuilt->makeup_working_days, y2026.makeup_working_days);
}

}  // namespace
}  // namespace hotline
