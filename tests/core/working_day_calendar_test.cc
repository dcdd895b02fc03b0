// The working-day calendar and the deadline clock. The calendar data here is
// typed in from the State Council notices for 2024-2026, independently of
// data/calendar/china.toml (which tests/adapters/calendar_file_test.cc checks
// against the holiday-cn data), so a mistake in one shows up against the other.
// SPEC: HND-2, HND-3, ACC-1, RET-1, EXT-1

#include "core/calendar/working_day_calendar.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar/deadline_clock.h"

namespace hotline {
namespace {

using std::chrono::days;

LocalDate D(const char* text) {
  auto d = parse_date(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(LocalDate{});
}

// Local Asia/Shanghai time, e.g. "2026-02-12T10:00".
Instant T(const char* text) {
  auto t = parse_iso8601(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Instant{});
}

// Unwraps a result; on an error the test fails with its message.
template <typename V>
V ok(const Result<V>& r) {
  if (r) return *r;
  ADD_FAILURE() << r.error().message;
  return V{};
}

struct Span {
  const char* from;
  const char* to;
};

CalendarYear make_year(int year, std::vector<Span> off, std::vector<const char*> makeup) {
  CalendarYear y;
  y.year = year;
  y.source = "test";
  for (const Span& s : off) {
    for (LocalDate d = D(s.from); d <= D(s.to); d += days{1}) y.holidays.push_back(d);
  }
  for (const char* m : makeup) y.makeup_working_days.push_back(D(m));
  return y;
}

std::vector<CalendarYear> china_2024_2026() {
  return {
      // 国办发明电〔2023〕7号
      make_year(2024,
                {{"2024-01-01", "2024-01-01"},
                 {"2024-02-10", "2024-02-17"},
                 {"2024-04-04", "2024-04-06"},
                 {"2024-05-01", "2024-05-05"},
                 {"2024-06-10", "2024-06-10"},
                 {"2024-09-15", "2024-09-17"},
                 {"2024-10-01", "2024-10-07"}},
                {"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
                 "2024-09-29", "2024-10-12"}),
      // 国办发明电〔2024〕12号
      make_year(2025,
                {{"2025-01-01", "2025-01-01"},
                 {"2025-01-28", "2025-02-04"},
                 {"2025-04-04", "2025-04-06"},
                 {"2025-05-01", "2025-05-05"},
                 {"2025-05-31", "2025-06-02"},
                 {"2025-10-01", "2025-10-08"}},
                {"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"}),
      // 国办发明电〔2025〕7号
      make_year(
          2026,
          {{"2026-01-01", "2026-01-03"},
           {"2026-02-15", "2026-02-23"},
           {"2026-04-04", "2026-04-06"},
           {"2026-05-01", "2026-05-05"},
           {"2026-06-19", "2026-06-21"},
           {"2026-09-25", "2026-09-27"},
           {"2026-10-01", "2026-10-07"}},
          {"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}),
  };
}

WorkingDayCalendar strict_calendar() {
  auto cal = WorkingDayCalendar::create(china_2024_2026());
  EXPECT_TRUE(cal.has_value()) << (cal ? "" : cal.error().message);
  return std::move(cal).value();
}

// A slow reference: step day by day, asking only is_working_day.
Instant naive_add(const WorkingDayCalendar& cal, Instant from, int n) {
  LocalDate d = local_date(from);
  Seconds tod = local_time_of_day(from);
  if (!ok(cal.is_working_day(d))) {
    do d += days{1};
    while (!ok(cal.is_working_day(d)));
    tod = Seconds{0};
  }
  for (int i = 0; i < n; ++i) {
    do d += days{1};
    while (!ok(cal.is_working_day(d)));
  }
  return at_local(d, tod);
}

// The latest L with add(L) <= deadline by bisection over seconds; valid
// because add is monotone in `from`. `lo` must satisfy add(lo) <= deadline.
template <typename Add>
Instant bisect_latest(Instant lo, Instant deadline, Add add) {
  if (add(deadline) <= deadline) return deadline;  // n == 0 on a working day
  Instant hi = deadline;                           // add(hi) > deadline >= add(lo)
  while (hi - lo > Seconds{1}) {
    const Instant mid = lo + (hi - lo) / 2;
    (add(mid) <= deadline ? lo : hi) = mid;
  }
  return lo;
}

// Random instants between `from` and `to` local dates, a quarter of them
// right at or around midnight, where the day-boundary rules bite.
class InstantSource {
 public:
  InstantSource(const char* from, const char* to)
      : first_(at_local(D(from))), seconds_((at_local(D(to)) - first_).count()) {}
  Instant next() {
    Instant t = first_ + Seconds{std::uniform_int_distribution<long long>(0, seconds_ - 1)(rng_)};
    switch (std::uniform_int_distribution<int>(0, 7)(rng_)) {
      case 0:
        return at_local(local_date(t));
      case 1:
        return at_local(local_date(t) + days{1}) - Seconds{1};
      default:
        return t;
    }
  }
  int n(int max) { return std::uniform_int_distribution<int>(0, max)(rng_); }

 private:
  std::mt19937 rng_{20260215};
  Instant first_;
  long long seconds_;
};

// --- Data: which days work ---------------------------------------------------

TEST(WorkingDayCalendar, HolidaysAndMakeUpDaysOf2025And2026) {
  const auto cal = strict_calendar();
  struct Case {
    const char* date;
    bool working;
  };
  const Case cases[] = {
      // 2025 春节: 1-28..2-4 off; Sunday 1-26 and Saturday 2-8 worked.
      {"2025-01-24", true},
      {"2025-01-25", false},
      {"2025-01-26", true},
      {"2025-01-27", true},
      {"2025-01-28", false},
      {"2025-01-31", false},
      {"2025-02-04", false},
      {"2025-02-05", true},
      {"2025-02-07", true},
      {"2025-02-08", true},
      {"2025-02-09", false},
      // 2025 劳动节: 5-1..5-5 off; Sunday 4-27 worked.
      {"2025-04-26", false},
      {"2025-04-27", true},
      {"2025-04-30", true},
      {"2025-05-01", false},
      {"2025-05-05", false},
      {"2025-05-06", true},
      // 2025 国庆节、中秋节: 10-1..10-8 off; Sunday 9-28 and Saturday 10-11 worked.
      {"2025-09-27", false},
      {"2025-09-28", true},
      {"2025-09-30", true},
      {"2025-10-01", false},
      {"2025-10-08", false},
      {"2025-10-09", true},
      {"2025-10-11", true},
      {"2025-10-12", false},
      // 2026 春节: 2-15..2-23 off; Saturdays 2-14 and 2-28 worked.
      {"2026-02-13", true},
      {"2026-02-14", true},
      {"2026-02-15", false},
      {"2026-02-16", false},
      {"2026-02-20", false},
      {"2026-02-23", false},
      {"2026-02-24", true},
      {"2026-02-27", true},
      {"2026-02-28", true},
      {"2026-03-01", false},
      // 2026 劳动节: 5-1..5-5 off; Saturday 5-9 worked.
      {"2026-04-30", true},
      {"2026-05-01", false},
      {"2026-05-05", false},
      {"2026-05-06", true},
      {"2026-05-09", true},
      {"2026-05-10", false},
      // 2026 国庆节: 10-1..10-7 off; Sunday 9-20 and Saturday 10-10 worked; 中秋节 9-25 off.
      {"2026-09-19", false},
      {"2026-09-20", true},
      {"2026-09-25", false},
      {"2026-09-30", true},
      {"2026-10-01", false},
      {"2026-10-07", false},
      {"2026-10-08", true},
      {"2026-10-10", true},
      {"2026-10-11", false},
  };
  for (const Case& c : cases) {
    auto w = cal.is_working_day(D(c.date));
    ASSERT_TRUE(w.has_value()) << c.date;
    EXPECT_EQ(*w, c.working) << c.date;
  }
}

TEST(WorkingDayCalendar, WorkingDaysPerYear) {
  const auto cal = strict_calendar();
  EXPECT_EQ(ok(cal.working_days_between(D("2024-01-01"), D("2025-01-01"))), 251);
  EXPECT_EQ(ok(cal.working_days_between(D("2025-01-01"), D("2026-01-01"))), 248);
  EXPECT_EQ(ok(cal.working_days_between(D("2026-01-01"), D("2027-01-01"))), 248);
  EXPECT_EQ(ok(cal.working_days_between(D("2026-02-14"), D("2026-02-14"))), 0);
  EXPECT_EQ(cal.first_year(), 2024);
  EXPECT_EQ(cal.last_year(), 2026);
}

TEST(WorkingDayCalendar, NextWorkingDay) {
  const auto cal = strict_calendar();
  EXPECT_EQ(ok(cal.next_working_day(D("2026-02-13"))), D("2026-02-14"));
  EXPECT_EQ(ok(cal.next_working_day(D("2026-02-14"))), D("2026-02-24"));
  EXPECT_EQ(ok(cal.next_working_day(D("2025-01-24"))), D("2025-01-26"));
  EXPECT_EQ(ok(cal.next_working_day(D("2024-12-31"))), D("2025-01-02"));
}

// --- add_working_days ----------------------------------------------------------

TEST(WorkingDayCalendar, HND_2_SevenWorkingDaysAcrossSpringFestival2026) {
  const auto cal = strict_calendar();
  // Thu 2-12: Fri 13, Sat 14 (make-up), Tue 24 .. Fri 27, Sat 28 (make-up).
  EXPECT_EQ(ok(cal.add_working_days(T("2026-02-12T10:00"), 7)), T("2026-02-28T10:00"));
  EXPECT_EQ(ok(cal.add_working_days(T("2026-02-13T16:30"), 7)), T("2026-03-02T16:30"));
}

TEST(WorkingDayCalendar, HND_2_SevenWorkingDaysAcrossSpringFestival2025) {
  const auto cal = strict_calendar();
  // Fri 1-24: Sun 26 (make-up), Mon 27, Wed 2-5 .. Fri 2-7, Sat 2-8 (make-up), Mon 2-10.
  EXPECT_EQ(ok(cal.add_working_days(T("2025-01-24T09:15:30"), 7)), T("2025-02-10T09:15:30"));
}

TEST(WorkingDayCalendar, HND_3_FiveWorkingDaysAcrossNationalDay) {
  const auto cal = strict_calendar();
  // Fri 2025-09-26: Sun 28 (make-up), 29, 30, Thu 10-9, Fri 10-10.
  EXPECT_EQ(ok(cal.add_working_days(T("2025-09-26T15:00"), 5)), T("2025-10-10T15:00"));
  // Wed 2026-09-30: Thu 10-8, Fri 10-9, Sat 10-10 (make-up), Mon 10-12, Tue 10-13.
  EXPECT_EQ(ok(cal.add_working_days(T("2026-09-30T11:00"), 5)), T("2026-10-13T11:00"));
  // Fri 2026-09-18: the next working day is the make-up Sunday 9-20.
  EXPECT_EQ(ok(cal.add_working_days(T("2026-09-18T08:00"), 1)), T("2026-09-20T08:00"));
}

TEST(WorkingDayCalendar, HND_3_ThreeWorkingDaysAcrossLabourDay) {
  const auto cal = strict_calendar();
  // Fri 2025-04-25: Sun 4-27 (make-up), Mon 4-28, Tue 4-29.
  EXPECT_EQ(ok(cal.add_working_days(T("2025-04-25T10:00"), 3)), T("2025-04-29T10:00"));
  // Wed 2025-04-30: Tue 5-6, Wed 5-7, Thu 5-8.
  EXPECT_EQ(ok(cal.add_working_days(T("2025-04-30T16:00"), 3)), T("2025-05-08T16:00"));
  // Thu 2026-04-30: Wed 5-6, Thu 5-7, Fri 5-8; then Sat 5-9 is worked.
  EXPECT_EQ(ok(cal.add_working_days(T("2026-04-30T10:00"), 3)), T("2026-05-08T10:00"));
  EXPECT_EQ(ok(cal.add_working_days(T("2026-04-30T10:00"), 4)), T("2026-05-09T10:00"));
}

TEST(WorkingDayCalendar, ACC_1_OneWorkingDayFromSaturdayEndsTuesdayMidnight) {
  const auto cal = strict_calendar();
  // Counting starts at 00:00 of Monday, the next working day.
  EXPECT_EQ(ok(cal.add_working_days(T("2026-03-07T10:00"), 1)), T("2026-03-10T00:00"));
  EXPECT_EQ(ok(cal.add_working_days(T("2026-03-08T23:59:59"), 1)), T("2026-03-10T00:00"));
  // From inside the Spring Festival: counting starts Tue 2-24 00:00.
  EXPECT_EQ(ok(cal.add_working_days(T("2026-02-16T10:00"), 1)), T("2026-02-25T00:00"));
  // A Friday evening call: Monday, same time.
  EXPECT_EQ(ok(cal.add_working_days(T("2026-03-06T21:30"), 1)), T("2026-03-09T21:30"));
}

TEST(WorkingDayCalendar, RET_1_ReturnWithinOneOrTwoWorkingDaysOfReceipt) {
  const auto cal = strict_calendar();
  // Received on the make-up Saturday 2026-02-14: the holiday follows.
  EXPECT_EQ(ok(cal.add_working_days(T("2026-02-14T14:00"), 1)), T("2026-02-24T14:00"));
  EXPECT_EQ(ok(cal.add_working_days(T("2026-02-14T14:00"), 2)), T("2026-02-25T14:00"));
}

TEST(WorkingDayCalendar, ZeroWorkingDays) {
  const auto cal = strict_calendar();
  // On a working day: the instant itself.
  EXPECT_EQ(ok(cal.add_working_days(T("2026-03-09T10:00"), 0)), T("2026-03-09T10:00"));
  EXPECT_EQ(ok(cal.add_working_days(T("2026-02-14T10:00"), 0)), T("2026-02-14T10:00"));
  // Otherwise: the start of the next working day.
  EXPECT_EQ(ok(cal.add_working_days(T("2026-03-07T10:00"), 0)), T("2026-03-09T00:00"));
  EXPECT_EQ(ok(cal.add_working_days(T("2026-02-20T10:00"), 0)), T("2026-02-24T00:00"));
}

TEST(WorkingDayCalendar, YearBoundary2024To2025) {
  const auto cal = strict_calendar();
  // 2025-01-01 is a holiday.
  EXPECT_EQ(ok(cal.add_working_days(T("2024-12-31T17:00"), 1)), T("2025-01-02T17:00"));
  EXPECT_EQ(ok(cal.add_working_days(T("2024-12-27T09:00"), 3)), T("2025-01-02T09:00"));
  EXPECT_EQ(ok(cal.add_working_days(T("2024-12-28T09:00"), 3)), T("2025-01-03T00:00"));
  EXPECT_EQ(ok(cal.working_days_between(D("2024-12-28"), D("2025-01-06"))), 4);
  EXPECT_EQ(ok(cal.latest_before(T("2025-01-02T17:00"), 1)), T("2024-12-31T17:00"));
}

TEST(WorkingDayCalendar, RejectsNegativeOrHugeCounts) {
  const auto cal = strict_calendar();
  EXPECT_FALSE(cal.add_working_days(T("2026-03-09T10:00"), -1).has_value());
  EXPECT_FALSE(cal.latest_before(T("2026-03-09T10:00"), -1).has_value());
  EXPECT_FALSE(cal.add_working_days(T("2026-03-09T10:00"), 1 << 30).has_value());
}

// --- latest_before ---------------------------------------------------------------

TEST(WorkingDayCalendar, EXT_1_ApplyAtLeastOneWorkingDayBeforeTheDeadline) {
  const auto cal = strict_calendar();
  // Deadline on the make-up Saturday 2026-02-28: apply by Friday, same time.
  EXPECT_EQ(ok(cal.latest_before(T("2026-02-28T10:00"), 1)), T("2026-02-27T10:00"));
  // Deadline the first day after the Spring Festival: the make-up Saturday before it.
  EXPECT_EQ(ok(cal.latest_before(T("2026-02-24T09:00"), 1)), T("2026-02-14T09:00"));
  // Deadline on a Sunday: everything must end by Friday, so apply by the
  // last second of Thursday.
  EXPECT_EQ(ok(cal.latest_before(T("2026-03-08T12:00"), 1)), T("2026-03-05T23:59:59"));
  EXPECT_EQ(ok(cal.latest_before(T("2026-03-08T12:00"), 0)), T("2026-03-06T23:59:59"));
  EXPECT_EQ(ok(cal.latest_before(T("2026-03-09T12:00"), 0)), T("2026-03-09T12:00"));
}

// --- Strict and fallback modes -------------------------------------------------------

TEST(WorkingDayCalendar, StrictModeRefuses2027WhichHasNoData) {
  const auto cal = strict_calendar();
  auto w = cal.is_working_day(D("2027-03-01"));
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error().code, ErrorCode::kPolicyInvalid);
  EXPECT_NE(w.error().message.find("2027"), std::string::npos) << w.error().message;
  EXPECT_NE(w.error().message.find("data/calendar"), std::string::npos) << w.error().message;
  EXPECT_NE(w.error().message_zh.find("2027年"), std::string::npos) << w.error().message_zh;

  // Starting in 2026 and ending in 2027 is refused too, naming 2027.
  auto a = cal.add_working_days(T("2026-12-29T10:00"), 5);
  ASSERT_FALSE(a.has_value());
  EXPECT_NE(a.error().message.find("2027"), std::string::npos) << a.error().message;
  // The last days that fit still work.
  EXPECT_EQ(ok(cal.add_working_days(T("2026-12-29T10:00"), 2)), T("2026-12-31T10:00"));

  auto before = cal.latest_before(T("2024-01-02T10:00"), 2);
  ASSERT_FALSE(before.has_value());
  EXPECT_NE(before.error().message.find("2023"), std::string::npos) << before.error().message;
  EXPECT_FALSE(cal.working_days_between(D("2026-12-01"), D("2027-01-02")).has_value());
  EXPECT_TRUE(cal.working_days_between(D("2026-12-01"), D("2027-01-01")).has_value());
}

TEST(WorkingDayCalendar, FallbackModeCountsWeekendsAndReportsEveryUse) {
  std::vector<int> reported;
  auto created =
      WorkingDayCalendar::create(china_2024_2026(), WorkingDayCalendar::Mode::kWeekendFallback,
                                 [&reported](int year) { reported.push_back(year); });
  ASSERT_TRUE(created.has_value());
  const auto& cal = *created;
  EXPECT_EQ(cal.mode(), WorkingDayCalendar::Mode::kWeekendFallback);

  // Known years: data as usual, nothing reported.
  EXPECT_FALSE(ok(cal.is_working_day(D("2026-10-01"))));
  EXPECT_TRUE(reported.empty());

  // 2027-01-01 is a Friday: a working day by weekends alone, and reported.
  EXPECT_TRUE(ok(cal.is_working_day(D("2027-01-01"))));
  EXPECT_FALSE(ok(cal.is_working_day(D("2027-01-02"))));
  EXPECT_EQ(reported, (std::vector<int>{2027, 2027}));

  // Across the edge: Thu 2026-12-31 + 2 = Fri 1-1, Mon 1-4.
  reported.clear();
  EXPECT_EQ(ok(cal.add_working_days(T("2026-12-31T10:00"), 2)), T("2027-01-04T10:00"));
  EXPECT_EQ(reported, (std::vector<int>{2027}));
  reported.clear();
  EXPECT_EQ(ok(cal.add_working_days(T("2023-12-29T10:00"), 1)), T("2024-01-02T10:00"));
  EXPECT_EQ(reported, (std::vector<int>{2023}));
  reported.clear();
  EXPECT_EQ(ok(cal.latest_before(T("2027-01-04T10:00"), 2)), T("2026-12-31T10:00"));
  EXPECT_EQ(reported, (std::vector<int>{2027}));
}

TEST(WorkingDayCalendar, FallbackAgreesWithDayByDayCountingOutsideTheData) {
  auto created = WorkingDayCalendar::create(china_2024_2026(),
                                            WorkingDayCalendar::Mode::kWeekendFallback, [](int) {});
  ASSERT_TRUE(created.has_value());
  InstantSource source("2022-01-01", "2029-01-01");
  for (int i = 0; i < 3000; ++i) {
    const Instant from = source.next();
    const int n = source.n(40);
    EXPECT_EQ(ok(created->add_working_days(from, n)), naive_add(*created, from, n))
        << format_iso8601(from) << " + " << n;
  }
}

TEST(WorkingDayCalendar, FallbackWithoutAnyYearIsWeekendsOnly) {
  int calls = 0;
  auto created = WorkingDayCalendar::create({}, WorkingDayCalendar::Mode::kWeekendFallback,
                                            [&calls](int) { ++calls; });
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(ok(created->add_working_days(T("2026-02-13T10:00"), 1)), T("2026-02-16T10:00"));
  EXPECT_EQ(ok(created->working_days_between(D("2026-02-02"), D("2026-02-16"))), 10);
  EXPECT_EQ(calls, 2);
  EXPECT_FALSE(WorkingDayCalendar::create({}).has_value());  // strict needs data
}

// --- Invalid data ------------------------------------------------------------------

TEST(WorkingDayCalendar, RejectsAHolidayThatIsAlsoAMakeUpDay) {
  auto years = china_2024_2026();
  years[2].makeup_working_days.push_back(D("2026-02-15"));  // a Sunday inside 春节
  auto cal = WorkingDayCalendar::create(years);
  ASSERT_FALSE(cal.has_value());
  EXPECT_EQ(cal.error().code, ErrorCode::kPolicyInvalid);
  EXPECT_NE(cal.error().message.find("2026-02-15"), std::string::npos) << cal.error().message;
}

TEST(WorkingDayCalendar, RejectsAMakeUpDayOnAWeekday) {
  auto years = china_2024_2026();
  years[1].makeup_working_days.push_back(D("2025-03-05"));  // a Wednesday
  auto cal = WorkingDayCalendar::create(years);
  ASSERT_FALSE(cal.has_value());
  EXPECT_NE(cal.error().message.find("2025-03-05"), std::string::npos) << cal.error().message;
}

TEST(WorkingDayCalendar, RejectsADuplicateYear) {
  auto years = china_2024_2026();
  years.push_back(years[1]);
  auto cal = WorkingDayCalendar::create(years);
  ASSERT_FALSE(cal.has_value());
  EXPECT_NE(cal.error().message.find("2025"), std::string::npos) << cal.error().message;
}

TEST(WorkingDayCalendar, RejectsDatesOutsideTheirYearAndMissingYears) {
  auto years = china_2024_2026();
  years[0].holidays.push_back(D("2025-01-01"));
  EXPECT_FALSE(WorkingDayCalendar::create(years).has_value());

  years = china_2024_2026();
  years.erase(years.begin() + 1);  // 2024 and 2026 without 2025
  auto gap = WorkingDayCalendar::create(years);
  ASSERT_FALSE(gap.has_value());
  EXPECT_NE(gap.error().message.find("2025"), std::string::npos) << gap.error().message;
}

TEST(WorkingDayCalendar, AcceptsYearsInAnyOrder) {
  auto years = china_2024_2026();
  std::reverse(years.begin(), years.end());
  auto cal = WorkingDayCalendar::create(years);
  ASSERT_TRUE(cal.has_value());
  EXPECT_EQ(ok(cal->add_working_days(T("2026-02-12T10:00"), 7)), T("2026-02-28T10:00"));
}

// --- Properties over random instants in 2024-2026 ---------------------------------------

TEST(WorkingDayCalendarProperty, AgreesWithDayByDayCounting) {
  const auto cal = strict_calendar();
  InstantSource source("2024-01-01", "2026-11-01");
  for (int i = 0; i < 5000; ++i) {
    const Instant from = source.next();
    const int n = source.n(30);
    EXPECT_EQ(ok(cal.add_working_days(from, n)), naive_add(cal, from, n))
        << format_iso8601(from) << " + " << n;
  }
}

TEST(WorkingDayCalendarProperty, MonotoneInFromAndInN) {
  const auto cal = strict_calendar();
  InstantSource source("2024-01-01", "2026-11-01");
  for (int i = 0; i < 5000; ++i) {
    const Instant a = source.next();
    const Instant b = source.next();
    const Instant lo = std::min(a, b);
    const Instant hi = std::max(a, b);
    const int n = source.n(30);
    EXPECT_LE(ok(cal.add_working_days(lo, n)), ok(cal.add_working_days(hi, n)))
        << format_iso8601(lo) << " vs " << format_iso8601(hi) << " n=" << n;
    // Neighbouring seconds, the sharpest test of the midnight rule.
    EXPECT_LE(ok(cal.add_working_days(lo, n)), ok(cal.add_working_days(lo + Seconds{1}, n)))
        << format_iso8601(lo) << " n=" << n;
    // One more working day ends strictly later.
    EXPECT_LT(ok(cal.add_working_days(lo, n)), ok(cal.add_working_days(lo, n + 1)))
        << format_iso8601(lo) << " n=" << n;
  }
}

// The exact invariant: the result always falls on a working day, n working
// days after from's day counted by date; the clock time is from's when from's
// day works, and 00:00 when it does not. (So a result at 00:00 after a
// non-working start lies on a working day, not the day after one.)
TEST(WorkingDayCalendarProperty, ResultIsOnAWorkingDayNWorkingDaysLater) {
  const auto cal = strict_calendar();
  InstantSource source("2024-01-01", "2026-11-01");
  for (int i = 0; i < 5000; ++i) {
    const Instant from = source.next();
    const int n = source.n(30);
    const Instant end = ok(cal.add_working_days(from, n));
    const LocalDate from_day = local_date(from);
    const bool from_works = ok(cal.is_working_day(from_day));
    EXPECT_TRUE(ok(cal.is_working_day(local_date(end)))) << format_iso8601(from) << " + " << n;
    EXPECT_EQ(local_time_of_day(end), from_works ? local_time_of_day(from) : Seconds{0})
        << format_iso8601(from) << " + " << n;
    EXPECT_EQ(ok(cal.working_days_between(from_day, local_date(end))), n)
        << format_iso8601(from) << " + " << n;
    EXPECT_GE(end, from);
  }
}

// add(n + m) == add(add(n), m). Stated for a start on a working day; it holds
// from any start, because add always lands on a working day.
TEST(WorkingDayCalendarProperty, AddingInTwoStepsEqualsAddingAtOnce) {
  const auto cal = strict_calendar();
  InstantSource source("2024-01-01", "2026-10-01");
  for (int i = 0; i < 5000; ++i) {
    const Instant from = source.next();
    const int n = source.n(20);
    const int m = source.n(20);
    const Instant two_steps = ok(cal.add_working_days(ok(cal.add_working_days(from, n)), m));
    EXPECT_EQ(ok(cal.add_working_days(from, n + m)), two_steps)
        << format_iso8601(from) << " + " << n << " + " << m;
  }
}

TEST(WorkingDayCalendarProperty, EXT_1_LatestBeforeIsTheLatestInstantThatFits) {
  const auto cal = strict_calendar();
  InstantSource source("2024-03-01", "2027-01-01");
  for (int i = 0; i < 3000; ++i) {
    const Instant deadline = source.next();
    const int n = source.n(30);
    const Instant latest = ok(cal.latest_before(deadline, n));
    EXPECT_LE(ok(cal.add_working_days(latest, n)), deadline)
        << format_iso8601(deadline) << " n=" << n;
    EXPECT_GT(ok(cal.add_working_days(latest + Seconds{1}, n)), deadline)
        << format_iso8601(deadline) << " n=" << n;
  }
  // And against bisection over seconds on the monotone add (which must stay
  // inside the data, hence the earlier end).
  InstantSource inner("2024-03-01", "2026-12-01");
  for (int i = 0; i < 300; ++i) {
    const Instant deadline = inner.next();
    const int n = inner.n(10);
    const Instant expected = bisect_latest(
        deadline - days{40}, deadline, [&](Instant t) { return ok(cal.add_working_days(t, n)); });
    EXPECT_EQ(ok(cal.latest_before(deadline, n)), expected)
        << format_iso8601(deadline) << " n=" << n;
  }
}

// --- The deadline clock ------------------------------------------------------------------

PolicyDuration P(std::int64_t amount, PolicyDuration::Unit unit) { return {amount, unit}; }
using Unit = PolicyDuration::Unit;

TEST(DeadlineClock, ACC_1_ClockTimeIgnoresHolidays) {
  const auto cal = strict_calendar();
  const Instant accepted = T("2026-02-16T23:50");
  EXPECT_EQ(ok(add_period(cal, accepted, P(15, Unit::kMinutes))), T("2026-02-17T00:05"));
  EXPECT_EQ(ok(add_period(cal, accepted, P(24, Unit::kHours))), T("2026-02-17T23:50"));
  EXPECT_EQ(ok(add_period(cal, accepted, P(1, Unit::kCalendarDays))), T("2026-02-17T23:50"));
  EXPECT_EQ(ok(latest_before(cal, T("2026-02-17T00:05"), P(15, Unit::kMinutes))), accepted);
  EXPECT_EQ(ok(latest_before(cal, T("2026-02-18T23:50"), P(2, Unit::kCalendarDays))), accepted);
}

TEST(DeadlineClock, HND_2_WorkingDaysUseTheCalendar) {
  const auto cal = strict_calendar();
  EXPECT_EQ(ok(add_period(cal, T("2026-02-12T10:00"), P(7, Unit::kWorkingDays))),
            T("2026-02-28T10:00"));
  EXPECT_EQ(ok(latest_before(cal, T("2026-02-28T10:00"), P(7, Unit::kWorkingDays))),
            T("2026-02-12T10:00"));
}

TEST(DeadlineClock, MonthsKeepTheDateAndClampToTheMonthEnd) {
  const auto cal = strict_calendar();
  EXPECT_EQ(ok(add_period(cal, T("2026-01-31T10:00"), P(1, Unit::kMonths))), T("2026-02-28T10:00"));
  EXPECT_EQ(ok(add_period(cal, T("2024-01-31T10:00"), P(1, Unit::kMonths))), T("2024-02-29T10:00"));
  EXPECT_EQ(ok(add_period(cal, T("2025-08-31T08:00"), P(6, Unit::kMonths))), T("2026-02-28T08:00"));
  EXPECT_EQ(ok(add_period(cal, T("2025-03-15T08:00"), P(6, Unit::kMonths))), T("2025-09-15T08:00"));
  EXPECT_EQ(ok(add_period(cal, T("2024-02-29T12:00"), P(1, Unit::kYears))), T("2025-02-28T12:00"));
  EXPECT_EQ(ok(add_period(cal, T("2024-02-29T12:00"), P(5, Unit::kYears))), T("2029-02-28T12:00"));
  // Back from a clamped month end: the last day of the earlier month.
  EXPECT_EQ(ok(latest_before(cal, T("2026-02-28T10:00"), P(1, Unit::kMonths))),
            T("2026-01-31T10:00"));
  // Mar 30 is out of reach from February: everything in it ends by Mar 28.
  EXPECT_EQ(ok(latest_before(cal, T("2026-03-30T10:00"), P(1, Unit::kMonths))),
            T("2026-02-28T23:59:59"));
}

TEST(DeadlineClock, RejectsNegativeAndOversizedPeriods) {
  const auto cal = strict_calendar();
  EXPECT_FALSE(add_period(cal, T("2026-01-05T10:00"), P(-1, Unit::kHours)).has_value());
  EXPECT_FALSE(latest_before(cal, T("2026-01-05T10:00"), P(-1, Unit::kMonths)).has_value());
  EXPECT_FALSE(
      add_period(cal, T("2026-01-05T10:00"), P(std::int64_t{1} << 60, Unit::kMinutes)).has_value());
  EXPECT_FALSE(add_period(cal, T("2026-01-05T10:00"), P(1000000, Unit::kYears)).has_value());
  EXPECT_FALSE(add_period(cal, T("2026-01-05T10:00"), P(std::int64_t{1} << 40, Unit::kWorkingDays))
                   .has_value());
}

TEST(DeadlineClockProperty, LatestBeforeMonthsIsTheLatestInstantThatFits) {
  const auto cal = strict_calendar();
  InstantSource source("2024-01-01", "2027-01-01");
  for (int i = 0; i < 3000; ++i) {
    const Instant deadline = source.next();
    const PolicyDuration period =
        source.n(3) == 0 ? P(source.n(5), Unit::kYears) : P(source.n(30), Unit::kMonths);
    const Instant latest = ok(latest_before(cal, deadline, period));
    EXPECT_LE(ok(add_period(cal, latest, period)), deadline)
        << format_iso8601(deadline) << " " << period.amount;
    EXPECT_GT(ok(add_period(cal, latest + Seconds{1}, period)), deadline)
        << format_iso8601(deadline) << " " << period.amount;
  }
}

}  // namespace
}  // namespace hotline
