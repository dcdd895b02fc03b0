// INT-6, INT-7, CON-1 and VIS-4 on the engine with a real SQLite store: the
// complaints about hotline staff, the evaluation of the agent's service, the
// warning and suspension of applicants and the spot-check return visits.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "core/analysis/agent_service.h"
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

Actor agent(std::string id = "agent.wang") { return {std::move(id), Role::kAgent, "office"}; }
Actor supervisor(std::string id = "supervisor.sun") {
  return {std::move(id), Role::kSupervisor, "office"};
}
Actor visitor() { return {"visit.zhou", Role::kVisitAgent, "office"}; }
Actor staff(std::string unit = kUnit) { return {"staff.li", Role::kUnitStaff, std::move(unit)}; }
Actor applicant() { return {"applicant", Role::kApplicant, ""}; }

CommandContext as(Actor actor, std::string reason = "test") {
  return CommandContext{std::move(actor), std::move(reason), std::nullopt};
}

RequestDetails call(std::string phone = "13800000000", Urgency urgency = Urgency::kGeneral) {
  RequestDetails d;
  d.requested_at = at("2026-03-02T08:55:00+08:00");
  d.channel = Channel::kPhone;
  d.type = RequestType::kComplaint;
  d.urgency = urgency;
  d.applicant.name = "张𠮷";
  d.applicant.phone = std::move(phone);
  d.subject = "小区噪音扰民";
  d.detail = "和平区某小区夜间施工噪音扰民𡒄";
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
    auto org = Organisation::create(units ? *units : std::vector<Unit>{});
    if (org) d->organisation.emplace(std::move(*org));
    return d;
  }();
  return *data;
}

// Stands in for the keyed hash of the sodium cipher: a test key of its own.
class TestKeyer : public ApplicantKeyer {
 public:
  std::string key_of(std::string_view phone) const override {
    std::string key = "k";
    for (char c : phone) key += static_cast<char>('a' + (c - '0'));
    return key;
  }
};

class Conduct : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(shipped().calendar && shipped().organisation);
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-conduct-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    engine_ = std::make_unique<Engine>(*store_, clock_, *shipped().calendar, shipped().policies,
                                       *shipped().organisation);
    engine_->set_applicant_keyer(&keyer_);
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string registered(RequestDetails d = call(), Actor by = agent()) {
    auto r = engine_->register_request(as(std::move(by), "来电登记"), std::move(d));
    EXPECT_TRUE(r) << r.error().describe();
    return r ? r->number : std::string();
  }
  // Dispatched, accepted, replied and evaluated satisfied: closed.
  std::string closed() {
    const std::string number = registered();
    DispatchPlanOrder o;
    o.lead_unit = kUnit;
    auto orders = engine_->dispatch(as({"dispatcher.zhao", Role::kDispatcher, "office"}, "派单"),
                                    number, {o});
    EXPECT_TRUE(orders) << orders.error().describe();
    const std::string id = orders->front().id;
    EXPECT_TRUE(engine_->accept(as(staff(), "接单"), id));
    clock_.advance(Seconds{3600});
    EXPECT_TRUE(replied(id));
    WorkOrderEvaluated e;
    e.method = VisitMethod::kPhone;
    e.satisfaction = Satisfaction::kSatisfied;
    auto ev = engine_->evaluate(as(visitor(), "回访"), id, e);
    EXPECT_TRUE(ev) << ev.error().describe();
    EXPECT_EQ(ev->status, WorkOrderStatus::kClosed);
    return id;
  }
  bool replied(const std::string& id) {
    ReplyContent r;
    r.contacted_at = clock_.now() - Seconds{600};
    r.handler = "刘明";
    r.handler_contact = "022-23000004";
    r.process = "现场检查，责令施工单位停止夜间施工";
    r.result = "施工单位已调整施工时间，夜间不再施工";
    r.policy_basis = "《天津市环境噪声污染防治管理办法》";
    r.applicant_feedback = "诉求人知悉";
    auto wo = engine_->reply(as(staff(), "答复"), id, r);
    EXPECT_TRUE(wo) << wo.error().describe();
    return static_cast<bool>(wo);
  }

  std::filesystem::path dir_;
  FakeClock clock_{at("2026-03-02T09:00:00+08:00")};  // a Monday
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<Engine> engine_;
  TestKeyer keyer_;
};

// ---- INT-6 [M14] -----------------------------------------------------------

ConductComplaintFiled about(std::string staff_member, std::string earlier = "") {
  ConductComplaintFiled c;
  c.staff_member = std::move(staff_member);
  c.behaviour = StaffMisconduct::kRudeAttitude;
  c.about_request = std::move(earlier);
  return c;
}

TEST_F(Conduct, INT_6_ComplaintAboutStaffIsARequestTheOfficeHandlesNeverDispatched) {
  const std::string earlier = registered();
  RequestDetails d = call();
  d.subject = "话务员态度生硬";
  d.detail = "来电时话务员态度生硬，没有耐心听完诉求";
  auto filed = engine_->file_conduct_complaint(as(agent("agent.li"), "诉求人投诉话务员"), d,
                                               about("agent.wang", earlier));
  ASSERT_TRUE(filed) << filed.error().describe();
  EXPECT_TRUE(filed->is_conduct_complaint());
  EXPECT_EQ(filed->details.type, RequestType::kComplaint);
  EXPECT_EQ(filed->conduct_complaint->staff_member, "agent.wang");
  const std::string number = filed->number;

  // Never dispatched, triaged or consulted on: the rule names INT-6 and M14.
  DispatchPlanOrder o;
  o.lead_unit = kUnit;
  auto dispatched =
      engine_->dispatch(as({"dispatcher.zhao", Role::kDispatcher, "office"}, "派单"), number, {o});
  ASSERT_FALSE(dispatched);
  EXPECT_EQ(dispatched.error().rule, "INT-6");
  EXPECT_EQ(dispatched.error().article, "M14");
  RequestTriaged t;
  t.outcome = TriageOutcome::kAnsweredDirectly;
  auto triaged = engine_->triage(as(agent("agent.li")), number, t);
  ASSERT_FALSE(triaged);
  EXPECT_EQ(triaged.error().rule, "INT-6");

  // Handled by the office: not by the staff member complained about, not by a dispatcher.
  ConductComplaintHandled h{ComplaintFinding::kSubstantiated, "约谈话务员并组织规范用语培训",
                            "经核实投诉属实，已对话务员批评教育并培训"};
  auto self = engine_->handle_conduct_complaint(
      as({"agent.wang", Role::kSupervisor, "office"}, "处理"), number, h);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().rule, "INT-6");
  auto by_dispatcher = engine_->handle_conduct_complaint(
      as({"dispatcher.zhao", Role::kDispatcher, "office"}, "处理"), number, h);
  ASSERT_FALSE(by_dispatcher);
  EXPECT_EQ(by_dispatcher.error().rule, "SEC-2");
  ConductComplaintHandled empty = h;
  empty.told_applicant = " ";
  auto missing = engine_->handle_conduct_complaint(as(supervisor(), "处理"), number, empty);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "told_applicant");

  auto handled = engine_->handle_conduct_complaint(as(supervisor(), "核实处理"), number, h);
  ASSERT_TRUE(handled) << handled.error().describe();
  EXPECT_EQ(handled->status, RequestStatus::kConcluded);
  EXPECT_EQ(handled->conduct_handling->finding, ComplaintFinding::kSubstantiated);
  auto again = engine_->handle_conduct_complaint(as(supervisor(), "再处理"), number, h);
  ASSERT_FALSE(again);

  // The record survives a reload: events on the request's own stream.
  auto events = store_->load(number);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_TRUE(std::holds_alternative<ConductComplaintFiled>((*events)[1].body));
  EXPECT_EQ((*events)[2].article, "M14");
  EXPECT_EQ((*events)[2].actor.id, "supervisor.sun");
}

TEST_F(Conduct, INT_6_ComplaintNamesAStaffMemberAndAnExistingRequest) {
  auto no_staff = engine_->file_conduct_complaint(as(agent()), call(), about(""));
  ASSERT_FALSE(no_staff);
  EXPECT_EQ(no_staff.error().field, "staff_member");
  auto no_request =
      engine_->file_conduct_complaint(as(agent()), call(), about("agent.wang", "2026030299999999"));
  ASSERT_FALSE(no_request);
  EXPECT_EQ(no_request.error().field, "about_request");
  auto unit = engine_->file_conduct_complaint(as(staff()), call(), about("agent.wang"));
  ASSERT_FALSE(unit);
  EXPECT_EQ(unit.error().rule, "SEC-2");
}

// ---- INT-7 [R14(1)] --------------------------------------------------------

TEST_F(Conduct, INT_7_ApplicantEvaluatesTheAgentOnceAndFiguresArePerAgent) {
  const std::string a1 = registered(call(), agent("agent.wang"));
  const std::string a2 = registered(call("13900000000"), agent("agent.wang"));
  const std::string b1 = registered(call("13700000000"), agent("agent.li"));
  AgentServiceEvaluated e;
  e.method = VisitMethod::kSms;
  e.satisfaction = Satisfaction::kSatisfied;
  auto first = engine_->evaluate_agent_service(as(applicant(), "短信评价"), a1, e);
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(first->agent_evaluation->agent, "agent.wang");  // from the call, not the caller
  auto twice = engine_->evaluate_agent_service(as(applicant(), "短信评价"), a1, e);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().rule, "INT-7");
  e.satisfaction = Satisfaction::kDissatisfied;
  e.remark = "态度一般";
  ASSERT_TRUE(engine_->evaluate_agent_service(as(applicant(), "短信评价"), a2, e));
  e.satisfaction = Satisfaction::kBasicallySatisfied;
  ASSERT_TRUE(engine_->evaluate_agent_service(as(visitor(), "回访"), b1, e));
  // The agent never evaluates themselves; a web request has no agent's service.
  const std::string own = registered(call("13600000000"), agent("agent.wang"));
  auto self =
      engine_->evaluate_agent_service(as({"agent.wang", Role::kSupervisor, "office"}), own, e);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().rule, "INT-7");
  RequestDetails web = call("13500000000");
  web.channel = Channel::kWebsite;
  const std::string by_web = registered(web, {"portal", Role::kApiClient, "office"});
  auto no_call = engine_->evaluate_agent_service(as(applicant()), by_web, e);
  ASSERT_FALSE(no_call);
  EXPECT_EQ(no_call.error().rule, "INT-7");

  auto log = store_->read_log(0, 10000);
  ASSERT_TRUE(log);
  AgentServiceFigures figures;
  for (const auto& le : *log) figures.add(le.event);
  const auto rows = figures.rows();
  ASSERT_EQ(rows.size(), 2u);
  const auto& wang = rows[1].agent == "agent.wang" ? rows[1] : rows[0];
  const auto& li = rows[1].agent == "agent.wang" ? rows[0] : rows[1];
  EXPECT_EQ(wang.calls, 3);
  EXPECT_EQ(wang.evaluated, 2);
  EXPECT_EQ(wang.satisfied, 1);
  EXPECT_EQ(wang.dissatisfied, 1);
  EXPECT_DOUBLE_EQ(*wang.satisfaction_rate(), 0.5);
  EXPECT_EQ(li.calls, 1);
  EXPECT_EQ(li.basically_satisfied, 1);
  EXPECT_DOUBLE_EQ(*li.satisfaction_rate(), 1.0);
}

TEST_F(Conduct, INT_7_INT_6_FiguresCountSubstantiatedConductComplaints) {
  const std::string earlier = registered();
  auto filed =
      engine_->file_conduct_complaint(as(agent("agent.li")), call(), about("agent.wang", earlier));
  ASSERT_TRUE(filed);
  ASSERT_TRUE(engine_->handle_conduct_complaint(
      as(supervisor(), "核实"), filed->number,
      {ComplaintFinding::kPartlySubstantiated, "批评教育", "已核实部分属实"}));
  auto log = store_->read_log(0, 10000);
  ASSERT_TRUE(log);
  AgentServiceFigures figures;
  for (const auto& le : *log) figures.add(le.event);
  bool found = false;
  for (const auto& row : figures.rows()) {
    if (row.agent != "agent.wang") continue;
    found = true;
    EXPECT_EQ(row.conduct_complaints, 1);
    EXPECT_EQ(row.conduct_complaints_substantiated, 1);
  }
  EXPECT_TRUE(found);
}

// ---- CON-1 [D32, M12] ------------------------------------------------------

TEST_F(Conduct, CON_1_SuspensionNeedsAWarningHasAnEndAReasonAndAReview) {
  const std::string number = registered(call("138-0000-0000"));
  // No suspension without a recorded warning first (D32 经提醒).
  auto early = engine_->suspend_applicant(as(supervisor(), "反复占线"), number,
                                          ApplicantMisconduct::kOccupyingLine,
                                          at("2026-03-09T09:00:00+08:00"));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().rule, "CON-1");
  EXPECT_EQ(early.error().article, "D32");
  ASSERT_TRUE(engine_->warn_applicant(as(agent(), "无正当理由反复拨打，已提醒"), number,
                                      ApplicantMisconduct::kOccupyingLine));
  // The end is required and bounded by the policy (30 days).
  auto too_long = engine_->suspend_applicant(as(supervisor(), "反复占线"), number,
                                             ApplicantMisconduct::kOccupyingLine,
                                             at("2026-05-01T09:00:00+08:00"));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().rule, "CON-1");
  auto no_reason =
      engine_->suspend_applicant(as(supervisor(), ""), number, ApplicantMisconduct::kOccupyingLine,
                                 at("2026-03-09T09:00:00+08:00"));
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "reason");
  auto suspended = engine_->suspend_applicant(as(supervisor(), "经提醒后仍反复占线"), number,
                                              ApplicantMisconduct::kOccupyingLine,
                                              at("2026-03-09T09:00:00+08:00"));
  ASSERT_TRUE(suspended) << suspended.error().describe();
  ASSERT_EQ(suspended->suspensions.size(), 1u);
  EXPECT_EQ(suspended->suspensions[0].reason, "经提醒后仍反复占线");
  // Review due 5 working days later (Monday → next Monday).
  EXPECT_EQ(suspended->suspensions[0].suspension.review_due.due, at("2026-03-09T09:00:00+08:00"));

  // A suspended applicant's call is refused (same number, other spelling) …
  clock_.advance(Seconds{3600});
  auto refused = engine_->register_request(as(agent(), "来电"), call("+86 138 0000 0000"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule, "CON-1");
  // … but an emergency always gets through, and other callers are not affected.
  auto emergency =
      engine_->register_request(as(agent(), "来电"), call("13800000000", Urgency::kLifeSafety));
  ASSERT_TRUE(emergency) << emergency.error().describe();
  ASSERT_TRUE(engine_->register_request(as(agent(), "来电"), call("13900000000")));

  // The review is someone else's: the decider may not review their own decision.
  auto own = engine_->review_suspension(as(supervisor(), "复核"), number, false);
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().rule, "CON-1");
  auto lifted =
      engine_->review_suspension(as(supervisor("supervisor.qian"), "复核后解除"), number, false);
  ASSERT_TRUE(lifted) << lifted.error().describe();
  EXPECT_TRUE(lifted->suspensions[0].lifted_at.has_value());
  ASSERT_TRUE(engine_->register_request(as(agent(), "来电"), call("13800000000")));

  // At rest the record names the applicant by the keyed hash only.
  auto events = store_->load(applicant_stream(keyer_.key_of("13800000000")));
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 3u);
  auto log = store_->read_log(0, 10000);
  ASSERT_TRUE(log);
  for (const auto& le : *log) {
    if (!le.event.stream.starts_with("applicant-")) continue;
    EXPECT_EQ(le.event.stream.find("13800000000"), std::string::npos);
  }
}

TEST_F(Conduct, CON_1_SuspensionEndsByItselfAndNeedsTheOptionAndAPhone) {
  const std::string number = registered();
  ASSERT_TRUE(engine_->warn_applicant(as(agent(), "骚扰工作人员，已提醒"), number,
                                      ApplicantMisconduct::kHarassingStaff));
  ASSERT_TRUE(engine_->suspend_applicant(as(supervisor(), "辱骂工作人员"), number,
                                         ApplicantMisconduct::kHarassingStaff,
                                         at("2026-03-03T09:00:00+08:00")));
  ASSERT_FALSE(engine_->register_request(as(agent(), "来电"), call()));
  clock_.set(at("2026-03-03T09:00:00+08:00"));  // the end
  ASSERT_TRUE(engine_->register_request(as(agent(), "来电"), call()));
  // A second suspension needs a new warning after the first one ended.
  auto again = engine_->suspend_applicant(as(supervisor(), "再次辱骂"), number,
                                          ApplicantMisconduct::kHarassingStaff,
                                          at("2026-03-05T09:00:00+08:00"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().rule, "CON-1");

  RequestDetails anonymous = call("");
  anonymous.applicant.name.clear();
  anonymous.applicant.anonymous = true;
  const std::string no_phone = registered(anonymous);
  auto unidentified =
      engine_->warn_applicant(as(agent(), "提醒"), no_phone, ApplicantMisconduct::kOccupyingLine);
  ASSERT_FALSE(unidentified);
  EXPECT_EQ(unidentified.error().rule, "CON-1");

  // A profile without [conduct] never suspends anyone.
  PolicySet off = shipped().policies;
  for (auto& [name, p] : off.profiles) p.conduct = ConductPolicy{};
  Engine without(*store_, clock_, *shipped().calendar, off, *shipped().organisation);
  without.set_applicant_keyer(&keyer_);
  auto disabled =
      without.warn_applicant(as(agent(), "提醒"), number, ApplicantMisconduct::kOccupyingLine);
  ASSERT_FALSE(disabled);
  EXPECT_EQ(disabled.error().rule, "CON-1");
}

// ---- VIS-4 [T17] -----------------------------------------------------------

TEST_F(Conduct, VIS_4_OfficeSpotCheckFindingDutiesNotFulfilledSendsBackToTheUnit) {
  const std::string id = closed();
  SpotCheckVisited v;
  v.method = VisitMethod::kPhone;
  v.finding = SpotCheckFinding::kDutiesNotFulfilled;
  auto no_note = engine_->spot_check(as(visitor(), "抽查"), id, v);
  ASSERT_FALSE(no_note);
  EXPECT_EQ(no_note.error().field, "note");
  v.note = "群众反映夜间仍有施工";
  auto checked = engine_->spot_check(as(visitor(), "随机抽查回访"), id, v);
  ASSERT_TRUE(checked) << checked.error().describe();
  EXPECT_EQ(checked->status, WorkOrderStatus::kHandlingAgain);
  ASSERT_EQ(checked->spot_checks.size(), 1u);
  EXPECT_EQ(checked->spot_checks[0].visit.by, SpotCheckBy::kOffice);
  ASSERT_TRUE(checked->handle_due);
  EXPECT_EQ(checked->handle_due->article, "T17");
  EXPECT_EQ(checked->handled_again, 0);  // VIS-2's one handling again is not used up

  // Handled again, replied, and visited afresh.
  clock_.advance(Seconds{86400});
  ASSERT_TRUE(replied(id));
  WorkOrderEvaluated e;
  e.satisfaction = Satisfaction::kSatisfied;
  auto evaluated = engine_->evaluate(as(visitor(), "回访"), id, e);
  ASSERT_TRUE(evaluated) << evaluated.error().describe();
  EXPECT_EQ(evaluated->status, WorkOrderStatus::kClosed);
}

TEST_F(Conduct, VIS_4_UnitSpotChecksItsOwnClosedWorkOrdersOnly) {
  const std::string id = closed();
  SpotCheckVisited v;
  v.finding = SpotCheckFinding::kFulfilled;
  auto other = engine_->spot_check(as(staff("dept.heping.housing"), "抽查"), id, v);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);  // not yours looks like not there
  auto own = engine_->spot_check(as(staff(), "本单位受理部门抽查回访"), id, v);
  ASSERT_TRUE(own) << own.error().describe();
  EXPECT_EQ(own->status, WorkOrderStatus::kClosed);
  EXPECT_EQ(own->spot_checks.back().visit.by, SpotCheckBy::kUnit);
  // A new question sends it back too.
  v.finding = SpotCheckFinding::kNewQuestion;
  v.note = "群众询问施工许可情况";
  auto back = engine_->spot_check(as(staff(), "抽查"), id, v);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->status, WorkOrderStatus::kHandlingAgain);
  // Only closed work orders are spot-checked.
  auto open = engine_->spot_check(as(visitor(), "抽查"), id, v);
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().rule, "VIS-4");
}

}  // namespace
}  // namespace hotline
