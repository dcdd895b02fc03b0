// The engine wired to a real SqliteWorkOrderStore in a temporary directory,
// with a FakeClock and the shipped policies, calendar and demo organisation
// (loaded through the TOML adapters from HOTLINE_DATA_DIR). These tests check
// what only shows with a real store: atomic multi-stream writes, conflicts
// between two engines on one file, what survives a reopen.
#include "core/engine/engine.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "support/engine_on_shipped_data.h"

namespace hotline {
namespace {

const std::filesystem::path kData = HOTLINE_DATA_DIR;
constexpr const char* kUnit = "dept.heping.urban-management";
constexpr const char* kOtherUnit = "dept.heping.housing";

Instant at(const char* text) {
  auto t = parse_iso8601(text);
  EXPECT_TRUE(t) << text;
  return t ? *t : Instant{};
}

Actor agent() { return {"agent.wang", Role::kAgent, "office"}; }
Actor dispatcher() { return {"dispatcher.zhao", Role::kDispatcher, "office"}; }
Actor supervisor() { return {"supervisor.sun", Role::kSupervisor, "office"}; }
Actor staff(std::string unit = kUnit) { return {"staff.li", Role::kUnitStaff, std::move(unit)}; }

CommandContext as(Actor actor, std::string reason = "test",
                  std::optional<std::int64_t> expected_version = std::nullopt) {
  return CommandContext{std::move(actor), std::move(reason), expected_version};
}

RequestDetails complaint(int items = 1) {
  RequestDetails d;
  d.requested_at = at("2026-03-02T08:55:00+08:00");
  d.channel = Channel::kPhone;
  d.type = RequestType::kComplaint;
  d.urgency = Urgency::kGeneral;
  d.applicant.name = "张𠮷";
  d.applicant.phone = "13800000000";
  d.subject = "小区噪音扰民";
  d.detail = "和平区某小区夜间施工噪音扰民";
  for (int i = 0; i < items; ++i) d.items.push_back({"事项" + std::to_string(i + 1), ""});
  d.location.district = "district.heping";
  return d;
}

// RET-1, RET-3 [M17, R10]: outside the unit's duties, with the legal basis.
ReturnApplication not_our_duty() {
  ReturnApplication a;
  a.reason = ReturnReason::kNotOurDuty;
  a.explanation = "不属于本单位职责";
  a.evidence.legal_basis = "《三定方案》";
  return a;
}

DispatchPlanOrder to(std::string lead, std::vector<int> items = {}) {
  DispatchPlanOrder o;
  o.lead_unit = std::move(lead);
  o.items = std::move(items);
  return o;
}

// The shipped data, loaded once.
const testing::ShippedData& shipped() { return testing::shipped_data(); }

class EngineOnSqlite : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(shipped().calendar && shipped().organisation);
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-engine-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    store_ = open_store();
    ASSERT_NE(store_, nullptr);
    engine_ = make_engine(*store_);
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::unique_ptr<SqliteWorkOrderStore> open_store() {
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db");
    EXPECT_TRUE(store) << store.error().describe();
    return store ? std::move(*store) : nullptr;
  }
  std::unique_ptr<Engine> make_engine(WorkOrderStore& store, const PolicySet* policies = nullptr) {
    return std::make_unique<Engine>(store, clock_, *shipped().calendar,
                                    policies ? *policies : shipped().policies,
                                    *shipped().organisation);
  }

  std::string register_request(RequestDetails d = complaint()) {
    auto r = engine_->register_request(as(agent(), "来电登记"), std::move(d));
    EXPECT_TRUE(r) << r.error().describe();
    return r ? r->number : std::string();
  }
  // Registers, dispatches to `lead` and returns the work order id.
  std::string dispatched(std::string lead = kUnit) {
    const std::string number = register_request();
    auto orders = engine_->dispatch(as(dispatcher(), "派单"), number, {to(std::move(lead))});
    EXPECT_TRUE(orders) << orders.error().describe();
    return orders && !orders->empty() ? orders->front().id : std::string();
  }
  std::string accepted(std::string lead = kUnit) {
    const std::string id = dispatched(lead);
    auto wo = engine_->accept(as(staff(lead), "接单"), id);
    EXPECT_TRUE(wo) << wo.error().describe();
    return id;
  }
  std::size_t events_of(const std::string& stream) {
    auto events = store_->load(stream);
    EXPECT_TRUE(events);
    return events ? events->size() : 0;
  }
  template <typename Body>
  std::size_t count_events(const std::string& stream) {
    auto events = store_->load(stream);
    EXPECT_TRUE(events);
    if (!events) return 0;
    return static_cast<std::size_t>(
        std::count_if(events->begin(), events->end(),
                      [](const Event& e) { return std::holds_alternative<Body>(e.body); }));
  }

  std::filesystem::path dir_;
  FakeClock clock_{at("2026-03-02T09:00:00+08:00")};  // a Monday
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<Engine> engine_;
};

// ---- Who, when, why, article on every event -------------------------------------

TEST_F(EngineOnSqlite, INT_4_EveryEventRecordsActorRoleUnitReasonArticle) {
  const std::string number = register_request();
  auto orders = engine_->dispatch(as(dispatcher(), "按派单目录派发"), number, {to(kUnit)});
  ASSERT_TRUE(orders) << orders.error().describe();
  const std::string id = orders->front().id;
  clock_.advance(Seconds{3600});
  ASSERT_TRUE(engine_->accept(as(staff(), "已接单"), id));
  clock_.set(at("2026-03-12T10:00:00+08:00"));  // past the handling deadline
  ASSERT_TRUE(engine_->sweep());

  for (const std::string& stream : {number, id}) {
    auto events = store_->load(stream);
    ASSERT_TRUE(events);
    ASSERT_FALSE(events->empty());
    for (const Event& e : *events) {
      SCOPED_TRACE(std::string(event_name(e.body)));
      EXPECT_FALSE(e.actor.id.empty());
      EXPECT_FALSE(e.actor.unit.empty());
      EXPECT_FALSE(e.reason.empty());
      EXPECT_FALSE(e.article.empty());
      EXPECT_NE(e.at, Instant{});
    }
  }
  auto wo_events = *store_->load(id);
  ASSERT_GE(wo_events.size(), 4u);
  EXPECT_EQ(wo_events[0].actor.role, Role::kDispatcher);
  EXPECT_EQ(wo_events[0].actor.unit, "office");
  EXPECT_EQ(wo_events[0].reason, "按派单目录派发");
  EXPECT_EQ(wo_events[0].article, "R9");
  EXPECT_EQ(wo_events[1].actor.id, "staff.li");
  EXPECT_EQ(wo_events[1].actor.role, Role::kUnitStaff);
  EXPECT_EQ(wo_events[1].actor.unit, kUnit);
  EXPECT_EQ(wo_events[1].reason, "已接单");
  EXPECT_EQ(wo_events[1].article, "R9");
  EXPECT_EQ(wo_events[1].at, at("2026-03-02T10:00:00+08:00"));
  // The sweep's marks are the system's, with the article of the deadline.
  for (std::size_t i = 2; i < wo_events.size(); ++i) {
    EXPECT_EQ(wo_events[i].actor.role, Role::kSystem);
    EXPECT_EQ(wo_events[i].actor.unit, "office");
  }
  EXPECT_EQ(wo_events[2].article, "R11");         // deadline missed
  EXPECT_EQ(wo_events.back().article, "M22(2)");  // supervision
  auto request_events = *store_->load(number);
  EXPECT_EQ(request_events[0].actor.role, Role::kAgent);
  EXPECT_EQ(request_events[0].article, "M14");
  EXPECT_EQ(request_events[1].article, "R6");
}

// ---- Versions and concurrency ----------------------------------------------------------

TEST_F(EngineOnSqlite, ACC_1_StaleExpectedVersionIsAConflictAndWritesNothing) {
  const std::string id = dispatched();
  auto wo = engine_->work_order(id);
  ASSERT_TRUE(wo);
  ASSERT_EQ(wo->version, 1);
  auto stale = engine_->accept(as(staff(), "接单", 0), id);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(events_of(id), 1u);
  auto current = engine_->accept(as(staff(), "接单", 1), id);
  ASSERT_TRUE(current) << current.error().describe();
  EXPECT_EQ(current->version, 2);
  // The request side checks it too.
  const std::string number = register_request();
  auto r = engine_->dispatch(as(dispatcher(), "派单", 7), number, {to(kUnit)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(events_of(number), 1u);
  EXPECT_EQ(events_of(number + "-1"), 0u);
}

TEST_F(EngineOnSqlite, ACC_1_TwoEnginesOnOneDatabaseRaceToAcceptExactlyOneWins) {
  auto other_store = open_store();
  ASSERT_NE(other_store, nullptr);
  auto other = make_engine(*other_store);
  for (int round = 0; round < 10; ++round) {
    SCOPED_TRACE(round);
    const std::string id = dispatched();
    std::barrier sync(2);
    Result<WorkOrderState> a = fail(Error::internal("not run"));
    Result<WorkOrderState> b = fail(Error::internal("not run"));
    std::thread ta([&] {
      sync.arrive_and_wait();
      a = engine_->accept(as(staff(), "甲接单"), id);
    });
    std::thread tb([&] {
      sync.arrive_and_wait();
      b = other->accept(as(staff(), "乙接单"), id);
    });
    ta.join();
    tb.join();
    EXPECT_EQ(int(a.has_value()) + int(b.has_value()), 1);
    for (const auto* r : {&a, &b}) {
      if (r->has_value()) continue;
      // Lost the race: a conflict, or refused if it read the winner's write.
      EXPECT_TRUE(r->error().code == ErrorCode::kConflict || r->error().code == ErrorCode::kRefused)
          << r->error().describe();
    }
    EXPECT_EQ(count_events<WorkOrderAccepted>(id), 1u);
    auto wo = engine_->work_order(id);
    ASSERT_TRUE(wo);
    EXPECT_EQ(wo->version, 2);
  }
}

TEST_F(EngineOnSqlite, DIS_3_TwoEnginesRaceToDispatchOneRequestNothingHalfWritten) {
  auto other_store = open_store();
  ASSERT_NE(other_store, nullptr);
  auto other = make_engine(*other_store);
  for (int round = 0; round < 10; ++round) {
    SCOPED_TRACE(round);
    const std::string number = register_request();
    std::barrier sync(2);
    Result<std::vector<WorkOrderState>> a = fail(Error::internal("not run"));
    Result<std::vector<WorkOrderState>> b = fail(Error::internal("not run"));
    std::thread ta([&] {
      sync.arrive_and_wait();
      a = engine_->dispatch(as(dispatcher(), "派单甲"), number, {to(kUnit)});
    });
    std::thread tb([&] {
      sync.arrive_and_wait();
      b = other->dispatch(as(dispatcher(), "派单乙"), number, {to(kOtherUnit)});
    });
    ta.join();
    tb.join();
    ASSERT_EQ(int(a.has_value()) + int(b.has_value()), 1);
    const std::string winner = a ? kUnit : kOtherUnit;
    EXPECT_EQ(events_of(number), 2u);
    EXPECT_EQ(events_of(number + "-1"), 1u);
    EXPECT_EQ(events_of(number + "-2"), 0u);
    auto wo = engine_->work_order(number + "-1");
    ASSERT_TRUE(wo);
    EXPECT_EQ(wo->lead_unit, winner);
    WorkOrderFilter filter;
    filter.request = number;
    auto rows = store_->list_work_orders(filter);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().lead_unit, winner);
  }
}

// ---- Dispatch ---------------------------------------------------------------------------

TEST_F(EngineOnSqlite, DIS_3_SplitWithOneInvalidOrderWritesNothing) {
  const std::string number = register_request(complaint(2));
  auto bad = engine_->dispatch(as(dispatcher(), "拆分派单"), number,
                               {to(kUnit, {0}), to("dept.nowhere", {1})});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "orders[1].lead_unit");
  // DIS-6 [R8] in the second order: refused, nothing written either.
  DispatchPlanOrder street = to("street.heping.quanyechang", {1});
  street.functional_matter = true;
  auto refused = engine_->dispatch(as(dispatcher(), "拆分派单"), number, {to(kUnit, {0}), street});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule, "DIS-6");
  EXPECT_EQ(refused.error().article, "R8");
  // An item left out (DIS-3).
  auto partial = engine_->dispatch(as(dispatcher(), "拆分派单"), number, {to(kUnit, {0})});
  ASSERT_FALSE(partial);
  EXPECT_EQ(partial.error().rule, "DIS-3");

  EXPECT_EQ(events_of(number), 1u);  // only the registration
  EXPECT_EQ(events_of(number + "-1"), 0u);
  EXPECT_EQ(events_of(number + "-2"), 0u);
  WorkOrderFilter filter;
  filter.request = number;
  ASSERT_TRUE(store_->list_work_orders(filter));
  EXPECT_TRUE(store_->list_work_orders(filter)->empty());
  auto request = engine_->request(number);
  ASSERT_TRUE(request);
  EXPECT_EQ(request->status, RequestStatus::kRegistered);

  // The valid split writes both work orders and the request event at once.
  auto ok = engine_->dispatch(as(dispatcher(), "拆分派单"), number,
                              {to(kUnit, {0}), to(kOtherUnit, {1})});
  ASSERT_TRUE(ok) << ok.error().describe();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ(events_of(number), 2u);
  auto first = engine_->work_order(number + "-1");
  auto second = engine_->work_order(number + "-2");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->lead_unit, kUnit);
  EXPECT_EQ(first->items, std::vector<int>{0});
  EXPECT_EQ(second->lead_unit, kOtherUnit);
  EXPECT_EQ(second->items, std::vector<int>{1});
  ASSERT_EQ(store_->list_work_orders(filter)->size(), 2u);
}

// ---- Refusals ---------------------------------------------------------------------------

TEST_F(EngineOnSqlite, ACC_1_RET_3_RET_4_EXT_2_TRI_7_RefusalsNameRuleAndArticleAndWriteNothing) {
  struct Case {
    const char* name;
    std::function<Status()> act;
    std::string stream;
    const char* rule;
    const char* article;
  };
  const std::string dispatched_id = dispatched();
  const std::string accepted_id = accepted();
  const std::string registered = register_request();
  const std::string transport_id = dispatched("dept.transport");
  RequestDetails inquiry = complaint();
  inquiry.type = RequestType::kInquiry;
  const std::string inquiry_id = [&] {
    const std::string n = register_request(inquiry);
    auto orders = engine_->dispatch(as(dispatcher(), "派单"), n, {to(kUnit)});
    EXPECT_TRUE(orders);
    auto wo = engine_->accept(as(staff(), "接单"), n + "-1");
    EXPECT_TRUE(wo);
    return n + "-1";
  }();
  auto status = [](auto r) -> Status {
    if (r) return {};
    return fail(r.error());
  };
  std::vector<Case> cases = {
      {"accept twice", [&] { return status(engine_->accept(as(staff(), "接单"), accepted_id)); },
       accepted_id, "ACC-1", "R9"},
      {"return for difficulty",
       [&] {
         return status(engine_->apply_return(
             as(staff(), "太难"), dispatched_id,
             ReturnApplication{ReturnReason::kDifficulty, "太难办", {}, false}));
       },
       dispatched_id, "RET-3", "R10"},
      {"return without legal basis",
       [&] {
         return status(engine_->apply_return(
             as(staff(), "非本单位职责"), dispatched_id,
             ReturnApplication{ReturnReason::kNotOurDuty, "非本单位职责", {}, false}));
       },
       dispatched_id, "RET-3", "R10"},
      {"profile T: return for difficulty",
       [&] {
         return status(engine_->apply_return(
             as(staff("dept.transport"), "太难"), transport_id,
             ReturnApplication{ReturnReason::kDifficulty, "太难办", {}, false}));
       },
       transport_id, "RET-4", "T8(4)"},
      {"extension of an inquiry",
       [&] {
         return status(engine_->apply_extension(as(staff(), "需协调"), inquiry_id,
                                                ExtensionApplication{"进展", "措施", false, {}}));
       },
       inquiry_id, "EXT-2", "R12"},
      {"complaint answered directly",
       [&] {
         return status(engine_->triage(
             as(agent(), "当场答复"), registered,
             RequestTriaged{TriageOutcome::kAnsweredDirectly, "", "KB-1", "已答复"}));
       },
       registered, "TRI-7", "R6"},
      {"unit reviews its own return",
       [&] { return status(engine_->review_return(as(staff(), "同意"), dispatched_id, true, {})); },
       dispatched_id, "SEC-2", "M27"},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::size_t before = events_of(c.stream);
    auto st = c.act();
    ASSERT_FALSE(st);
    // A role or unit that may not act at all is forbidden (SEC-2, HTTP 403); a
    // rule of the policy refuses (HTTP 422).
    EXPECT_EQ(st.error().code,
              std::string_view(c.rule) == "SEC-2" ? ErrorCode::kForbidden : ErrorCode::kRefused)
        << st.error().describe();
    EXPECT_EQ(st.error().rule, c.rule);
    EXPECT_EQ(st.error().article, c.article);
    EXPECT_NE(st.error().describe().find(c.article), std::string::npos) << st.error().describe();
    EXPECT_FALSE(st.error().message_zh.empty());
    EXPECT_EQ(events_of(c.stream), before);
  }
}

// ---- Permissions (SEC-2) -------------------------------------------------------------------

TEST_F(EngineOnSqlite, SEC_2_PermissionMatrix) {
  const std::string id = dispatched();
  // A unit cannot act on another unit's work order, nor learn it exists.
  auto other = engine_->accept(as(staff(kOtherUnit), "接单"), id);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  // Office roles do not accept for a unit; units do not dispatch.
  EXPECT_FALSE(engine_->accept(as(agent(), "接单"), id));
  EXPECT_FALSE(engine_->dispatch(as(staff(), "派单"), register_request(), {to(kUnit)}));
  // Units do not register requests (the office and its channels do).
  EXPECT_FALSE(engine_->register_request(as(staff(), "登记"), complaint()));
  EXPECT_EQ(events_of(id), 1u);

  // Return review: the office only, and of the office not the agent.
  ASSERT_TRUE(engine_->apply_return(as(staff(), "不属于本单位职责"), id, not_our_duty()));
  for (const Actor& who : {agent(), staff()}) {
    auto r = engine_->review_return(as(who, "不同意"), id, false, {});
    ASSERT_FALSE(r) << to_string(who.role);
    EXPECT_EQ(r.error().rule, "SEC-2");
  }
  auto stranger = engine_->review_return(as(staff(kOtherUnit), "不同意"), id, false, {});
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(events_of(id), 2u);
  auto reviewed = engine_->review_return(as(dispatcher(), "理由不充分"), id, false, {});
  ASSERT_TRUE(reviewed) << reviewed.error().describe();
  EXPECT_EQ(reviewed->status, WorkOrderStatus::kDispatched);

  // DIS-7 (issue 9): a unit below the lead does not act for it — the lead
  // accepts and forwards; what was not forwarded to it, it cannot even read.
  const std::string transport = dispatched("dept.transport");
  auto by_child = engine_->accept(as(staff("dept.transport.enforcement"), "接单"), transport);
  ASSERT_FALSE(by_child);
  EXPECT_EQ(by_child.error().code, ErrorCode::kNotFound);
  auto by_lead = engine_->accept(as(staff("dept.transport"), "接单"), transport);
  EXPECT_TRUE(by_lead) << by_lead.error().describe();
  // A unit's staff cannot review appeals or raise supervision.
  auto supervise = engine_->raise_supervision(as(staff("dept.transport"), "督办"), transport,
                                              SupervisionRaised{});
  ASSERT_FALSE(supervise);
  EXPECT_EQ(supervise.error().rule, "SEC-2");
  EXPECT_TRUE(engine_->raise_supervision(as(supervisor(), "督办"), transport, SupervisionRaised{}));
}

// ---- Returns (RET-2) -------------------------------------------------------------------------

TEST_F(EngineOnSqlite, RET_2_RejectedReturnKeepsDeadline) {
  const std::string id = accepted();
  auto before = engine_->work_order(id);
  ASSERT_TRUE(before && before->handle_due);
  EXPECT_EQ(before->handle_due->due, at("2026-03-11T09:00:00+08:00"));
  clock_.advance(Seconds{1800});
  ASSERT_TRUE(engine_->apply_return(as(staff(), "不属于本单位职责"), id, not_our_duty()));
  clock_.set(at("2026-03-03T09:00:00+08:00"));
  auto rejected = engine_->review_return(as(dispatcher(), "属于本单位职责"), id, false, {});
  ASSERT_TRUE(rejected) << rejected.error().describe();
  EXPECT_EQ(rejected->status, WorkOrderStatus::kAccepted);
  ASSERT_TRUE(rejected->handle_due);
  EXPECT_EQ(rejected->handle_due->due, before->handle_due->due);
  // And from the store, not only the returned state.
  auto reloaded = engine_->work_order(id);
  ASSERT_TRUE(reloaded && reloaded->handle_due);
  EXPECT_EQ(reloaded->handle_due->due, before->handle_due->due);
}

TEST_F(EngineOnSqlite, RET_2_ApprovedReturnRedispatchesAndRestartsDeadlines) {
  const std::string id = accepted();
  ASSERT_TRUE(engine_->apply_return(as(staff(), "不属于本单位职责"), id, not_our_duty()));
  clock_.set(at("2026-03-03T09:00:00+08:00"));
  auto approved = engine_->review_return(as(dispatcher(), "同意退回"), id, true, to(kOtherUnit));
  ASSERT_TRUE(approved) << approved.error().describe();
  EXPECT_EQ(approved->lead_unit, kOtherUnit);
  EXPECT_EQ(approved->status, WorkOrderStatus::kDispatched);
  // Acceptance counts again from the re-dispatch: 1 working day from Tuesday 09:00.
  EXPECT_EQ(approved->accept_due.due, at("2026-03-04T09:00:00+08:00"));
  clock_.set(at("2026-03-03T10:00:00+08:00"));
  auto accepted_again = engine_->accept(as(staff(kOtherUnit), "接单"), id);
  ASSERT_TRUE(accepted_again) << accepted_again.error().describe();
  ASSERT_TRUE(accepted_again->handle_due);
  // 7 working days from Tuesday 3 March 10:00.
  EXPECT_EQ(accepted_again->handle_due->due, at("2026-03-12T10:00:00+08:00"));
  // The unit it came from can no longer act on it.
  auto old_unit = engine_->reply(as(staff(), "答复"), id, ReplyContent{});
  ASSERT_FALSE(old_unit);
  EXPECT_EQ(old_unit.error().code, ErrorCode::kNotFound);
}

// ---- Deadline sweep (HND-5, SUP-1) ----------------------------------------------------------

TEST_F(EngineOnSqlite, HND_5_SUP_1_SweepIsIdempotentAndSupervisesOnce) {
  const std::string id = dispatched();  // accept due 2026-03-03T09:00
  clock_.set(at("2026-03-03T08:59:00+08:00"));
  auto warn = engine_->sweep();
  ASSERT_TRUE(warn);
  EXPECT_EQ(warn->warnings, 1u);
  EXPECT_EQ(warn->missed, 0u);
  auto again = engine_->sweep();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->warnings, 0u);
  EXPECT_EQ(count_events<DeadlineWarned>(id), 1u);

  clock_.set(at("2026-03-03T09:00:01+08:00"));
  auto missed = engine_->sweep();
  ASSERT_TRUE(missed);
  EXPECT_EQ(missed->missed, 1u);
  EXPECT_EQ(missed->supervisions, 1u);
  for (int i = 0; i < 3; ++i) {
    clock_.advance(Seconds{3600});
    auto r = engine_->sweep();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->missed, 0u);
    EXPECT_EQ(r->supervisions, 0u);
    EXPECT_EQ(r->warnings, 0u);
  }
  EXPECT_EQ(count_events<DeadlineMissed>(id), 1u);
  EXPECT_EQ(count_events<SupervisionRaised>(id), 1u);
  auto wo = engine_->work_order(id);
  ASSERT_TRUE(wo);
  ASSERT_EQ(wo->supervisions.size(), 1u);
  EXPECT_EQ(wo->supervisions[0].supervision.trigger, SupervisionTrigger::kRefusedAcceptance);
  EXPECT_EQ(wo->supervisions[0].article, "M22(1)");

  // A second engine on a reopened store sees the marks and adds none.
  store_.reset();
  engine_.reset();
  store_ = open_store();
  ASSERT_NE(store_, nullptr);
  engine_ = make_engine(*store_);
  auto reopened = engine_->sweep();
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->missed + reopened->supervisions + reopened->warnings, 0u);
  EXPECT_EQ(count_events<SupervisionRaised>(id), 1u);
  WorkOrderFilter overdue;
  overdue.overdue = true;
  auto rows = store_->list_work_orders(overdue);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().id, id);
  EXPECT_TRUE(rows->front().supervised);
}

// ---- Deadlines are recorded, not recomputed (R11) -----------------------------------------

TEST_F(EngineOnSqlite, HND_2_PolicyChangeAfterDispatchDoesNotMoveExistingDeadline) {
  const std::string id = accepted();
  auto before = engine_->work_order(id);
  ASSERT_TRUE(before && before->handle_due);
  EXPECT_EQ(before->handle_due->due, at("2026-03-11T09:00:00+08:00"));

  // The office edits the policy: general requests now 3 working days.
  std::ifstream in(kData / "policies" / "tianjin.toml", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string toml = text.str();
  const std::string from = "within = \"7 working days\"\nfrom = \"acceptance\"";
  const auto pos = toml.find(from);
  ASSERT_NE(pos, std::string::npos);
  toml.replace(pos, from.size(), "within = \"3 working days\"\nfrom = \"acceptance\"");
  auto edited = parse_policy(toml, "tianjin.toml");
  ASSERT_TRUE(edited) << edited.error().describe();
  PolicySet policies = shipped().policies;
  policies.profiles.insert_or_assign("tianjin", std::move(*edited));

  // The platform restarts with the new policy on the same database.
  auto new_engine = make_engine(*store_, &policies);
  auto after = new_engine->work_order(id);
  ASSERT_TRUE(after && after->handle_due);
  EXPECT_EQ(after->handle_due->due, before->handle_due->due);
  // Past the new policy's would-be deadline the sweep marks nothing.
  clock_.set(at("2026-03-06T10:00:00+08:00"));
  auto sweep = new_engine->sweep();
  ASSERT_TRUE(sweep);
  EXPECT_EQ(sweep->missed, 0u);
  EXPECT_EQ(count_events<DeadlineMissed>(id), 0u);

  // A work order accepted now gets the new period: the edit did take effect.
  clock_.set(at("2026-03-09T09:00:00+08:00"));  // Monday
  auto number = new_engine->register_request(as(agent(), "登记"), [] {
    RequestDetails d = complaint();
    d.requested_at = at("2026-03-09T08:55:00+08:00");
    return d;
  }());
  ASSERT_TRUE(number);
  ASSERT_TRUE(new_engine->dispatch(as(dispatcher(), "派单"), number->number, {to(kUnit)}));
  auto fresh = new_engine->accept(as(staff(), "接单"), number->number + "-1");
  ASSERT_TRUE(fresh && fresh->handle_due);
  EXPECT_EQ(fresh->handle_due->due, at("2026-03-12T09:00:00+08:00"));
}

// ---- Registration (INT-4, INT-5) --------------------------------------------------------------

TEST_F(EngineOnSqlite, INT_4_ValidationNamesTheField) {
  struct Case {
    const char* name;
    std::function<void(RequestDetails&)> edit;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"anonymous with a name", [](RequestDetails& d) { d.applicant.anonymous = true; },
       "applicant.name"},
      {"bad phone", [](RequestDetails& d) { d.applicant.phone = "call me maybe"; },
       "applicant.phone"},
      {"too few digits", [](RequestDetails& d) { d.applicant.phone = "12"; }, "applicant.phone"},
      {"empty detail", [](RequestDetails& d) { d.detail = "  "; }, "detail"},
      {"not UTF-8", [](RequestDetails& d) { d.subject = "\xff\xfe"; }, "subject"},
      {"future request",
       [](RequestDetails& d) { d.requested_at = at("2026-03-03T09:00:00+08:00"); }, "requested_at"},
      {"unknown district", [](RequestDetails& d) { d.location.district = "district.atlantis"; },
       "location.district"},
      {"street as district",
       [](RequestDetails& d) { d.location.district = "street.heping.nanshi"; },
       "location.district"},
      {"empty item", [](RequestDetails& d) { d.items[0].text = ""; }, "items[0].text"},
      {"bad media type",
       [](RequestDetails& d) {
         d.attachments.push_back({"s3://bucket/a", "jpeg", "a.jpg", ""});
       },
       "attachments[0].media_type"},
      {"unknown complained unit",
       [](RequestDetails& d) { d.applicant.complained_unit = "dept.nowhere"; },
       "applicant.complained_unit"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    RequestDetails d = complaint();
    c.edit(d);
    auto r = engine_->register_request(as(agent(), "登记"), d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, c.field) << r.error().describe();
  }
  // Anonymous without a name is allowed (INT-4).
  RequestDetails anonymous = complaint();
  anonymous.applicant = Applicant{};
  anonymous.applicant.anonymous = true;
  auto ok = engine_->register_request(as(agent(), "匿名登记"), anonymous);
  ASSERT_TRUE(ok) << ok.error().describe();
  EXPECT_TRUE(ok->details.applicant.anonymous);
  // The refusals consumed no request number: this is the first of the day.
  EXPECT_EQ(ok->number, "2026030200000001");
}

TEST_F(EngineOnSqlite, INT_4_NonBmpTextSurvivesTheStore) {
  RequestDetails d = complaint();
  d.applicant.name = "张𠮷";
  d.subject = "𠀀𪚥 and 😀";
  d.detail = "𡃁𡃁：夜间施工噪音 🚧\n第二行";
  d.items[0].text = "𠮷野家门口施工";
  d.location.address = "和平区𠮷祥里 3 号";
  const std::string number = register_request(d);
  ASSERT_FALSE(number.empty());
  store_.reset();
  engine_.reset();
  store_ = open_store();
  ASSERT_NE(store_, nullptr);
  engine_ = make_engine(*store_);
  auto r = engine_->request(number);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->details.applicant.name, "张𠮷");
  EXPECT_EQ(r->details.subject, "𠀀𪚥 and 😀");
  EXPECT_EQ(r->details.detail, "𡃁𡃁：夜间施工噪音 🚧\n第二行");
  EXPECT_EQ(r->details.items[0].text, "𠮷野家门口施工");
  EXPECT_EQ(r->details.location.address, "和平区𠮷祥里 3 号");
}

TEST_F(EngineOnSqlite, INT_5_RequestNumbersAreUniqueAndIncreasing) {
  std::vector<std::string> numbers;
  for (int i = 0; i < 20; ++i) numbers.push_back(register_request());
  // Across a restart on the same file.
  store_.reset();
  engine_.reset();
  store_ = open_store();
  ASSERT_NE(store_, nullptr);
  engine_ = make_engine(*store_);
  for (int i = 0; i < 5; ++i) numbers.push_back(register_request());
  // And from a second engine on the same file at the same time.
  auto other_store = open_store();
  ASSERT_NE(other_store, nullptr);
  auto other = make_engine(*other_store);
  std::vector<std::string> concurrent[2];
  std::thread t1([&] {
    for (int i = 0; i < 10; ++i) {
      auto r = engine_->register_request(as(agent(), "登记"), complaint());
      if (r) concurrent[0].push_back(r->number);
    }
  });
  std::thread t2([&] {
    for (int i = 0; i < 10; ++i) {
      auto r = other->register_request(as(agent(), "登记"), complaint());
      if (r) concurrent[1].push_back(r->number);
    }
  });
  t1.join();
  t2.join();
  EXPECT_EQ(concurrent[0].size(), 10u);
  EXPECT_EQ(concurrent[1].size(), 10u);
  for (const auto& c : concurrent) {
    EXPECT_TRUE(std::is_sorted(c.begin(), c.end()));
    EXPECT_EQ(std::adjacent_find(c.begin(), c.end()), c.end());
  }
  for (std::size_t i = 1; i < numbers.size(); ++i) EXPECT_LT(numbers[i - 1], numbers[i]);
  std::set<std::string> all(numbers.begin(), numbers.end());
  for (const auto& c : concurrent) all.insert(c.begin(), c.end());
  EXPECT_EQ(all.size(), numbers.size() + 20);
  for (const auto& n : all) {
    EXPECT_EQ(n.size(), 16u);
    EXPECT_EQ(n.substr(0, 8), "20260302");
    auto r = engine_->request(n);
    EXPECT_TRUE(r) << n;
  }
  // The number carries the date of registration.
  clock_.set(at("2026-03-03T00:00:01+08:00"));
  RequestDetails next_day = complaint();
  next_day.requested_at = at("2026-03-03T00:00:00+08:00");
  const std::string tomorrow = register_request(next_day);
  EXPECT_EQ(tomorrow.substr(0, 8), "20260303");
}

}  // namespace
}  // namespace hotline
