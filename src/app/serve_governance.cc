#include "app/serve_governance.h"

#include <spdlog/spdlog.h>

#include "adapters/sqlite/sqlite_research_store.h"
#include "adapters/sqlite/sqlite_suggestion_store.h"
#include "adapters/toml/governance_settings_file.h"

namespace hotline {

GovernanceServer::GovernanceServer() = default;
GovernanceServer::~GovernanceServer() { drift_timer.stop(); }

Result<std::unique_ptr<GovernanceServer>> open_governance(
    http::Router& router, CompositionRoot& root, const PlatformOptions& po, http::EventBus& bus,
    std::function<std::optional<http::AreaFilter>(const Actor&)> area,
    std::chrono::seconds drift_every) {
  auto settings = load_governance_settings(po.data_dir / "triage" / "settings.toml");
  if (!settings) return fail(settings.error());
  auto g = std::make_unique<GovernanceServer>();
  auto store = SqliteResearchStore::open(po.db);
  if (!store) return fail(store.error());
  g->research_store = std::move(*store);
  const Clock& clock = root.clock();
  triage::TriageService& triage = root.triage();
  g->research = std::make_unique<analysis::SpecialResearchService>(
      *g->research_store, root.organisation(), clock, [&triage, &clock](const std::string& n) {
        return triage.cluster(n, clock.now()).has_value();
      });
  g->models =
      std::make_unique<analysis::ModelAccuracyService>(root.suggestions(), settings->drift, clock);
  g->models->on_drift([&bus](const analysis::DriftWarning& w) {
    // To the office: no unit is involved in a model's drift.
    bus.publish({"warning", http::drift_warning_to_json(w).dump(), {}});
  });
  http::add_governance_routes(
      router, http::GovernanceApi{*g->models, *g->research, triage, settings->recurring, clock,
                                  std::move(area)});
  if (drift_every.count() > 0) {
    analysis::ModelAccuracyService& models = *g->models;
    g->drift_timer.every(drift_every, [&models] {
      if (auto r = models.check_drift(); !r) {
        spdlog::error("{{\"event\":\"model-drift\",\"error\":\"{}\"}}", r.error().message);
      }
    });
  }
  return g;
}

}  // namespace hotline
