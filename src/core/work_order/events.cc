#include "core/work_order/events.h"

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<TriageOutcome, 8> kOutcomes{{
    {TriageOutcome::kEmergencyTransfer, "emergency-transfer", "紧急事项转接"},
    {TriageOutcome::kLegalChannel, "legal-channel", "告知法定途径"},
    {TriageOutcome::kConfidentialMatter, "confidential-matter", "涉密或隐私事项已解释"},
    {TriageOutcome::kUnlawfulDemand, "unlawful-demand", "违法或违背公序良俗诉求已劝导"},
    {TriageOutcome::kDuplicate, "duplicate", "重复诉求已告知进展或结果"},
    {TriageOutcome::kOutsideScope, "outside-scope", "非政务服务事项已告知渠道"},
    {TriageOutcome::kAnsweredDirectly, "answered-directly", "当场解答"},
    {TriageOutcome::kToDispatch, "to-dispatch", "待派单"},
}};
constexpr EnumTable<VisitMethod, 4> kMethods{{
    {VisitMethod::kPhone, "phone", "电话"},
    {VisitMethod::kSms, "sms", "短信"},
    {VisitMethod::kInternet, "internet", "互联网"},
    {VisitMethod::kOnSite, "on-site", "现场"},
}};
constexpr EnumTable<Satisfaction, 3> kSatisfaction{{
    {Satisfaction::kSatisfied, "satisfied", "满意"},
    {Satisfaction::kBasicallySatisfied, "basically-satisfied", "基本满意"},
    {Satisfaction::kDissatisfied, "dissatisfied", "不满意"},
}};
constexpr EnumTable<SupervisionTrigger, 11> kTriggers{{
    {SupervisionTrigger::kRefusedAcceptance, "refused-acceptance", "拒不接单或超时接单"},
    {SupervisionTrigger::kOverdue, "overdue", "超期未办结"},
    {SupervisionTrigger::kRepeatedRequests, "repeated-requests", "重复或集中反映未合理处置"},
    {SupervisionTrigger::kNegativeImpact, "negative-impact", "办理不力造成负面影响"},
    {SupervisionTrigger::kKnowledgeBaseStale, "knowledge-base-stale", "知识库更新不及时"},
    {SupervisionTrigger::kConfirmedDissatisfaction, "confirmed-dissatisfaction",
     "不满意且确认存在办理问题"},
    {SupervisionTrigger::kMissingReplyElements, "missing-reply-elements", "办理情况要素缺失"},
    {SupervisionTrigger::kFakeCompletion, "fake-completion", "虚假办结"},
    {SupervisionTrigger::kBuckPassing, "buck-passing", "多次退回或相互推诿"},
    {SupervisionTrigger::kSlowAfterWarning, "slow-after-warning", "临近超时经提醒仍办理缓慢"},
    {SupervisionTrigger::kOther, "other", "其他需要督办的情形"},
}};
constexpr EnumTable<SupervisionMethod, 4> kSupervisionMethods{{
    {SupervisionMethod::kWorkOrder, "work-order", "工单督办"},
    {SupervisionMethod::kWritten, "written", "书面督办"},
    {SupervisionMethod::kOnSite, "on-site", "现场核查"},
    {SupervisionMethod::kSpecial, "special", "专项督办"},
}};

struct NameOf {
  std::string_view operator()(const RequestRegistered&) const { return "request-registered"; }
  std::string_view operator()(const RequestTriaged&) const { return "request-triaged"; }
  std::string_view operator()(const ConsultationOpened&) const { return "consultation-opened"; }
  std::string_view operator()(const ConsultationConcluded&) const {
    return "consultation-concluded";
  }
  std::string_view operator()(const RequestDispatched&) const { return "request-dispatched"; }
  std::string_view operator()(const RequestReclassified&) const { return "request-reclassified"; }
  std::string_view operator()(const WorkOrderDispatched&) const { return "work-order-dispatched"; }
  std::string_view operator()(const WorkOrderAccepted&) const { return "work-order-accepted"; }
  std::string_view operator()(const WorkOrderForwarded&) const { return "work-order-forwarded"; }
  std::string_view operator()(const ReturnApplied&) const { return "return-applied"; }
  std::string_view operator()(const ReturnApproved&) const { return "return-approved"; }
  std::string_view operator()(const ReturnRejected&) const { return "return-rejected"; }
  std::string_view operator()(const WorkOrderRedispatched&) const {
    return "work-order-redispatched";
  }
  std::string_view operator()(const ExtensionApplied&) const { return "extension-applied"; }
  std::string_view operator()(const ExtensionApproved&) const { return "extension-approved"; }
  std::string_view operator()(const ExtensionRefused&) const { return "extension-refused"; }
  std::string_view operator()(const AssistingResultSubmitted&) const {
    return "assisting-result-submitted";
  }
  std::string_view operator()(const WorkOrderReplied&) const { return "work-order-replied"; }
  std::string_view operator()(const WorkOrderEvaluated&) const { return "work-order-evaluated"; }
  std::string_view operator()(const VisitSkipped&) const { return "visit-skipped"; }
  std::string_view operator()(const SentBackForHandlingAgain&) const {
    return "sent-back-for-handling-again";
  }
  std::string_view operator()(const WorkOrderClosed&) const { return "work-order-closed"; }
  std::string_view operator()(const AppealFiled&) const { return "appeal-filed"; }
  std::string_view operator()(const AppealReviewed&) const { return "appeal-reviewed"; }
  std::string_view operator()(const SupervisionRaised&) const { return "supervision-raised"; }
  std::string_view operator()(const DeadlineWarned&) const { return "deadline-warned"; }
  std::string_view operator()(const DeadlineMissed&) const { return "deadline-missed"; }
  std::string_view operator()(const ConductComplaintFiled&) const {
    return "conduct-complaint-filed";
  }
  std::string_view operator()(const ConductComplaintHandled&) const {
    return "conduct-complaint-handled";
  }
  std::string_view operator()(const AgentServiceEvaluated&) const {
    return "agent-service-evaluated";
  }
  std::string_view operator()(const SpotCheckVisited&) const { return "spot-check-visited"; }
  std::string_view operator()(const ApplicantWarned&) const { return "applicant-warned"; }
  std::string_view operator()(const ApplicantSuspended&) const { return "applicant-suspended"; }
  std::string_view operator()(const SuspensionReviewed&) const { return "suspension-reviewed"; }
  std::string_view operator()(const HotlineTransferSent&) const { return "hotline-transfer-sent"; }
  std::string_view operator()(const HotlineTransferAnswered&) const {
    return "hotline-transfer-answered";
  }
  std::string_view operator()(const SupervisionReported&) const { return "supervision-reported"; }
  std::string_view operator()(const HandlingRaisedOneLevel&) const {
    return "handling-raised-one-level";
  }
  std::string_view operator()(const ReferredForDiscipline&) const {
    return "referred-for-discipline";
  }
};

}  // namespace

std::string_view to_string(TriageOutcome o) { return enum_name(kOutcomes, o); }
std::string_view to_chinese(TriageOutcome o) { return enum_chinese(kOutcomes, o); }
std::optional<TriageOutcome> parse_triage_outcome(std::string_view s) {
  return enum_parse(kOutcomes, s);
}
std::string_view to_string(VisitMethod m) { return enum_name(kMethods, m); }
std::optional<VisitMethod> parse_visit_method(std::string_view s) {
  return enum_parse(kMethods, s);
}
std::string_view to_string(Satisfaction s) { return enum_name(kSatisfaction, s); }
std::string_view to_chinese(Satisfaction s) { return enum_chinese(kSatisfaction, s); }
std::optional<Satisfaction> parse_satisfaction(std::string_view s) {
  return enum_parse(kSatisfaction, s);
}
std::string_view to_string(SupervisionTrigger t) { return enum_name(kTriggers, t); }
std::string_view to_chinese(SupervisionTrigger t) { return enum_chinese(kTriggers, t); }
std::optional<SupervisionTrigger> parse_supervision_trigger(std::string_view s) {
  return enum_parse(kTriggers, s);
}
std::string_view to_string(SupervisionMethod m) { return enum_name(kSupervisionMethods, m); }
std::optional<SupervisionMethod> parse_supervision_method(std::string_view s) {
  return enum_parse(kSupervisionMethods, s);
}

std::string_view event_name(const EventBody& body) { return std::visit(NameOf{}, body); }

}  // namespace hotline
