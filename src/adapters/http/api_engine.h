#pragma once
// The JSON API of the work-order engine under /api/v1/: one route per engine
// action, lookups and lists. Bodies are the action's arguments plus two
// reserved members, "reason" (recorded on the event) and "expected_version"
// (optimistic concurrency). Refusals come back as 422 with the rule and the
// article; bad input as 400 naming the field; a stale version as 409.

#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "adapters/http/event_bus.h"
#include "adapters/http/router.h"
#include "core/clock.h"
#include "core/engine/engine.h"
#include "core/org/organisation.h"
#include "core/ports/idempotency_store.h"
#include "core/ports/work_order_store.h"

namespace hotline::http {

struct EngineApi {
  Engine& engine;
  WorkOrderStore& store;
  const Organisation& organisation;
  EventBus& bus;
  // May `actor` read this work order? (a unit sees its own and its handling
  // units' work orders; the office sees all)
  std::function<bool(const Actor&, const WorkOrderState&)> can_see;
  // The request as `actor` may see it (personal data masked, SEC-4).
  std::function<nlohmann::json(const HttpRequest&, const RequestState&)> request_view;
  // Records every command, done or refused, in the audit log (SEC-2).
  std::function<void(const HttpRequest&, std::string_view action, const std::string& target,
                     const Result<nlohmann::json>& outcome)>
      on_command;
  // The units a unit actor lists work orders for: its own and those below it.
  std::function<std::vector<std::string>(const Actor&)> units_of_actor;
  // Intake retries with the same Idempotency-Key get the first answer again.
  IdempotencyStore* idempotency = nullptr;
  const Clock* clock = nullptr;
};

void add_engine_routes(Router& router, const EngineApi& api);

// The units a work order involves, for push filtering.
std::set<std::string> units_of(const WorkOrderState& s);

}  // namespace hotline::http
