#pragma once
// The contract of the ResearchStore port (core/analysis/special_research.h),
// a typed gtest suite every implementation runs: SQLite in adapter_tests
// (tests/adapters/research_store_contract_sqlite_test.cc), PostgreSQL in
// pg_tests (tests/postgresql/pg_research_store_contract_test.cc). The
// factory gives open(hasher) and audit_log(hasher) as
// support/side_store_audit.h describes, plus set_up() and tear_down(). The
// service's rules (who may steer, what a unit sees) are tested on top of a
// store in special_research_test.cc.
//
// SPEC: ANA-3 [C25, C26] (a record saved whole, every change in its history;
// a stale version refused, so two editors never overwrite each other),
// SEC-2 (a change commits with its audit entry, or nothing is saved); the
// text rule (UTF-8 without NUL; 𠮷 round-trips).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/analysis/special_research.h"
#include "support/side_store_audit.h"

namespace hotline::testing {

template <typename Factory>
class ResearchStoreContract : public ::testing::Test {
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

  // A record with every member set, as the service leaves it after `version` changes.
  static analysis::SpecialResearch record(std::string id, std::int64_t version = 1) {
    using namespace analysis;
    SpecialResearch r;
    r.id = std::move(id);
    r.title = "𠮷祥里街道（𡒄）老旧小区加装电梯专题";
    r.problem = "近五个月每月均有投诉";
    r.clusters = {"R2026070600000001", "R2026080400000002"};
    r.units = {"district.heping", "dept.ecology"};
    r.status = ResearchStatus::kOpen;
    r.opened_by = "supervisor.qian";
    r.opened_at = at("2026-11-20T09:00:00+08:00");
    r.decisions = {{1, "由和平区牵头", "supervisor.qian", at("2026-11-21T09:00:00+08:00")}};
    FollowUpItem done;
    done.number = 1;
    done.task = "核查施工许可";
    done.unit = "district.heping";
    done.due = at("2026-12-05T18:00:00+08:00");
    done.status = FollowUpStatus::kDone;
    done.result = "已约谈企业𠮷";
    done.done_at = at("2026-11-25T10:00:00+08:00");
    FollowUpItem open = done;
    open.number = 2;
    open.task = "复查";
    open.status = FollowUpStatus::kOpen;
    open.result.clear();
    open.done_at.reset();
    r.follow_ups = {done, open};
    r.history = {{at("2026-11-20T09:00:00+08:00"), "supervisor.qian", "opened", "持续时间长"},
                 {at("2026-11-21T09:00:00+08:00"), "supervisor.qian", "decided", "会商决定"}};
    r.version = version;
    r.article = "C25";
    return r;
  }
  std::vector<std::string> ids() {
    auto all = store_->list();
    EXPECT_TRUE(all) << all.error().describe();
    std::vector<std::string> out;
    for (const auto& r : all ? *all : std::vector<analysis::SpecialResearch>{}) {
      out.push_back(r.id);
    }
    return out;
  }

  Factory factory_;
  std::unique_ptr<analysis::ResearchStore> store_;
};

TYPED_TEST_SUITE_P(ResearchStoreContract);

TYPED_TEST_P(ResearchStoreContract, ANA_3_ARecordIsKeptWholeAndReadByAnotherInstance) {
  using namespace analysis;
  const SpecialResearch saved = this->record("SR-000001");
  ASSERT_TRUE(this->store_->save(saved, 0, nullptr));
  auto other = this->factory_.open(nullptr);  // another process or node
  ASSERT_NE(other, nullptr);
  auto found = other->find("SR-000001");
  ASSERT_TRUE(found) << found.error().describe();
  ASSERT_TRUE(*found);
  const SpecialResearch& r = **found;
  EXPECT_EQ(r.id, saved.id);
  EXPECT_EQ(r.title, saved.title);
  EXPECT_EQ(r.problem, saved.problem);
  EXPECT_EQ(r.clusters, saved.clusters);
  EXPECT_EQ(r.units, saved.units);
  EXPECT_EQ(r.status, ResearchStatus::kOpen);
  EXPECT_EQ(r.opened_by, saved.opened_by);
  EXPECT_EQ(r.opened_at, saved.opened_at);
  ASSERT_EQ(r.decisions.size(), 1u);
  EXPECT_EQ(r.decisions[0].number, 1);
  EXPECT_EQ(r.decisions[0].text, "由和平区牵头");
  EXPECT_EQ(r.decisions[0].decided_by, "supervisor.qian");
  EXPECT_EQ(r.decisions[0].decided_at, saved.decisions[0].decided_at);
  ASSERT_EQ(r.follow_ups.size(), 2u);
  EXPECT_EQ(r.follow_ups[0].task, "核查施工许可");
  EXPECT_EQ(r.follow_ups[0].unit, "district.heping");
  EXPECT_EQ(r.follow_ups[0].due, saved.follow_ups[0].due);
  EXPECT_EQ(r.follow_ups[0].status, FollowUpStatus::kDone);
  EXPECT_EQ(r.follow_ups[0].result, "已约谈企业𠮷");
  EXPECT_EQ(r.follow_ups[0].done_at, saved.follow_ups[0].done_at);
  EXPECT_EQ(r.follow_ups[1].number, 2);
  EXPECT_EQ(r.follow_ups[1].status, FollowUpStatus::kOpen);
  EXPECT_FALSE(r.follow_ups[1].done_at);
  ASSERT_EQ(r.history.size(), 2u);
  EXPECT_EQ(r.history[1].at, saved.history[1].at);
  EXPECT_EQ(r.history[1].actor, "supervisor.qian");
  EXPECT_EQ(r.history[1].action, "decided");
  EXPECT_EQ(r.history[1].reason, "会商决定");
  EXPECT_EQ(r.version, 1);
  EXPECT_EQ(r.article, "C25");
  auto missing = other->find("SR-000404");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TYPED_TEST_P(ResearchStoreContract, ANA_3_NumbersCountOnAndTheListIsNewestFirst) {
  auto& store = *this->store_;
  EXPECT_EQ(*store.next_sequence(), 1);
  ASSERT_TRUE(store.save(this->record("SR-000001"), 0, nullptr));
  ASSERT_TRUE(store.save(this->record("SR-000002"), 0, nullptr));
  ASSERT_TRUE(store.save(this->record("SR-000010"), 0, nullptr));
  EXPECT_EQ(*store.next_sequence(), 11);
  // By number, not by text ("SR-000010" after "SR-000002").
  EXPECT_EQ(this->ids(), (std::vector<std::string>{"SR-000010", "SR-000002", "SR-000001"}));
  auto closed = this->record("SR-000001", 2);
  closed.status = analysis::ResearchStatus::kClosed;
  ASSERT_TRUE(store.save(closed, 1, nullptr));
  EXPECT_EQ(this->ids(), (std::vector<std::string>{"SR-000010", "SR-000002", "SR-000001"}));
  EXPECT_EQ((*store.find("SR-000001"))->status, analysis::ResearchStatus::kClosed);
}

TYPED_TEST_P(ResearchStoreContract, ANA_3_AStaleVersionConflictsAndWritesNothing) {
  auto& store = *this->store_;
  ASSERT_TRUE(store.save(this->record("SR-000001"), 0, nullptr));
  auto twice = store.save(this->record("SR-000001"), 0, nullptr);  // "must not exist"
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  auto v2 = this->record("SR-000001", 2);
  v2.title = "改𠮷";
  ASSERT_TRUE(store.save(v2, 1, nullptr));
  auto stale = this->record("SR-000001", 2);
  stale.title = "另一位编辑";
  auto conflict = store.save(stale, 1, nullptr);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  auto unknown = store.save(this->record("SR-000404", 4), 3, nullptr);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kConflict);
  // Another id with a number already taken ("SR-1" is number 1 too).
  auto taken = store.save(this->record("SR-1"), 0, nullptr);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  auto r = store.find("SR-000001");
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->version, 2);
  EXPECT_EQ((*r)->title, "改𠮷");
  EXPECT_EQ(this->ids(), std::vector<std::string>{"SR-000001"});
}

// Two editors on two processes or nodes saving the same version at once:
// one change stands, the other is a conflict — never a lost update.
TYPED_TEST_P(ResearchStoreContract, ANA_3_OfTwoEditorsRacingOneWins) {
  auto other = this->factory_.open(nullptr);
  ASSERT_NE(other, nullptr);
  for (int round = 1; round <= 10; ++round) {
    char id[16];
    std::snprintf(id, sizeof id, "SR-%06d", round);
    Status a, b;
    // Opening the same number…
    auto mine = this->record(id), theirs = this->record(id);
    mine.title = "甲";
    theirs.title = "乙";
    std::thread ta([&] { a = this->store_->save(mine, 0, nullptr); });
    std::thread tb([&] { b = other->save(theirs, 0, nullptr); });
    ta.join();
    tb.join();
    ASSERT_NE(static_cast<bool>(a), static_cast<bool>(b)) << "round " << round;
    EXPECT_EQ((a ? b : a).error().code, ErrorCode::kConflict);
    const std::string first = a ? "甲" : "乙";
    EXPECT_EQ((*this->store_->find(id))->title, first);
    // …and changing it from the same version.
    mine.version = theirs.version = 2;
    mine.title = "甲2";
    theirs.title = "乙2";
    std::thread tc([&] { a = this->store_->save(mine, 1, nullptr); });
    std::thread td([&] { b = other->save(theirs, 1, nullptr); });
    tc.join();
    td.join();
    ASSERT_NE(static_cast<bool>(a), static_cast<bool>(b)) << "round " << round;
    EXPECT_EQ((a ? b : a).error().code, ErrorCode::kConflict);
    EXPECT_EQ((*other->find(id))->title, a ? "甲2" : "乙2");
  }
}

TYPED_TEST_P(ResearchStoreContract, SEC_2_ANA_3_AChangeCommitsWithItsAuditEntry) {
  start_audit_log(this->factory_);
  auto store = this->factory_.open(std::make_shared<TestAuditHasher>());
  ASSERT_NE(store, nullptr);
  CommandAudit opened = command_audit("command:research-open", "SR-000001");
  ASSERT_TRUE(store->save(this->record("SR-000001"), 0, &opened));
  EXPECT_TRUE(opened.committed);
  CommandAudit decided = command_audit("command:research-decide", "SR-000001");
  ASSERT_TRUE(store->save(this->record("SR-000001", 2), 1, &decided));
  EXPECT_TRUE(decided.committed);
  auto log = this->factory_.audit_log(std::make_shared<TestAuditHasher>());
  ASSERT_NE(log, nullptr);
  const auto entries = read_entries(*log);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].record.action, "command:research-open");
  EXPECT_EQ(entries[2].record.action, "command:research-decide");
  EXPECT_EQ(entries[2].record.target, "SR-000001");
  EXPECT_EQ(entries[1].prev_hash, entries[0].hash) << "one chain";
  EXPECT_EQ(entries[2].prev_hash, entries[1].hash);
}

TYPED_TEST_P(ResearchStoreContract, SEC_2_ANA_3_WithAnEntryThatCannotBeWrittenNothingIsSaved) {
  start_audit_log(this->factory_);
  ASSERT_TRUE(this->store_->save(this->record("SR-000001"), 0, nullptr));
  {
    auto store = this->factory_.open(std::make_shared<TestAuditHasher>());
    ASSERT_NE(store, nullptr);
    CommandAudit bad = command_audit("command:research-open", "SR-000002");
    bad.record.target = std::string("\xff");
    ASSERT_FALSE(store->save(this->record("SR-000002"), 0, &bad));
    EXPECT_FALSE(bad.committed);
  }
  {
    auto store = this->factory_.open(std::make_shared<OtherAuditHasher>());
    ASSERT_NE(store, nullptr);
    CommandAudit chained = command_audit("command:research-open", "SR-000003");
    auto saved = store->save(this->record("SR-000003"), 0, &chained);
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code, ErrorCode::kStorage) << saved.error().describe();
    EXPECT_FALSE(chained.committed);
    auto changed = this->record("SR-000001", 2);
    changed.title = "不应保存";
    CommandAudit decided = command_audit("command:research-decide", "SR-000001");
    EXPECT_FALSE(store->save(changed, 1, &decided));
  }
  CommandAudit handed = command_audit("command:research-open", "SR-000004");
  ASSERT_FALSE(this->store_->save(this->record("SR-000004"), 0, &handed));
  EXPECT_FALSE(handed.committed);

  EXPECT_EQ(this->ids(), std::vector<std::string>{"SR-000001"});
  EXPECT_EQ((*this->store_->find("SR-000001"))->version, 1);
  auto log = this->factory_.audit_log(std::make_shared<TestAuditHasher>());
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(read_entries(*log).size(), 1u) << "only the first entry";
}

TYPED_TEST_P(ResearchStoreContract, TextThatIsNotUtf8OrHoldsNulIsRefusedNamingTheField) {
  auto& store = *this->store_;
  auto r = this->record("SR-000001");
  r.title = std::string("a\0b", 3);
  auto saved = store.save(r, 0, nullptr);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(saved.error().field, "title");
  r = this->record("SR-000001");
  r.decisions[0].text = "\xe4\xb8";  // a character cut short
  saved = store.save(r, 0, nullptr);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().field, "decisions[0].text");
  r = this->record("SR-000001");
  r.history[1].reason = std::string("\0", 1);
  saved = store.save(r, 0, nullptr);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().field, "history[1].reason");
  r = this->record("SR-000001");
  r.units[1] = "\xff";
  saved = store.save(r, 0, nullptr);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().field, "units[1]");
  saved = store.save(this->record("SR-x"), 0, nullptr);  // no number to order it by
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().field, "id");
  EXPECT_TRUE(this->ids().empty());
}

REGISTER_TYPED_TEST_SUITE_P(ResearchStoreContract, ANA_3_ARecordIsKeptWholeAndReadByAnotherInstance,
                            ANA_3_NumbersCountOnAndTheListIsNewestFirst,
                            ANA_3_AStaleVersionConflictsAndWritesNothing,
                            ANA_3_OfTwoEditorsRacingOneWins,
                            SEC_2_ANA_3_AChangeCommitsWithItsAuditEntry,
                            SEC_2_ANA_3_WithAnEntryThatCannotBeWrittenNothingIsSaved,
                            TextThatIsNotUtf8OrHoldsNulIsRefusedNamingTheField);

}  // namespace hotline::testing
