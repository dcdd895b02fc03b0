#pragma once
// The contract of the OversightStore port (core/ports/oversight_store.h), a
// typed gtest suite every implementation runs: SQLite in adapter_tests
// (tests/adapters/oversight_store_contract_sqlite_test.cc), PostgreSQL in
// pg_tests (tests/postgresql/pg_oversight_store_contract_test.cc). The
// factory gives open(hasher) and audit_log(hasher) as
// support/side_store_audit.h describes, plus set_up() and tear_down().
//
// SPEC: EVA-2 (circulations kept, filtered by unit and month, newest first;
// the figures read the months a period touches), EVA-4 (an opinion is
// answered once), SEC-2 (a change commits with its audit entry, or nothing
// is stored); the text rule (UTF-8 without NUL; 𠮷 round-trips).

#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/oversight/store_circulations.h"
#include "core/ports/oversight_store.h"
#include "support/side_store_audit.h"

namespace hotline::testing {

template <typename Factory>
class OversightStoreContract : public ::testing::Test {
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

  static oversight::Circulation circulation(std::string unit, std::string month) {
    using namespace oversight;
    Circulation c;
    c.unit = std::move(unit);
    c.month = std::move(month);
    c.ground = CirculationGround::kMediaExposure;
    c.kind = kind_of(c.ground);
    c.article = std::string(article_of(c.ground));
    c.reason = "𠮷祥里积水问题被媒体曝光𡒄";
    c.work_orders = {"2026110100000001-1", "2026110100000002-1"};
    c.indicators = {"on-time-reply"};
    c.recorded_by = Actor{"supervisor.li", Role::kSupervisor, "office"};
    c.recorded_at = Instant{Seconds{1793000000}};
    return c;
  }
  static oversight::Opinion opinion(std::string author) {
    oversight::Opinion o;
    o.author = std::move(author);
    o.work_order = "2026110100000001-1";
    o.text = "答复内容较为简单𠮷";
    o.created_at = Instant{Seconds{1793000000}};
    return o;
  }
  std::size_t circulations() {
    auto all = store_->list_circulations({});
    EXPECT_TRUE(all) << all.error().describe();
    return all ? all->size() : 0;
  }

  Factory factory_;
  std::unique_ptr<OversightStore> store_;
};

TYPED_TEST_SUITE_P(OversightStoreContract);

TYPED_TEST_P(OversightStoreContract, EVA_2_CirculationsAreKeptAndFilteredNewestFirst) {
  using namespace oversight;
  auto& store = *this->store_;
  auto a = store.add_circulation(this->circulation("dept.a", "2026-11"), nullptr);
  ASSERT_TRUE(a) << a.error().describe();
  EXPECT_GT(a->id, 0);
  ASSERT_TRUE(store.add_circulation(this->circulation("dept.b", "2026-11"), nullptr));
  ASSERT_TRUE(store.add_circulation(this->circulation("dept.a", "2026-10"), nullptr));

  auto other = this->factory_.open(nullptr);  // another process or node: everything is there
  ASSERT_NE(other, nullptr);
  auto all = other->list_circulations({});
  ASSERT_TRUE(all) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_GT((*all)[0].id, (*all)[1].id);  // newest first
  const Circulation& c = all->back();
  EXPECT_EQ(c.id, a->id);
  EXPECT_EQ(c.unit, "dept.a");
  EXPECT_EQ(c.month, "2026-11");
  EXPECT_EQ(c.reason, "𠮷祥里积水问题被媒体曝光𡒄");
  EXPECT_EQ(c.work_orders, (std::vector<std::string>{"2026110100000001-1", "2026110100000002-1"}));
  EXPECT_EQ(c.indicators, std::vector<std::string>{"on-time-reply"});
  EXPECT_EQ(c.kind, CirculationKind::kCriticism);
  EXPECT_EQ(c.ground, CirculationGround::kMediaExposure);
  EXPECT_EQ(c.article, "T24(3)");
  EXPECT_EQ(c.recorded_by.id, "supervisor.li");
  EXPECT_EQ(c.recorded_by.role, Role::kSupervisor);
  EXPECT_EQ(c.recorded_by.unit, "office");
  EXPECT_EQ(c.recorded_at, Instant{Seconds{1793000000}});

  CirculationFilter f;
  f.unit = "dept.a";
  EXPECT_EQ(store.list_circulations(f)->size(), 2u);
  f.month = "2026-11";
  EXPECT_EQ(store.list_circulations(f)->size(), 1u);
  CirculationFilter within;
  within.any_of_units = {"dept.b", "dept.c"};
  ASSERT_EQ(store.list_circulations(within)->size(), 1u);
  EXPECT_EQ(store.list_circulations(within)->front().unit, "dept.b");
  CirculationFilter page;
  page.limit = 1;
  page.offset = 1;
  ASSERT_EQ(store.list_circulations(page)->size(), 1u);
  EXPECT_EQ(store.list_circulations(page)->front().unit, "dept.b");
  CirculationFilter everything;
  everything.limit = std::numeric_limits<std::size_t>::max();  // no limit
  EXPECT_EQ(store.list_circulations(everything)->size(), 3u);
  auto one = store.circulation(c.id);
  ASSERT_TRUE(one && *one);
  EXPECT_EQ((*one)->unit, "dept.a");
  EXPECT_EQ((*one)->work_orders.size(), 2u);
  EXPECT_FALSE(*store.circulation(9999));
}

TYPED_TEST_P(OversightStoreContract, EVA_4_AnOpinionIsAnsweredOnce) {
  using namespace oversight;
  auto& store = *this->store_;
  auto saved = store.add_opinion(this->opinion("social.zhang"), nullptr);
  ASSERT_TRUE(saved) << saved.error().describe();
  EXPECT_EQ(saved->status, OpinionStatus::kOpen);
  Opinion general = this->opinion("social.wang");
  general.work_order.clear();
  ASSERT_TRUE(store.add_opinion(general, nullptr));

  OpinionFilter mine;
  mine.author = "social.zhang";
  EXPECT_EQ(store.list_opinions(mine)->size(), 1u);
  OpinionFilter on_order;
  on_order.work_order = "2026110100000001-1";
  EXPECT_EQ(store.list_opinions(on_order)->size(), 1u);
  OpinionFilter by_status;
  by_status.status = OpinionStatus::kOpen;
  EXPECT_EQ(store.list_opinions(by_status)->size(), 2u);
  EXPECT_EQ(store.list_opinions({})->front().author, "social.wang");  // newest first

  ASSERT_TRUE(store.answer_opinion(saved->id, "已转承办单位改进𠮷", "supervisor.li",
                                   Instant{Seconds{1793003600}}, nullptr));
  auto again = store.answer_opinion(saved->id, "再次答复", "supervisor.li",
                                    Instant{Seconds{1793007200}}, nullptr);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store.answer_opinion(4242, "x", "supervisor.li", Instant{}, nullptr).error().code,
            ErrorCode::kNotFound);
  auto read = this->factory_.open(nullptr)->opinion(saved->id);
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->status, OpinionStatus::kAnswered);
  EXPECT_EQ((*read)->text, "答复内容较为简单𠮷");
  EXPECT_EQ((*read)->answer, "已转承办单位改进𠮷");
  EXPECT_EQ((*read)->answered_by, "supervisor.li");
  EXPECT_EQ((*read)->answered_at, Instant{Seconds{1793003600}});
  EXPECT_EQ((*read)->created_at, Instant{Seconds{1793000000}});
  by_status.status = OpinionStatus::kAnswered;
  EXPECT_EQ(store.list_opinions(by_status)->size(), 1u);
  EXPECT_FALSE(*store.opinion(4242));
}

// Two processes or nodes answering the same opinion at once: one answer
// stands, the other is a conflict, whatever the interleaving.
TYPED_TEST_P(OversightStoreContract, EVA_4_OfTwoAnswersRacingOneWins) {
  auto other = this->factory_.open(nullptr);
  ASSERT_NE(other, nullptr);
  for (int round = 0; round < 10; ++round) {
    auto saved = this->store_->add_opinion(this->opinion("social.zhang"), nullptr);
    ASSERT_TRUE(saved);
    Status a, b;
    std::thread ta([&] {
      a = this->store_->answer_opinion(saved->id, "甲", "supervisor.li", Instant{Seconds{1}},
                                       nullptr);
    });
    std::thread tb([&] {
      b = other->answer_opinion(saved->id, "乙", "supervisor.wang", Instant{Seconds{2}}, nullptr);
    });
    ta.join();
    tb.join();
    ASSERT_NE(static_cast<bool>(a), static_cast<bool>(b)) << "round " << round;
    const Status& lost = a ? b : a;
    EXPECT_EQ(lost.error().code, ErrorCode::kConflict) << lost.error().describe();
    EXPECT_EQ((*this->store_->opinion(saved->id))->answer, a ? "甲" : "乙");
  }
}

TYPED_TEST_P(OversightStoreContract, EVA_2_TheFiguresReadTheCirculationsOfTheMonthsAPeriodTouches) {
  auto& store = *this->store_;
  for (const auto& [unit, month] :
       std::vector<std::pair<const char*, const char*>>{{"dept.a", "2026-09"},
                                                        {"dept.a", "2026-10"},
                                                        {"dept.b", "2026-11"},
                                                        {"dept.a", "2026-11"},
                                                        {"dept.a", "2027-01"}}) {
    ASSERT_TRUE(store.add_circulation(this->circulation(unit, month), nullptr));
  }
  oversight::StoreCirculations source(store);
  const analysis::Period autumn{*parse_date("2026-10-20"), *parse_date("2026-11-03")};
  auto notes = source.circulations(autumn);
  ASSERT_TRUE(notes) << notes.error().describe();
  ASSERT_EQ(notes->size(), 3u);
  EXPECT_EQ((*notes)[0].month, "2026-10");
  EXPECT_EQ((*notes)[1].unit, "dept.b");  // in the order recorded within a month
  EXPECT_EQ((*notes)[2].unit, "dept.a");
  EXPECT_TRUE((*notes)[0].criticism);
  EXPECT_EQ((*notes)[0].kind, "通报批评");
  EXPECT_EQ((*notes)[0].article, "T24(3)");
  EXPECT_EQ(analysis::criticisms_by_unit(*notes),
            (std::map<std::string, std::int64_t>{{"dept.a", 2}, {"dept.b", 1}}));
  // Across a year's end.
  auto winter = source.circulations({*parse_date("2026-12-01"), *parse_date("2027-01-31")});
  ASSERT_TRUE(winter);
  ASSERT_EQ(winter->size(), 1u);
  EXPECT_EQ((*winter)[0].month, "2027-01");
}

// Each change chains its entry onto the log the other writers append to.
TYPED_TEST_P(OversightStoreContract, SEC_2_EVA_2_EVA_4_EachChangeCommitsWithItsAuditEntry) {
  start_audit_log(this->factory_);
  auto store = this->factory_.open(std::make_shared<TestAuditHasher>());
  ASSERT_NE(store, nullptr);
  CommandAudit circulated = command_audit("command:circulation-record", "dept.a");
  ASSERT_TRUE(store->add_circulation(this->circulation("dept.a", "2026-11"), &circulated));
  EXPECT_TRUE(circulated.committed);
  CommandAudit opined = command_audit("command:opinion-add", "2026110100000001-1");
  auto o = store->add_opinion(this->opinion("social.zhang"), &opined);
  ASSERT_TRUE(o) << o.error().describe();
  EXPECT_TRUE(opined.committed);
  CommandAudit answered = command_audit("command:opinion-answer", std::to_string(o->id));
  ASSERT_TRUE(
      store->answer_opinion(o->id, "已答复", "supervisor.li", Instant{Seconds{2}}, &answered));
  EXPECT_TRUE(answered.committed);

  auto log = this->factory_.audit_log(std::make_shared<TestAuditHasher>());
  ASSERT_NE(log, nullptr);
  const auto entries = read_entries(*log);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[1].record.action, "command:circulation-record");
  EXPECT_EQ(entries[1].record.detail, "𠮷𡒄");
  EXPECT_EQ(entries[2].record.action, "command:opinion-add");
  EXPECT_EQ(entries[3].record.action, "command:opinion-answer");
  for (std::size_t i = 1; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].prev_hash, entries[i - 1].hash) << "one chain, entry " << i;
  }
}

TYPED_TEST_P(OversightStoreContract, SEC_2_WithAnEntryThatCannotBeWrittenNothingIsStored) {
  start_audit_log(this->factory_);
  auto answer_me = this->store_->add_opinion(this->opinion("social.zhang"), nullptr);
  ASSERT_TRUE(answer_me);
  {
    // An entry that is not UTF-8: refused before anything is written.
    auto store = this->factory_.open(std::make_shared<TestAuditHasher>());
    ASSERT_NE(store, nullptr);
    CommandAudit bad = command_audit("command:circulation-record", "dept.b");
    bad.record.detail = std::string("\xff\xfe");
    ASSERT_FALSE(store->add_circulation(this->circulation("dept.b", "2026-11"), &bad));
    EXPECT_FALSE(bad.committed);
  }
  {
    // The log is chained with another function: the entry fails at the
    // commit, and the change with it.
    auto store = this->factory_.open(std::make_shared<OtherAuditHasher>());
    ASSERT_NE(store, nullptr);
    CommandAudit chained = command_audit("command:circulation-record", "dept.c");
    auto added = store->add_circulation(this->circulation("dept.c", "2026-11"), &chained);
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, ErrorCode::kStorage) << added.error().describe();
    EXPECT_FALSE(chained.committed);
    CommandAudit opined = command_audit("command:opinion-add", "x");
    EXPECT_FALSE(store->add_opinion(this->opinion("social.wang"), &opined));
    CommandAudit answered = command_audit("command:opinion-answer", "x");
    EXPECT_FALSE(store->answer_opinion(answer_me->id, "答复", "supervisor.li", Instant{Seconds{3}},
                                       &answered));
    EXPECT_FALSE(answered.committed);
  }
  // A store that keeps no audit log refuses a change handed an entry.
  CommandAudit handed = command_audit("command:circulation-record", "dept.d");
  ASSERT_FALSE(this->store_->add_circulation(this->circulation("dept.d", "2026-11"), &handed));
  EXPECT_FALSE(handed.committed);

  EXPECT_EQ(this->circulations(), 0u);
  EXPECT_EQ(this->store_->list_opinions({})->size(), 1u);
  EXPECT_EQ((*this->store_->opinion(answer_me->id))->status, oversight::OpinionStatus::kOpen);
  auto log = this->factory_.audit_log(std::make_shared<TestAuditHasher>());
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(read_entries(*log).size(), 1u) << "only the first entry";
}

// Text that is not UTF-8 or holds NUL is refused naming its field, before
// anything is written (PostgreSQL's text could not hold it).
TYPED_TEST_P(OversightStoreContract, TextThatIsNotUtf8OrHoldsNulIsRefusedNamingTheField) {
  auto& store = *this->store_;
  auto c = this->circulation("dept.a", "2026-11");
  c.reason = std::string("a\0b", 3);
  auto r = store.add_circulation(c, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "reason");
  c = this->circulation("dept.a", "2026-11");
  c.work_orders = {"W1", "\xff"};
  r = store.add_circulation(c, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "work_orders[1]");
  c.work_orders = {"W1\nW2"};  // would read back as two
  r = store.add_circulation(c, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "work_orders[0]");
  EXPECT_EQ(this->circulations(), 0u);

  auto o = this->opinion("social.zhang");
  o.text = "\xc3";
  auto opined = store.add_opinion(o, nullptr);
  ASSERT_FALSE(opined);
  EXPECT_EQ(opined.error().field, "text");
  auto saved = store.add_opinion(this->opinion("social.zhang"), nullptr);
  ASSERT_TRUE(saved);
  auto answered = store.answer_opinion(saved->id, std::string("\0", 1), "supervisor.li",
                                       Instant{Seconds{1}}, nullptr);
  ASSERT_FALSE(answered);
  EXPECT_EQ(answered.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(answered.error().field, "answer");
  EXPECT_EQ((*store.opinion(saved->id))->status, oversight::OpinionStatus::kOpen);
}

REGISTER_TYPED_TEST_SUITE_P(OversightStoreContract, EVA_2_CirculationsAreKeptAndFilteredNewestFirst,
                            EVA_4_AnOpinionIsAnsweredOnce, EVA_4_OfTwoAnswersRacingOneWins,
                            EVA_2_TheFiguresReadTheCirculationsOfTheMonthsAPeriodTouches,
                            SEC_2_EVA_2_EVA_4_EachChangeCommitsWithItsAuditEntry,
                            SEC_2_WithAnEntryThatCannotBeWrittenNothingIsStored,
                            TextThatIsNotUtf8OrHoldsNulIsRefusedNamingTheField);

}  // namespace hotline::testing
