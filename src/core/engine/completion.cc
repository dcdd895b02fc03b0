// Reply, return visit and evaluation, handling again, appeals and manual
// supervision (REP, VIS, APL, SUP).

#include <algorithm>
#include <chrono>

#include "core/engine/engine.h"
#include "core/engine/permissions.h"
#include "core/engine/refusals.h"
#include "core/text.h"

namespace hotline {
namespace {

bool element_present(const ReplyContent& r, ReplyElement e) {
  switch (e) {
    case ReplyElement::kContactedAt:
      return r.contacted_at.has_value();
    case ReplyElement::kHandler:
      return !trim(r.handler).empty();
    case ReplyElement::kHandlerContact:
      return !trim(r.handler_contact).empty();
    case ReplyElement::kProcess:
      return !trim(r.process).empty();
    case ReplyElement::kResult:
      return !trim(r.result).empty();
    case ReplyElement::kPolicyBasis:
      return !trim(r.policy_basis).empty();
    case ReplyElement::kApplicantFeedback:
      return !trim(r.applicant_feedback).empty();
  }
  return false;
}

// D24(3): a finished work order must show contact time, process, result and
// the applicant's feedback; what the policy does not demand up front is
// supervised afterwards (REP-5).
constexpr ReplyElement kSupervisedElements[] = {ReplyElement::kContactedAt, ReplyElement::kProcess,
                                                ReplyElement::kResult,
                                                ReplyElement::kApplicantFeedback};

// T28: appeals for last month's work orders by the Nth of this month,
// postponed to the next working day when that day is a holiday.
Result<Instant> appeal_deadline(const DeadlineCalculator& deadlines, const AppealPolicy& ap,
                                Instant evaluated_at) {
  using namespace std::chrono;
  const year_month_day ymd{local_date(evaluated_at)};
  const year_month next = year_month{ymd.year(), ymd.month()} + months{1};
  LocalDate due_day =
      LocalDate{next / std::chrono::day{static_cast<unsigned>(ap.monthly_deadline_day->value)}};
  if (ap.postpone_past_holidays.value) {
    auto working = deadlines.calendar().is_working_day(due_day);
    if (!working) return fail(working.error());
    if (!*working) {
      auto next_day = deadlines.calendar().next_working_day(due_day);
      if (!next_day) return fail(next_day.error());
      due_day = *next_day;
    }
  }
  return at_local(due_day + days{1}) - Seconds{1};
}

// M16, M18: an applicant who left no contact (or asked for no reply) can be
// neither replied to nor visited.
bool unreachable(const RequestDetails& d) {
  return d.reply_not_wanted ||
         (trim(d.applicant.phone).empty() && trim(d.applicant.address).empty());
}

// VIS-1: the evaluation just given, not yet acted upon.
bool evaluated_now(const WorkOrderState& s) {
  return s.last_evaluation && s.evaluations > s.handled_again;
}

// REP-4 [T9] 受理部门应综合本单位所有涉及部门意见，形成统一意见后对外答复: where the
// policy asks for it, a work order that involves more than one unit (assisting
// units, or forwarded to a handling unit) is replied by the lead unit itself,
// never by an assisting or handling unit on its own.
Status check_unified_reply(const Actor& actor, const WorkOrderState& state, const ReplyPolicy& rp,
                           const Organisation& organisation) {
  if (!rp.unified_reply_by_lead.value) return {};
  if (actor.role != Role::kUnitStaff && actor.role != Role::kUnitAdministrator &&
      actor.role != Role::kApiClient) {
    return {};
  }
  const bool forwarded = !state.handling_unit.empty() && state.handling_unit != state.lead_unit;
  if (!forwarded && state.assisting_units.empty()) return {};
  if (actor.unit == state.lead_unit) return {};
  bool involved = organisation.is_within(actor.unit, state.lead_unit);
  for (const auto& u : state.assisting_units) {
    involved = involved || organisation.is_within(actor.unit, u);
  }
  // A unit with no part in the work order is refused by SEC-2 as before.
  if (!involved) return {};
  return fail(Error::refused(
      "REP-4", rp.unified_reply_by_lead.article,
      "reply refused: " + state.lead_unit + " replies once for all units involved; " + actor.unit +
          " may not reply on its own",
      "本工单涉及多个部门，须由承办单位" + state.lead_unit + "综合各部门意见后统一答复"));
}

}  // namespace

Result<WorkOrderState> Engine::reply(const CommandContext& ctx, const std::string& id,
                                     ReplyContent content) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  {
    auto policy = policy_of(*state);
    if (!policy) return fail(policy.error());
    if (auto st = check_unified_reply(ctx.actor, *state, (*policy)->reply, organisation_); !st) {
      return fail(st.error());
    }
  }
  if (auto st = authorize(ctx.actor, Action::kReply, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (state->status != WorkOrderStatus::kAccepted &&
      state->status != WorkOrderStatus::kHandlingAgain) {
    return fail(wrong_status(*state, "reply", "答复办结", "REP-1", "M16"));
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const ReplyPolicy& rp = (*policy)->reply;
  auto request_state = request(state->request);
  if (!request_state) return fail(request_state.error());
  const Applicant& applicant = request_state->details.applicant;
  const Instant now = clock_.now();
  // REP-1 [M16, D21]: the applicant is replied to unless they asked for no
  // reply or left no valid contact.
  const bool no_contact = applicant.phone.empty() && applicant.address.empty();
  if (content.applicant_not_replied && !request_state->details.reply_not_wanted && !no_contact) {
    return fail(Error::refused("REP-1", "M16",
                               "reply refused: the applicant left a contact and must be replied to",
                               "诉求人留有有效联系方式，应当答复诉求人"));
  }
  if (content.contacted_at &&
      (*content.contacted_at > now + Seconds{60} || *content.contacted_at < state->dispatched_at)) {
    return fail(Error::invalid("contacted_at", "must lie between dispatch and now",
                               "联系诉求人时间应在派单之后、当前时间之前"));
  }
  for (const auto& [field, text] :
       {std::pair{"handler", &content.handler},
        std::pair{"handler_contact", &content.handler_contact},
        std::pair{"process", &content.process}, std::pair{"result", &content.result},
        std::pair{"policy_basis", &content.policy_basis},
        std::pair{"applicant_feedback", &content.applicant_feedback}}) {
    if (!is_valid_utf8(*text) || code_points(*text) > 20000) {
      return fail(Error::invalid(field, "not valid UTF-8 text of at most 20000 characters",
                                 "须为不超过20000字的有效文本"));
    }
  }
  // INT-3 [C9]: attached files must be this platform's uploads; the event
  // records what they are, not what the client called them.
  if (!content.attachments.empty()) {
    if (!attachment_resolver_) {
      return fail(Error::invalid("attachments", "this platform keeps no attachments (no data key)",
                                 "本平台未启用附件存储"));
    }
    if (auto st = attachment_resolver_->check_count(content.attachments.size()); !st) {
      return fail(st.error());
    }
    for (std::size_t i = 0; i < content.attachments.size(); ++i) {
      auto resolved = attachment_resolver_->resolve(content.attachments[i].uri, i,
                                                    "attachments[" + std::to_string(i) + "].uri");
      if (!resolved) return fail(resolved.error());
      content.attachments[i] = std::move(*resolved);
    }
  }
  // REP-2 [R13, T16(1)]: the elements the policy requires.
  for (const auto e : rp.required) {
    if (content.applicant_not_replied &&
        (e == ReplyElement::kContactedAt || e == ReplyElement::kApplicantFeedback)) {
      continue;
    }
    if (!element_present(content, e)) {
      return fail(Error::refused("REP-2", rp.required_article,
                                 "reply refused: missing " + std::string(to_string(e)),
                                 "答复缺少要素：" + std::string(to_chinese(e))));
    }
  }
  // REP-3 [T16(4)-(6)]: no bare, process-only or template results, each
  // refusal citing its own item ("问题已解决" is "已解决" in other words).
  if (const auto m = rp.forbidden_match(content.result)) {
    return fail(Error::refused("REP-3", *m->article,
                               "reply refused: the result may not be only '" + *m->pattern + "' (" +
                                   std::string(to_string(m->fault)) + ")",
                               "不得以“" + *m->pattern + "”等内容办结，请写明具体办理结果"));
  }
  WorkOrderReplied replied;
  // REP-2, REP-3 [R13, T16]: the office's reply checks; a blocking finding
  // refuses the reply, the others stay with it as notes.
  if (reply_reviewer_) {
    auto findings = reply_reviewer_->review(*state, request_state->details, content);
    if (!findings) return fail(findings.error());
    for (auto& f : *findings) {
      if (f.blocks) {
        return fail(Error::refused(f.note.rule, f.note.article,
                                   "reply refused by the check '" + f.note.check + "'",
                                   f.note.message_zh));
      }
      replied.notes.push_back(std::move(f.note));
    }
  }
  replied.late = state->handle_due && now > state->handle_due->due;
  for (const auto e : kSupervisedElements) {
    if (content.applicant_not_replied &&
        (e == ReplyElement::kContactedAt || e == ReplyElement::kApplicantFeedback)) {
      continue;
    }
    if (!element_present(content, e)) replied.missing.push_back(e);
  }
  // Claimed before the commit: a crash in between leaves a claimed file no
  // event refers to (kept), never an event whose file was swept.
  for (const auto& a : content.attachments) {
    if (auto st = attachment_resolver_->claim(a.uri); !st) return fail(st.error());
  }
  replied.reply = std::move(content);
  auto events = sweep_events(*state, now);
  if (!events) return fail(events.error());
  const bool missing = !replied.missing.empty();
  events->push_back({std::move(replied), rp.required_article, "", std::nullopt});
  const auto& sup = (*policy)->supervision.on_missing_reply_elements;
  if (missing && sup.value) {
    SupervisionRaised raised;
    raised.trigger = SupervisionTrigger::kMissingReplyElements;
    raised.automatic = true;
    raised.stage = "reply";
    events->push_back({raised, sup.article, "办理情况未列明全部要素，列入督办", Actor::system()});
  }
  return commit(ctx, *state, std::move(*events));
}

Result<WorkOrderState> Engine::evaluate(const CommandContext& ctx, const std::string& id,
                                        WorkOrderEvaluated evaluation) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kEvaluate, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (state->status != WorkOrderStatus::kReplied) {
    return fail(wrong_status(*state, "evaluation", "评价", "VIS-1", "M18"));
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const EvaluationPolicy& ep = (*policy)->evaluation;
  // VIS-3 [R14]: praise and suggestions are not evaluated for satisfaction.
  if (contains(ep.not_evaluated, state->subject.type)) {
    return fail(
        Error::refused("VIS-3", ep.not_evaluated_article,
                       std::string(to_string(state->subject.type)) +
                           " work orders are not evaluated for satisfaction",
                       std::string(to_chinese(state->subject.type)) + "类事项不纳入满意度评价"));
  }
  if (evaluated_now(*state)) {
    return fail(Error::refused("VIS-1", "M18", "this reply has been evaluated already",
                               "本次办理结果已评价"));
  }
  // VIS-1 [M18] 通过电话、短信…回访: a visit by phone or SMS needs a phone.
  if (evaluation.method == VisitMethod::kPhone || evaluation.method == VisitMethod::kSms) {
    auto request_state = request(state->request);
    if (!request_state) return fail(request_state.error());
    if (trim(request_state->details.applicant.phone).empty()) {
      return fail(Error::refused(
          "VIS-1", "M18",
          "a " + std::string(to_string(evaluation.method)) +
              " evaluation needs the applicant's phone, and the request records none",
          "诉求人未留电话，不能通过电话或短信回访评价"));
    }
  }
  // VIS-6 [T20]: a dissatisfied visit establishes the reason first.
  if (evaluation.satisfaction == Satisfaction::kDissatisfied &&
      trim(evaluation.dissatisfaction_reason).empty()) {
    return fail(Error::invalid("dissatisfaction_reason",
                               "establish why the applicant is dissatisfied",
                               "须核实并记录不满意原因"));
  }
  return commit(ctx, *state, {{std::move(evaluation), "R14(2)", "", std::nullopt}});
}

Result<WorkOrderState> Engine::skip_visit(const CommandContext& ctx, const std::string& id,
                                          std::string why) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kSkipVisit, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (state->status != WorkOrderStatus::kReplied) {
    return fail(wrong_status(*state, "closing without a visit", "免回访归档", "VIS-5", "T19"));
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const EvaluationPolicy& ep = (*policy)->evaluation;
  std::string article;
  if (why == "not-evaluated-type") {
    if (!contains(ep.not_evaluated, state->subject.type)) {
      return fail(Error::refused("VIS-3", ep.not_evaluated_article,
                                 "this type of work order is evaluated", "该类事项应当回访评价"));
    }
    article = ep.not_evaluated_article;
  } else {
    // VIS-5 [T19]: reasons not to visit a dissatisfied work order.
    const auto reason = parse_no_visit_reason(why);
    if (!reason || !contains(ep.no_visit_reasons, *reason)) {
      return fail(
          Error::refused("VIS-5", ep.no_visit_article.empty() ? "M18" : ep.no_visit_article,
                         "'" + why + "' is not a reason to skip the return visit under this policy",
                         "该理由不属于可不回访的情形"));
    }
    // VIS-5 [T19] 因下列情况导致的不满意工单可不进行回访: policy explained and
    // unreasonable demand exempt a work order already evaluated dissatisfied;
    // one never evaluated is visited (M18).
    if (*reason != NoVisitReason::kAnonymous &&
        !(evaluated_now(*state) &&
          state->last_evaluation->satisfaction == Satisfaction::kDissatisfied)) {
      return fail(Error::refused(
          "VIS-5", "M18",
          "'" + why +
              "' exempts only a work order evaluated dissatisfied; this one must be visited",
          "仅评价不满意的工单可因该理由不再回访；未评价的工单应当回访"));
    }
    if (*reason == NoVisitReason::kAnonymous) {
      auto request_state = request(state->request);
      if (!request_state) return fail(request_state.error());
      if (!request_state->details.applicant.anonymous) {
        return fail(Error::refused("VIS-5", ep.no_visit_article, "the request is not anonymous",
                                   "该诉求不是匿名反映"));
      }
    }
    article = ep.no_visit_article;
  }
  return commit(ctx, *state, {{VisitSkipped{std::move(why)}, article, "", std::nullopt}});
}

Result<WorkOrderState> Engine::send_back(const CommandContext& ctx, const std::string& id) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kSendBack, &*state, organisation_); !st) {
    return fail(st.error());
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const EvaluationPolicy& ep = (*policy)->evaluation;
  const bool dissatisfied = state->status == WorkOrderStatus::kReplied && state->last_evaluation &&
                            state->evaluations > state->handled_again &&
                            state->last_evaluation->satisfaction == Satisfaction::kDissatisfied;
  if (!dissatisfied) {
    return fail(Error::refused("VIS-2", ep.max_handling_again.article,
                               "only a work order evaluated dissatisfied is sent back",
                               "只有评价不满意的工单可以退回再次办理"));
  }
  // VIS-2 [R14(2)]: once only, same requirements as the first handling.
  if (state->handled_again >= ep.max_handling_again.value) {
    return fail(Error::refused(
        "VIS-2", ep.max_handling_again.article,
        "handling again is limited to " + std::to_string(ep.max_handling_again.value) + " time(s)",
        "再次办理以" + std::to_string(ep.max_handling_again.value) + "次为限"));
  }
  if (auto st = require_reason(ctx.reason, "退回再次办理的原因"); !st) return fail(st.error());
  auto due = deadlines_.add(clock_.now(), state->handle_period);
  if (!due) return fail(due.error());
  const Deadline deadline{*due, ep.max_handling_again.article,
                          state->handle_period.describe() + " from sending back"};
  return commit(
      ctx, *state,
      {{SentBackForHandlingAgain{deadline}, ep.max_handling_again.article, "", std::nullopt}});
}

Result<WorkOrderState> Engine::close(const CommandContext& ctx, const std::string& id) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kClose, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (state->status != WorkOrderStatus::kReplied) {
    return fail(wrong_status(*state, "close", "归档", "VIS-1", "M18"));
  }
  if (evaluated_now(*state))
    return commit(ctx, *state, {{WorkOrderClosed{}, "M18", "", std::nullopt}});
  // M16, M18: nobody to visit — closed after the reply without an evaluation.
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const auto& rule = (*policy)->evaluation.close_without_contact;
  auto request_state = request(state->request);
  if (!request_state) return fail(request_state.error());
  if (rule.value && unreachable(request_state->details)) {
    return commit(ctx, *state, {{WorkOrderClosed{}, rule.article, "", std::nullopt}});
  }
  return fail(Error::refused("VIS-1", "M18",
                             "close refused: a replied work order is closed by its evaluation",
                             "工单须经回访评价后方可归档"));
}

Result<WorkOrderState> Engine::file_appeal(const CommandContext& ctx, const std::string& id,
                                           AppealFiled appeal) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kFileAppeal, &*state, organisation_); !st) {
    return fail(st.error());
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const AppealPolicy& ap = (*policy)->appeal;
  const std::string review_article = ap.review_article.empty() ? "M23" : ap.review_article;
  if (!state->last_evaluation ||
      state->last_evaluation->satisfaction != Satisfaction::kDissatisfied) {
    return fail(Error::refused("APL-1", review_article,
                               "only a dissatisfied evaluation can be appealed",
                               "只有评价不满意的工单可以申诉"));
  }
  if (state->appeal != AppealStatus::kNone) {
    return fail(Error::refused("APL-1", review_article, "an appeal was filed already",
                               "该工单已提出过申诉"));
  }
  if (trim(appeal.explanation).empty() || appeal.evidence.empty()) {
    return fail(Error::invalid(trim(appeal.explanation).empty() ? "explanation" : "evidence",
                               "an appeal carries a written explanation and evidence",
                               "申诉须提交书面说明和佐证材料"));
  }
  // APL-2 [T28]: the monthly deadline.
  if (ap.monthly_deadline_day) {
    auto deadline = appeal_deadline(deadlines_, ap, *state->evaluated_at);
    if (!deadline) return fail(deadline.error());
    if (clock_.now() > *deadline) {
      return fail(Error::refused("APL-2", ap.monthly_deadline_day->article,
                                 "appeal refused: the deadline was " + format_iso8601(*deadline),
                                 "申诉已超过报送期限（" + format_iso8601(*deadline) + "）"));
    }
  }
  // APL-2 [T28(1)]: not when the applicant was never reached.
  if (std::find(ap.non_appealable.begin(), ap.non_appealable.end(),
                NonAppealable::kApplicantNeverReached) != ap.non_appealable.end() &&
      state->last_reply && !state->last_reply->reply.contacted_at) {
    return fail(Error::refused("APL-2", ap.non_appealable_article,
                               "appeal refused: the applicant was never reached",
                               "未联系到群众直接办结的事项不得申诉"));
  }
  return commit(ctx, *state, {{std::move(appeal), review_article, "", std::nullopt}});
}

Result<WorkOrderState> Engine::review_appeal(const CommandContext& ctx, const std::string& id,
                                             bool upheld,
                                             std::optional<NonAppealable> not_appealable) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kReviewAppeal, &*state, organisation_); !st) {
    return fail(st.error());
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const AppealPolicy& ap = (*policy)->appeal;
  if (state->appeal != AppealStatus::kFiled) {
    return fail(
        Error::refused("APL-1", ap.review_article, "no appeal to review", "没有待审核的申诉"));
  }
  if (auto st = require_reason(ctx.reason, "审核意见"); !st) return fail(st.error());
  if (not_appealable && (upheld || !contains(ap.non_appealable, *not_appealable))) {
    return fail(Error::invalid("not_appealable",
                               "not a ground of this policy for refusing an appeal",
                               "不属于本政策规定的不得申诉情形"));
  }
  const std::string article = not_appealable ? ap.non_appealable_article : ap.review_article;
  std::vector<NewEvent> events;
  events.push_back({AppealReviewed{upheld, not_appealable}, article, "", std::nullopt});
  // SUP-1 [D24(1)]: dissatisfied, and the office confirmed a handling problem
  // by refusing the unit's appeal on its merits (not on a T28 ground).
  const auto& confirmed = (*policy)->supervision.on_confirmed_dissatisfaction;
  if (!upheld && !not_appealable && confirmed.value &&
      !state->has_supervision(SupervisionTrigger::kConfirmedDissatisfaction, "appeal")) {
    SupervisionRaised raised;
    raised.trigger = SupervisionTrigger::kConfirmedDissatisfaction;
    raised.automatic = true;
    raised.stage = "appeal";
    events.push_back(
        {raised, confirmed.article, "申诉不成立，确认存在办理问题，列入督办", Actor::system()});
  }
  return commit(ctx, *state, std::move(events));
}

Result<WorkOrderState> Engine::raise_supervision(const CommandContext& ctx, const std::string& id,
                                                 SupervisionRaised supervision) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kSupervise, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (auto st = require_reason(ctx.reason, "督办事由"); !st) return fail(st.error());
  std::string article;
  switch (supervision.trigger) {
    case SupervisionTrigger::kRefusedAcceptance:
      article = "M22(1)";
      break;
    case SupervisionTrigger::kOverdue:
      article = "M22(2)";
      break;
    case SupervisionTrigger::kRepeatedRequests:
      article = "M22(3)";
      break;
    case SupervisionTrigger::kNegativeImpact:
      article = "M22(4)";
      break;
    case SupervisionTrigger::kKnowledgeBaseStale:
      article = "M22(5)";
      break;
    case SupervisionTrigger::kConfirmedDissatisfaction:
      article = "D24(1)";
      break;
    case SupervisionTrigger::kMissingReplyElements:
      article = "D24(3)";
      break;
    case SupervisionTrigger::kFakeCompletion:
      article = "T22(3)";
      break;
    case SupervisionTrigger::kBuckPassing:
      article = "T22(4)";
      break;
    case SupervisionTrigger::kSlowAfterWarning:
      article = "T22(1)";
      break;
    case SupervisionTrigger::kOther:
      article = "M22(6)";
      break;
  }
  // Raised by the platform itself (cluster alerts) or by a supervisor.
  supervision.automatic = ctx.actor.role == Role::kSystem;
  // SUP-2: a supervision starts at level 1 of a profile with levels (its
  // method and follow-up deadline); only escalation raises the level, so a
  // level above 1 always continues an earlier supervision (the assessment
  // counts each supervision once).
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  if (auto st = apply_supervision_level(supervision, **policy, 1, ctx.actor); !st) {
    return fail(st.error());
  }
  return commit(ctx, *state, {{std::move(supervision), article, "", std::nullopt}});
}

}  // namespace hotline
