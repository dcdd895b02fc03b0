// ICN-1 and ICN-2 on the engine with a real SQLite store and the shipped
// data: the 12328 sub-centre registers into the hotline with its own
// accounts, receives the work orders meant for it and is assessed like a
// unit (D31, T2); another city's hotline transfers requests in with its own
// reference, and this hotline transfers requests out and records the answer,
// handed over or jointly handled (M9).
#include <gtest/gtest.h>

#include <string>

#include "core/analysis/assessment.h"
#include "support/engine_on_shipped_data.h"

namespace hotline {
namespace {

using testing::agent;
using testing::as;
using testing::bus_complaint;
using testing::dispatcher;
using testing::shipped_data;

constexpr const char* kSubCentre = "subcentre.12328";
constexpr const char* kUnit = "dept.heping.urban-management";

Actor sub_centre_staff() { return {"sc.liu", Role::kUnitStaff, kSubCentre}; }
Actor staff(std::string unit = kUnit) { return {"staff.li", Role::kUnitStaff, std::move(unit)}; }
Actor partner(std::string unit = "hotline.beijing") {
  return {"bj-system", Role::kApiClient, std::move(unit)};
}

class Interconnection : public testing::EngineOnShippedData {
 protected:
  std::string registered(RequestDetails d = bus_complaint(), Actor by = sub_centre_staff()) {
    return EngineOnShippedData::registered(std::move(d), std::move(by));
  }
};

// ---- ICN-1 [D31, T2] ---------------------------------------------------------

TEST_F(Interconnection, ICN_1_SubCentreRegistersOnItsOwnChannelsAndTheOfficeDispatches) {
  const std::string number = registered();
  auto request = engine_->request(number);
  ASSERT_TRUE(request);
  EXPECT_EQ(request->registered_by.unit, kSubCentre);
  EXPECT_EQ(request->details.channel, Channel::kHotline12328);
  // The same rules as every request: the office dispatches it.
  const std::string id = dispatched(number, kUnit);
  EXPECT_FALSE(id.empty());
  // The WeChat account of 12328 is its channel too (T2).
  registered(bus_complaint(Channel::kWechat12328));
}

TEST_F(Interconnection, ICN_1_SubCentreRegistersOnlyOnItsOwnChannels) {
  auto r = engine_->register_request(as(sub_centre_staff()), bus_complaint(Channel::kWebsite));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kRefused);
  EXPECT_EQ(r.error().rule, "ICN-1");
  EXPECT_EQ(r.error().article, "D31, T2");
}

TEST_F(Interconnection, ICN_1_OtherUnitsDoNotRegisterAndTheSubCentreDoesNotDispatch) {
  auto by_unit = engine_->register_request(as(staff()), bus_complaint(Channel::kPhone));
  ASSERT_FALSE(by_unit);
  EXPECT_EQ(by_unit.error().code, ErrorCode::kForbidden);
  const std::string number = registered();
  DispatchPlanOrder o;
  o.lead_unit = kUnit;
  auto own_dispatch = engine_->dispatch(as(sub_centre_staff()), number, {o});
  ASSERT_FALSE(own_dispatch);
  EXPECT_EQ(own_dispatch.error().code, ErrorCode::kForbidden);
  RequestTriaged t;
  auto own_triage = engine_->triage(as(sub_centre_staff()), number, t);
  ASSERT_FALSE(own_triage);
  EXPECT_EQ(own_triage.error().code, ErrorCode::kForbidden);
}

TEST_F(Interconnection, ICN_1_WorkOrdersMeantForTheSubCentreAreItsOwnAndItIsAssessed) {
  const std::string number = registered(bus_complaint(Channel::kPhone), agent());
  const std::string id = dispatched(number, kSubCentre);
  ASSERT_FALSE(id.empty());
  // Another unit neither reads nor accepts it ("not yours" looks like "not there").
  auto foreign = engine_->accept(as(staff()), id);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  auto accepted = engine_->accept(as(sub_centre_staff(), "接单"), id);
  ASSERT_TRUE(accepted) << accepted.error().describe();
  clock_.advance(Seconds{3600});
  auto replied = engine_->reply(as(sub_centre_staff(), "答复"), id, reply());
  ASSERT_TRUE(replied) << replied.error().describe();

  analysis::AnalysisProjection projection;
  auto log = store_->read_log(0, 10000);
  ASSERT_TRUE(log);
  for (const LoggedEvent& e : *log) ASSERT_TRUE(projection.apply(e));
  auto period = analysis::month_period("2026-03");
  ASSERT_TRUE(period);
  const auto assessed = analysis::assess_units(
      analysis::AssessmentInput{projection, policies_, *shipped_data().organisation, *period, {}});
  const analysis::UnitAssessment* mine = nullptr;
  for (const auto& u : assessed) {
    if (u.unit == kSubCentre) mine = &u;
  }
  ASSERT_NE(mine, nullptr) << "the sub-centre is assessed like a unit (D31)";
  EXPECT_EQ(mine->name, "天津市12328交通运输服务监督热线");
  EXPECT_EQ(mine->totals[analysis::Measure::kAccepted], 1);
}

TEST_F(Interconnection, ICN_1_WithoutThePolicySectionSubCentresRegisterNothing) {
  for (auto& [name, policy] : policies_.profiles) policy.interconnection.present = false;
  auto r = engine_->register_request(as(sub_centre_staff()), bus_complaint());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rule, "ICN-1");
  EXPECT_EQ(r.error().article, "D31");
}

// ---- ICN-2 [M9] ----------------------------------------------------------------

RequestDetails transferred_in(std::string ref = "hotline.beijing:BJ20260302-0001") {
  RequestDetails d = bus_complaint(Channel::kHotlineTransfer);
  d.external_ref = std::move(ref);
  return d;
}

TEST_F(Interconnection, ICN_2_AnotherHotlineTransfersInKeepingItsReference) {
  const std::string number = registered(transferred_in(), partner());
  auto request = engine_->request(number);
  ASSERT_TRUE(request);
  EXPECT_EQ(request->details.external_ref, "hotline.beijing:BJ20260302-0001");
  EXPECT_EQ(request->details.channel, Channel::kHotlineTransfer);
  // Its own channel only, and its own reference, never another hotline's.
  auto wrong_channel = engine_->register_request(as(partner()), bus_complaint(Channel::kPhone));
  ASSERT_FALSE(wrong_channel);
  EXPECT_EQ(wrong_channel.error().rule, "ICN-2");
  auto no_ref = engine_->register_request(as(partner()), transferred_in(""));
  ASSERT_FALSE(no_ref);
  EXPECT_EQ(no_ref.error().field, "external_ref");
  auto foreign_ref = engine_->register_request(as(partner()), transferred_in("hotline.hebei:HB-1"));
  ASSERT_FALSE(foreign_ref);
  EXPECT_EQ(foreign_ref.error().field, "external_ref");
}

TEST_F(Interconnection, ICN_2_AnotherHotlineIsNeverDispatchedTo) {
  const std::string number = registered(bus_complaint(Channel::kPhone), agent());
  DispatchPlanOrder o;
  o.lead_unit = "hotline.beijing";
  auto r = engine_->dispatch(as(dispatcher()), number, {o});
  EXPECT_FALSE(r);
}

TEST_F(Interconnection, ICN_2_HandedOverThenAnsweredWithTheirReference) {
  const std::string number = registered(bus_complaint(Channel::kPhone), agent());
  HotlineTransferSent t{"hotline.beijing", false, "诉求人反映北京地铁问题𠮷，请北京12345办理"};
  auto sent = engine_->transfer_to_hotline(as(dispatcher(), "属北京事项"), number, t);
  ASSERT_TRUE(sent) << sent.error().describe();
  EXPECT_EQ(sent->status, RequestStatus::kConcluded);
  ASSERT_EQ(sent->transfers.size(), 1u);
  EXPECT_EQ(sent->transfers[0].result, TransferResult::kPending);
  // Once at a time; not to a unit that is no hotline.
  EXPECT_FALSE(engine_->transfer_to_hotline(as(dispatcher()), number, t));
  HotlineTransferSent to_unit{kUnit, false, ""};
  auto not_hotline = engine_->transfer_to_hotline(
      as(dispatcher()), registered(bus_complaint(Channel::kPhone), agent()), to_unit);
  ASSERT_FALSE(not_hotline);
  EXPECT_EQ(not_hotline.error().field, "hotline");
  // Another hotline's system sees nothing of it.
  HotlineTransferAnswered answer{"", "BJ-7788", TransferResult::kAccepted, "已接收"};
  auto other = engine_->answer_hotline_transfer(as(partner("hotline.hebei")), number, answer);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  // Beijing's system answers with its reference (the hotline is its key's).
  auto accepted = engine_->answer_hotline_transfer(as(partner()), number, answer);
  ASSERT_TRUE(accepted) << accepted.error().describe();
  EXPECT_EQ(accepted->transfers[0].their_reference, "BJ-7788");
  EXPECT_EQ(accepted->transfers[0].result, TransferResult::kAccepted);
  HotlineTransferAnswered other_ref{"", "BJ-0000", TransferResult::kCompleted, ""};
  auto conflict = engine_->answer_hotline_transfer(as(partner()), number, other_ref);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  HotlineTransferAnswered done{"", "", TransferResult::kCompleted, "已办结并答复诉求人𡒄"};
  auto completed = engine_->answer_hotline_transfer(as(partner()), number, done);
  ASSERT_TRUE(completed) << completed.error().describe();
  // Folded again from the SQLite log: both references, the result.
  auto reloaded = engine_->request(number);
  ASSERT_TRUE(reloaded);
  ASSERT_EQ(reloaded->transfers.size(), 1u);
  EXPECT_EQ(reloaded->transfers[0].their_reference, "BJ-7788");
  EXPECT_EQ(reloaded->transfers[0].result, TransferResult::kCompleted);
  EXPECT_EQ(reloaded->transfers[0].answer_note, "已办结并答复诉求人𡒄");
  EXPECT_EQ(reloaded->number, number);
}

TEST_F(Interconnection, ICN_2_RefusedTransferGivesTheRequestBack) {
  const std::string number = registered(bus_complaint(Channel::kPhone), agent());
  ASSERT_TRUE(engine_->transfer_to_hotline(as(agent()), number,
                                           HotlineTransferSent{"hotline.hebei", false, ""}));
  auto refused = engine_->answer_hotline_transfer(
      as(partner("hotline.hebei")), number,
      HotlineTransferAnswered{"", "", TransferResult::kRefused, "不属河北事项"});
  ASSERT_TRUE(refused) << refused.error().describe();
  EXPECT_EQ(refused->status, RequestStatus::kRegistered);
  EXPECT_FALSE(dispatched(number, kUnit).empty());
}

TEST_F(Interconnection, ICN_2_JointHandlingKeepsBothSidesWorking) {
  const std::string number = registered(bus_complaint(Channel::kPhone), agent());
  const std::string id = dispatched(number, kUnit);
  ASSERT_FALSE(id.empty());
  // A dispatched request is only transferred for joint handling.
  EXPECT_FALSE(engine_->transfer_to_hotline(as(dispatcher()), number,
                                            HotlineTransferSent{"hotline.beijing", false, ""}));
  auto joint = engine_->transfer_to_hotline(
      as(dispatcher()), number, HotlineTransferSent{"hotline.beijing", true, "京津联动处置"});
  ASSERT_TRUE(joint) << joint.error().describe();
  EXPECT_EQ(joint->status, RequestStatus::kDispatched);
  auto answered = engine_->answer_hotline_transfer(
      as(dispatcher(), "电话告知"), number,
      HotlineTransferAnswered{"hotline.beijing", "BJ-5", TransferResult::kAccepted, ""});
  ASSERT_TRUE(answered) << answered.error().describe();
  EXPECT_EQ(answered->transfers[0].their_reference, "BJ-5");
  // The local work order goes on as before.
  EXPECT_TRUE(engine_->accept(as(staff(), "接单"), id));
}

}  // namespace
}  // namespace hotline
