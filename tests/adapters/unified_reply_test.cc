// REP-4 [T9] on the engine with a real SQLite store and the shipped data: a
// matter of several departments inside one unit gets one unified reply, by
// the receiving (lead) unit, under the transport profile that asks for it
// (T9: 受理部门应综合本单位所有涉及部门意见，形成统一意见后对外答复); under the
// default profile a forwarded work order is replied by its handling unit.
#include <gtest/gtest.h>

#include <string>

#include "support/engine_on_shipped_data.h"

namespace hotline {
namespace {

using testing::agent;
using testing::as;
using testing::bus_complaint;
using testing::dispatcher;

constexpr const char* kUnit = "dept.heping.urban-management";

Actor staff(std::string unit = kUnit) { return {"staff.li", Role::kUnitStaff, std::move(unit)}; }

class UnifiedReply : public testing::EngineOnShippedData {
 protected:
  std::string registered(RequestDetails d = bus_complaint(), Actor by = agent()) {
    return EngineOnShippedData::registered(std::move(d), std::move(by));
  }
};

// ---- REP-4 [T9] ---------------------------------------------------------------

TEST_F(UnifiedReply, REP_4_AssistingDepartmentsGiveTheirViewsTheLeadRepliesOnce) {
  const std::string number = registered(bus_complaint(Channel::kPhone), agent());
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
  const std::string number = registered(bus_complaint(Channel::kPhone), agent());
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
