// ICN-1 and ICN-2 on the engine with a real SQLite store and the shipped
// data: the 12328 sub-centre registers into the hotline with its own
// accounts, receives the work orders meant for it and is assessed like a
// unit (D31, T2); another city's hotline transfers requests in with its own
// reference, and this hotline transfers requests out and records the answer,
// handed over or jointly handled (M9).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "core/analysis/assessment.h"
#include "core/engine/engine.h"

namespace hotline {
namespace {

const std::filesystem::path kData = HOTLINE_DATA_DIR;
constexpr const char* kSubCentre = "subcentre.12328";
constexpr const char* kUnit = "dept.heping.urban-management";

Instant at(const char* text) {
  auto t = parse_iso8601(text);
  EXPECT_TRUE(t) << text;
  return t ? *t : Instant{};
}

Actor agent() { return {"agent.wang", Role::kAgent, "office"}; }
Actor dispatcher() { return {"dispatcher.zhao", Role::kDispatcher, "office"}; }
Actor sub_centre_staff() { return {"sc.liu", Role::kUnitStaff, kSubCentre}; }
Actor staff(std::string unit = kUnit) { return {"staff.li", Role::kUnitStaff, std::move(unit)}; }
Actor partner(std::string unit = "hotline.beijing") {
  return {"bj-system", Role::kApiClient, std::move(unit)};
}

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

class Interconnection : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(shipped().calendar && shipped().organisation);
    policies_ = shipped().policies;
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-icn-XXXXXX").string();
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

  std::string registered(RequestDetails d = call(), Actor by = sub_centre_staff()) {
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
  registered(call(Channel::kWechat12328));
}

TEST_F(Interconnection, ICN_1_SubCentreRegistersOnlyOnItsOwnChannels) {
  auto r = engine_->register_request(as(sub_centre_staff()), call(Channel::kWebsite));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kRefused);
  EXPECT_EQ(r.error().rule, "ICN-1");
  EXPECT_EQ(r.error().article, "D31, T2");
}

TEST_F(Interconnection, ICN_1_OtherUnitsDoNotRegisterAndTheSubCentreDoesNotDispatch) {
  auto by_unit = engine_->register_request(as(staff()), call(Channel::kPhone));
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
  const std::string number = registered(call(Channel::kPhone), agent());
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
      analysis::AssessmentInput{projection, policies_, *shipped().organisation, *period, {}});
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
  auto r = engine_->register_request(as(sub_centre_staff()), call());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rule, "ICN-1");
  EXPECT_EQ(r.error().article, "D31");
}

// ---- ICN-2 [M9] ----------------------------------------------------------------

RequestDetails transferred_in(std::string ref = "hotline.beijing:BJ20260302-0001") {
  RequestDetails d = call(Channel::kHotlineTransfer);
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
  auto wrong_channel = engine_->register_request(as(partner()), call(Channel::kPhone));
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
  const std::string number = registered(call(Channel::kPhone), agent());
  DispatchPlanOrder o;
  o.lead_unit = "hotline.beijing";
  auto r = engine_->dispatch(as(dispatcher()), number, {o});
  EXPECT_FALSE(r);
}

TEST_F(Interconnection, ICN_2_HandedOverThenAnsweredWithTheirReference) {
  const std::string number = registered(call(Channel::kPhone), agent());
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
      as(dispatcher()), registered(call(Channel::kPhone), agent()), to_unit);
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
  const std::string number = registered(call(Channel::kPhone), agent());
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
  const std::string number = registered(call(Channel::kPhone), agent());
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
