#include "core/engine/permissions.h"

#include <algorithm>
#include <initializer_list>

#include "core/security/visibility.h"

namespace hotline {
namespace {

bool one_of(Role r, std::initializer_list<Role> roles) {
  return std::find(roles.begin(), roles.end(), r) != roles.end();
}

struct Grant {
  Action action;
  std::string_view name;
  std::initializer_list<Role> roles;
  // kLead: the lead unit only (accepting, returning and appealing are the
  // lead's decisions, M6); kLeadOrHandling: the lead unit or the unit it
  // forwarded the work order to (DIS-7, T8); kAssisting: an assisting unit.
  enum class Scope { kAny, kLead, kLeadOrHandling, kAssisting } scope;
};

// The office reviews returns, extensions and appeals; units act on their own.
constexpr Role kUnitRoles[] = {Role::kUnitStaff, Role::kUnitAdministrator, Role::kApiClient};

const Grant* grant_of(Action a) {
  using S = Grant::Scope;
  static const Grant kGrants[] = {
      // Not applicants: their session is scoped to one request, and a new
      // request comes in through a channel that records who and how (INT-1).
      // ICN-1 [D31]: a sub-centre's own staff too (checked in authorize()).
      {Action::kRegister,
       "register",
       {Role::kAgent, Role::kDispatcher, Role::kApiClient, Role::kUnitStaff,
        Role::kUnitAdministrator},
       S::kAny},
      {Action::kTriage, "triage", {Role::kAgent, Role::kDispatcher}, S::kAny},
      {Action::kConsult, "consult", {Role::kDispatcher, Role::kSupervisor}, S::kAny},
      {Action::kDispatch, "dispatch", {Role::kAgent, Role::kDispatcher}, S::kAny},
      {Action::kAccept,
       "accept",
       {Role::kUnitStaff, Role::kUnitAdministrator, Role::kApiClient},
       S::kLead},
      {Action::kForward,
       "forward",
       {Role::kUnitStaff, Role::kUnitAdministrator, Role::kApiClient},
       S::kLeadOrHandling},
      {Action::kApplyReturn,
       "apply-return",
       {Role::kUnitStaff, Role::kUnitAdministrator, Role::kApiClient},
       S::kLead},
      {Action::kReviewReturn, "review-return", {Role::kDispatcher, Role::kSupervisor}, S::kAny},
      {Action::kApplyExtension,
       "apply-extension",
       {Role::kUnitStaff, Role::kUnitAdministrator, Role::kApiClient},
       S::kLeadOrHandling},
      {Action::kReviewExtension,
       "review-extension",
       {Role::kDispatcher, Role::kSupervisor},
       S::kAny},
      {Action::kSubmitAssistingResult,
       "submit-assisting-result",
       {Role::kUnitStaff, Role::kUnitAdministrator, Role::kApiClient},
       S::kAssisting},
      {Action::kReply,
       "reply",
       {Role::kUnitStaff, Role::kUnitAdministrator, Role::kApiClient},
       S::kLeadOrHandling},
      {Action::kEvaluate,
       "evaluate",
       {Role::kVisitAgent, Role::kSupervisor, Role::kApplicant},
       S::kAny},
      {Action::kSkipVisit, "skip-visit", {Role::kVisitAgent, Role::kSupervisor}, S::kAny},
      {Action::kSendBack,
       "send-back",
       {Role::kVisitAgent, Role::kDispatcher, Role::kSupervisor},
       S::kAny},
      {Action::kClose, "close", {Role::kVisitAgent, Role::kDispatcher, Role::kSupervisor}, S::kAny},
      {Action::kFileAppeal, "file-appeal", {Role::kUnitStaff, Role::kUnitAdministrator}, S::kLead},
      {Action::kReviewAppeal, "review-appeal", {Role::kSupervisor}, S::kAny},
      {Action::kSupervise, "supervise", {Role::kSupervisor, Role::kSystem}, S::kAny},
      {Action::kSweep, "sweep", {Role::kSystem, Role::kSupervisor, Role::kAdministrator}, S::kAny},
      {Action::kReclassify,
       "reclassify",
       {Role::kAgent, Role::kDispatcher, Role::kSupervisor},
       S::kAny},
      // VIS-4 [T17]: the office, or the lead unit's own acceptance department.
      {Action::kSpotCheck,
       "spot-check",
       {Role::kVisitAgent, Role::kSupervisor, Role::kUnitStaff, Role::kUnitAdministrator},
       S::kLead},
      // INT-6 [M14]: taken by any office door; handled by the office only.
      {Action::kFileConductComplaint,
       "file-conduct-complaint",
       {Role::kAgent, Role::kDispatcher, Role::kVisitAgent, Role::kSupervisor, Role::kApiClient},
       S::kAny},
      {Action::kHandleConductComplaint, "handle-conduct-complaint", {Role::kSupervisor}, S::kAny},
      // INT-7 [R14(1)]: the applicant (portal), a visit agent or the IVR.
      {Action::kEvaluateAgent,
       "evaluate-agent",
       {Role::kApplicant, Role::kVisitAgent, Role::kSupervisor, Role::kApiClient},
       S::kAny},
      // CON-1 [D32]: the agent on the line warns; the office suspends and reviews.
      {Action::kWarnApplicant,
       "warn-applicant",
       {Role::kAgent, Role::kDispatcher, Role::kSupervisor},
       S::kAny},
      {Action::kSuspendApplicant, "suspend-applicant", {Role::kSupervisor}, S::kAny},
      {Action::kReviewSuspension, "review-suspension", {Role::kSupervisor}, S::kAny},
      // ICN-2 [M9]: the office transfers out; the other hotline's system
      // (its key) or the office records the answer.
      {Action::kTransferToHotline,
       "transfer-to-hotline",
       {Role::kAgent, Role::kDispatcher, Role::kSupervisor},
       S::kAny},
      {Action::kAnswerHotlineTransfer,
       "answer-hotline-transfer",
       {Role::kAgent, Role::kDispatcher, Role::kSupervisor, Role::kApiClient},
       S::kAny},
  };
  for (const auto& g : kGrants) {
    if (g.action == a) return &g;
  }
  return nullptr;
}

Error forbidden(const Actor& actor, std::string_view action, std::string_view why) {
  Error e;
  e.code = ErrorCode::kForbidden;
  e.rule = "SEC-2";
  e.article = "M27";
  e.message = "role " + std::string(to_string(actor.role)) + " of unit " + actor.unit +
              " may not " + std::string(action) + ": " + std::string(why);
  e.message_zh =
      std::string(to_chinese(actor.role)) + "无权执行此操作（" + std::string(action) + "）";
  return e;
}

}  // namespace

std::string_view to_string(Action a) {
  const Grant* g = grant_of(a);
  return g ? g->name : "?";
}

Status authorize(const Actor& actor, Action action, const WorkOrderState* state,
                 const Organisation& organisation) {
  const Grant* g = grant_of(action);
  if (!g) return fail(Error::internal("no grant for action"));
  if (!one_of(actor.role, g->roles)) return fail(forbidden(actor, g->name, "role not allowed"));
  // ICN-1 [D31]: of the units, only a sub-centre registers requests (its
  // own accounts); other units receive them by dispatch.
  if (action == Action::kRegister &&
      (actor.role == Role::kUnitStaff || actor.role == Role::kUnitAdministrator)) {
    const Unit* unit = organisation.find(actor.unit);
    if (unit == nullptr || !unit->is_sub_centre()) {
      return fail(forbidden(actor, g->name, "only a sub-centre's staff register requests"));
    }
  }
  if (g->scope == Grant::Scope::kAny || state == nullptr) return {};
  const bool unit_role =
      std::find(std::begin(kUnitRoles), std::end(kUnitRoles), actor.role) != std::end(kUnitRoles);
  if (!unit_role) return {};
  // A unit acts on what it leads, or on what was forwarded to it, and on
  // nothing else: neither its parent's work orders (which it may not even
  // read) nor those of the units below it, which answer for their own.
  // A unit that may not read the work order learns nothing more than
  // "no such work order" (SEC-2; "not yours" and "not there" look alike).
  if (!can_see_work_order(actor, *state, organisation)) {
    return fail(Error::not_found("work order " + state->id, "工单编号不存在：" + state->id));
  }
  const bool leads = !actor.unit.empty() && actor.unit == state->lead_unit;
  const bool handles = !actor.unit.empty() && actor.unit == state->handling_unit;
  switch (g->scope) {
    case Grant::Scope::kLead:
      if (leads) return {};
      return fail(forbidden(actor, g->name, "only the lead unit may do this"));
    case Grant::Scope::kLeadOrHandling:
      if (leads || handles) return {};
      return fail(
          forbidden(actor, g->name, "only the lead unit or the unit it forwarded to may do this"));
    case Grant::Scope::kAssisting:
      for (const auto& u : state->assisting_units) {
        if (u == actor.unit) return {};
      }
      return fail(forbidden(actor, g->name, "the unit does not assist on this work order"));
    case Grant::Scope::kAny:
      break;
  }
  return {};
}

Status check_readable(const Actor& actor, const WorkOrderState& state,
                      const Organisation& organisation) {
  if (actor.role == Role::kApplicant) return {};  // scoped to their request by the door
  if (can_see_work_order(actor, state, organisation)) return {};
  return fail(Error::not_found("work order " + state.id, "工单编号不存在：" + state.id));
}

}  // namespace hotline
