#pragma once
// The work-order engine: the application service that carries every request
// and work order through its life as the policy says. Each command loads the
// stream, folds it, checks the rules (state, window, limit, role), records
// the resulting events with who/when/why/article, and appends them in one
// atomic store call. A refused command writes nothing and returns an Error
// naming the rule and the article.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar/working_day_calendar.h"
#include "core/clock.h"
#include "core/engine/deadlines.h"
#include "core/engine/engine_hooks.h"
#include "core/org/organisation.h"
#include "core/policy/policy.h"
#include "core/ports/work_order_store.h"
#include "core/work_order/applicant_conduct_state.h"
#include "core/work_order/request_state.h"
#include "core/work_order/work_order_state.h"

namespace hotline {

struct CommandContext {
  Actor actor;
  std::string reason;  // why, recorded on the event
  // The version the actor saw; a different current version is a conflict.
  std::optional<std::int64_t> expected_version;
  // Not owned; null: the command is not audited (the engine's own tests,
  // the system's sweep). Written with the command's one append.
  CommandAudit* audit = nullptr;
  // INT-4: register_request answers the request registered with this key
  // instead of registering a second one (Caller::intake_key). Empty: none.
  std::string intake_key{};
};

// One work order of a dispatch (DIS-3: one per unit's share of the items).
struct DispatchPlanOrder {
  std::vector<int> items;  // empty: all items
  std::string lead_unit;
  std::vector<std::string> assisting_units;     // DIS-4
  bool functional_matter = false;               // DIS-6
  std::optional<Instant> statutory_handle_due;  // HND-1
  std::string statutory_basis;
};

struct ReturnApplication {
  ReturnReason reason = ReturnReason::kNotOurDuty;
  std::string explanation;
  ReturnEvidenceFields evidence;
  bool complex = false;
};

struct ExtensionApplication {
  std::string progress;
  std::string measures;
  bool applicant_consented = false;
  std::optional<Instant> applicant_contacted_at;
};

struct SweepReport {
  std::size_t examined = 0;
  std::size_t warnings = 0;
  std::size_t missed = 0;
  std::size_t supervisions = 0;
  std::size_t conflicts = 0;  // work orders changed meanwhile; picked up next sweep
};

// What `hotline deadline` prints.
struct DeadlinePreview {
  Deadline deadline;
  const DeadlineRule* rule = nullptr;
};

class Engine {
 public:
  Engine(WorkOrderStore& store, const Clock& clock, const WorkingDayCalendar& calendar,
         const PolicySet& policies, const Organisation& organisation);

  // ---- Intake and triage (INT, TRI, DIS) ----
  Result<RequestState> register_request(const CommandContext& ctx, RequestDetails details);
  Result<RequestState> triage(const CommandContext& ctx, const std::string& number,
                              RequestTriaged outcome);
  Result<RequestState> open_consultation(const CommandContext& ctx, const std::string& number,
                                         ConsultationOpened consultation);
  Result<RequestState> conclude_consultation(const CommandContext& ctx, const std::string& number,
                                             ConsultationConcluded result);
  Result<std::vector<WorkOrderState>> dispatch(const CommandContext& ctx, const std::string& number,
                                               std::vector<DispatchPlanOrder> plan);
  // DIS-8 [M15, R26]: the office corrects the categories, type or urgency.
  // Deadlines already set stay as they were (R11).
  Result<RequestState> reclassify(const CommandContext& ctx, const std::string& number,
                                  RequestReclassified correction);

  // ---- Handling (ACC, RET, HND, EXT, REP) ----
  Result<WorkOrderState> accept(const CommandContext& ctx, const std::string& id);
  Result<WorkOrderState> forward(const CommandContext& ctx, const std::string& id,
                                 const std::string& to_unit, std::string instructions);
  Result<WorkOrderState> apply_return(const CommandContext& ctx, const std::string& id,
                                      ReturnApplication application);
  Result<WorkOrderState> review_return(const CommandContext& ctx, const std::string& id,
                                       bool approve, std::optional<DispatchPlanOrder> redispatch);
  Result<WorkOrderState> redispatch(const CommandContext& ctx, const std::string& id,
                                    const DispatchPlanOrder& to);
  Result<WorkOrderState> apply_extension(const CommandContext& ctx, const std::string& id,
                                         ExtensionApplication application);
  Result<WorkOrderState> review_extension(const CommandContext& ctx, const std::string& id,
                                          bool approve);
  Result<WorkOrderState> submit_assisting_result(const CommandContext& ctx, const std::string& id,
                                                 std::string result);
  Result<WorkOrderState> reply(const CommandContext& ctx, const std::string& id,
                               ReplyContent reply);

  // ---- Return visit, evaluation, appeal (VIS, APL) ----
  Result<WorkOrderState> evaluate(const CommandContext& ctx, const std::string& id,
                                  WorkOrderEvaluated evaluation);
  Result<WorkOrderState> skip_visit(const CommandContext& ctx, const std::string& id,
                                    std::string why);
  Result<WorkOrderState> send_back(const CommandContext& ctx, const std::string& id);
  Result<WorkOrderState> close(const CommandContext& ctx, const std::string& id);
  Result<WorkOrderState> file_appeal(const CommandContext& ctx, const std::string& id,
                                     AppealFiled appeal);
  Result<WorkOrderState> review_appeal(const CommandContext& ctx, const std::string& id,
                                       bool upheld, std::optional<NonAppealable> not_appealable);

  // VIS-4 [T17]: a spot-check return visit of a closed work order, by the
  // office or by the lead unit itself; duties not fulfilled or a new
  // question send it back to the unit for handling again.
  Result<WorkOrderState> spot_check(const CommandContext& ctx, const std::string& id,
                                    SpotCheckVisited visit);

  // ---- Conduct (INT-6, CON-1) and the agent's service (INT-7) ----
  // INT-6 [M14]: registers a complaint about hotline staff as a request of
  // its own, handled by the office and never dispatched.
  Result<RequestState> file_conduct_complaint(const CommandContext& ctx, RequestDetails details,
                                              ConductComplaintFiled complaint);
  Result<RequestState> handle_conduct_complaint(const CommandContext& ctx,
                                                const std::string& number,
                                                ConductComplaintHandled handling);
  // INT-7 [R14(1)]: the applicant's evaluation of the agent who took the call.
  Result<RequestState> evaluate_agent_service(const CommandContext& ctx, const std::string& number,
                                              AgentServiceEvaluated evaluation);
  // CON-1 [D32, M12]: the applicant of request `number`, by the keyed hash
  // of their phone (needs set_applicant_keyer and the policy's [conduct]).
  Result<ApplicantConductState> warn_applicant(const CommandContext& ctx, const std::string& number,
                                               ApplicantMisconduct behaviour);
  Result<ApplicantConductState> suspend_applicant(const CommandContext& ctx,
                                                  const std::string& number,
                                                  ApplicantMisconduct behaviour, Instant until);
  Result<ApplicantConductState> review_suspension(const CommandContext& ctx,
                                                  const std::string& number, bool upheld);
  Result<ApplicantConductState> applicant_conduct(const std::string& number);

  // ---- Other hotlines (ICN-2 [M9]) ----
  // Transfers request `number` to another city's hotline (a partner-hotline
  // unit): handed over (the request is concluded here) or jointly handled.
  Result<RequestState> transfer_to_hotline(const CommandContext& ctx, const std::string& number,
                                           HotlineTransferSent transfer);
  // The other hotline's answer: its own reference and the result. Recorded
  // by that hotline's system (its key) or by the office.
  Result<RequestState> answer_hotline_transfer(const CommandContext& ctx, const std::string& number,
                                               HotlineTransferAnswered answer);

  // ---- Supervision (SUP) and deadlines (HND-5) ----
  Result<WorkOrderState> raise_supervision(const CommandContext& ctx, const std::string& id,
                                           SupervisionRaised supervision);
  // SUP-2 [R21, D24, C22]: the next level of supervision (method and
  // follow-up deadline from the profile's [[supervision.level]]); key
  // supervision is kept once given. Refused past the last level.
  Result<WorkOrderState> escalate_supervision(const CommandContext& ctx, const std::string& id,
                                              bool key);
  // SUP-2 [T23]: the lead unit reports on the open supervision.
  Result<WorkOrderState> report_on_supervision(const CommandContext& ctx, const std::string& id,
                                               std::string report);
  // SUP-3 [T22(5)]: a report against `reported_unit` for one of the
  // profile's matters goes to the unit above it, before acceptance.
  Result<WorkOrderState> raise_one_level(const CommandContext& ctx, const std::string& id,
                                         const std::string& matter,
                                         const std::string& reported_unit);
  // SUP-4 [C23, T25]: referral to the profile's discipline inspection body
  // with the work order's record so far.
  Result<WorkOrderState> refer_for_discipline(const CommandContext& ctx, const std::string& id,
                                              std::string conduct);
  // Warns before deadlines, marks missed ones and raises the automatic
  // supervision records. Idempotent: each mark is recorded once.
  Result<SweepReport> sweep(std::size_t limit = 100000);

  // ---- Queries ----
  Result<RequestState> request(const std::string& number);
  // The request folded from its own stream alone: a dispatched request stays
  // "dispatched" (request() loads its work orders to settle it), for callers
  // that read no more than its details or whether it waits (issue 14).
  Result<RequestState> request_stream(const std::string& number);
  Result<WorkOrderState> work_order(const std::string& id);
  Result<std::vector<Event>> history(const std::string& stream);
  Result<DeadlinePreview> preview_deadline(const std::string& profile, Stage stage,
                                           const DeadlineSubject& subject, Instant from) const;

  // ---- Hooks (engine_hooks.h); set before the engine is shared ----
  void set_reply_reviewer(const ReplyReviewer* reviewer) { reply_reviewer_ = reviewer; }
  void set_knowledge_linker(const KnowledgeLinker* linker) { knowledge_linker_ = linker; }
  void set_attachment_resolver(const AttachmentResolver* resolver) {
    attachment_resolver_ = resolver;
  }
  void add_listener(EngineListener* listener) { listeners_.push_back(listener); }
  void set_applicant_keyer(const ApplicantKeyer* keyer) { applicant_keyer_ = keyer; }

  const PolicySet& policies() const { return policies_; }
  const Organisation& organisation() const { return organisation_; }
  const DeadlineCalculator& deadlines() const { return deadlines_; }

 private:
  struct NewEvent {
    EventBody body;
    std::string article;
    std::string reason;          // empty: the command's reason
    std::optional<Actor> actor;  // empty: the command's actor
  };

  // ICN-1 [D31, T2], ICN-2 [M9]: a sub-centre registers on its own channels,
  // another city's hotline on the transfer channel with its reference.
  Status check_registering_unit(const CommandContext& ctx, const RequestDetails& details) const;
  Result<WorkOrderState> load_work_order(const CommandContext& ctx, const std::string& id);
  Result<RequestState> load_request(const CommandContext& ctx, const std::string& number);
  Result<const Policy*> policy_of(const WorkOrderState& state) const;
  Result<const Policy*> policy_for_unit(const std::string& unit) const;
  Event make_event(const CommandContext& ctx, const std::string& stream, std::int64_t version,
                   NewEvent e) const;
  // Applies the events to a copy of `state`, appends them with the summary,
  // and returns the new state.
  Result<WorkOrderState> commit(const CommandContext& ctx, const WorkOrderState& state,
                                std::vector<NewEvent> events);
  Result<RequestState> commit(const CommandContext& ctx, const RequestState& state,
                              std::vector<NewEvent> events);
  // The registration of `details` (validated, numbered, with its dispatch
  // deadline): the empty request and its first events, not yet appended.
  Result<std::pair<RequestState, std::vector<NewEvent>>> register_request_events(
      const CommandContext& ctx, RequestDetails details);
  Result<ApplicantConductState> commit(const CommandContext& ctx,
                                       const ApplicantConductState& state,
                                       std::vector<NewEvent> events);
  // CON-1: the conduct record of the applicant of `request` (refused when
  // the option is off or the applicant cannot be identified).
  Result<ApplicantConductState> conduct_record(const RequestState& request,
                                               const ConductPolicy** policy);
  // CON-1: refuses to register a request from a suspended applicant unless
  // it is an emergency.
  Status check_not_suspended(const RequestDetails& details, Instant now);
  WorkOrderSummary summarize(const WorkOrderState& state) const;
  // SUP-2: sets `s`'s level, method and follow-up deadline from the
  // profile's level `level` (nothing when the profile has no levels).
  Status apply_supervision_level(SupervisionRaised& s, const Policy& policy, int level,
                                 const Actor& actor) const;
  // Validates a dispatch target (DIS-6, DIS-7) and computes its deadlines.
  Result<WorkOrderDispatched> plan_order(const RequestState& request,
                                         const DispatchPlanOrder& order, Instant now,
                                         bool designated) const;
  Result<std::vector<NewEvent>> sweep_events(const WorkOrderState& state, Instant now) const;
  // Appends (with the command's audit entry, if any) and, once durable,
  // tells the listeners.
  Status append(const std::vector<StreamAppend>& batch,
                const std::vector<WorkOrderSummary>& summaries, CommandAudit* audit = nullptr);

  WorkOrderStore& store_;
  const Clock& clock_;
  const PolicySet& policies_;
  const Organisation& organisation_;
  DeadlineCalculator deadlines_;
  const ReplyReviewer* reply_reviewer_ = nullptr;
  const KnowledgeLinker* knowledge_linker_ = nullptr;
  const AttachmentResolver* attachment_resolver_ = nullptr;
  const ApplicantKeyer* applicant_keyer_ = nullptr;
  std::vector<EngineListener*> listeners_;
};

}  // namespace hotline
