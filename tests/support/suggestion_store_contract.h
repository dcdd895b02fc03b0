#pragma once
// The contract of the SuggestionStore port (core/ports/suggestion_store.h),
// a typed gtest suite every implementation runs: SQLite in adapter_tests
// (tests/adapters/suggestion_store_contract_sqlite_test.cc), PostgreSQL in
// pg_tests (tests/postgresql/pg_suggestion_store_contract_test.cc). The
// recorder on a real engine is in suggestion_projection_test.cc and
// model_accuracy_test.cc.
//
// An implementation instantiates it with a factory type:
//   struct MyFactory {
//     void set_up();                                  // an empty database
//     // A store on that database; each call opens another instance (a
//     // restart, or another node).
//     std::unique_ptr<SuggestionStore> open();
//     void tear_down();
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(My, SuggestionStoreContract, ::testing::Types<MyFactory>);
//
// SPEC: ANA-6 [R26, C27] (which model suggested what, the office's final
// decisions, the accuracy tally, drift warnings kept once), ANA-6 / issue 9
// (the recorder's position in the event log).

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/analysis/assessment.h"
#include "core/analysis/model_accuracy.h"
#include "core/ports/suggestion_store.h"
#include "support/event_samples.h"

namespace hotline::testing {

template <typename Factory>
class SuggestionStoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    factory_.set_up();
    store_ = factory_.open();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    factory_.tear_down();
  }

  static analysis::SuggestionRecord record(std::string request, const char* when) {
    analysis::SuggestionRecord r;
    r.request = std::move(request);
    r.model = analysis::ModelVersion{"category.model (test)", "blake2b-256:00112233aabbccdd"};
    r.suggested_at = at(when);
    r.category = "交通运输/出租车𠮷";
    r.category_confidence = 0.912345;
    r.category_source = "classifier";
    r.lead_unit = "dept.transport";
    r.unit_confidence = 0.5;
    r.registered_category = "交通运输";
    r.final_category = "交通运输";
    return r;
  }
  static analysis::DriftWarning warning(std::string id, const char* when) {
    analysis::DriftWarning w;
    w.id = std::move(id);
    w.model = "category.model (test)@blake2b-256:00112233aabbccdd";
    w.measure = analysis::DriftMeasure::kUnit;
    w.title = "模型准确率下降𠮷";
    w.created_at = at(when);
    w.baseline_accuracy = 0.9;
    w.recent_accuracy = 0.612345;
    w.baseline_decided = 40;
    w.recent_decided = 31;
    w.article = "R26";
    return w;
  }
  analysis::SuggestionRecord stored(SuggestionStore& store, const std::string& request) {
    auto r = store.suggestion(request);
    if (!r || !*r) {
      ADD_FAILURE() << "no record of " << request;
      return {};
    }
    return **r;
  }

  Factory factory_;
  std::unique_ptr<SuggestionStore> store_;
};

TYPED_TEST_SUITE_P(SuggestionStoreContract);

TYPED_TEST_P(SuggestionStoreContract, ANA_6_TheFirstSuggestionOfARequestIsKept) {
  auto& store = *this->store_;
  EXPECT_FALSE(*store.suggestion("HL1"));
  const auto first = this->record("HL1", "2026-09-01T09:00:00+08:00");
  ASSERT_TRUE(store.save_suggestion(first));
  auto replay = first;
  replay.category = "城乡建设";
  replay.suggested_at = at("2026-09-02T09:00:00+08:00");
  ASSERT_TRUE(store.save_suggestion(replay)) << "a replay is accepted and changes nothing";
  auto other = this->factory_.open();
  ASSERT_NE(other, nullptr);
  const auto got = this->stored(*other, "HL1");
  EXPECT_EQ(got.request, "HL1");
  EXPECT_EQ(got.model.name, first.model.name);
  EXPECT_EQ(got.model.digest, first.model.digest);
  EXPECT_EQ(got.suggested_at, first.suggested_at);
  EXPECT_EQ(got.category, "交通运输/出租车𠮷");
  EXPECT_DOUBLE_EQ(got.category_confidence, 0.912345);
  EXPECT_EQ(got.category_source, "classifier");
  EXPECT_EQ(got.lead_unit, "dept.transport");
  EXPECT_DOUBLE_EQ(got.unit_confidence, 0.5);
  EXPECT_EQ(got.registered_category, "交通运输");
  EXPECT_EQ(got.final_category, "交通运输");
  EXPECT_EQ(got.work_order, "");
  EXPECT_EQ(got.dispatched_unit, "");
}

TYPED_TEST_P(SuggestionStoreContract, ANA_6_TheOfficesDecisionsFillInTheRecord) {
  auto& store = *this->store_;
  ASSERT_TRUE(store.save_suggestion(this->record("HL1", "2026-09-01T09:00:00+08:00")));
  ASSERT_TRUE(store.save_suggestion(this->record("HL2", "2026-09-01T10:00:00+08:00")));
  ASSERT_TRUE(store.set_final_category("HL1", "城乡建设/物业服务"));
  // The first dispatch of item 0 names the work order.
  ASSERT_TRUE(store.set_dispatched_unit("HL1", "HL1-1", "district.heping"));
  // Another item's work order of the same request leaves it.
  ASSERT_TRUE(store.set_dispatched_unit("HL1", "HL1-2", "dept.ecology"));
  auto got = this->stored(store, "HL1");
  EXPECT_EQ(got.final_category, "城乡建设/物业服务");
  EXPECT_EQ(got.work_order, "HL1-1");
  EXPECT_EQ(got.dispatched_unit, "district.heping");
  // A re-dispatch finds the record by its work order.
  ASSERT_TRUE(store.set_dispatched_unit("", "HL1-1", "district.𠮷"));
  got = this->stored(store, "HL1");
  EXPECT_EQ(got.work_order, "HL1-1");
  EXPECT_EQ(got.dispatched_unit, "district.𠮷");
  const auto untouched = this->stored(store, "HL2");
  EXPECT_EQ(untouched.final_category, "交通运输");
  EXPECT_EQ(untouched.dispatched_unit, "");
  // Requests without a record: nothing happens.
  EXPECT_TRUE(store.set_final_category("HL9", "x"));
  EXPECT_TRUE(store.set_dispatched_unit("HL9", "HL9-1", "x"));
  EXPECT_TRUE(store.set_dispatched_unit("", "HL9-1", "x"));
  EXPECT_FALSE(*store.suggestion("HL9"));
}

TYPED_TEST_P(SuggestionStoreContract, ANA_6_RecordsOfAPeriodComeOldestFirst) {
  auto& store = *this->store_;
  // Three at the same second: by request number, byte by byte.
  for (const char* request : {"R-b", "R-B", "R-a", "R-𠮷"}) {
    ASSERT_TRUE(store.save_suggestion(this->record(request, "2026-09-02T09:00:00+08:00")));
  }
  ASSERT_TRUE(store.save_suggestion(this->record("R-0", "2026-09-02T08:59:59+08:00")));
  ASSERT_TRUE(store.save_suggestion(this->record("R-late", "2026-09-03T09:00:00+08:00")));
  auto got = store.suggestions(at("2026-09-02T08:59:59+08:00"), at("2026-09-03T09:00:00+08:00"));
  ASSERT_TRUE(got) << got.error().describe();
  std::vector<std::string> requests;
  for (const auto& r : *got) requests.push_back(r.request);
  EXPECT_EQ(requests, (std::vector<std::string>{"R-0", "R-B", "R-a", "R-b", "R-𠮷"}))
      << "[from, to), oldest first, then by number";
}

// The tally summed by the store equals the figures computed from its
// records: random records of two model versions, with categories that
// match by prefix and some that only look alike ("城乡建设" and
// "城乡建设规划").
TYPED_TEST_P(SuggestionStoreContract, ANA_6_TheTallyEqualsTheFiguresOfItsRecords) {
  auto& store = *this->store_;
  const analysis::ModelVersion model{"category.model (test)", "blake2b-256:00112233aabbccdd"};
  const char* categories[] = {"城乡建设", "城乡建设/物业服务", "城乡建设规划",
                              "交通运输", "交通运输/出租车𠮷", ""};
  const char* units[] = {"district.heping", "dept.transport", ""};
  std::mt19937 rng(12);
  std::vector<analysis::SuggestionRecord> records;
  const Instant start = at("2026-10-01T00:30:00+08:00");
  for (int i = 0; i < 400; ++i) {
    analysis::SuggestionRecord r;
    r.request = "r" + std::to_string(i);
    r.model = i % 3 == 0 ? analysis::ModelVersion{} : model;
    r.suggested_at = start + Seconds{static_cast<std::int64_t>(rng() % (60 * 86400))};
    r.category = categories[rng() % 6];
    r.final_category = categories[rng() % 6];
    r.lead_unit = units[rng() % 3];
    r.dispatched_unit = units[rng() % 3];
    ASSERT_TRUE(store.save_suggestion(r));
    records.push_back(r);
  }
  for (const char* window :
       {"2026-10-01/2026-11-29", "2026-10-15/2026-10-21", "2026-11-03/2026-11-03"}) {
    SCOPED_TRACE(window);
    const std::string w = window;
    auto period = analysis::make_period(w.substr(0, 10), w.substr(11));
    ASSERT_TRUE(period);
    auto tallied = store.tally(at_local(period->from), at_local(period->to + std::chrono::days{1}));
    ASSERT_TRUE(tallied) << tallied.error().describe();
    std::vector<analysis::AccuracyFigure> expected;
    for (const auto& f : analysis::accuracy(records, *period, analysis::Granularity::kMonth)) {
      if (f.bucket == "all") expected.push_back(f);
    }
    ASSERT_EQ(tallied->size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ((*tallied)[i].bucket, "all");
      EXPECT_EQ((*tallied)[i].model, expected[i].model);
      EXPECT_EQ((*tallied)[i].suggestions, expected[i].suggestions);
      EXPECT_EQ((*tallied)[i].category_decided, expected[i].category_decided);
      EXPECT_EQ((*tallied)[i].category_correct, expected[i].category_correct);
      EXPECT_EQ((*tallied)[i].unit_decided, expected[i].unit_decided);
      EXPECT_EQ((*tallied)[i].unit_correct, expected[i].unit_correct);
    }
  }
}

TYPED_TEST_P(SuggestionStoreContract, ANA_6_ADriftWarningIsKeptOncePerId) {
  auto& store = *this->store_;
  const auto first = this->warning("drift-2026-11-20-unit-m", "2026-11-20T18:00:00+08:00");
  auto added = store.save_drift_warning(first);
  ASSERT_TRUE(added) << added.error().describe();
  EXPECT_TRUE(*added);
  auto again = first;
  again.title = "另一个标题";
  added = store.save_drift_warning(again);
  ASSERT_TRUE(added);
  EXPECT_FALSE(*added) << "a second save of an id keeps the first";
  auto category = this->warning("drift-2026-11-20-category-m", "2026-11-20T18:00:00+08:00");
  category.measure = analysis::DriftMeasure::kCategory;
  ASSERT_TRUE(store.save_drift_warning(category));
  ASSERT_TRUE(store.save_drift_warning(this->warning("drift-late", "2026-11-21T18:00:00+08:00")));

  auto other = this->factory_.open();
  ASSERT_NE(other, nullptr);
  auto listed =
      other->drift_warnings(at("2026-11-20T18:00:00+08:00"), at("2026-11-21T18:00:00+08:00"));
  ASSERT_TRUE(listed) << listed.error().describe();
  ASSERT_EQ(listed->size(), 2u) << "[from, to)";
  EXPECT_EQ((*listed)[0].id, "drift-2026-11-20-category-m") << "by time, then id";
  EXPECT_EQ((*listed)[0].measure, analysis::DriftMeasure::kCategory);
  const auto& got = (*listed)[1];
  EXPECT_EQ(got.id, first.id);
  EXPECT_EQ(got.model, first.model);
  EXPECT_EQ(got.measure, analysis::DriftMeasure::kUnit);
  EXPECT_EQ(got.title, "模型准确率下降𠮷");
  EXPECT_EQ(got.created_at, first.created_at);
  EXPECT_DOUBLE_EQ(got.baseline_accuracy, 0.9);
  EXPECT_DOUBLE_EQ(got.recent_accuracy, 0.612345);
  EXPECT_EQ(got.baseline_decided, 40);
  EXPECT_EQ(got.recent_decided, 31);
  EXPECT_EQ(got.article, "R26");
}

TYPED_TEST_P(SuggestionStoreContract, ANA_6_TheRecordersPositionIsKept) {
  auto& store = *this->store_;
  auto any = store.has_suggestions();
  ASSERT_TRUE(any);
  EXPECT_FALSE(*any);
  auto none = store.log_position();
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  // A page's records, then its position: another instance sees both.
  ASSERT_TRUE(store.save_suggestion(this->record("HL1", "2026-09-01T09:00:00+08:00")));
  ASSERT_TRUE(store.set_dispatched_unit("HL1", "HL1-1", "district.heping"));
  ASSERT_TRUE(store.save_log_position(17));
  auto other = this->factory_.open();
  ASSERT_NE(other, nullptr);
  EXPECT_TRUE(*other->has_suggestions());
  auto position = other->log_position();
  ASSERT_TRUE(position && *position);
  EXPECT_EQ(**position, 17);
  EXPECT_EQ(this->stored(*other, "HL1").dispatched_unit, "district.heping");
  // Stored again from the start (a rebuild), it goes back.
  ASSERT_TRUE(other->save_log_position(0));
  EXPECT_EQ(**store.log_position(), 0);
}

TYPED_TEST_P(SuggestionStoreContract, ANA_6_TextThatCannotBeStoredIsRefusedNamingItsField) {
  auto& store = *this->store_;
  auto bad = this->record("HL1", "2026-09-01T09:00:00+08:00");
  bad.category = std::string("交通") + '\0';
  auto st = store.save_suggestion(bad);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(st.error().field, "category");
  EXPECT_FALSE(*store.has_suggestions());

  ASSERT_TRUE(store.save_suggestion(this->record("HL1", "2026-09-01T09:00:00+08:00")));
  st = store.set_final_category("HL1", std::string("\xE5\x9F", 2));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "category");
  st = store.set_dispatched_unit("HL1", "HL1-1", std::string("unit") + '\0');
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "unit");
  EXPECT_EQ(this->stored(store, "HL1").final_category, "交通运输");
  EXPECT_EQ(this->stored(store, "HL1").work_order, "");
  // A number no record can have finds none (not the record it starts with).
  auto found = store.suggestion(std::string("HL1") + '\0' + "x");
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);

  auto w = this->warning("drift-x", "2026-11-20T18:00:00+08:00");
  w.title = std::string("\xFF");
  auto saved = store.save_drift_warning(w);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().field, "title");
  EXPECT_TRUE(store.drift_warnings(Instant{}, at("2027-01-01T00:00:00+08:00"))->empty());
}

REGISTER_TYPED_TEST_SUITE_P(SuggestionStoreContract, ANA_6_TheFirstSuggestionOfARequestIsKept,
                            ANA_6_TheOfficesDecisionsFillInTheRecord,
                            ANA_6_RecordsOfAPeriodComeOldestFirst,
                            ANA_6_TheTallyEqualsTheFiguresOfItsRecords,
                            ANA_6_ADriftWarningIsKeptOncePerId, ANA_6_TheRecordersPositionIsKept,
                            ANA_6_TextThatCannotBeStoredIsRefusedNamingItsField);

}  // namespace hotline::testing
