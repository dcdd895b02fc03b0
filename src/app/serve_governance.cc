#include "app/serve_governance.h"

#include <spdlog/spdlog.h>

#include "adapters/http/operation_routes.h"

namespace hotline {

Result<std::unique_ptr<GovernanceServer>> open_governance(http::Router& router,
                                                          CompositionRoot& root,
                                                          http::EventBus& bus,
                                                          std::chrono::seconds drift_every) {
  auto services = root.governance();
  if (!services) return fail(services.error());
  auto use_case = root.governance_use_case();
  if (!use_case) return fail(use_case.error());
  analysis::ModelAccuracyService& models = *(*services)->models;
  models.on_drift([&bus](const analysis::DriftWarning& w) {
    // To the office: no unit is involved in a model's drift.
    bus.publish({"warning", governance_ops::drift_warning_json(w).dump(), {}});
  });
  http::add_operation_routes(router, **use_case);
  auto g = std::make_unique<GovernanceServer>();
  if (drift_every.count() > 0) {
    g->drift_timer.every(drift_every, [&models] {
      if (auto r = models.check_drift(); !r) {
        spdlog::error("{{\"event\":\"model-drift\",\"error\":\"{}\"}}", r.error().message);
      }
    });
  }
  return g;
}

}  // namespace hotline
