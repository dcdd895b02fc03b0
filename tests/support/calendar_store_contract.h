#pragma once
// The contract of the CalendarStore port (core/ports/calendar_store.h), a
// typed gtest suite every implementation runs: SQLite in adapter_tests
// (tests/adapters/calendar_store_contract_sqlite_test.cc), PostgreSQL in
// pg_tests (tests/postgresql/pg_calendar_store_contract_test.cc). The
// factory gives open(hasher) and audit_log(hasher) as
// support/side_store_audit.h describes, plus set_up() and tear_down().
// The 2027 dates are TEST DATA, not the State Council's notice.
//
// SPEC: issue 9, item 13 (a year entered on the platform is kept whole with
// who entered it and when, refused the second time; a mis-entered notice is
// corrected with a reason, every version numbered), SEC-2 (a change commits
// with its audit entry, or nothing is stored); the text rule (UTF-8 without
// NUL; 𠮷 round-trips).

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/calendar/holiday_notice.h"
#include "core/ports/calendar_store.h"
#include "support/side_store_audit.h"

namespace hotline::testing {

template <typename Factory>
class CalendarStoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    factory_.set_up();
    store_ = factory_.open(nullptr);
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    factory_.tear_down();
  }

  static CalendarYear year(int y = 2027, const char* last_day = "01-05") {
    const std::string prefix = std::to_string(y) + "-";
    CalendarYear c;
    c.year = y;
    c.notice = "测试用通知";
    c.source = "测试〔2026〕1号";
    c.url = "https://example.invalid/" + std::to_string(y);
    c.periods = {{"测试节𠮷", *parse_date(prefix + "01-04"), *parse_date(prefix + last_day), {}}};
    // A make-up working day must be a Saturday or Sunday: 9 January is one
    // in 2027 (Saturday) and 2028 (Sunday).
    if (y == 2027 || y == 2028) c.periods[0].makeup_working_days = {*parse_date(prefix + "01-09")};
    auto checked = check_holiday_notice(c);
    EXPECT_TRUE(checked) << checked.error().describe();
    return checked ? *checked : c;
  }
  static Actor admin() { return {"admin", Role::kAdministrator, "office"}; }
  static Instant when() { return at_local(*parse_date("2026-12-06"), Seconds{9 * 3600}); }
  std::vector<StoredCalendarYear> years() {
    auto all = store_->load_years();
    EXPECT_TRUE(all) << all.error().describe();
    return all ? *all : std::vector<StoredCalendarYear>{};
  }

  Factory factory_;
  std::unique_ptr<CalendarStore> store_;
};

TYPED_TEST_SUITE_P(CalendarStoreContract);

TYPED_TEST_P(CalendarStoreContract, ISSUE9_13_AYearIsKeptWholeWithWhoEnteredItAndRefusedTwice) {
  auto& store = *this->store_;
  ASSERT_TRUE(store.add_year(this->year(2028), this->admin(), this->when(), nullptr));
  ASSERT_TRUE(store.add_year(this->year(), this->admin(), this->when(), nullptr));
  auto again = store.add_year(this->year(), this->admin(), this->when(), nullptr);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "year");

  auto other = this->factory_.open(nullptr);  // another process or node sees the same
  ASSERT_NE(other, nullptr);
  auto years = other->load_years();
  ASSERT_TRUE(years) << years.error().describe();
  ASSERT_EQ(years->size(), 2u);
  const StoredCalendarYear& y = years->front();  // oldest first
  EXPECT_EQ(y.year.year, 2027);
  EXPECT_EQ(y.entered_by, "admin");
  EXPECT_EQ(y.entered_at, this->when());
  EXPECT_EQ(y.revision, 0);
  EXPECT_FALSE(y.corrected_at);
  EXPECT_TRUE(y.corrected_by.empty());
  EXPECT_EQ(y.year.notice, "测试用通知");
  EXPECT_EQ(y.year.source, "测试〔2026〕1号");
  EXPECT_EQ(y.year.url, "https://example.invalid/2027");
  ASSERT_EQ(y.year.periods.size(), 1u);
  EXPECT_EQ(y.year.periods[0].name, "测试节𠮷");
  EXPECT_EQ(y.year.holidays.size(), 2u);
  ASSERT_EQ(y.year.makeup_working_days.size(), 1u);
  EXPECT_EQ(format_date(y.year.makeup_working_days[0]), "2027-01-09");
  EXPECT_EQ(years->back().year.year, 2028);
}

TYPED_TEST_P(CalendarStoreContract, ISSUE9_13_CorrectionsAreNumberedAndTheLatestIsLoaded) {
  auto& store = *this->store_;
  ASSERT_TRUE(store.add_year(this->year(), this->admin(), this->when(), nullptr));
  // The notice said 4–6 January, not 4–5.
  const Actor fixer{"admin.wang", Role::kAdministrator, "office"};
  const Instant later = this->when() + Seconds{3600};
  ASSERT_TRUE(store.correct_year(this->year(2027, "01-06"), fixer, later, "1月6日漏录𠮷", nullptr));
  auto other = this->factory_.open(nullptr);
  ASSERT_NE(other, nullptr);
  auto years = other->load_years();
  ASSERT_TRUE(years);
  ASSERT_EQ(years->size(), 1u);
  const StoredCalendarYear& y = years->front();
  EXPECT_EQ(y.revision, 1);
  EXPECT_EQ(y.year.holidays.size(), 3u);
  EXPECT_EQ(y.corrected_by, "admin.wang");
  EXPECT_EQ(y.corrected_at, later);
  EXPECT_EQ(y.correction_reason, "1月6日漏录𠮷");
  EXPECT_EQ(y.entered_by, "admin") << "who entered it first stays";
  EXPECT_EQ(y.entered_at, this->when());

  ASSERT_TRUE(
      other->correct_year(this->year(), this->admin(), later + Seconds{60}, "再次更正", nullptr));
  const auto back = this->years();
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].revision, 2);
  EXPECT_EQ(back[0].year.holidays.size(), 2u);
  EXPECT_EQ(back[0].correction_reason, "再次更正");

  auto unknown = store.correct_year(this->year(2031), this->admin(), later, "x", nullptr);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().field, "year");
}

// Two processes or nodes writing at once: the same year is added once, and
// corrections of one year take revisions one after the other, none lost.
TYPED_TEST_P(CalendarStoreContract, ISSUE9_13_TwoInstancesWritingAtOnceLoseNothing) {
  auto other = this->factory_.open(nullptr);
  ASSERT_NE(other, nullptr);
  Status a, b;
  std::thread ta(
      [&] { a = this->store_->add_year(this->year(), this->admin(), this->when(), nullptr); });
  std::thread tb([&] { b = other->add_year(this->year(), this->admin(), this->when(), nullptr); });
  ta.join();
  tb.join();
  ASSERT_NE(static_cast<bool>(a), static_cast<bool>(b));
  EXPECT_EQ((a ? b : a).error().code, ErrorCode::kConflict);

  constexpr int kEach = 10;
  std::atomic<int> failed{0};
  auto correct = [&](CalendarStore& store, const char* who) {
    for (int i = 0; i < kEach; ++i) {
      const Actor by{who, Role::kAdministrator, "office"};
      if (!store.correct_year(this->year(), by, this->when(), "更正", nullptr)) ++failed;
    }
  };
  std::thread tc([&] { correct(*this->store_, "admin.a"); });
  std::thread td([&] { correct(*other, "admin.b"); });
  tc.join();
  td.join();
  EXPECT_EQ(failed.load(), 0);
  const auto years = this->years();
  ASSERT_EQ(years.size(), 1u);
  EXPECT_EQ(years[0].revision, 2 * kEach);
}

TYPED_TEST_P(CalendarStoreContract, SEC_2_ISSUE9_13_AChangeCommitsWithItsAuditEntry) {
  start_audit_log(this->factory_);
  auto store = this->factory_.open(std::make_shared<TestAuditHasher>());
  ASSERT_NE(store, nullptr);
  CommandAudit added = command_audit("command:calendar-add-year", "2027");
  ASSERT_TRUE(store->add_year(this->year(), this->admin(), this->when(), &added));
  EXPECT_TRUE(added.committed);
  CommandAudit corrected = command_audit("command:calendar-correct-year", "2027");
  ASSERT_TRUE(store->correct_year(this->year(2027, "01-06"), this->admin(), this->when(), "漏录",
                                  &corrected));
  EXPECT_TRUE(corrected.committed);
  auto log = this->factory_.audit_log(std::make_shared<TestAuditHasher>());
  ASSERT_NE(log, nullptr);
  const auto entries = read_entries(*log);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].record.action, "command:calendar-add-year");
  EXPECT_EQ(entries[1].record.target, "2027");
  EXPECT_EQ(entries[2].record.action, "command:calendar-correct-year");
  EXPECT_EQ(entries[1].prev_hash, entries[0].hash) << "one chain";
  EXPECT_EQ(entries[2].prev_hash, entries[1].hash);
}

TYPED_TEST_P(CalendarStoreContract, SEC_2_ISSUE9_13_WithAnEntryThatCannotBeWrittenNothingIsStored) {
  start_audit_log(this->factory_);
  ASSERT_TRUE(this->store_->add_year(this->year(2028), this->admin(), this->when(), nullptr));
  {
    auto store = this->factory_.open(std::make_shared<TestAuditHasher>());
    ASSERT_NE(store, nullptr);
    CommandAudit bad = command_audit("command:calendar-add-year", "2027");
    bad.record.actor.id = std::string("a\0b", 3);
    ASSERT_FALSE(store->add_year(this->year(), this->admin(), this->when(), &bad));
    EXPECT_FALSE(bad.committed);
  }
  {
    auto store = this->factory_.open(std::make_shared<OtherAuditHasher>());
    ASSERT_NE(store, nullptr);
    CommandAudit chained = command_audit("command:calendar-add-year", "2027");
    auto added = store->add_year(this->year(), this->admin(), this->when(), &chained);
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, ErrorCode::kStorage) << added.error().describe();
    EXPECT_FALSE(chained.committed);
    CommandAudit corrected = command_audit("command:calendar-correct-year", "2028");
    auto correction = store->correct_year(this->year(2028, "01-06"), this->admin(), this->when(),
                                          "漏录", &corrected);
    ASSERT_FALSE(correction);
    EXPECT_FALSE(corrected.committed);
  }
  CommandAudit handed = command_audit("command:calendar-add-year", "2029");
  ASSERT_FALSE(this->store_->add_year(this->year(2029), this->admin(), this->when(), &handed));
  EXPECT_FALSE(handed.committed);

  const auto years = this->years();
  ASSERT_EQ(years.size(), 1u) << "only 2028, entered without an entry";
  EXPECT_EQ(years[0].year.year, 2028);
  EXPECT_EQ(years[0].revision, 0);
  auto log = this->factory_.audit_log(std::make_shared<TestAuditHasher>());
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(read_entries(*log).size(), 1u) << "only the first entry";
}

TYPED_TEST_P(CalendarStoreContract, TextThatIsNotUtf8OrHoldsNulIsRefusedNamingTheField) {
  auto& store = *this->store_;
  CalendarYear y = this->year();
  y.notice = std::string("通知\0", 7);
  auto added = store.add_year(y, this->admin(), this->when(), nullptr);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(added.error().field, "notice");
  y = this->year();
  y.periods[0].name = "\xff";
  added = store.add_year(y, this->admin(), this->when(), nullptr);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().field, "periods[0].name");
  EXPECT_TRUE(this->years().empty());
  ASSERT_TRUE(store.add_year(this->year(), this->admin(), this->when(), nullptr));
  auto corrected = store.correct_year(this->year(), this->admin(), this->when(), "\xe4", nullptr);
  ASSERT_FALSE(corrected);
  EXPECT_EQ(corrected.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(corrected.error().field, "reason");
  EXPECT_EQ(this->years().at(0).revision, 0);
}

REGISTER_TYPED_TEST_SUITE_P(CalendarStoreContract,
                            ISSUE9_13_AYearIsKeptWholeWithWhoEnteredItAndRefusedTwice,
                            ISSUE9_13_CorrectionsAreNumberedAndTheLatestIsLoaded,
                            ISSUE9_13_TwoInstancesWritingAtOnceLoseNothing,
                            SEC_2_ISSUE9_13_AChangeCommitsWithItsAuditEntry,
                            SEC_2_ISSUE9_13_WithAnEntryThatCannotBeWrittenNothingIsStored,
                            TextThatIsNotUtf8OrHoldsNulIsRefusedNamingTheField);

}  // namespace hotline::testing
