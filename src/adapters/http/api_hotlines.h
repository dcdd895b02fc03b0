#pragma once
// Other hotlines and telephony (issue 13):
//
//   POST /api/v1/hotlines/transfers-in   ICN-2 [M9]: another city's hotline registers a
//        {"their_reference", "request": {…}}   request it transfers in, with its own key (an API
//                                          client of its partner-hotline unit); the request
//                                          keeps their reference (external_ref
//                                          "<hotline>:<ref>"); the same reference again gets
//                                          the first answer (201, Idempotent-Replayed), a
//                                          different body under it 409.
//   POST /api/v1/calls                    the call-centre hook: a telephony system (an API
//        {"caller", "line", "at", "agent"}      client of the office) reports an incoming call;
//                                          the answer is a draft registration with the
//                                          caller's earlier requests and their progress, and
//                                          the draft is pushed to the agent who takes the
//                                          call ("incoming-call" on /api/v1/events). The
//                                          caller's number is looked up by its keyed hash
//                                          and kept nowhere; the answer holds it masked.
//
// Both are audited. Transfers to other hotlines and their answers are
// commands of the table (transfer-to-hotline, answer-hotline-transfer).

#include "adapters/http/event_bus.h"
#include "adapters/http/router.h"
#include "application/work_orders.h"
#include "core/clock.h"
#include "core/ports/idempotency_store.h"
#include "core/security/applicant_lookup.h"

namespace hotline::http {

struct HotlinesApi {
  WorkOrders& work_orders;
  EventBus& bus;
  const Clock& clock;
  ApplicantLookup* lookup = nullptr;        // null: no earlier requests by phone
  IdempotencyStore* idempotency = nullptr;  // null: no replay of a repeated transfer
  Seconds idempotency_stale_after = kIdempotencyStaleAfter;  // as EngineApi's
};

// The routes copy `api`; what it refers to must outlive the router.
void add_hotline_routes(Router& router, const HotlinesApi& api);

}  // namespace hotline::http
