#pragma once
// The contract of the Open311 request index (adapters/open311/request_index.h),
// a typed gtest suite every implementation runs: SQLite in adapter_tests
// (tests/adapters/open311_index_contract_sqlite_test.cc), PostgreSQL in
// pg_tests (tests/postgresql/pg_open311_index_contract_test.cc). The
// projection on a real engine is in open311_projection_test.cc.
//
// An implementation instantiates it with a factory type:
//   struct MyFactory {
//     void set_up();                                     // an empty database
//     // An index on that database; each call opens another instance (a
//     // restart, or another node).
//     std::unique_ptr<open311::RequestIndex> open();
//     void tear_down();
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(My, Open311IndexContract, ::testing::Types<MyFactory>);
//
// SPEC: INT-1 (GET requests lists by service code and time, newest first),
// INT-5 [M14] (a client lists only the requests it submitted), issue 9 (the
// index as a projection of the event log: add_missing and its position).

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "adapters/open311/request_index.h"
#include "support/event_samples.h"

namespace hotline::testing {

template <typename Factory>
class Open311IndexContract : public ::testing::Test {
 protected:
  void SetUp() override {
    factory_.set_up();
    index_ = factory_.open();
    ASSERT_NE(index_, nullptr);
  }
  void TearDown() override {
    index_.reset();
    factory_.tear_down();
  }

  static open311::IndexedRequest row(std::string number, const char* when,
                                     std::string service_code = "urban-02",
                                     std::string principal = "api.website") {
    open311::IndexedRequest r;
    r.number = std::move(number);
    r.service_code = std::move(service_code);
    r.requested_at = at(when);
    r.updated_at = r.requested_at + Seconds{5};
    r.principal = std::move(principal);
    return r;
  }
  std::vector<std::string> numbers(const open311::IndexQuery& q) {
    std::vector<std::string> out;
    auto rows = index_->list(q);
    if (!rows) {
      ADD_FAILURE() << rows.error().describe();
      return out;
    }
    for (const auto& r : *rows) out.push_back(r.number);
    return out;
  }
  static open311::IndexQuery all_of(const char* from, const char* to) {
    open311::IndexQuery q;
    q.from = at(from);
    q.to = at(to);
    return q;
  }

  Factory factory_;
  std::unique_ptr<open311::RequestIndex> index_;
};

TYPED_TEST_SUITE_P(Open311IndexContract);

TYPED_TEST_P(Open311IndexContract, INT_5_ARowRoundTripsAndPutReplacesIt) {
  auto& index = *this->index_;
  auto missing = index.get("HL20260302000001");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  auto r = this->row("HL20260302000001", "2026-03-02T09:00:00+08:00");
  r.lat = 39.1175;
  r.lon = 0.1 + 0.2;  // 0.30000000000000004: every digit must come back
  r.address_id = "地址编号 𠮷祥里-1";
  r.media_url = "https://example.org/𡒄.jpg";
  ASSERT_TRUE(index.put(r));
  auto other = this->factory_.open();
  ASSERT_NE(other, nullptr);
  auto got = other->get(r.number);
  ASSERT_TRUE(got) << got.error().describe();
  ASSERT_TRUE(*got);
  EXPECT_EQ((*got)->number, r.number);
  EXPECT_EQ((*got)->service_code, "urban-02");
  EXPECT_EQ((*got)->requested_at, r.requested_at);
  EXPECT_FALSE((*got)->closed);
  EXPECT_EQ((*got)->updated_at, r.updated_at);
  EXPECT_EQ((*got)->principal, "api.website");
  ASSERT_TRUE((*got)->lat && (*got)->lon);
  EXPECT_EQ(*(*got)->lat, 39.1175);
  EXPECT_EQ(*(*got)->lon, 0.1 + 0.2);
  EXPECT_EQ((*got)->address_id, "地址编号 𠮷祥里-1");
  EXPECT_EQ((*got)->media_url, "https://example.org/𡒄.jpg");

  // put() replaces the whole row.
  auto replaced = this->row(r.number, "2026-03-02T10:00:00+08:00", "road-01", "api.wechat");
  replaced.closed = true;
  ASSERT_TRUE(index.put(replaced));
  got = other->get(r.number);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->service_code, "road-01");
  EXPECT_EQ((*got)->principal, "api.wechat");
  EXPECT_TRUE((*got)->closed);
  EXPECT_FALSE((*got)->lat);
  EXPECT_FALSE((*got)->lon);
  EXPECT_EQ((*got)->address_id, "");
}

TYPED_TEST_P(Open311IndexContract, INT_5_AddMissingKeepsARowThatIsThere) {
  auto& index = *this->index_;
  auto first = this->row("HL1", "2026-03-02T09:00:00+08:00");
  first.media_url = "https://example.org/a.jpg";
  auto added = index.add_missing(first);
  ASSERT_TRUE(added) << added.error().describe();
  EXPECT_TRUE(*added);
  auto again = this->row("HL1", "2026-03-03T09:00:00+08:00", "road-01");
  added = index.add_missing(again);
  ASSERT_TRUE(added);
  EXPECT_FALSE(*added) << "taken in again after a crash: nothing added twice";
  auto got = index.get("HL1");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->service_code, "urban-02");
  EXPECT_EQ((*got)->media_url, "https://example.org/a.jpg");
}

TYPED_TEST_P(Open311IndexContract, INT_1_INT_5_ListingFiltersAndComesNewestFirst) {
  auto& index = *this->index_;
  ASSERT_TRUE(index.put(this->row("HL-early", "2026-03-01T23:59:59+08:00")));
  ASSERT_TRUE(index.put(this->row("HL-a", "2026-03-02T09:00:00+08:00")));
  ASSERT_TRUE(index.put(this->row("HL-B", "2026-03-02T09:00:00+08:00")));
  ASSERT_TRUE(index.put(this->row("HL-b", "2026-03-02T09:00:00+08:00", "road-01")));
  ASSERT_TRUE(index.put(this->row("HL-c", "2026-03-02T10:00:00+08:00", "urban-02", "api.wechat")));
  ASSERT_TRUE(index.put(this->row("HL-last", "2026-03-03T09:00:00+08:00")));
  ASSERT_TRUE(index.put(this->row("HL-late", "2026-03-03T09:00:01+08:00")));

  // [from, to], newest first; at one time, by number byte by byte, descending.
  const auto day = this->all_of("2026-03-02T00:00:00+08:00", "2026-03-03T09:00:00+08:00");
  EXPECT_EQ(this->numbers(day),
            (std::vector<std::string>{"HL-last", "HL-c", "HL-b", "HL-a", "HL-B"}));
  auto q = day;
  q.service_codes = {"road-01", "none"};
  EXPECT_EQ(this->numbers(q), (std::vector<std::string>{"HL-b"}));
  q.service_codes = {"urban-02"};
  EXPECT_EQ(this->numbers(q), (std::vector<std::string>{"HL-last", "HL-c", "HL-a", "HL-B"}));
  q = day;
  q.principal = "api.wechat";
  EXPECT_EQ(this->numbers(q), (std::vector<std::string>{"HL-c"}));
  q.principal = "api.nobody";
  EXPECT_TRUE(this->numbers(q).empty());
  // Pages.
  q = day;
  q.limit = 2;
  q.offset = 1;
  EXPECT_EQ(this->numbers(q), (std::vector<std::string>{"HL-c", "HL-b"}));
  q.limit = std::numeric_limits<std::size_t>::max();
  q.offset = 4;
  EXPECT_EQ(this->numbers(q), (std::vector<std::string>{"HL-B"}));
}

TYPED_TEST_P(Open311IndexContract, INT_5_TheStatusIsRefreshed) {
  auto& index = *this->index_;
  ASSERT_TRUE(index.put(this->row("HL1", "2026-03-02T09:00:00+08:00")));
  const Instant closed_at = at("2026-03-05T17:00:00+08:00");
  ASSERT_TRUE(index.set_status("HL1", true, closed_at));
  auto got = index.get("HL1");
  ASSERT_TRUE(got && *got);
  EXPECT_TRUE((*got)->closed);
  EXPECT_EQ((*got)->updated_at, closed_at);
  EXPECT_EQ((*got)->requested_at, at("2026-03-02T09:00:00+08:00"));
  EXPECT_TRUE(index.set_status("HL-none", true, closed_at)) << "an unknown number: nothing to do";
  EXPECT_FALSE(*index.get("HL-none"));
}

TYPED_TEST_P(Open311IndexContract, INT_5_TheProjectionsPositionIsKept) {
  auto& index = *this->index_;
  auto none = index.log_position();
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  // A page's rows, then its position: another instance sees both.
  ASSERT_TRUE(index.add_missing(this->row("HL1", "2026-03-02T09:00:00+08:00")));
  ASSERT_TRUE(index.save_log_position(12));
  auto other = this->factory_.open();
  ASSERT_NE(other, nullptr);
  auto position = other->log_position();
  ASSERT_TRUE(position && *position);
  EXPECT_EQ(**position, 12);
  EXPECT_TRUE(*other->get("HL1"));
  // A rebuild stores 0 first.
  ASSERT_TRUE(other->save_log_position(0));
  EXPECT_EQ(**index.log_position(), 0);
}

TYPED_TEST_P(Open311IndexContract, INT_5_TextThatCannotBeStoredIsRefusedNamingItsField) {
  auto& index = *this->index_;
  auto bad = this->row("HL1", "2026-03-02T09:00:00+08:00");
  bad.media_url = std::string("https://example.org/") + '\0';
  auto st = index.put(bad);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(st.error().field, "media_url");
  bad = this->row("HL1", "2026-03-02T09:00:00+08:00", "urban-02", std::string("api\xC3", 4));
  auto added = index.add_missing(bad);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().field, "principal");
  EXPECT_FALSE(*index.get("HL1"));
  st = index.set_status(std::string("HL1") + '\0', true, Instant{});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "number");

  // What no row can hold finds nothing (not the row it starts with).
  ASSERT_TRUE(index.put(this->row("HL1", "2026-03-02T09:00:00+08:00")));
  auto found = index.get(std::string("HL1") + '\0' + "x");
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
  auto q = this->all_of("2026-03-02T00:00:00+08:00", "2026-03-03T00:00:00+08:00");
  q.principal = std::string("api.website") + '\0';
  EXPECT_TRUE(this->numbers(q).empty());
  q.principal.reset();
  q.service_codes = {std::string("urban-02") + '\0'};
  EXPECT_TRUE(this->numbers(q).empty());
}

REGISTER_TYPED_TEST_SUITE_P(Open311IndexContract, INT_5_ARowRoundTripsAndPutReplacesIt,
                            INT_5_AddMissingKeepsARowThatIsThere,
                            INT_1_INT_5_ListingFiltersAndComesNewestFirst,
                            INT_5_TheStatusIsRefreshed, INT_5_TheProjectionsPositionIsKept,
                            INT_5_TextThatCannotBeStoredIsRefusedNamingItsField);

}  // namespace hotline::testing
