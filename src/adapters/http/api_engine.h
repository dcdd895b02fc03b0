#pragma once
// The JSON API of the work orders under /api/v1/, generated from the command
// table (application/command_table.h): one POST route per command —
// /api/v1/requests (register), /api/v1/requests/{number}/<name>,
// /api/v1/work-orders/{id}/<name>, /api/v1/sweep — with the command's body
// and answer schemas for the OpenAPI document; and the queries (a request, a
// work order, its history, the list). Every route needs an authenticated
// caller (the router's default). Bodies are the command's arguments plus two
// reserved members, "reason" (recorded on the event) and "expected_version"
// (optimistic concurrency). A role the permission table refuses gets 403, bad
// input 400 naming the field, a rule's refusal 422 with the rule and the
// article, a stale version 409.

#include <set>

#include "adapters/http/event_bus.h"
#include "adapters/http/router.h"
#include "application/work_orders.h"
#include "core/clock.h"
#include "core/ports/idempotency_store.h"

namespace hotline::http {

// Push of the changes is not a route's business: work_order_push.h reads
// them from the event log.
struct EngineApi {
  WorkOrders& work_orders;
  // Intake retries with the same Idempotency-Key get the first answer again.
  IdempotencyStore* idempotency = nullptr;
  const Clock* clock = nullptr;
  // A claim older than this is taken for abandoned (its node died) and the
  // key may be claimed again.
  Seconds idempotency_stale_after = kIdempotencyStaleAfter;
};

void add_engine_routes(Router& router, const EngineApi& api);

// The units a work order involves, for push filtering.
std::set<std::string> units_of(const WorkOrderState& s);

// The caller of a request as the use cases know it (the router has
// authenticated it).
Caller caller_of(const HttpRequest& request);

}  // namespace hotline::http
