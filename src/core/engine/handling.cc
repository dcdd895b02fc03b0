// Acceptance, internal forwarding, return, extension and reply (ACC, DIS-7,
// RET, EXT, REP).

#include <algorithm>

#include "core/engine/engine.h"
#include "core/engine/permissions.h"
#include "core/engine/refusals.h"
#include "core/text.h"

namespace hotline {
namespace {

bool evidence_present(const ReturnEvidenceFields& f, ReturnEvidence e) {
  switch (e) {
    case ReturnEvidence::kLegalBasis:
      return !trim(f.legal_basis).empty();
    case ReturnEvidence::kSuggestedUnit:
      return !trim(f.suggested_unit).empty();
    case ReturnEvidence::kItemsToVerify:
      return !f.items_to_verify.empty();
    case ReturnEvidence::kEarlierResults:
      return !trim(f.earlier_results).empty();
    case ReturnEvidence::kKnowledgeArticle:
      return !trim(f.knowledge_article).empty();
    case ReturnEvidence::kDocumentNumber:
      return !trim(f.document_number).empty();
  }
  return false;
}

}  // namespace

Result<WorkOrderState> Engine::accept(const CommandContext& ctx, const std::string& id) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kAccept, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (state->status != WorkOrderStatus::kDispatched) {
    return fail(wrong_status(*state, "acceptance", "接单", "ACC-1", "R9"));
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const Instant now = clock_.now();
  WorkOrderAccepted accepted;
  accepted.late = now > state->accept_due.due;
  // HND-2 [R11]: rows counted from acceptance set their deadline now; when a
  // row counted from dispatch set one already (T11), the earlier binds
  // (utilities 紧急 under T: R11's 24 hours and T11's 1 working day). A
  // statutory deadline (HND-1 [M16]) is not moved by either.
  if (!state->statutory_handle_due) {
    auto due =
        deadlines_.binding(**policy, Stage::kHandle, state->subject,
                           Anchors{std::nullopt, state->dispatched_at, now}, Anchor::kAcceptance);
    if (!due) return fail(due.error());
    if (due->deadline && (!state->handle_due || due->deadline->due < state->handle_due->due)) {
      accepted.handle_due = due->deadline;
    }
  }
  auto events = sweep_events(*state, now);
  if (!events) return fail(events.error());
  events->push_back({accepted, state->accept_due.article, "", std::nullopt});
  return commit(ctx, *state, std::move(*events));
}

Result<WorkOrderState> Engine::forward(const CommandContext& ctx, const std::string& id,
                                       const std::string& to_unit, std::string instructions) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kForward, &*state, organisation_); !st) {
    return fail(st.error());
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  // DIS-7: the article of the work order's profile (M6 under R; T6, T8 bind
  // only the Transport Commission's units).
  const std::string& article = (*policy)->forwarding.article;
  if (state->status != WorkOrderStatus::kAccepted &&
      state->status != WorkOrderStatus::kHandlingAgain) {
    return fail(wrong_status(*state, "forwarding", "内部转办", "DIS-7", article));
  }
  // DIS-7 [M6, T6, T8]: only to the unit's own handling units; it stays responsible.
  const Unit* to = organisation_.find(to_unit);
  if (!to || to_unit == state->lead_unit || !organisation_.is_within(to_unit, state->lead_unit)) {
    return fail(Error::refused("DIS-7", article,
                               "forwarding goes only to a handling unit of " + state->lead_unit,
                               "只能转至本单位的办理部门"));
  }
  // DIS-6 [R8]: a functional department's matter is not pushed down to the
  // grassroots by the undertaking unit either (a district to its street).
  if (state->functional_matter && to->is_grassroots()) {
    return fail(Error::refused("DIS-6", "R8",
                               "a matter of a functional department may not be forwarded to the "
                               "grassroots unit " +
                                   to->name,
                               "应当由职能部门承办的诉求事项不得转交基层（" + to->name + "）办理"));
  }
  return commit(
      ctx, *state,
      {{WorkOrderForwarded{to_unit, std::move(instructions)}, article, "", std::nullopt}});
}

Result<WorkOrderState> Engine::apply_return(const CommandContext& ctx, const std::string& id,
                                            ReturnApplication application) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kApplyReturn, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (state->status != WorkOrderStatus::kDispatched &&
      state->status != WorkOrderStatus::kAccepted) {
    return fail(wrong_status(*state, "return", "申请退回", "RET-1", "M17"));
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const ReturnPolicy& rp = (*policy)->return_policy;
  // DIS-5, RET-3 [R10(3)]: a designated unit may not return the work order.
  if (state->designated && rp.designated_unit_may_not_return.value) {
    return fail(Error::refused("RET-3", rp.designated_unit_may_not_return.article,
                               "return refused: the unit was designated by consultation",
                               "已由会商确定承办单位的工单不得退回"));
  }
  // RET-1 [M17, T8(3)1]: the window for a return.
  const Instant now = clock_.now();
  Deadline window = state->return_due;
  if (application.complex) {
    if (!state->return_due_complex) {
      return fail(Error::refused("RET-1", state->return_due.article,
                                 "this policy has no longer window for complex matters",
                                 "本政策未设疑难复杂事项的延长退回时限"));
    }
    window = *state->return_due_complex;
  }
  if (now > window.due) {
    return fail(Error::refused(
        "RET-1", window.article,
        "return refused: the window closed at " + format_iso8601(window.due) +
            "; the unit must handle the work order",
        "退回申请已超过时限（" + format_iso8601(window.due) + "），承办单位应当按期办理"));
  }
  // RET-3, RET-4 [R10, T8(3), T8(4)]: only the reasons the policy admits, each
  // with its evidence.
  const auto reason_rule =
      std::find_if(rp.reasons.begin(), rp.reasons.end(),
                   [&](const ReturnReasonRule& r) { return r.reason == application.reason; });
  if (reason_rule == rp.reasons.end()) {
    const bool forbidden = application.reason == ReturnReason::kDifficulty ||
                           application.reason == ReturnReason::kNeedsAssistance;
    // RET-4 is profile T's list of forbidden reasons (T8(4)); under R an
    // inadmissible reason is an insufficient one (RET-3, R10(2)).
    const bool t_rules = (*policy)->source == "T";
    return fail(Error::refused(
        forbidden && t_rules ? "RET-4" : "RET-3",
        forbidden && !rp.forbidden_reason_article.empty() ? rp.forbidden_reason_article : "R10",
        "return refused: '" + std::string(to_string(application.reason)) +
            "' is not a reason for return",
        "“" + std::string(to_chinese(application.reason)) + "”不能作为退回理由"));
  }
  // RET-4 [T8(3)2] 一次性列明…不得反复退单重复核实: a reason given once per
  // work order is not given again.
  if (reason_rule->once_per_work_order && contains(state->return_reasons, application.reason)) {
    return fail(
        Error::refused((*policy)->source == "T" ? "RET-4" : "RET-3", reason_rule->article,
                       "return refused: the work order was already returned for '" +
                           std::string(to_string(application.reason)) +
                           "'; everything to verify is listed at once, no repeated returns",
                       "该工单已因“" + std::string(to_chinese(application.reason)) +
                           "”退回过，退单时应一次性列明需核实的全部信息，不得反复退单重复核实"));
  }
  if (trim(application.explanation).empty()) {
    return fail(Error::invalid("explanation", "explain the reasons for the return (R10)",
                               "须说明退回理由"));
  }
  for (const auto ev : reason_rule->evidence) {
    if (!evidence_present(application.evidence, ev)) {
      return fail(Error::refused((*policy)->source == "T" ? "RET-4" : "RET-3", reason_rule->article,
                                 "return refused: evidence '" + std::string(to_string(ev)) +
                                     "' is required for this reason",
                                 "该退回理由须提供：" + std::string(to_string(ev))));
    }
  }
  if (!application.evidence.suggested_unit.empty() &&
      !organisation_.find(application.evidence.suggested_unit)) {
    return fail(Error::invalid("evidence.suggested_unit", "unknown unit", "建议转办单位不存在"));
  }
  // RET-5 [T13]: some special labels need another body's consent.
  for (const auto label : state->special_labels) {
    if (contains(rp.labels_needing_consent, label) &&
        trim(application.evidence.consent_reference).empty()) {
      return fail(Error::refused(
          "RET-5", rp.labels_article,
          "return refused: a work order labelled " + std::string(to_chinese(label)) +
              " needs the consent of the government supervision department",
          "带有" + std::string(to_chinese(label)) + "标签的工单退回须征得市政府督查部门同意"));
    }
  }
  // RET-4 [T8(3)4]: a return answered by the knowledge base links the
  // article it cites, as it stands now.
  std::optional<KnowledgeLink> knowledge_link;
  if (knowledge_linker_ && !trim(application.evidence.knowledge_article).empty()) {
    const std::string cited(trim(application.evidence.knowledge_article));
    auto linked = knowledge_linker_->link(cited);
    if (!linked) {
      Error e = linked.error();
      if (e.code == ErrorCode::kNotFound) {
        // The work order exists; what is wrong is the field.
        e = Error::invalid("evidence.knowledge_article", "no knowledge-base article " + cited,
                           "知识库中没有该条目：" + cited);
      } else if (e.field.empty()) {
        e.field = "evidence.knowledge_article";
      }
      return fail(std::move(e));
    }
    knowledge_link = std::move(*linked);
  }
  std::vector<NewEvent> events;
  const std::string article = reason_rule->article;
  events.push_back({ReturnApplied{application.reason, std::move(application.explanation),
                                  std::move(application.evidence), application.complex,
                                  std::move(knowledge_link)},
                    article, "", std::nullopt});
  // SUP-1 [T22(4)]: returned again and again goes under supervision.
  if (rp.returns_before_supervision &&
      state->returns_applied + 1 >= rp.returns_before_supervision->value &&
      !state->has_supervision(SupervisionTrigger::kBuckPassing, "return")) {
    SupervisionRaised raised;
    raised.trigger = SupervisionTrigger::kBuckPassing;
    raised.automatic = true;
    raised.stage = "return";
    events.push_back({raised, rp.returns_before_supervision->article,
                      "工单已被退回" + std::to_string(state->returns_applied + 1) + "次，列入督办",
                      Actor::system()});
  }
  return commit(ctx, *state, std::move(events));
}

Result<WorkOrderState> Engine::review_return(const CommandContext& ctx, const std::string& id,
                                             bool approve,
                                             std::optional<DispatchPlanOrder> redispatch_to) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kReviewReturn, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (state->status != WorkOrderStatus::kReturnPending) {
    return fail(wrong_status(*state, "return review", "审核退回", "RET-2", "R10"));
  }
  if (auto st = require_reason(ctx.reason, "审核意见（不同意退回的须说明理由）"); !st) {
    return fail(st.error());
  }
  if (!approve) return commit(ctx, *state, {{ReturnRejected{}, "R10", "", std::nullopt}});
  std::vector<NewEvent> events;
  events.push_back(
      {ReturnApproved{redispatch_to ? std::optional(redispatch_to->lead_unit) : std::nullopt},
       "R10", "", std::nullopt});
  if (!redispatch_to) return commit(ctx, *state, std::move(events));
  auto request_state = request(state->request);
  if (!request_state) return fail(request_state.error());
  auto order = plan_order(*request_state, *redispatch_to, clock_.now(), false);
  if (!order) return fail(order.error());
  events.push_back(
      {WorkOrderRedispatched{order->lead_unit, order->assisting_units, order->policy_profile,
                             order->accept_due, order->return_due, order->return_due_complex,
                             order->handle_due, order->handle_period},
       "R10", "", std::nullopt});
  return commit(ctx, *state, std::move(events));
}

Result<WorkOrderState> Engine::redispatch(const CommandContext& ctx, const std::string& id,
                                          const DispatchPlanOrder& to) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kDispatch, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (state->status != WorkOrderStatus::kAwaitingRedispatch) {
    return fail(wrong_status(*state, "re-dispatch", "转派", "RET-2", "R10"));
  }
  auto request_state = request(state->request);
  if (!request_state) return fail(request_state.error());
  auto order = plan_order(*request_state, to, clock_.now(), false);
  if (!order) return fail(order.error());
  return commit(
      ctx, *state,
      {{WorkOrderRedispatched{order->lead_unit, order->assisting_units, order->policy_profile,
                              order->accept_due, order->return_due, order->return_due_complex,
                              order->handle_due, order->handle_period},
        "R10", "", std::nullopt}});
}

Result<WorkOrderState> Engine::apply_extension(const CommandContext& ctx, const std::string& id,
                                               ExtensionApplication application) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kApplyExtension, &*state, organisation_); !st) {
    return fail(st.error());
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const ExtensionPolicy& xp = (*policy)->extension;
  // EXT-2 [R14(2)]: no extension while handling again after dissatisfaction.
  if (state->status == WorkOrderStatus::kHandlingAgain && !xp.allowed_when_handling_again.value) {
    return fail(Error::refused("EXT-2", xp.allowed_when_handling_again.article,
                               "extension refused: no extension when handling again",
                               "再次办理不得延期"));
  }
  if (state->status != WorkOrderStatus::kAccepted) {
    return fail(wrong_status(*state, "extension", "申请延期", "EXT-1", "R12"));
  }
  // HND-1 [M16] 在法定期限内办结: a deadline set by law is not moved by R12.
  if (state->statutory_handle_due && !xp.allowed_with_statutory_deadline.value) {
    return fail(Error::refused(
        "HND-1", xp.allowed_with_statutory_deadline.article,
        "extension refused: the deadline " + format_iso8601(state->statutory_handle_due->due) +
            " is set by law (" + state->statutory_handle_due->rule + ")",
        "该工单的办理期限由法律法规规定（" + state->statutory_handle_due->rule +
            "），应当在法定期限内办结，不得延期"));
  }
  // EXT-2, EXT-3 [R12, T14]: types, urgencies and labels that never get one.
  const DeadlineSubject& s = state->subject;
  if (contains(xp.excluded_types, s.type) || contains(xp.excluded_urgencies, s.urgency) ||
      (s.label != UrgencyLabel::kNone && contains(xp.excluded_labels, s.label))) {
    std::string what = std::string(to_chinese(s.type));
    if (contains(xp.excluded_urgencies, s.urgency)) what = std::string(to_chinese(s.urgency));
    if (s.label != UrgencyLabel::kNone && contains(xp.excluded_labels, s.label)) {
      what = std::string(to_chinese(s.label));
    }
    return fail(Error::refused((*policy)->source == "T" ? "EXT-3" : "EXT-2", xp.exclusion_article,
                               "extension refused: " + what + " work orders may not be extended",
                               what + "类工单不得延期"));
  }
  if (state->pending_extension) {
    return fail(Error::refused("EXT-1", xp.max_count.article,
                               "extension refused: an application is already under review",
                               "已有延期申请正在审核"));
  }
  // R12 "延期申请次数不超过2次": applications count, refused ones included.
  if (state->extensions_applied >= xp.max_count.value) {
    return fail(Error::refused("EXT-1", xp.max_count.article,
                               "extension refused: at most " + std::to_string(xp.max_count.value) +
                                   " extension applications",
                               "延期申请次数不超过" + std::to_string(xp.max_count.value) + "次"));
  }
  if (!state->handle_due)
    return fail(Error::internal("accepted work order without handling deadline"));
  const Instant now = clock_.now();
  // EXT-1 [R12, T14]: every rule binds; the earliest last moment applies.
  const Cited<PolicyDuration>* binding = nullptr;
  Instant latest{};
  for (const auto& before : xp.apply_before) {
    auto last = deadlines_.latest_before(state->handle_due->due, before.value);
    if (!last) return fail(last.error());
    if (!binding || *last < latest) {
      binding = &before;
      latest = *last;
    }
  }
  if (binding && now > latest) {
    return fail(Error::refused("EXT-1", binding->article,
                               "extension refused: apply at least " + binding->value.describe() +
                                   " before the deadline " +
                                   format_iso8601(state->handle_due->due) + " (last moment " +
                                   format_iso8601(latest) + ")",
                               "应当在办理期限到期前至少" + binding->value.describe_zh() +
                                   "提出延期申请（最迟 " + format_iso8601(latest) + "）"));
  }
  // EXT-3 [T14]: the applicant's consent, with when they were contacted.
  if (xp.requires_applicant_consent.value &&
      (!application.applicant_consented || !application.applicant_contacted_at)) {
    return fail(Error::refused("EXT-3", xp.requires_applicant_consent.article,
                               "extension refused: the applicant's consent and the time they were "
                               "contacted are required",
                               "延期须先征得反映人同意，并注明何时与反映人联系"));
  }
  if (auto st = require_reason(ctx.reason, "延期原因"); !st) return fail(st.error());
  if (trim(application.progress).empty() || trim(application.measures).empty()) {
    return fail(Error::invalid(trim(application.progress).empty() ? "progress" : "measures",
                               "state the progress and the measures (R12)",
                               "须说明办理进度和解决措施"));
  }
  // R12: each extension as long as the handling period, within the cap.
  PolicyDuration period = state->handle_period;
  if (xp.max_each && xp.max_each->value.unit == period.unit &&
      period.amount > xp.max_each->value.amount) {
    period = xp.max_each->value;
  }
  ExtensionApplied applied{period, std::move(application.progress), std::move(application.measures),
                           application.applicant_consented, application.applicant_contacted_at};
  return commit(ctx, *state, {{std::move(applied), xp.max_count.article, "", std::nullopt}});
}

Result<WorkOrderState> Engine::review_extension(const CommandContext& ctx, const std::string& id,
                                                bool approve) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kReviewExtension, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (!state->pending_extension) {
    return fail(Error::refused("EXT-1", "R12", "no extension application to review",
                               "没有待审核的延期申请"));
  }
  if (auto st = require_reason(ctx.reason, "审核意见"); !st) return fail(st.error());
  if (!approve) return commit(ctx, *state, {{ExtensionRefused{}, "R12", "", std::nullopt}});
  auto due = deadlines_.add(state->handle_due->due, state->pending_extension->period);
  if (!due) return fail(due.error());
  Deadline extended{*due, "R12", "extended by " + state->pending_extension->period.describe()};
  return commit(ctx, *state, {{ExtensionApproved{extended}, "R12", "", std::nullopt}});
}

Result<WorkOrderState> Engine::submit_assisting_result(const CommandContext& ctx,
                                                       const std::string& id, std::string result) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kSubmitAssistingResult, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (state->status == WorkOrderStatus::kClosed || state->status == WorkOrderStatus::kReplied) {
    return fail(wrong_status(*state, "assisting result", "提交协办结果", "DIS-4", "R8"));
  }
  if (trim(result).empty()) return fail(Error::invalid("result", "required", "协办结果不能为空"));
  return commit(ctx, *state,
                {{AssistingResultSubmitted{std::move(result)}, "R8", "", std::nullopt}});
}

}  // namespace hotline
