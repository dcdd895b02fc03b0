#pragma once
// Who may do what (defence in depth: the HTTP layer checks the same table).
// Office roles act on every work order; a unit acts only on work orders it
// leads, that its lead unit forwarded to it (reply, extension, forwarding
// further down) or that it assists on (the assisting result). A unit that
// may not read the work order (core/security/visibility.h) gets kNotFound,
// exactly as for a work order that does not exist.

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
  kSpotCheck,               // VIS-4
  kFileConductComplaint,    // INT-6
  kHandleConductComplaint,  // INT-6
  kEvaluateAgent,           // INT-7
  kWarnApplicant,           // CON-1
  kSuspendApplicant,        // CON-1
  kReviewSuspension,        // CON-1
  kTransferToHotline,       // ICN-2
  kAnswerHotlineTransfer,   // ICN-2
};
std::string_view to_string(Action a);

// `state` is the work order acted on, or null for request-level actions.
Status authorize(const Actor& actor, Action action, const WorkOrderState* state,
                 const Organisation& organisation);

// kNotFound when `actor` may not read `state` — checked before anything
// else about the work order (its version, its status) is told.
Status check_readable(const Actor& actor, const WorkOrderState& state,
                      const Organisation& organisation);

}  // namespace hotline
