#pragma once
// Sample events for the adapter tests: one of every EventBody alternative,
// with every member set to something other than its default, so a codec or
// store that drops or mixes up a field shows it.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/policy/duration.h"
#include "core/time.h"
#include "core/work_order/events.h"

namespace hotline::testing {

inline Instant at(const char* iso) { return *parse_iso8601(iso); }

inline Deadline deadline(const char* iso, std::string article, std::string rule) {
  return Deadline{at(iso), std::move(article), std::move(rule)};
}

inline RequestDetails sample_details() {
  RequestDetails d;
  d.requested_at = at("2026-01-05T09:30:00+08:00");
  d.channel = Channel::kWechatMiniProgram;
  d.applicant = Applicant{false, "吉𠮷", "13800000000", "和平区𡒄路1号", "dept.heping.housing"};
  d.subject = "小区供暖不热";
  d.detail = "室温只有14度，𠮷𡒄";
  d.items = {{"供暖温度不达标", "heating"}, {"物业不回应", "property"}};
  d.type = RequestType::kComplaint;
  d.urgency = Urgency::kUtilities;
  d.label = UrgencyLabel::kVeryUrgent;
  d.special_labels = {SpecialLabel::kInternetPlusInspection};
  d.confidential = true;
  d.confidentiality_note = "不要透露住址";
  d.reply_not_wanted = true;
  d.location = Location{"district.heping", "street.heping.quanyechang", "南京路"};
  d.attachments = {{"s3://hotline/a.jpg", "image/jpeg", "照片.jpg", "abc123"}};
  d.external_ref = "ext-42";
  return d;
}

// One body of each alternative, in variant order.
inline std::vector<EventBody> sample_bodies() {
  std::vector<EventBody> out;
  out.push_back(
      RequestRegistered{"R2026010500000001", sample_details(),
                        deadline("2026-01-06T09:30:00+08:00", "R6", "24 hours from registration")});
  out.push_back(RequestTriaged{TriageOutcome::kEmergencyTransfer, "119", "R2025", "已转119"});
  out.push_back(ConsultationOpened{{"dept.a", "dept.b"}, "谁负责？"});
  out.push_back(ConsultationConcluded{"dept.a", {"dept.b"}, "市政务服务部门"});
  out.push_back(RequestReclassified{
      {{0, "城乡建设/市政设施"}, {1, "交通运输/𠮷路"}}, RequestType::kReport, Urgency::kUtilities});
  out.push_back(RequestReclassified{{{0, "劳动和社会保障"}}, std::nullopt, std::nullopt});
  out.push_back(RequestDispatched{
      {DispatchedOrder{"W2026010500000001-1", {0, 1}, "dept.a", {"dept.b", "dept.c"}}}, true});

  WorkOrderDispatched dispatched;
  dispatched.request = "R2026010500000001";
  dispatched.items = {0, 1};
  dispatched.lead_unit = "dept.a";
  dispatched.assisting_units = {"dept.b"};
  dispatched.policy_profile = "tianjin-transport";
  dispatched.subject = {RequestType::kReport, Urgency::kLifeSafety, UrgencyLabel::kUrgent,
                        Channel::kHotline12328};
  dispatched.special_labels = {SpecialLabel::kChinaGovWebsiteMessage,
                               SpecialLabel::kEnterpriseServiceLineTransfer};
  dispatched.designated = true;
  dispatched.functional_matter = true;
  dispatched.statutory_handle_due = deadline("2026-01-20T17:00:00+08:00", "M16", "statute");
  dispatched.statutory_basis = "《某某条例》第十条";
  dispatched.accept_due = deadline("2026-01-05T10:00:00+08:00", "R9", "30 minutes");
  dispatched.return_due = deadline("2026-01-06T10:00:00+08:00", "M17", "1 working day");
  dispatched.return_due_complex = deadline("2026-01-07T10:00:00+08:00", "M17", "2 working days");
  dispatched.handle_due = deadline("2026-01-14T10:00:00+08:00", "T11", "5 working days");
  dispatched.handle_period = PolicyDuration{5, PolicyDuration::Unit::kWorkingDays};
  out.push_back(dispatched);

  out.push_back(WorkOrderAccepted{
      deadline("2026-01-14T09:40:00+08:00", "R11", "7 working days from acceptance"), true});
  out.push_back(WorkOrderForwarded{"dept.a.office", "请三日内办理"});
  out.push_back(ReturnApplied{ReturnReason::kMissingInformation, "地址不全",
                              ReturnEvidenceFields{"《办法》第十七条",
                                                   "dept.z",
                                                   {"门牌号", "联系电话"},
                                                   "上次已答复",
                                                   "KB-7",
                                                   "津政发〔2025〕1号",
                                                   "consent-9"},
                              true, std::nullopt});
  out.push_back(ReturnApplied{
      ReturnReason::kAnsweredByKnowledgeBase, "知识库已有解释", ReturnEvidenceFields{}, false,
      KnowledgeLink{"kb.hr.pension-flexible", 3, "灵活就业人员参加𡒄养老保险", "dept.hr",
                    "/api/v1/kb/articles/kb.hr.pension-flexible"}});
  out.push_back(ReturnApproved{std::string("dept.z")});
  out.push_back(ReturnRejected{});

  WorkOrderRedispatched redispatched;
  redispatched.lead_unit = "dept.z";
  redispatched.assisting_units = {"dept.y"};
  redispatched.policy_profile = "tianjin";
  redispatched.accept_due = deadline("2026-01-08T10:00:00+08:00", "R9", "1 working day");
  redispatched.return_due = deadline("2026-01-08T10:00:00+08:00", "M17", "1 working day");
  redispatched.return_due_complex = deadline("2026-01-09T10:00:00+08:00", "M17", "2 wd");
  redispatched.handle_due = deadline("2026-01-16T10:00:00+08:00", "R11", "7 working days");
  redispatched.handle_period = PolicyDuration{24, PolicyDuration::Unit::kHours};
  out.push_back(redispatched);

  out.push_back(ExtensionApplied{PolicyDuration{7, PolicyDuration::Unit::kWorkingDays},
                                 "已约谈物业", "更换管道", true, at("2026-01-10T11:00:00+08:00")});
  out.push_back(ExtensionApproved{deadline("2026-01-23T10:00:00+08:00", "R12", "extended")});
  out.push_back(ExtensionRefused{});
  out.push_back(AssistingResultSubmitted{"已核实"});
  out.push_back(WorkOrderReplied{
      ReplyContent{
          at("2026-01-12T15:00:00+08:00"),
          "张三",
          "022-12345678",
          "上门查看",
          "已修复，室温22度",
          "《供热条例》",
          "满意",
          true,
          {Attachment{"/api/v1/attachments/" + std::string(64, 'e'), "image/jpeg", "照片1", ""}}},
      true,
      {ReplyElement::kPolicyBasis, ReplyElement::kApplicantFeedback},
      {}});
  out.push_back(WorkOrderReplied{
      ReplyContent{std::nullopt, "李四", "022-1", "查看", "已修复", "", "", false, {}},
      false,
      {},
      {ReplyNote{"vague", "REP-3", "T16(2)", "办理结果表述笼统", "已修复"}}});
  out.push_back(
      WorkOrderEvaluated{VisitMethod::kSms, Satisfaction::kDissatisfied, "仍然不热", true});
  out.push_back(VisitSkipped{"anonymous"});
  out.push_back(SentBackForHandlingAgain{deadline("2026-01-30T10:00:00+08:00", "R14(2)", "again")});
  out.push_back(WorkOrderClosed{});
  out.push_back(AppealFiled{"已尽职", {"s3://hotline/e1.pdf", "s3://hotline/e2.pdf"}});
  out.push_back(AppealReviewed{true, NonAppealable::kStaffAttitude});
  out.push_back(SupervisionRaised{SupervisionTrigger::kBuckPassing, SupervisionMethod::kOnSite,
                                  true, true, "handle", 2, at("2026-01-08T09:00:00+08:00")});
  out.push_back(DeadlineWarned{Stage::kAccept, at("2026-01-05T10:00:00+08:00")});
  out.push_back(DeadlineMissed{Stage::kReturn, at("2026-01-06T10:00:00+08:00")});
  // INT-6, INT-7, VIS-4, CON-1
  out.push_back(ConductComplaintFiled{"agent.wang", StaffMisconduct::kPerfunctory,
                                      "2026010500000001", at("2026-01-05T09:00:00+08:00")});
  out.push_back(
      ConductComplaintHandled{ComplaintFinding::kPartlySubstantiated, "约谈𠮷", "已核实部分属实"});
  out.push_back(AgentServiceEvaluated{"agent.wang", VisitMethod::kSms,
                                      Satisfaction::kBasicallySatisfied, "还行𡒄"});
  out.push_back(SpotCheckVisited{SpotCheckBy::kUnit, VisitMethod::kOnSite,
                                 SpotCheckFinding::kNewQuestion, "新疑问",
                                 deadline("2026-01-20T10:00:00+08:00", "T17", "again")});
  out.push_back(ApplicantWarned{ApplicantMisconduct::kHarassingStaff, "2026010500000002"});
  out.push_back(ApplicantSuspended{ApplicantMisconduct::kOccupyingLine, "2026010500000003",
                                   deadline("2026-01-15T10:00:00+08:00", "D32", "end"),
                                   deadline("2026-01-12T10:00:00+08:00", "D32", "review")});
  out.push_back(SuspensionReviewed{false});
  // ICN-2
  out.push_back(HotlineTransferSent{"hotline.beijing", true, "请北京12345协同处理𠮷"});
  out.push_back(HotlineTransferAnswered{"hotline.beijing", "BJ20260105-0001",
                                        TransferResult::kCompleted, "已办结𡒄"});
  out.push_back(SupervisionReported{2, "已现场核查并整改，报告加盖公章"});
  out.push_back(HandlingRaisedOneLevel{"乱收费", "dept.heping.housing", "dept.heping.housing",
                                       "district.heping"});
  out.push_back(ReferredForDiscipline{"同级纪检监察机关", "弄虚作假：未联系诉求人即答复已解决", 7});
  return out;
}

// The first sample of alternative T: a test names the event it needs, so
// adding samples never shifts what it looks at.
template <class T>
inline T sample_body() {
  for (const auto& body : sample_bodies()) {
    if (const auto* t = std::get_if<T>(&body)) return *t;
  }
  throw std::logic_error("no sample of the requested event type");
}

inline Event make_event(std::string stream, std::int64_t version, EventBody body) {
  Event e;
  e.stream = std::move(stream);
  e.version = version;
  e.at = at("2026-01-05T10:00:00+08:00") + Seconds{version * 60};
  e.actor = Actor{"staff.li", Role::kUnitStaff, "dept.a"};
  e.reason = "按规定办理";
  e.article = "R10";
  e.body = std::move(body);
  return e;
}

}  // namespace hotline::testing
