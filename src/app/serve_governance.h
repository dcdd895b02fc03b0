#pragma once
// `hotline serve`'s part for ANA-3 and ANA-6: the special-research records,
// the models' accuracy and drift warnings and their routes
// (adapters/http/api_governance.h), and the timer that looks for drift and
// pushes a new drift warning on the event stream (event "warning", kind
// "drift", to the office) as ANA-2's warnings are pushed.

#include <functional>
#include <memory>
#include <optional>

#include "adapters/http/api_governance.h"
#include "adapters/http/event_bus.h"
#include "app/composition_root.h"
#include "app/scheduler.h"

namespace hotline {

class SqliteResearchStore;

struct GovernanceServer {
  GovernanceServer();
  ~GovernanceServer();
  std::unique_ptr<SqliteResearchStore> research_store;
  std::unique_ptr<analysis::SpecialResearchService> research;
  std::unique_ptr<analysis::ModelAccuracyService> models;
  Scheduler drift_timer;  // stopped first when destroyed (declared last)
};

// Opens the stores in the work-order database, mounts the routes and
// starts the drift timer (every `drift_every`; 0: no timer).
Result<std::unique_ptr<GovernanceServer>> open_governance(
    http::Router& router, CompositionRoot& root, const PlatformOptions& options,
    http::EventBus& bus, std::function<std::optional<http::AreaFilter>(const Actor&)> area,
    std::chrono::seconds drift_every);

}  // namespace hotline
