#pragma once
// Who may do what (defence in depth: the HTTP layer checks the same table).
// Office roles act on every work order; a unit acts only on work orders it
// leads (directly or through its handling units) or assists.

#include "core/org/organisation.h"
#include "core/result.h"
#include "core/work_order/actor.h"
#include "core/work_order/work_order_state.h"

namespace hotline {

enum class Action {
  kRegister,
  kTriage,
  kConsult,
  kDispatch,
  kAccept,
  kForward,
  kApplyReturn,
  kReviewReturn,
  kApplyExtension,
  kReviewExtension,
  kSubmitAssistingResult,
  kReply,
  kEvaluate,
  kSkipVisit,
  kSendBack,
  kClose,
  kFileAppeal,
  kReviewAppeal,
  kSupervise,
  kSweep,
  kReclassify,
};
std::string_view to_string(Action a);

// `state` is the work order acted on, or null for request-level actions.
Status authorize(const Actor& actor, Action action, const WorkOrderState* state,
                 const Organisation& organisation);

}  // namespace hotline
