#pragma once
// The contract of the WorkOrderStore port (core/ports/work_order_store.h),
// as a typed gtest suite every implementation runs: the in-memory store in
// core_tests (tests/core/memory_work_order_store_test.cc), SQLite in
// adapter_tests (tests/adapters/sqlite_store_contract_test.cc), and a later
// PostgreSQL store (issue 14) the same way. What only one implementation can
// show (durability across reopen, WAL, kill -9, encryption at rest) stays in
// its own tests.
//
// An implementation instantiates it with a factory type:
//   struct MyFactory {
//     void set_up();                              // e.g. a temporary directory
//     std::unique_ptr<WorkOrderStore> open();     // a fresh, empty store
//     AuditLog* audit_log();                      // the log its appends chain onto
//     void tear_down();
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(My, WorkOrderStoreContract, ::testing::Types<MyFactory>);
//
// SPEC: platform bar (every change an event; atomic appends with expected
// versions); SEC-2 (a change's audit entries commit with it); HND-5 (the sweep's next_check index);
// DIS-4/DIS-7 (a unit finds what it leads, handles or assists); ANA-1 (the log in commit order).

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/ports/audit_log.h"
#include "core/ports/work_order_store.h"
#include "support/event_samples.h"

namespace hotline::testing {

template <typename Factory>
class WorkOrderStoreContract : public ::testing::Test {
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

  static WorkOrderSummary summary(std::string id, std::int64_t version = 1) {
    WorkOrderSummary s;
    s.id = std::move(id);
    s.request = "R1";
    s.status = WorkOrderStatus::kDispatched;
    s.lead_unit = "dept.a";
    s.policy_profile = "tianjin";
    s.type = RequestType::kComplaint;
    s.urgency = Urgency::kGeneral;
    s.dispatched_at = at("2026-01-05T10:00:00+08:00");
    s.version = version;
    return s;
  }
  static StreamAppend one_event(const std::string& stream, std::int64_t expected, EventBody body) {
    return StreamAppend{stream, expected, {make_event(stream, expected + 1, std::move(body))}};
  }
  static EventBody accepted() { return WorkOrderAccepted{std::nullopt, false}; }
  static AuditRecord audit_record(std::string target) {
    AuditRecord r;
    r.at = at("2026-01-05T10:00:00+08:00");
    r.actor = Actor{"u1", Role::kUnitStaff, "dept.a"};
    r.action = "command:accept";
    r.target = std::move(target);
    r.remote = "127.0.0.1";
    return r;
  }
  std::vector<AuditEntry> audit_entries() {
    AuditLog* log = factory_.audit_log();
    if (log == nullptr) {
      ADD_FAILURE() << "the factory gives no audit log";
      return {};
    }
    auto entries = log->read(0, 100);
    if (!entries) {
      ADD_FAILURE() << entries.error().message;
      return {};
    }
    return *entries;
  }
  std::vector<std::string> ids(const WorkOrderFilter& filter) {
    std::vector<std::string> out;
    auto rows = store_->list_work_orders(filter);
    if (!rows) {
      ADD_FAILURE() << rows.error().message;
      return out;
    }
    for (const auto& r : *rows) out.push_back(r.id);
    return out;
  }

  Factory factory_;
  std::unique_ptr<WorkOrderStore> store_;
};

TYPED_TEST_SUITE_P(WorkOrderStoreContract);

TYPED_TEST_P(WorkOrderStoreContract, EveryEventTypeLoadsBackInOrder) {
  auto& store = *this->store_;
  std::vector<Event> events;
  for (const auto& body : sample_bodies()) {
    events.push_back(make_event("W1-1", static_cast<std::int64_t>(events.size()) + 1, body));
  }
  ASSERT_TRUE(store.append({StreamAppend{"W1-1", 0, events}}, {}));
  auto loaded = store.load("W1-1");
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_EQ(loaded->size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& got = (*loaded)[i];
    EXPECT_EQ(got.version, events[i].version);
    EXPECT_EQ(got.at, events[i].at);
    EXPECT_EQ(event_name(got.body), event_name(events[i].body));
    EXPECT_EQ(got.actor.id, events[i].actor.id);
    EXPECT_EQ(got.actor.role, events[i].actor.role);
    EXPECT_EQ(got.reason, events[i].reason);
    EXPECT_EQ(got.article, events[i].article);
  }
  auto missing = store.load("W-none");
  ASSERT_TRUE(missing);
  EXPECT_TRUE(missing->empty());
}

TYPED_TEST_P(WorkOrderStoreContract, AStaleExpectedVersionConflictsAndWritesNothing) {
  auto& store = *this->store_;
  ASSERT_TRUE(
      store.append({this->one_event("W1-1", 0, EventBody{sample_body<WorkOrderDispatched>()})},
                   {this->summary("W1-1")}));
  auto stale =
      store.append({this->one_event("W1-1", 0, this->accepted())}, {this->summary("W1-1", 7)});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  auto ahead = store.append({this->one_event("W1-1", 2, this->accepted())}, {});
  ASSERT_FALSE(ahead);
  EXPECT_EQ(ahead.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store.load("W1-1")->size(), 1u);
  auto rows = store.list_work_orders({});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).version, 1);  // the stale append's summary was not written
  ASSERT_TRUE(store.append({this->one_event("W1-1", 1, this->accepted())}, {}));
  EXPECT_EQ(store.load("W1-1")->size(), 2u);
}

TYPED_TEST_P(WorkOrderStoreContract, ABatchHappensWholeOrNotAtAll) {
  auto& store = *this->store_;
  ASSERT_TRUE(
      store.append({this->one_event("R1", 0, EventBody{sample_body<RequestRegistered>()})}, {}));
  // Dispatching writes the request and a new work order together; the
  // request's version is stale, so the work order must not appear either.
  auto r = store.append({this->one_event("W1-1", 0, EventBody{sample_body<WorkOrderDispatched>()}),
                         this->one_event("R1", 0, EventBody{sample_body<RequestDispatched>()})},
                        {this->summary("W1-1")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(store.load("W1-1")->empty());
  EXPECT_EQ(store.load("R1")->size(), 1u);
  EXPECT_TRUE(store.list_work_orders({})->empty());
  ASSERT_TRUE(
      store.append({this->one_event("W1-1", 0, EventBody{sample_body<WorkOrderDispatched>()}),
                    this->one_event("R1", 1, EventBody{sample_body<RequestDispatched>()})},
                   {this->summary("W1-1")}));
  EXPECT_EQ(store.load("W1-1")->size(), 1u);
  EXPECT_EQ(store.load("R1")->size(), 2u);
  EXPECT_EQ(store.list_work_orders({})->size(), 1u);
}

TYPED_TEST_P(WorkOrderStoreContract, MalformedAppendsAreInvalidAndWriteNothing) {
  auto& store = *this->store_;
  StreamAppend gap{
      "W1-1", 0, {make_event("W1-1", 2, EventBody{sample_body<WorkOrderDispatched>()})}};
  auto r = store.append({gap}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "batch[0].events[0].version");
  StreamAppend wrong_stream{
      "W1-1", 0, {make_event("W2-1", 1, EventBody{sample_body<WorkOrderDispatched>()})}};
  r = store.append({wrong_stream}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "batch[0].events[0].stream");
  Event bad_text = make_event("W1-1", 1, EventBody{sample_body<WorkOrderDispatched>()});
  bad_text.reason = "\xff\xfe";
  r = store.append({StreamAppend{"W1-1", 0, {bad_text}}}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  // U+0000 is valid UTF-8, but PostgreSQL's text cannot hold it: every
  // store refuses it alike rather than one failing at the commit.
  bad_text.reason = std::string("a\0b", 3);
  r = store.append({StreamAppend{"W1-1", 0, {bad_text}}}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "batch[0].events[0]");
  auto no_id = this->summary("");
  r = store.append({}, {no_id});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "summaries[0].id");
  EXPECT_TRUE(store.load("W1-1")->empty());
  EXPECT_TRUE(store.list_work_orders({})->empty());
}

TYPED_TEST_P(WorkOrderStoreContract, HND_5_DueForCheckIsOrderedLimitedAndMovesOnlyForward) {
  auto& store = *this->store_;
  const Instant now = at("2026-01-10T12:00:00+08:00");
  std::vector<WorkOrderSummary> rows;
  const std::vector<std::pair<std::string, std::optional<Instant>>> checks = {
      {"W-c", now - Seconds{60}},
      {"W-a", now - Seconds{3600}},
      {"W-e", now + Seconds{1}},
      {"W-b", now - Seconds{3600}},
      {"W-d", now},
      {"W-f", std::nullopt},
  };
  for (const auto& [id, check] : checks) {
    auto s = this->summary(id);
    s.next_check = check;
    rows.push_back(s);
  }
  ASSERT_TRUE(store.append({}, rows));
  EXPECT_EQ(*store.due_for_check(now, 100), (std::vector<std::string>{"W-a", "W-b", "W-c", "W-d"}));
  EXPECT_EQ(*store.due_for_check(now, 2), (std::vector<std::string>{"W-a", "W-b"}));
  auto handled = this->summary("W-a", 2);
  handled.status = WorkOrderStatus::kAccepted;
  ASSERT_TRUE(store.append({}, {handled}));
  EXPECT_EQ(*store.due_for_check(now, 100), (std::vector<std::string>{"W-b", "W-c", "W-d"}));
  // A summary older than the stored one does not overwrite it.
  auto old = this->summary("W-a", 1);
  old.next_check = now - Seconds{7200};
  ASSERT_TRUE(store.append({}, {old}));
  EXPECT_EQ(store.due_for_check(now, 100)->front(), "W-b");
  WorkOrderFilter accepted_only;
  accepted_only.status = WorkOrderStatus::kAccepted;
  auto listed = store.list_work_orders(accepted_only);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->at(0).version, 2);
}

TYPED_TEST_P(WorkOrderStoreContract, EverySummaryMemberRoundTrips) {
  auto& store = *this->store_;
  WorkOrderSummary s = this->summary("W9-1", 4);
  s.status = WorkOrderStatus::kHandlingAgain;
  s.handling_unit = "dept.a.office";
  s.policy_profile = "tianjin-transport";
  s.type = RequestType::kReport;
  s.urgency = Urgency::kLifeSafety;
  s.accept_due = at("2026-01-05T10:15:00+08:00");
  s.handle_due = at("2026-01-05T12:00:00+08:00");
  s.next_check = at("2026-01-05T11:36:00+08:00");
  s.overdue = true;
  s.supervised = true;
  ASSERT_TRUE(store.append({}, {s}));
  auto rows = store.list_work_orders({});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  const auto& r = rows->at(0);
  EXPECT_EQ(r.id, s.id);
  EXPECT_EQ(r.request, s.request);
  EXPECT_EQ(r.status, s.status);
  EXPECT_EQ(r.lead_unit, s.lead_unit);
  EXPECT_EQ(r.handling_unit, s.handling_unit);
  EXPECT_EQ(r.policy_profile, s.policy_profile);
  EXPECT_EQ(r.type, s.type);
  EXPECT_EQ(r.urgency, s.urgency);
  EXPECT_EQ(r.dispatched_at, s.dispatched_at);
  EXPECT_EQ(r.accept_due, s.accept_due);
  EXPECT_EQ(r.handle_due, s.handle_due);
  EXPECT_EQ(r.next_check, s.next_check);
  EXPECT_TRUE(r.overdue);
  EXPECT_TRUE(r.supervised);
  EXPECT_EQ(r.version, 4);
}

TYPED_TEST_P(WorkOrderStoreContract, DIS_4_ListAndCountFilterByUnitStatusOverdueWithPaging) {
  auto& store = *this->store_;
  // W1 led by dept.a and assisted by dept.b and dept.c (from its dispatch event).
  ASSERT_TRUE(store.append({this->one_event("W1", 0, sample_body<WorkOrderDispatched>())},
                           {this->summary("W1")}));
  auto w2 = this->summary("W2");
  w2.lead_unit = "dept.c";
  w2.handling_unit = "dept.c.office";
  w2.status = WorkOrderStatus::kAccepted;
  w2.overdue = true;
  auto w3 = this->summary("W3");
  w3.lead_unit = "dept.c";
  w3.request = "R2";
  w3.dispatched_at += Seconds{10};
  ASSERT_TRUE(store.append({}, {w2, w3}));

  const auto assisting = sample_body<WorkOrderDispatched>().assisting_units;
  ASSERT_FALSE(assisting.empty());
  WorkOrderFilter f;
  f.unit = "dept.a";
  EXPECT_EQ(this->ids(f), (std::vector<std::string>{"W1"}));
  f.unit = assisting.front();  // assisting
  EXPECT_EQ(this->ids(f), (std::vector<std::string>{"W1"}));
  f.unit = "dept.c.office";  // handling
  EXPECT_EQ(this->ids(f), (std::vector<std::string>{"W2"}));
  f.unit = "dept.x";
  EXPECT_TRUE(this->ids(f).empty());
  WorkOrderFilter any;
  any.any_of_units = {"dept.x", "dept.c.office", "dept.a"};
  EXPECT_EQ(this->ids(any), (std::vector<std::string>{"W1", "W2"}));
  WorkOrderFilter overdue;
  overdue.overdue = true;
  EXPECT_EQ(this->ids(overdue), (std::vector<std::string>{"W2"}));
  EXPECT_EQ(*store.count_work_orders(overdue), 1u);
  overdue.overdue = false;
  EXPECT_EQ(this->ids(overdue), (std::vector<std::string>{"W1", "W3"}));
  WorkOrderFilter by_request;
  by_request.request = "R2";
  EXPECT_EQ(this->ids(by_request), (std::vector<std::string>{"W3"}));

  // Redispatch with other assisting units: the old ones no longer find it.
  WorkOrderRedispatched again = sample_body<WorkOrderRedispatched>();
  again.assisting_units = {"dept.y"};
  ASSERT_TRUE(store.append({this->one_event("W1", 1, again)}, {}));
  f = {};
  f.unit = assisting.front();
  EXPECT_TRUE(this->ids(f).empty());
  f.unit = "dept.y";
  EXPECT_EQ(this->ids(f), (std::vector<std::string>{"W1"}));

  // Pages of 2 over 25 rows: each seen once, in order; the count ignores paging.
  std::vector<WorkOrderSummary> many;
  for (int i = 0; i < 25; ++i) {
    auto s = this->summary("P" + std::to_string(100 + i));
    s.lead_unit = "dept.page";
    s.dispatched_at += Seconds{i};
    many.push_back(s);
  }
  ASSERT_TRUE(store.append({}, many));
  std::vector<std::string> seen;
  WorkOrderFilter page;
  page.unit = "dept.page";
  page.limit = 2;
  EXPECT_EQ(*store.count_work_orders(page), 25u);
  for (page.offset = 0;; page.offset += page.limit) {
    auto got = this->ids(page);
    if (got.empty()) break;
    EXPECT_LE(got.size(), 2u);
    seen.insert(seen.end(), got.begin(), got.end());
  }
  ASSERT_EQ(seen.size(), 25u);
  for (int i = 0; i < 25; ++i) EXPECT_EQ(seen[i], "P" + std::to_string(100 + i));
}

TYPED_TEST_P(WorkOrderStoreContract, SequencesStrictlyIncreasePerCounter) {
  auto& store = *this->store_;
  EXPECT_EQ(*store.next_sequence("request"), 1);
  EXPECT_EQ(*store.next_sequence("request"), 2);
  EXPECT_EQ(*store.next_sequence("other"), 1);
  EXPECT_EQ(*store.next_sequence("request"), 3);
}

TYPED_TEST_P(WorkOrderStoreContract, ANA_1_TheLogHasEveryEventOnceInCommitOrder) {
  auto& store = *this->store_;
  ASSERT_EQ(store.log_head().value_or(-1), 0);
  ASSERT_TRUE(
      store.append({this->one_event("R1", 0, EventBody{sample_body<RequestRegistered>()})}, {}));
  ASSERT_TRUE(
      store.append({this->one_event("W1-1", 0, EventBody{sample_body<WorkOrderDispatched>()}),
                    this->one_event("R1", 1, EventBody{sample_body<RequestDispatched>()})},
                   {this->summary("W1-1")}));
  // A refused batch leaves no trace in the log.
  ASSERT_FALSE(store.append({this->one_event("R1", 0, this->accepted())}, {}));
  ASSERT_TRUE(store.append({this->one_event("W1-1", 1, this->accepted())}, {}));
  auto all = store.read_log(0, 100);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 4u);
  const std::vector<std::pair<std::string, std::int64_t>> order = {
      {"R1", 1}, {"W1-1", 1}, {"R1", 2}, {"W1-1", 2}};
  for (std::size_t i = 0; i < order.size(); ++i) {
    EXPECT_EQ((*all)[i].event.stream, order[i].first) << i;
    EXPECT_EQ((*all)[i].event.version, order[i].second) << i;
    if (i > 0) {
      EXPECT_GT((*all)[i].position, (*all)[i - 1].position);
    }
  }
  // From a cursor: what came after it, up to the limit.
  auto rest = store.read_log((*all)[1].position, 1);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ(rest->at(0).position, (*all)[2].position);
  EXPECT_TRUE(store.read_log(all->back().position, 10)->empty());
  // The head is the last position: a reader starting there sees only what comes next.
  EXPECT_EQ(store.log_head().value_or(-1), all->back().position);
}

// Issue 14: a projection that takes a few kinds reads the same pages, with
// only those kinds decoded; the page still says how far it read.
TYPED_TEST_P(WorkOrderStoreContract, ANA_1_AReaderOfSomeKindsGetsThemAndReadsPastTheRest) {
  auto& store = *this->store_;
  ASSERT_TRUE(
      store.append({this->one_event("R1", 0, EventBody{sample_body<RequestRegistered>()})}, {}));
  ASSERT_TRUE(
      store.append({this->one_event("W1-1", 0, EventBody{sample_body<WorkOrderDispatched>()}),
                    this->one_event("R1", 1, EventBody{sample_body<RequestDispatched>()})},
                   {this->summary("W1-1")}));
  ASSERT_TRUE(store.append({this->one_event("W1-1", 1, this->accepted())}, {}));
  ASSERT_TRUE(
      store.append({this->one_event("R2", 0, EventBody{sample_body<RequestRegistered>()})}, {}));
  auto all = store.read_log(0, 100);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 5u);

  const auto kinds = EventKinds::of<RequestRegistered, WorkOrderAccepted>();
  auto page = store.read_log_of(0, 100, kinds);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->read, 5u);
  EXPECT_EQ(page->end, all->back().position);
  std::vector<std::pair<std::string, std::int64_t>> got;
  for (const LoggedEvent& e : page->events) got.emplace_back(e.event.stream, e.position);
  const std::vector<std::pair<std::string, std::int64_t>> expected = {
      {"R1", (*all)[0].position}, {"W1-1", (*all)[3].position}, {"R2", (*all)[4].position}};
  EXPECT_EQ(got, expected);
  ASSERT_EQ(page->events.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<WorkOrderAccepted>(page->events[1].event.body));
  EXPECT_EQ(std::get<RequestRegistered>(page->events[2].event.body).number,
            std::get<RequestRegistered>((*all)[4].event.body).number);

  // The same limit as read_log: a page of two ends at the second event even
  // when only the first is of the kinds.
  auto first = store.read_log_of(0, 2, kinds);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->read, 2u);
  EXPECT_EQ(first->end, (*all)[1].position);
  ASSERT_EQ(first->events.size(), 1u);
  EXPECT_EQ(first->events[0].position, (*all)[0].position);
  // No kinds: read past, nothing decoded; past the end: nothing read.
  auto none = store.read_log_of(0, 100, EventKinds{});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->read, 5u);
  EXPECT_EQ(none->end, all->back().position);
  EXPECT_TRUE(none->events.empty());
  auto past = store.read_log_of(all->back().position, 100, kinds);
  ASSERT_TRUE(past);
  EXPECT_EQ(past->read, 0u);
  EXPECT_EQ(past->end, all->back().position);
  EXPECT_TRUE(past->events.empty());
}

TYPED_TEST_P(WorkOrderStoreContract, UnitsRoundTripInOrderAndOrphansAreRefused) {
  auto& store = *this->store_;
  Unit city{"city", "市政府", UnitKind::kMunicipalDepartment, std::nullopt, "", "", true};
  Unit street{"street.𠮷", "𠮷街道", UnitKind::kStreet, "district.a", "T", "district.a", false};
  Unit district{"district.a", "A区", UnitKind::kDistrictGovernment, std::nullopt, "", "", true};
  // A child may come before its parent in the list.
  ASSERT_TRUE(store.save_units({city, street, district}));
  auto loaded = store.load_units();
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->size(), 3u);
  EXPECT_EQ(loaded->at(0).id, "city");
  EXPECT_EQ(loaded->at(1).id, "street.𠮷");
  EXPECT_EQ(loaded->at(1).name, "𠮷街道");
  EXPECT_EQ(loaded->at(1).parent, std::optional<std::string>("district.a"));
  EXPECT_EQ(loaded->at(1).policy_profile, "T");
  EXPECT_FALSE(loaded->at(1).active);
  Unit orphan{"orphan", "孤儿", UnitKind::kStreet, "nowhere", "", "", true};
  auto refused = store.save_units({city, orphan});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store.load_units()->size(), 3u);  // nothing replaced
  auto twice = store.save_units({city, city});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kInvalidArgument);
}

// Issue 9, item 7: the entries of the command that made a change are chained
// onto the audit log in the append's own transaction, in commit order.
TYPED_TEST_P(WorkOrderStoreContract, SEC_2_AuditEntriesCommitWithTheirEventsInOrder) {
  auto& store = *this->store_;
  ASSERT_TRUE(
      store.append({this->one_event("W1-1", 0, EventBody{sample_body<WorkOrderDispatched>()})},
                   {this->summary("W1-1")}, {this->audit_record("W1-1")}));
  ASSERT_TRUE(store.append({this->one_event("W1-1", 1, this->accepted())}, {},
                           {this->audit_record("W1-1"), this->audit_record("R1")}));
  const auto entries = this->audit_entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].record.action, "command:accept");
  EXPECT_EQ(entries[0].record.actor.unit, "dept.a");
  EXPECT_EQ(entries[2].record.target, "R1");
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].sequence, static_cast<std::int64_t>(i) + 1);
    if (i > 0) {
      EXPECT_EQ(entries[i].prev_hash, entries[i - 1].hash);
    }
  }
}

// A refused append writes neither its events nor its audit entries.
TYPED_TEST_P(WorkOrderStoreContract, SEC_2_ARefusedAppendLeavesNoAuditEntry) {
  auto& store = *this->store_;
  ASSERT_TRUE(
      store.append({this->one_event("W1-1", 0, EventBody{sample_body<WorkOrderDispatched>()})},
                   {this->summary("W1-1")}));
  auto stale = store.append({this->one_event("W1-1", 0, this->accepted())}, {},
                            {this->audit_record("W1-1")});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  StreamAppend bad = this->one_event("W2-1", 0, this->accepted());
  bad.events[0].reason = "\xff";
  auto invalid = store.append({bad}, {}, {this->audit_record("W2-1")});
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(this->audit_entries().empty());
  EXPECT_EQ(store.load("W1-1")->size(), 1u);
}

// INT-4: one request per intake key, whichever node or process registers it.
TYPED_TEST_P(WorkOrderStoreContract, INT_4_AnIntakeKeyRegistersOneRequest) {
  auto& store = *this->store_;
  auto registration = [](const std::string& number, const std::string& key) {
    RequestRegistered r = sample_body<RequestRegistered>();
    r.number = number;
    r.intake_key = key;
    return StreamAppend{number, 0, {make_event(number, 1, EventBody{r})}};
  };
  EXPECT_FALSE(*store.request_for_intake_key("k-1"));
  ASSERT_TRUE(store.append({registration("R1", "k-1")}, {}));
  ASSERT_TRUE(store.append({registration("R2", "")}, {}));
  EXPECT_EQ(**store.request_for_intake_key("k-1"), "R1");
  auto again = store.append({registration("R3", "k-1")}, {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(store.load("R3")->empty()) << "nothing of the refused append is written";
  ASSERT_TRUE(store.append({registration("R4", "k-2")}, {}));
  EXPECT_EQ(**store.request_for_intake_key("k-2"), "R4");
  auto loaded = store.load("R1");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(std::get<RequestRegistered>((*loaded)[0].body).intake_key, "k-1");
}

REGISTER_TYPED_TEST_SUITE_P(
    WorkOrderStoreContract, EveryEventTypeLoadsBackInOrder,
    AStaleExpectedVersionConflictsAndWritesNothing, ABatchHappensWholeOrNotAtAll,
    MalformedAppendsAreInvalidAndWriteNothing, HND_5_DueForCheckIsOrderedLimitedAndMovesOnlyForward,
    EverySummaryMemberRoundTrips, DIS_4_ListAndCountFilterByUnitStatusOverdueWithPaging,
    SequencesStrictlyIncreasePerCounter, ANA_1_TheLogHasEveryEventOnceInCommitOrder,
    ANA_1_AReaderOfSomeKindsGetsThemAndReadsPastTheRest, UnitsRoundTripInOrderAndOrphansAreRefused,
    SEC_2_AuditEntriesCommitWithTheirEventsInOrder, SEC_2_ARefusedAppendLeavesNoAuditEntry,
    INT_4_AnIntakeKeyRegistersOneRequest);

}  // namespace hotline::testing
