#pragma once
// `hotline serve`'s part for ANA-3 and ANA-6: the routes of the Governance
// use case (application/governance.h: recurring clusters, special research,
// the models' accuracy and drift warnings), and the timer that looks for
// drift and pushes a new drift warning on the event stream (event
// "warning", kind "drift", to the office) as ANA-2's warnings are pushed.

#include <chrono>
#include <memory>

#include "adapters/http/event_bus.h"
#include "adapters/http/router.h"
#include "app/composition_root.h"
#include "app/scheduler.h"

namespace hotline {

struct GovernanceServer {
  ~GovernanceServer() { drift_timer.stop(); }
  Scheduler drift_timer;
};

// Opens the root's governance services, mounts the routes and starts the
// drift timer (every `drift_every`; 0: no timer).
Result<std::unique_ptr<GovernanceServer>> open_governance(http::Router& router,
                                                          CompositionRoot& root,
                                                          http::EventBus& bus,
                                                          std::chrono::seconds drift_every);

}  // namespace hotline
