#pragma once
// The office's view of interconnection (ICN-3) and the agents' figures (INT-7):
//
//   GET  /api/v1/webhooks/dead-letters                 [{"id","event_id","unit","topic",
//                                                        "attempts","last_error",…}]
//   POST /api/v1/webhooks/dead-letters/{id}/replay     back to the queue (audited)
//   GET  /api/v1/agents/figures?from=ISO&to=ISO         [{"agent","calls","evaluated",
//                                                        "satisfaction_rate",…}]
//
// Supervisors and administrators see and replay dead letters; supervisors,
// analysts and administrators read the agents' figures; others get 403.

#include <functional>
#include <optional>
#include <vector>

#include "adapters/http/router.h"
#include "core/analysis/agent_service.h"
#include "core/clock.h"
#include "core/ports/webhook_outbox.h"

namespace hotline::http {

using AgentFiguresFn = std::function<Result<std::vector<AgentServiceRow>>(
    std::optional<Instant> from, std::optional<Instant> to)>;

struct InterconnectApi {
  WebhookOutbox& outbox;
  const Clock& clock;
  AgentFiguresFn agent_figures;
};

// The routes copy `api`; what it refers to must outlive the router.
void add_interconnect_routes(Router& router, const InterconnectApi& api);

}  // namespace hotline::http
