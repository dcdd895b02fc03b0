#pragma once
// Every change of a request or work order is an event: who (actor with role
// and unit), when, what (the body), why (reason) and the article applied.
// Events are appended to a stream per request ("R…") and per work order
// ("W…"); current state is derived from them (request_state.h,
// work_order_state.h). Deadlines are recorded in the events that set them, so
// a later change of a policy file never moves an existing work order's
// deadline (R11: 工单确定的反馈期限).

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/policy/policy.h"
#include "core/time.h"
#include "core/work_order/actor.h"
#include "core/work_order/conduct_events.h"
#include "core/work_order/deadline.h"
#include "core/work_order/evaluation.h"
#include "core/work_order/request.h"
#include "core/work_order/transfer_events.h"
#include "core/work_order/visit_events.h"

namespace hotline {

// ---- Request events -------------------------------------------------------

struct RequestRegistered {
  std::string number;  // INT-5: the number the applicant looks progress up with
  RequestDetails details;
  std::optional<Deadline> dispatch_due;  // DIS-1
  // INT-4: the intake's retry key (CommandContext::intake_key); the store
  // keeps one request per key.
  std::string intake_key{};
};

// TRI-1..TRI-8: what the office did with a request.
enum class TriageOutcome {
  kEmergencyTransfer,   // TRI-1: 110/119/120/122, transferred at once, applicant told
  kLegalChannel,        // TRI-2: litigation, arbitration, petition … applicant told the channel
  kConfidentialMatter,  // TRI-3: secrets or privacy, explained to the applicant
  kUnlawfulDemand,      // TRI-4: persuasion and education, legal consequences told
  kDuplicate,           // TRI-5: same request, no new facts: progress or result told
  kOutsideScope,        // TRI-6: not a government service: the right channel told
  kAnsweredDirectly,    // TRI-7: answered on the spot from the knowledge base
  kToDispatch,          // to be dispatched (possibly after consultation)
};
std::string_view to_string(TriageOutcome o);
std::string_view to_chinese(TriageOutcome o);
std::optional<TriageOutcome> parse_triage_outcome(std::string_view s);

struct RequestTriaged {
  TriageOutcome outcome = TriageOutcome::kToDispatch;
  std::string target;          // 110/119/120/122, the legal channel, the right channel
  std::string reference;       // earlier request number (TRI-5), knowledge article id (TRI-7)
  std::string told_applicant;  // what the applicant was told or answered (TRI-8)
};

// DIS-8 [M15, R26]: the office corrects what registration or triage got
// wrong; the corrected categories are the labels classifiers learn from.
struct ItemCategory {
  int item = 0;  // index into RequestDetails::items
  std::string category;
};
struct RequestReclassified {
  std::vector<ItemCategory> categories;
  std::optional<RequestType> type;
  std::optional<Urgency> urgency;
};

// DIS-5 [M15, M17, R8, C16]: complex or disputed requests.
struct ConsultationOpened {
  std::vector<std::string> units;  // units consulted
  std::string question;
};
struct ConsultationConcluded {
  std::string lead_unit;
  std::vector<std::string> assisting_units;
  std::string decided_by;  // 市级行业主管部门 / 市政务服务部门会同… (R8)
};

// One work order of a dispatch plan.
struct DispatchedOrder {
  std::string work_order;  // id of the new work order
  std::vector<int> items;  // indices into RequestDetails::items
  std::string lead_unit;
  std::vector<std::string> assisting_units;
};
struct RequestDispatched {
  std::vector<DispatchedOrder> orders;  // DIS-3: one per unit's items
  bool late = false;                    // dispatched after the DIS-1 deadline
};

// ---- Work order events ----------------------------------------------------

struct WorkOrderDispatched {
  std::string request;  // request number
  std::vector<int> items;
  std::string lead_unit;
  std::vector<std::string> assisting_units;
  std::string policy_profile;  // the profile of the lead unit, fixed at dispatch
  DeadlineSubject subject;
  std::vector<SpecialLabel> special_labels;
  bool designated = false;  // DIS-5: designated by consultation/service department: no return
  bool functional_matter = false;  // DIS-6: belongs to a functional department
  // HND-1 [M16, R11]: a deadline set by law overrides the policy.
  std::optional<Deadline> statutory_handle_due;
  std::string statutory_basis;
  Deadline accept_due;
  Deadline return_due;
  std::optional<Deadline> return_due_complex;
  std::optional<Deadline> handle_due;  // when counted from dispatch (T11(4))
  PolicyDuration handle_period;        // the period itself, for extensions and handling again
};

struct WorkOrderAccepted {
  std::optional<Deadline> handle_due;  // when counted from acceptance (R11)
  bool late = false;
};

// DIS-7 [T6, T8]: 受理部门 → 办理部门 inside the unit, which stays responsible.
struct WorkOrderForwarded {
  std::string to_unit;
  std::string instructions;
};

// Evidence a return carries (RET-1, RET-4).
struct ReturnEvidenceFields {
  std::string legal_basis;
  std::string suggested_unit;
  std::vector<std::string> items_to_verify;
  std::string earlier_results;
  std::string knowledge_article;
  std::string document_number;
  std::string consent_reference;  // T13: consent of the supervision department
};

// RET-4 [T8(3)4]: the knowledge-base article a return cites, as it stood.
struct KnowledgeLink {
  std::string article;  // the article's id
  int version = 0;
  std::string title;
  std::string unit;  // its owning unit
  std::string link;  // where to read it: "/api/v1/kb/articles/{id}"
};

struct ReturnApplied {
  ReturnReason reason = ReturnReason::kNotOurDuty;
  std::string explanation;
  ReturnEvidenceFields evidence;
  bool complex = false;  // the unit claims the 2-working-day window (M17)
  std::optional<KnowledgeLink> knowledge_link;
};
struct ReturnApproved {
  // RET-2: re-dispatched at once when a unit is named, else awaits re-dispatch.
  std::optional<std::string> redispatch_to;
};
struct ReturnRejected {};

// The office re-dispatches a returned work order (RET-2): deadlines restart.
struct WorkOrderRedispatched {
  std::string lead_unit;
  std::vector<std::string> assisting_units;
  std::string policy_profile;
  Deadline accept_due;
  Deadline return_due;
  std::optional<Deadline> return_due_complex;
  std::optional<Deadline> handle_due;
  PolicyDuration handle_period;
};

struct ExtensionApplied {
  PolicyDuration period;             // as long as the original handling period (R12), capped
  std::string progress;              // 办理进度
  std::string measures;              // 解决措施
  bool applicant_consented = false;  // T14
  std::optional<Instant> applicant_contacted_at;
};
struct ExtensionApproved {
  Deadline handle_due;  // the new deadline
};
struct ExtensionRefused {};

// DIS-4 [R8, C16, T9]: an assisting unit's result for the lead unit.
struct AssistingResultSubmitted {
  std::string result;
};

// REP-2 [R13, T16(1)]: the elements of a reply.
struct ReplyContent {
  std::optional<Instant> contacted_at;  // when the applicant was contacted
  std::string handler;                  // who replied
  std::string handler_contact;          // how to reach them
  std::string process;
  std::string result;
  std::string policy_basis;
  std::string applicant_feedback;
  // REP-1: the applicant is not replied to only when they asked for no reply
  // or left no valid contact.
  bool applicant_not_replied = false;
  // INT-3 [C9]: photos or recordings of the result (a repaired road, a
  // rectification notice), files in the attachment vault named "照片1" …
  std::vector<Attachment> attachments;
};
// A reply check's finding the office chose not to block on (REP-2, REP-3):
// kept with the reply for the return visit and the office's review.
struct ReplyNote {
  std::string check;  // "process-only", "vague" …
  std::string rule;   // "REP-2" / "REP-3"
  std::string article;
  std::string message_zh;
  std::string evidence;  // the words that triggered it, if any
};

struct WorkOrderReplied {
  ReplyContent reply;
  bool late = false;
  std::vector<ReplyElement> missing;  // elements missing (REP-5); empty when complete
  std::vector<ReplyNote> notes;       // warnings of the reply checks
};

// VIS-1 [M18, R14(2)]: the return visit and the applicant's evaluation.
struct WorkOrderEvaluated {
  VisitMethod method = VisitMethod::kPhone;
  Satisfaction satisfaction = Satisfaction::kSatisfied;
  std::string dissatisfaction_reason;  // VIS-6: established first
  bool spot_check = false;             // VIS-4
};
// VIS-3, VIS-5: closed without a satisfaction evaluation.
struct VisitSkipped {
  std::string why;  // "not-evaluated-type" or a NoVisitReason
};
// VIS-2: sent back for handling again, once, no extension.
struct SentBackForHandlingAgain {
  Deadline handle_due;
};
struct WorkOrderClosed {};

// APL-1 [M23, R24]: a unit's written explanation and evidence.
struct AppealFiled {
  std::string explanation;
  std::vector<std::string> evidence;  // attachment URIs
};
struct AppealReviewed {
  bool upheld = false;  // true: no negative evaluation
  std::optional<NonAppealable> not_appealable;
};

// SUP-1 triggers and SUP-2 methods.
enum class SupervisionTrigger {
  kRefusedAcceptance,         // M22(1), ACC-3
  kOverdue,                   // M22(2)
  kRepeatedRequests,          // M22(3)
  kNegativeImpact,            // M22(4)
  kKnowledgeBaseStale,        // M22(5), KB-9
  kConfirmedDissatisfaction,  // D24(1)
  kMissingReplyElements,      // D24(3), REP-5
  kFakeCompletion,            // T22(3)
  kBuckPassing,               // T22(4): returned again and again
  kSlowAfterWarning,          // T22(1)
  kOther,                     // M22(6)
};
std::string_view to_string(SupervisionTrigger t);
std::string_view to_chinese(SupervisionTrigger t);
std::optional<SupervisionTrigger> parse_supervision_trigger(std::string_view s);
enum class SupervisionMethod { kWorkOrder, kWritten, kOnSite, kSpecial };
std::string_view to_string(SupervisionMethod m);
std::optional<SupervisionMethod> parse_supervision_method(std::string_view s);

struct SupervisionRaised {
  SupervisionTrigger trigger = SupervisionTrigger::kOther;
  SupervisionMethod method = SupervisionMethod::kWorkOrder;
  bool key = false;  // 重点督办 (SUP-2)
  bool automatic = false;
  std::string stage;  // accept / handle / reply …
  // SUP-2 [R21] 逐级负责、分级办理: the level in the profile's
  // [[supervision.level]] (0: the profile has none, or recorded before
  // levels existed) and when the unit must report back by.
  int level = 0;
  std::optional<Instant> follow_up_due;
};
// SUP-2 [T23]: the unit reports how it handled a supervised matter
// (办理情况报告); answers the open supervision of that level.
struct SupervisionReported {
  int level = 0;
  std::string report;
};
// SUP-3 [T22(5)]: a report against a management department (乱收费, 乱罚款,
// 违规执法) is handled one level up: the lead moves from the department to
// the unit above it before the department accepts.
struct HandlingRaisedOneLevel {
  std::string matter;         // one of the profile's one_level_up matters
  std::string reported_unit;  // the department reported against
  std::string from_unit;      // the lead before
  std::string to_unit;        // the unit above the reported department
};
// SUP-4 [C23, T25]: serious misconduct referred to the discipline
// inspection body, with the record: the work order's events up to and
// including `record_through` (its version when referred) go with it.
struct ReferredForDiscipline {
  std::string body;
  std::string conduct;  // zh-CN: what the unit or its staff did
  std::int64_t record_through = 0;
};

// HND-5 [T22(1), M22(2)]: the sweep's marks, each recorded once per deadline.
struct DeadlineWarned {
  Stage stage = Stage::kHandle;
  Instant due{};
};
struct DeadlineMissed {
  Stage stage = Stage::kHandle;
  Instant due{};
};

using EventBody =
    std::variant<RequestRegistered, RequestTriaged, ConsultationOpened, ConsultationConcluded,
                 RequestDispatched, RequestReclassified, WorkOrderDispatched, WorkOrderAccepted,
                 WorkOrderForwarded, ReturnApplied, ReturnApproved, ReturnRejected,
                 WorkOrderRedispatched, ExtensionApplied, ExtensionApproved, ExtensionRefused,
                 AssistingResultSubmitted, WorkOrderReplied, WorkOrderEvaluated, VisitSkipped,
                 SentBackForHandlingAgain, WorkOrderClosed, AppealFiled, AppealReviewed,
                 SupervisionRaised, DeadlineWarned, DeadlineMissed, SupervisionReported,
                 HandlingRaisedOneLevel, ReferredForDiscipline,
                 // INT-6, INT-7 on a request's stream; VIS-4 on a work order's;
                 // CON-1 on an applicant's (conduct_events.h, visit_events.h).
                 ConductComplaintFiled, ConductComplaintHandled, AgentServiceEvaluated,
                 SpotCheckVisited, ApplicantWarned, ApplicantSuspended, SuspensionReviewed,
                 // ICN-2 on a request's stream (transfer_events.h).
                 HotlineTransferSent, HotlineTransferAnswered>;

// The event's name on the wire and in history, e.g. "work-order-accepted".
std::string_view event_name(const EventBody& body);

struct Event {
  std::string stream;        // "R2026112100000001" or "W2026112100000001-1"
  std::int64_t version = 0;  // 1-based position in its stream
  Instant at{};
  Actor actor;
  std::string reason;   // why, in the actor's words
  std::string article;  // the article applied, e.g. "R10"
  EventBody body;
};

}  // namespace hotline
