#pragma once
// The contract of the AnalysisArchive port (core/ports/analysis_archive.h),
// a typed gtest suite every implementation runs: the in-memory archive in
// core_tests (tests/core/analysis_eviction_test.cc), SQLite in adapter_tests
// (tests/adapters/analysis_archive_test.cc), PostgreSQL in pg_tests
// (tests/postgresql/pg_analysis_archive_contract_test.cc). The factory has set_up(),
// open() and tear_down(), as for work_order_store_contract.h.
//
// SPEC: EVA-1 (every figure opens to its work orders, also after their facts
// left memory), ANA-1 (the cursor decides: nothing archived after the
// checkpoint survives a restart; nothing before it is lost).

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/ports/analysis_archive.h"

namespace hotline::testing {

template <typename Factory>
class AnalysisArchiveContract : public ::testing::Test {
 protected:
  void SetUp() override {
    factory_.set_up();
    archive_ = factory_.open();
    ASSERT_NE(archive_, nullptr);
  }
  void TearDown() override {
    archive_.reset();
    factory_.tear_down();
  }

  static ArchivedRecord work_order(std::string id, std::int32_t closed,
                                   std::vector<ArchivedContribution> parts,
                                   std::string facts = "facts") {
    ArchivedRecord r;
    r.stream = std::move(id);
    r.work_order = true;
    r.facts = std::move(facts);
    r.request = r.stream.substr(0, r.stream.find('-'));
    r.category = "城乡建设/𠮷";
    r.district = "district.heping";
    r.closed_day = closed;
    r.contributions = std::move(parts);
    return r;
  }
  static ArchivedRecord request(std::string number) {
    ArchivedRecord r;
    r.stream = std::move(number);
    r.facts = std::string("\0\1\2", 3);  // bytes, not text
    return r;
  }
  std::vector<std::string> ids(std::string_view unit, std::int32_t from, std::int32_t to,
                               std::vector<std::uint8_t> measures) {
    auto rows = archive_->contributions(unit, from, to, measures);
    EXPECT_TRUE(rows);
    std::vector<std::string> out;
    if (rows) {
      for (const ArchivedFigureRow& r : *rows) out.push_back(r.work_order);
    }
    return out;
  }

  Factory factory_;
  std::unique_ptr<AnalysisArchive> archive_;
};

TYPED_TEST_SUITE_P(AnalysisArchiveContract);

TYPED_TEST_P(AnalysisArchiveContract, EVA_1_a_record_comes_back_whole) {
  auto& a = *this->archive_;
  auto missing = a.get("2026110100000001-1");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(
      a.put(10, {this->work_order("2026110100000001-1", 20400,
                                  {{20390, "street.𡒄", 1, 1}, {20395, "street.𡒄", 4, -1}}),
                 this->request("2026110100000001")}));
  auto got = a.get("2026110100000001-1");
  ASSERT_TRUE(got && got->has_value());
  const ArchivedRecord& r = **got;
  EXPECT_TRUE(r.work_order);
  EXPECT_EQ(r.facts, "facts");
  EXPECT_EQ(r.request, "2026110100000001");
  EXPECT_EQ(r.category, "城乡建设/𠮷");
  EXPECT_EQ(r.closed_day, 20400);
  ASSERT_EQ(r.contributions.size(), 2u);
  EXPECT_EQ(r.contributions[1].unit, "street.𡒄");
  EXPECT_EQ(r.contributions[1].day, 20395);
  EXPECT_EQ(r.contributions[1].measure, 4);
  EXPECT_EQ(r.contributions[1].delta, -1);
  auto req = a.get("2026110100000001");
  ASSERT_TRUE(req && req->has_value());
  EXPECT_FALSE((*req)->work_order);
  EXPECT_EQ((*req)->facts, std::string("\0\1\2", 3));
  EXPECT_EQ(*a.size(), 2);
}

TYPED_TEST_P(AnalysisArchiveContract, EVA_1_drill_down_sums_per_measure_in_unit_days_and_measures) {
  auto& a = *this->archive_;
  ASSERT_TRUE(a.put(5, {this->work_order("A-1", 100, {{100, "u1", 4, 1}, {100, "u1", 5, 1}}),
                        this->work_order("B-1", 101, {{101, "u1", 4, 1}, {102, "u1", 4, 1}}),
                        this->work_order("C-1", 110, {{110, "u1", 4, 1}}),
                        this->work_order("D-1", 101, {{101, "u2", 4, 1}}),
                        this->work_order("E-1", 101, {{101, "u1", 9, 1}})}));
  EXPECT_EQ(this->ids("u1", 100, 105, {4, 5}), (std::vector<std::string>{"A-1", "B-1"}));
  auto rows = a.contributions("u1", 100, 105, {4, 5});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].measures,
            (std::vector<std::pair<std::uint8_t, std::int64_t>>{{4, 1}, {5, 1}}));
  EXPECT_EQ((*rows)[1].measures, (std::vector<std::pair<std::uint8_t, std::int64_t>>{{4, 2}}));
  EXPECT_EQ((*rows)[1].request, "B");
  EXPECT_EQ((*rows)[1].district, "district.heping");
  EXPECT_EQ(this->ids("u2", 0, 1000, {4}), (std::vector<std::string>{"D-1"}));
  EXPECT_TRUE(this->ids("nobody", 0, 1000, {4}).empty());
  auto closed = a.closed_between(101, 109);
  ASSERT_TRUE(closed);
  std::sort(closed->begin(), closed->end());
  EXPECT_EQ(*closed, (std::vector<std::string>{"B-1", "D-1", "E-1"}));
}

TYPED_TEST_P(AnalysisArchiveContract, ANA_1_the_newest_version_answers) {
  auto& a = *this->archive_;
  ASSERT_TRUE(a.put(5, {this->work_order("A-1", 100, {{100, "u1", 4, 1}}, "v1")}));
  // Its facts came back and it was archived again, closed later in another unit.
  ASSERT_TRUE(
      a.put(9, {this->work_order("A-1", 130, {{100, "u1", 4, 1}, {130, "u2", 4, 1}}, "v2")}));
  EXPECT_EQ((*a.get("A-1"))->facts, "v2");
  EXPECT_EQ(this->ids("u2", 0, 1000, {4}), (std::vector<std::string>{"A-1"}));
  auto rows = a.contributions("u1", 0, 1000, {4});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u) << "one row per work order, not per version";
  EXPECT_EQ((*rows)[0].measures[0].second, 1);
  EXPECT_TRUE(a.closed_between(100, 100)->empty());
  EXPECT_EQ(*a.size(), 1);
}

TYPED_TEST_P(AnalysisArchiveContract,
             ANA_1_discard_after_forgets_what_the_checkpoint_does_not_cover) {
  auto& a = *this->archive_;
  ASSERT_TRUE(a.put(5, {this->work_order("A-1", 100, {{100, "u1", 4, 1}}, "v1")}));
  ASSERT_TRUE(a.put(8, {this->work_order("B-1", 100, {{100, "u1", 4, 1}})}));
  ASSERT_TRUE(a.put(9, {this->work_order("A-1", 120, {{100, "u1", 4, 1}}, "v2")}));
  // The checkpoint's cursor is 7: B-1 and A-1's second version are replayed.
  ASSERT_TRUE(a.discard_after(7));
  EXPECT_EQ((*a.get("A-1"))->facts, "v1") << "the older version is back";
  EXPECT_FALSE(a.get("B-1")->has_value());
  EXPECT_EQ(this->ids("u1", 0, 1000, {4}), (std::vector<std::string>{"A-1"}));
  // The replay archives them again: one row each, nothing doubled.
  ASSERT_TRUE(a.put(8, {this->work_order("B-1", 100, {{100, "u1", 4, 1}})}));
  ASSERT_TRUE(a.put(9, {this->work_order("A-1", 120, {{100, "u1", 4, 1}}, "v2")}));
  auto rows = a.contributions("u1", 0, 1000, {4});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  for (const auto& r : *rows) EXPECT_EQ(r.measures[0].second, 1) << r.work_order;
  // A checkpoint past everything prunes the superseded version only.
  ASSERT_TRUE(a.discard_after(100));
  EXPECT_EQ((*a.get("A-1"))->facts, "v2");
  EXPECT_EQ(*a.size(), 2);
}

// ANA-1 bounded memory: a day's cube cells leave memory as parts; every part
// of the asked days comes back (bytes intact, by day, in the order written),
// its cells or its coarse cells as asked, and the cursor decides for them as
// for the records.
TYPED_TEST_P(AnalysisArchiveContract, ANA_1_day_parts_come_back_in_order_and_follow_the_cursor) {
  auto& a = *this->archive_;
  const std::string whole("\0cells of day 100\xff", 18);
  const std::string coarse("\0coarse of day 100\xfe", 19);
  ASSERT_TRUE(
      a.put_days(5, {{100, whole, coarse}, {101, "day 101", "coarse 101"}, {103, "day 103", ""}}));
  ASSERT_TRUE(a.put_days(8, {{100, "late part of day 100", "late coarse"}}));
  auto days = a.days(100, 102, DayDetail::kCells);
  ASSERT_TRUE(days);
  ASSERT_EQ(days->size(), 3u);
  EXPECT_EQ((*days)[0].day, 100);
  EXPECT_EQ((*days)[0].cells, whole);
  EXPECT_EQ((*days)[0].coarse, "") << "every cell: the coarse cells are not read";
  EXPECT_EQ((*days)[1].day, 100);
  EXPECT_EQ((*days)[1].cells, "late part of day 100");
  EXPECT_EQ((*days)[2].day, 101);
  EXPECT_TRUE(a.days(104, 200, DayDetail::kCells)->empty());
  EXPECT_EQ(a.days(103, 103, DayDetail::kCells)->size(), 1u);
  // Coarse: the coarse cells only, or the cells of a part without them.
  days = a.days(100, 103, DayDetail::kCoarse);
  ASSERT_TRUE(days);
  ASSERT_EQ(days->size(), 4u);
  EXPECT_EQ((*days)[0].coarse, coarse);
  EXPECT_EQ((*days)[0].cells, "");
  EXPECT_EQ((*days)[1].coarse, "late coarse");
  EXPECT_EQ((*days)[2].coarse, "coarse 101");
  EXPECT_EQ((*days)[3].coarse, "");
  EXPECT_EQ((*days)[3].cells, "day 103");
  // A checkpoint at 6: the late part is archived again by the replay.
  ASSERT_TRUE(a.discard_after(6));
  days = a.days(0, 1000, DayDetail::kCells);
  ASSERT_TRUE(days);
  ASSERT_EQ(days->size(), 3u);
  EXPECT_EQ((*days)[0].cells, whole);
  EXPECT_EQ((*days)[1].day, 101);
  ASSERT_TRUE(a.discard_after(0));
  EXPECT_TRUE(a.days(0, 1000, DayDetail::kCoarse)->empty());
}

// Every store refuses text that is not UTF-8 or holds NUL (PostgreSQL's
// text cannot hold U+0000) before it writes, naming the field; a record's
// facts are bytes and may hold anything.
TYPED_TEST_P(AnalysisArchiveContract, EVA_1_text_not_utf8_or_with_nul_is_refused_before_writing) {
  auto& a = *this->archive_;
  const auto refused = [&](ArchivedRecord bad, const std::string& field) {
    auto st = a.put(5, {this->work_order("A-1", 100, {{100, "u1", 4, 1}}), std::move(bad)});
    ASSERT_FALSE(st) << field;
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument) << field;
    EXPECT_EQ(st.error().field, field);
  };
  ArchivedRecord r = this->work_order("B-1", 100, {{100, "u1", 4, 1}});
  r.category = std::string("城乡\0建设", 13);
  refused(r, "records[1].category");
  r = this->work_order("B-1", 100, {{100, "u1", 4, 1}, {100, "u\xff", 4, 1}});
  refused(r, "records[1].contributions[1].unit");
  r = this->work_order("B-1", 100, {{100, "u1", 4, 1}});
  r.stream = "B-\xe4\xb8";  // a truncated 中
  refused(r, "records[1].stream");
  EXPECT_FALSE(a.get("A-1")->has_value()) << "nothing of the put was written";
  EXPECT_EQ(*a.size(), 0);
  EXPECT_TRUE(this->ids("u1", 0, 1000, {4}).empty());
}

REGISTER_TYPED_TEST_SUITE_P(AnalysisArchiveContract, EVA_1_a_record_comes_back_whole,
                            EVA_1_drill_down_sums_per_measure_in_unit_days_and_measures,
                            ANA_1_the_newest_version_answers,
                            ANA_1_discard_after_forgets_what_the_checkpoint_does_not_cover,
                            ANA_1_day_parts_come_back_in_order_and_follow_the_cursor,
                            EVA_1_text_not_utf8_or_with_nul_is_refused_before_writing);

}  // namespace hotline::testing
