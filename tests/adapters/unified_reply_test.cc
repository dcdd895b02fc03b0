// REP-4 [T9] on the engine with a real SQLite store and the shipped data: a
// matter of several departments inside one unit gets one unified reply, by
// the receiving (lead) unit, under the transport profile that asks for it
// (T9: 受理部门应综合本单位所有涉及部门意见，形成统一意见后对外答复); under the
// default profile a forwarded work order is replied by its handling unit.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "core/engine/engine.h"

namespace hotline {
namespace {

const std::filesystem::path kData = HOTLINE_DATA_DIR;
constexpr const char* kUnit = "dept.heping.urban-management";

Instant at(const char* text) {
  auto t = parse_iso8601(text);
  EXPECT_TRUE(t) << text;
  return t ? *t : Instant{};
}

Actor agent() { return {"agent.wang", Role::kAgent, "office"}; }
Actor dispatcher() { return {"dispatcher.zhao", Role::kDispatcher, "office"}; }
Actor staff(std::string unit = kUnit) { return {"staff.li", Role::kUnitStaff, std::move(unit)}; }

CommandContext as(Actor actor, std::string reason = "test") {
  return CommandContext{std::move(actor), std::move(reason), std::nullopt};
}

RequestDetails call(Channel channel = Channel::kHotline12328) {
  RequestDetails d;
  d.requested_at = at("2026-03-02T08:55:00+08:00");
  d.channel = channel;
  d.type = RequestType::kComplaint;
  d.applicant.name = "张𠮷";
  d.applicant.phone = "13800000000";
  d.subject = "公交车拒载";
  d.detail = "和平区某路公交车到站不停𡒄";
  d.location.district = "district.heping";
  return d;
}

struct Shipped {
  PolicySet policies;
  std::optional<WorkingDayCalendar> calendar;
  std::optional<Organisation> organisation;
};

const Shipped& shipped() {
  static const Shipped* data = [] {
    auto* d = new Shipped;
    auto policies = load_policy_dir(kData / "policies");
    EXPECT_TRUE(policies) << policies.error().describe();
    if (policies) d->policies = std::move(*policies);
    auto years = load_calendar_dir(kData / "calendar");
    auto calendar = WorkingDayCalendar::create(years ? *years : std::vector<CalendarYear>{});
    if (calendar) d->calendar.emplace(std::move(*calendar));
    auto units = load_organisation_file(kData / "demo" / "organisation.toml");
    EXPECT_TRUE(units) << units.error().describe();
    auto org = Organisation::create(units ? *units : std::vector<Unit>{});
    EXPECT_TRUE(org) << org.error().describe();
    if (org) d->organisation.emplace(std::move(*org));
    return d;
  }();
  return *data;
}

class UnifiedReply : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(shipped().calendar && shipped().organisation);
    policies_ = shipped().policies;
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-rep4-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    engine_ = std::make_unique<Engine>(*store_, clock_, *shipped().calendar, policies_,
                                       *shipped().organisation);
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string registered(RequestDetails d = call(), Actor by = agent()) {
    auto r = engine_->register_request(as(std::move(by), "转办登记"), std::move(d));
    EXPECT_TRUE(r) << r.error().describe();
    return r ? r->number : std::string();
  }
  std::string dispatched(const std::string& number, const std::string& lead) {
    DispatchPlanOrder o;
    o.lead_unit = lead;
    auto orders = engine_->dispatch(as(dispatcher(), "派单"), number, {o});
    EXPECT_TRUE(orders) << orders.error().describe();
    return orders && !orders->empty() ? orders->front().id : std::string();
  }
  ReplyContent reply() const {
    ReplyContent r;
    r.contacted_at = clock_.now() - Seconds{600};
    r.handler = "刘明";
    r.handler_contact = "022-23000004";
    r.process = "调取车载视频，约谈驾驶员";
    r.result = "驾驶员已受处理，线路已整改到站停靠";
    r.policy_basis = "《天津市客运公共交通管理条例》";
    r.applicant_feedback = "诉求人知悉";
    return r;
  }

  PolicySet policies_;
  std::filesystem::path dir_;
  FakeClock clock_{at("2026-03-02T09:00:00+08:00")};  // a Monday
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<Engine> engine_;
};

// ---- REP-4 [T9] ---------------------------------------------------------------

TEST_F(UnifiedReply, REP_4_AssistingDepartmentsGiveTheirViewsTheLeadRepliesOnce) {
  const std::string number = registered(call(Channel::kPhone), agent());
  DispatchPlanOrder o;
  o.lead_unit = "dept.transport";
  o.assisting_units = {"dept.transport.road-transport", "dept.transport.port-waterway"};
  auto orders = engine_->dispatch(as(dispatcher(), "派单"), number, {o});
  ASSERT_TRUE(orders) << orders.error().describe();
  const std::string id = orders->front().id;
  ASSERT_TRUE(engine_->accept(as(staff("dept.transport"), "接单"), id));
  clock_.advance(Seconds{3600});
  // An assisting department of the same unit does not reply on its own (T9).
  auto alone = engine_->reply(as(staff("dept.transport.port-waterway"), "答复"), id, reply());
  ASSERT_FALSE(alone);
  EXPECT_EQ(alone.error().rule, "REP-4");
  EXPECT_EQ(alone.error().article, "T9");
  ASSERT_TRUE(engine_->submit_assisting_result(as(staff("dept.transport.port-waterway")), id,
                                               "已责令码头运营方设置候客秩序管理员"));
  ASSERT_TRUE(engine_->submit_assisting_result(as(staff("dept.transport.road-transport")), id,
                                               "已约谈出租车企业，责令按表计费"));
  // The lead's one unified reply.
  auto unified = engine_->reply(as(staff("dept.transport"), "统一答复"), id, reply());
  ASSERT_TRUE(unified) << unified.error().describe();
  EXPECT_EQ(unified->status, WorkOrderStatus::kReplied);
  // And after it, no second reply by a department.
  auto after = engine_->reply(as(staff("dept.transport.road-transport"), "答复"), id, reply());
  ASSERT_FALSE(after);
}

TEST_F(UnifiedReply, REP_4_ForwardedToAHandlingDepartmentTheLeadStillReplies) {
  const std::string number = registered(call(Channel::kPhone), agent());
  const std::string id = dispatched(number, "dept.transport");
  ASSERT_TRUE(engine_->accept(as(staff("dept.transport"), "接单"), id));
  clock_.advance(Seconds{3600});
  ASSERT_TRUE(engine_->forward(as(staff("dept.transport"), "转办理部门"), id,
                               "dept.transport.road-transport", "请核查并提出意见"));
  auto by_handler = engine_->reply(as(staff("dept.transport.road-transport"), "答复"), id, reply());
  ASSERT_FALSE(by_handler);
  EXPECT_EQ(by_handler.error().rule, "REP-4");
  auto by_lead = engine_->reply(as(staff("dept.transport"), "统一答复"), id, reply());
  ASSERT_TRUE(by_lead) << by_lead.error().describe();
}

}  // namespace
}  // namespace hotline
