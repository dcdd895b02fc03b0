// The engine on the in-memory store (core/ports/memory), with a policy,
// calendar and organisation written in code: the core's rules run without
// SQLite or the TOML files (issue 9). The shipped profiles' numbers are
// tested through the TOML adapter in adapter_tests (engine_test.cc,
// policy_test.cc).
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/engine/engine.h"
#include "core/ports/memory/memory_work_order_store.h"

namespace hotline {
namespace {

Instant at(const char* text) { return *parse_iso8601(text); }

DeadlineRule rule(PolicyDuration within, Anchor from, const char* article) {
  DeadlineRule r;
  r.within = within;
  r.from = from;
  r.article = article;
  return r;
}

// One profile with a catch-all rule per stage, in clock time.
PolicySet test_policies() {
  using Unit = PolicyDuration::Unit;
  Policy p;
  p.name = "test";
  p.title = "测试规则";
  p.dispatch = {rule({24, Unit::kHours}, Anchor::kRegistration, "R6")};
  p.accept = {rule({2, Unit::kHours}, Anchor::kDispatch, "R9")};
  p.handle = {rule({7, Unit::kCalendarDays}, Anchor::kAcceptance, "R11")};
  p.return_policy.window = {rule({2, Unit::kHours}, Anchor::kDispatch, "R10")};
  PolicySet set;
  set.default_profile = "test";
  set.profiles.emplace("test", std::move(p));
  return set;
}

Organisation test_organisation() {
  std::vector<Unit> units = {
      {"office", "热线工作机构", UnitKind::kHotlineOffice, std::nullopt, "", "", true},
      {"district.a", "甲区人民政府", UnitKind::kDistrictGovernment, std::nullopt, "", "district.a",
       true},
      {"dept.a.housing", "甲区住建局", UnitKind::kDistrictDepartment, "district.a", "",
       "district.a", true}};
  auto org = Organisation::create(std::move(units));
  EXPECT_TRUE(org) << org.error().describe();
  return std::move(*org);
}

class EngineOnMemory : public ::testing::Test {
 protected:
  void SetUp() override {
    // 2026 with no holidays: weekdays are working days.
    CalendarYear year;
    year.year = 2026;
    year.source = "测试";
    auto calendar = WorkingDayCalendar::create({year});
    ASSERT_TRUE(calendar) << calendar.error().describe();
    calendar_.emplace(std::move(*calendar));
    engine_ = std::make_unique<Engine>(store_, clock_, *calendar_, policies_, organisation_);
  }

  FakeClock clock_{at("2026-03-02T09:00:00+08:00")};
  MemoryWorkOrderStore store_;
  PolicySet policies_ = test_policies();
  Organisation organisation_ = test_organisation();
  std::optional<WorkingDayCalendar> calendar_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineOnMemory, INT_4_ACC_1_ARequestIsRegisteredDispatchedAndAcceptedAsEvents) {
  RequestDetails d;
  d.requested_at = at("2026-03-02T08:55:00+08:00");
  d.channel = Channel::kPhone;
  d.type = RequestType::kComplaint;
  d.applicant.name = "张𠮷";
  d.applicant.phone = "13800000000";
  d.subject = "楼道灯坏了";
  d.detail = "𡒄小区楼道灯坏了一个月";
  d.items = {{"楼道灯", ""}};
  d.location.district = "district.a";
  const Actor agent{"agent.wang", Role::kAgent, "office"};
  const Actor dispatcher{"dispatcher.zhao", Role::kDispatcher, "office"};
  const Actor staff{"staff.li", Role::kUnitStaff, "dept.a.housing"};

  auto request = engine_->register_request({agent, "来电登记", std::nullopt}, d);
  ASSERT_TRUE(request) << request.error().describe();
  DispatchPlanOrder order;
  order.lead_unit = "dept.a.housing";
  auto orders = engine_->dispatch({dispatcher, "派单", std::nullopt}, request->number, {order});
  ASSERT_TRUE(orders) << orders.error().describe();
  ASSERT_EQ(orders->size(), 1u);
  const std::string id = orders->front().id;
  EXPECT_EQ(orders->front().accept_due.due, at("2026-03-02T11:00:00+08:00"));  // 2 h, R9
  EXPECT_EQ(orders->front().accept_due.article, "R9");

  // A stale version is a conflict and writes nothing.
  auto stale = engine_->accept({staff, "接单", 0}, id);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  const auto before = store_.load(id)->size();
  clock_.advance(Seconds{600});
  auto accepted = engine_->accept({staff, "接单", std::nullopt}, id);
  ASSERT_TRUE(accepted) << accepted.error().describe();
  EXPECT_EQ(accepted->status, WorkOrderStatus::kAccepted);

  auto events = store_.load(id);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), before + 1);
  EXPECT_EQ(events->back().actor.id, "staff.li");
  EXPECT_EQ(events->back().article, "R9");
  // The read model the sweep and the lists use moved with it.
  WorkOrderFilter mine;
  mine.unit = "dept.a.housing";
  auto rows = store_.list_work_orders(mine);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().status, WorkOrderStatus::kAccepted);
  EXPECT_EQ(rows->front().handle_due, at("2026-03-09T09:10:00+08:00"));  // 7 days, R11
  // Every event is in the log, in order, for the projections.
  auto log = store_.read_log(0, 100);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), store_.load(request->number)->size() + events->size());
}

}  // namespace
}  // namespace hotline

namespace hotline {
namespace {

// INT-4: a channel that retries an intake whose answer it never got (the
// node that took it died) gets the request registered the first time, and
// no second one; another key registers a new request.
TEST_F(EngineOnMemory, INT_4_ARetryWithTheSameIntakeKeyGetsTheFirstRequest) {
  RequestDetails d;
  d.channel = Channel::kPhone;
  d.type = RequestType::kComplaint;
  d.applicant.phone = "13800000000";
  d.detail = "𡒄小区楼道灯坏了";
  d.location.district = "district.a";
  const Actor agent{"agent.wang", Role::kAgent, "office"};
  CommandContext ctx{agent, "来电登记", std::nullopt};
  ctx.intake_key = "k-1";
  auto first = engine_->register_request(ctx, d);
  ASSERT_TRUE(first) << first.error().describe();
  clock_.advance(Seconds{5});
  auto again = engine_->register_request(ctx, d);
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(again->number, first->number);
  EXPECT_EQ(*store_.log_head(), 1) << "one registration event only";
  EXPECT_EQ(**store_.request_for_intake_key("k-1"), first->number);
  ctx.intake_key = "k-2";
  auto other = engine_->register_request(ctx, d);
  ASSERT_TRUE(other) << other.error().describe();
  EXPECT_NE(other->number, first->number);
  ctx.intake_key.clear();
  auto unkeyed = engine_->register_request(ctx, d);
  ASSERT_TRUE(unkeyed);
  EXPECT_NE(unkeyed->number, other->number);
}

}  // namespace
}  // namespace hotline
