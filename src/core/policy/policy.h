#pragma once
// A policy profile: every deadline, window, limit and validity period the
// platform applies, each with the article it comes from. Profiles are data
// (data/policies/*.toml, read by adapters/toml); the core only evaluates them.
// `tianjin` (Implementation Rules R) is the default; `tianjin-transport`
// (Transport Commission procedures T) and `city-c` (regulation C) are others.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/policy/assessment_policy.h"
#include "core/policy/cited.h"
#include "core/policy/conduct_policy.h"
#include "core/policy/duration.h"
#include "core/policy/interconnection_policy.h"
#include "core/result.h"
#include "core/work_order/classification.h"

namespace hotline {

// What a deadline counts from.
enum class Anchor { kRegistration, kDispatch, kAcceptance };
// The deadlines the `deadline` command and the engine compute.
enum class Stage { kDispatch, kAccept, kReturn, kHandle };

std::string_view to_string(Anchor a);
std::string_view to_string(Stage s);
std::optional<Anchor> parse_anchor(std::string_view s);
std::optional<Stage> parse_stage(std::string_view s);

// The facts of a work order that choose its deadline.
struct DeadlineSubject {
  RequestType type = RequestType::kInquiry;
  Urgency urgency = Urgency::kGeneral;
  UrgencyLabel label = UrgencyLabel::kNone;
  Channel channel = Channel::kPhone;
};

// One row of a stage's table. Empty lists match anything; `labels` containing
// kNone matches unlabelled work orders. Every row that matches a work order
// binds it, and the earliest of their deadlines applies (HND-3: T's 紧急 and
// R11's 24 hours for utilities both bind a transport unit).
struct DeadlineRule {
  std::vector<RequestType> types;
  std::vector<Urgency> urgencies;
  std::vector<UrgencyLabel> labels;
  std::vector<Channel> channels;
  PolicyDuration within;
  Anchor from = Anchor::kDispatch;
  std::string article;
  std::string note;  // zh-CN explanation shown with --explain
  int source_line = 0;

  bool matches(const DeadlineSubject& s) const;
};

// RET-4 [T8(3)]: why a unit returns a work order.
enum class ReturnReason {
  kNotOurDuty,               // 非本单位职责
  kMissingInformation,       // 信息要素不全、有误
  kRepeatWithFinalResult,    // 重复反映且已有最终办理结果
  kAnsweredByKnowledgeBase,  // 知识库已有明确解释
  kInLegalProceedings,       // 已进入信访、诉讼、仲裁程序
  kDifficulty,               // 办理困难 (never allowed under T8(4)1)
  kNeedsAssistance,          // 需要其他单位协助 (never allowed under T8(4)1)
};
std::string_view to_string(ReturnReason r);
std::string_view to_chinese(ReturnReason r);
std::optional<ReturnReason> parse_return_reason(std::string_view s);

// Evidence a return must carry. The names are the fields of the return
// application (ReturnApplied event).
enum class ReturnEvidence {
  kLegalBasis,        // 理由和依据 (R10, M17)
  kSuggestedUnit,     // 转办意见建议 (T8(3)1)
  kItemsToVerify,     // 一次性列明需核实的全部信息 (T8(3)2)
  kEarlierResults,    // 往次办理情况和结果 (T8(3)3)
  kKnowledgeArticle,  // 知识库具体条目 (T8(3)4)
  kDocumentNumber,    // 文件编号等佐证材料 (T8(3)5)
};
std::string_view to_string(ReturnEvidence e);
std::optional<ReturnEvidence> parse_return_evidence(std::string_view s);

struct ReturnReasonRule {
  ReturnReason reason = ReturnReason::kNotOurDuty;
  std::vector<ReturnEvidence> evidence;
  std::string article;
  // RET-4 [T8(3)2] 不得反复退单重复核实: the reason may be given once per
  // work order; a second return for it is refused, citing `article`.
  bool once_per_work_order = false;
};

struct ReturnPolicy {
  // The window to apply for a return (RET-1). Ordinary and difficult/complex.
  std::vector<DeadlineRule> window;
  std::optional<Cited<PolicyDuration>> complex_window;  // M17: 2 working days
  // Reasons a unit may give; a reason not listed is refused (RET-3, RET-4).
  std::vector<ReturnReasonRule> reasons;
  std::string forbidden_reason_article;                        // T8(4)
  Cited<bool> designated_unit_may_not_return{true, "R10(3)"};  // DIS-5
  // TYP-4 labels whose return needs the consent of another body (T13).
  std::vector<SpecialLabel> labels_needing_consent;
  std::string labels_article;
  // The same work order returned this many times puts it under supervision
  // (units passing it to each other, T22(4)).
  std::optional<Cited<int>> returns_before_supervision;
};

struct ExtensionPolicy {
  // How long before the deadline an application must come. Every entry binds
  // (R12's 1 working day binds a unit under T14's 1 day too); the earliest
  // last moment applies and its article is cited.
  std::vector<Cited<PolicyDuration>> apply_before;
  Cited<int> max_count;  // R12: at most 2
  // Each extension as long as the handling period (R12), capped in principle.
  Cited<bool> each_equals_original{true, "R12"};
  std::optional<Cited<PolicyDuration>> max_each;  // R12: no more than 7 working days
  std::vector<RequestType> excluded_types;
  std::vector<Urgency> excluded_urgencies;
  std::vector<UrgencyLabel> excluded_labels;
  std::string exclusion_article;
  Cited<bool> requires_applicant_consent{false, ""};  // T14
  Cited<bool> allowed_when_handling_again{false, "R14(2)"};
  // HND-1 [M16]: a deadline set by law is not moved by an extension.
  Cited<bool> allowed_with_statutory_deadline{false, "M16"};
};

// T19: a dissatisfied work order that need not be visited.
enum class NoVisitReason { kPolicyExplained, kUnreasonableDemand, kAnonymous };
std::string_view to_string(NoVisitReason r);
std::optional<NoVisitReason> parse_no_visit_reason(std::string_view s);

struct EvaluationPolicy {
  std::vector<RequestType> not_evaluated;  // R14: praise and suggestions
  std::string not_evaluated_article;
  Cited<int> max_handling_again{1, "R14(2)"};   // VIS-2
  std::vector<NoVisitReason> no_visit_reasons;  // VIS-5
  std::string no_visit_article;
  // M16, M18: a request with no contact (none left, or no reply wanted) is
  // closed after the reply without the evaluation nobody could give.
  Cited<bool> close_without_contact{false, ""};
};

// APL-2 [T28]: reasons for which no appeal is taken.
enum class NonAppealable {
  kApplicantNeverReached,
  kStaffAttitude,
  kProblemRecurred,
  kClosedUnfinished,
  kOnlyAdvisedCourt,
  kLeadDidOnlyOwnPart,
};
std::string_view to_string(NonAppealable r);
std::optional<NonAppealable> parse_non_appealable(std::string_view s);

struct AppealPolicy {
  // T28: appeals for last month's work orders by the Nth of this month.
  std::optional<Cited<int>> monthly_deadline_day;
  Cited<bool> postpone_past_holidays{false, ""};
  std::vector<NonAppealable> non_appealable;
  std::string non_appealable_article;
  std::string review_article;  // M23, R24
};

enum class ArticleType {
  kNormativeDocument,
  kServiceGuide,
  kInterpretation,
  kAnswerScript,
  kSuddenEvent
};
std::string_view to_string(ArticleType t);
std::optional<ArticleType> parse_article_type(std::string_view s);

struct KnowledgeBasePolicy {
  Cited<PolicyDuration> update_within;                    // R17: 2 working days
  Cited<PolicyDuration> emergency_update_within;          // R17: 1 day, clock time
  Cited<PolicyDuration> prenotice_before;                 // R18: 12 hours; T29: 1 day
  std::map<ArticleType, Cited<PolicyDuration>> validity;  // R19
  // T31: monthly reports, days of the month; not postponed for holidays.
  std::optional<Cited<int>> monthly_kb_report_last_day;
  std::optional<Cited<int>> monthly_training_report_last_day;
  // T31: the units that file them, by id (the article names them); none:
  // every handling unit on the profile. The platform refuses to start when
  // its organisation lacks one of them.
  std::optional<Cited<std::vector<std::string>>> monthly_report_units;
};

// REP-2 elements of a reply.
enum class ReplyElement {
  kContactedAt,
  kHandler,
  kHandlerContact,
  kProcess,
  kResult,
  kPolicyBasis,
  kApplicantFeedback,
};
std::string_view to_string(ReplyElement e);
std::string_view to_chinese(ReplyElement e);
std::optional<ReplyElement> parse_reply_element(std::string_view s);

// REP-3 [T16(2)-(6)]: the faults of a reply's result, one item of T16 each.
enum class ResultFault {
  kVague,         // T16(2) 缺项漏项、文不对题、办理结果模糊不清
  kReturnReason,  // T16(3) 以退回理由作为办理结果
  kBare,          // T16(4) 已告知相关政策、已解决、已联系 …
  kProcessOnly,   // T16(5) 办理中、已转xx处理
  kTemplate,      // T16(6) 已与您取得联系……
};
std::string_view to_string(ResultFault f);
std::optional<ResultFault> parse_result_fault(std::string_view s);

struct ResultFaultRule {
  std::string article;  // "T16(4)"; under R: "R13"
  // Results refused outright. Each is a pattern matched against the whole
  // result after trimming whitespace and punctuation at both ends and
  // removing the policy's filler words; `*` stands for any text, so "已解决"
  // refuses "已解决。", "问题已解决" and "经核实，您反映的问题已解决", not
  // "路灯已于3月2日更换，问题已解决"; "已转*处理" refuses any "已转xx处理";
  // a trailing "……" means the same as `*`.
  std::vector<std::string> results;
  std::string note;
};

struct ReplyPolicy {
  std::vector<ReplyElement> required;  // R13, T16(1)
  std::string required_article;
  std::map<ResultFault, ResultFaultRule> faults;
  // Words that carry no result ("经核实", "您反映的", "问题"), removed from a
  // result before it is matched against the forbidden results.
  std::vector<std::string> filler_words;
  // REP-4 [T9] 形成统一意见后对外答复: a work order handled by several units
  // (assisting units, or forwarded to a handling unit below the lead) is
  // replied once, by the lead unit itself for all of them.
  Cited<bool> unified_reply_by_lead{false, ""};

  struct Match {
    ResultFault fault = ResultFault::kBare;
    const std::string* pattern = nullptr;
    const std::string* article = nullptr;
  };
  // The first forbidden result (in fault order) that `result` matches.
  std::optional<Match> forbidden_match(std::string_view result) const;
  // The article a finding of `fault` cites; `fallback` when none is set.
  std::string article_for(ResultFault fault, std::string_view fallback = "R13") const;
};

// SUP-2 [R21: 按照“逐级负责、分级办理”的原则…综合运用工单督办、书面督办、现场核查、
// 专项督办等方式]: one level of supervision — its method (work-order,
// written, on-site, special) and how long the unit has to report back.
struct SupervisionLevel {
  int level = 1;
  std::string method;  // a SupervisionMethod's name, checked when the policy is read
  Cited<PolicyDuration> follow_up;
  std::string note;  // zh-CN
};

struct SupervisionPolicy {
  Cited<bool> on_overdue_acceptance{true, "M22(1)"};  // ACC-3
  Cited<bool> on_overdue_handling{true, "M22(2)"};
  Cited<bool> on_missing_reply_elements{true, "D24(3)"};  // REP-5
  Cited<bool> on_confirmed_dissatisfaction{true, "D24(1)"};
  // SUP-1 [M22(3)] 多个诉求人集中反映同一问题: this many distinct applicants on
  // one problem within the window put the matter under supervision. M22(3)
  // names no number; the office sets both. None: no automatic supervision.
  std::optional<Cited<int>> on_concentrated_requests;
  std::optional<Cited<PolicyDuration>> concentrated_requests_window;
  // SUP-2: the levels in order (1, 2, …); escalation moves a work order's
  // supervision to the next. Empty: supervision has no levels or follow-up
  // deadlines in this profile.
  std::vector<SupervisionLevel> levels;
  // SUP-3 [T22(5)]: 群众举报管理部门的乱收费、乱罚款、违规执法等行为的，应当提级办理 —
  // the matters that are handled one level above the department reported.
  std::vector<std::string> one_level_up_matters;
  std::string one_level_up_article;
  // SUP-4 [C23, T25]: the body serious misconduct is referred to, with its
  // article; empty: the profile names none.
  std::string discipline_body;
  std::string discipline_article;
};

// DIS-6, DIS-7: an undertaking unit's internal forwarding (受理部门 → 办理部门).
struct ForwardingPolicy {
  std::string article = "M6";  // who may be forwarded to: M6 (R), T6/T8 (T)
  std::string note;
};

struct WarningPolicy {
  // HND-5: warn when this share of a period remains (临近超时).
  Cited<double> remaining_fraction{0.2, ""};
};

struct Policy {
  std::string name;    // "tianjin"
  std::string title;   // 天津市政务服务便民热线管理办法实施细则
  std::string source;  // "R"
  std::string file;    // where it was read from

  std::vector<DeadlineRule> dispatch;  // DIS-1
  std::vector<DeadlineRule> accept;    // ACC-1, ACC-2
  std::vector<DeadlineRule> handle;    // HND-2, HND-3
  ReturnPolicy return_policy;
  ExtensionPolicy extension;
  ReplyPolicy reply;
  EvaluationPolicy evaluation;
  AppealPolicy appeal;
  KnowledgeBasePolicy knowledge_base;
  SupervisionPolicy supervision;
  ForwardingPolicy forwarding;
  WarningPolicy warning;
  AssessmentPolicy assessment;  // EVA-1, ANA-2 (optional section)
  ConductPolicy conduct;        // CON-1 (optional section, option of D32)
  // ICN-1, ICN-2 (optional section).
  InterconnectionPolicy interconnection;
  // zh-CN gists of the articles behind cited values, by their key in the
  // file ("extension.max_count"), shown with --explain. Rules carry their own.
  std::map<std::string, std::string> notes;

  const std::vector<DeadlineRule>& rules(Stage stage) const;
  // Every rule of `stage` matching `subject` (all bind; the earliest
  // deadline applies, DeadlineCalculator::binding); an error when none does.
  Result<std::vector<const DeadlineRule*>> rules_for(Stage stage,
                                                     const DeadlineSubject& subject) const;
};

// All profiles known to the platform, and which one applies by default.
struct PolicySet {
  std::map<std::string, Policy> profiles;
  std::string default_profile = "tianjin";

  Result<const Policy*> find(std::string_view name) const;
  const Policy& default_policy() const;
};

// Checks what the type system cannot: every stage has a catch-all, no
// negative amounts, articles present. Loaders call it; errors name the field.
Status validate(const Policy& policy);

}  // namespace hotline
