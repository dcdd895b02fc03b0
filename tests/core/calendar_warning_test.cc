// SPEC: ACC-1, HND-2 — issue 9, item 13: past the last year with a State
// Council notice the service counts weekends only, marks every such
// working-day deadline PROVISIONAL (recorded on its event through the
// deadline's rule) and says so on /healthz.
#include "core/calendar/calendar_warning.h"

#include <gtest/gtest.h>

#include "core/engine/deadlines.h"

namespace hotline {
namespace {

Instant at(int y, unsigned m, unsigned d, int hour) {
  return at_local(LocalDate{std::chrono::year{y} / m / d}, Seconds{hour * 3600});
}

WorkingDayCalendar calendar_2026(WorkingDayCalendar::Mode mode) {
  CalendarYear y;
  y.year = 2026;
  y.holidays = {LocalDate{std::chrono::year{2026} / 10 / 1}};
  y.source = "test";
  return *WorkingDayCalendar::create({y}, mode);
}

TEST(CalendarWarning, ACC_1_DeadlinesReachingAYearWithoutDataAreMarkedProvisional) {
  const WorkingDayCalendar cal = calendar_2026(WorkingDayCalendar::Mode::kWeekendFallback);
  const DeadlineCalculator deadlines(cal);
  const Cited<PolicyDuration> seven{{7, PolicyDuration::Unit::kWorkingDays}, "R11"};
  // Monday 2026-12-28 + 7 working days: into 2027, counted on weekends only.
  auto late = deadlines.after(seven, at(2026, 12, 28, 10));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->due, at(2027, 1, 6, 10));
  EXPECT_NE(late->rule.find("PROVISIONAL"), std::string::npos) << late->rule;
  EXPECT_NE(late->rule.find("2027"), std::string::npos) << late->rule;
  // Within 2026: as before.
  auto early = deadlines.after(seven, at(2026, 3, 2, 10));
  ASSERT_TRUE(early);
  EXPECT_EQ(early->rule, "7 working days");
  // Clock time needs no calendar: no mark.
  const Cited<PolicyDuration> hours{{24, PolicyDuration::Unit::kHours}, "R6"};
  auto clock = deadlines.after(hours, at(2026, 12, 31, 10));
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->rule.find("PROVISIONAL"), std::string::npos);
}

TEST(CalendarWarning, ACC_1_StrictCalendarStillRefusesAndNothingIsMarked) {
  const WorkingDayCalendar cal = calendar_2026(WorkingDayCalendar::Mode::kStrict);
  const DeadlineCalculator deadlines(cal);
  const Cited<PolicyDuration> seven{{7, PolicyDuration::Unit::kWorkingDays}, "R11"};
  EXPECT_FALSE(deadlines.after(seven, at(2026, 12, 28, 10)));
}

TEST(CalendarWarning, ACC_1_TheHealthWarningNamesTheMissingYearAhead) {
  const WorkingDayCalendar cal = calendar_2026(WorkingDayCalendar::Mode::kWeekendFallback);
  auto w = calendar_warning(cal, at(2026, 12, 6, 10));
  ASSERT_TRUE(w);
  EXPECT_NE(w->find("2027"), std::string::npos) << *w;
  EXPECT_NE(w->find("weekends only"), std::string::npos) << *w;
  EXPECT_FALSE(calendar_warning(cal, at(2026, 3, 2, 10)));  // 2027 is more than 90 days away
}

}  // namespace
}  // namespace hotline
