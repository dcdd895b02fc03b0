#pragma once
// The JSON API of ANA-3 (long-lasting problems) and ANA-6 (models used
// safely), kept apart from api_analysis.cc. Written against router.h only;
// the server mounts it. Every route documents its query parameters and
// schemas (the HTTP tests check all traffic against them).
//
//   GET  /api/v1/analysis/model-accuracy?from&to|month[&by=week|month]   ANA-6 (office)
//   GET  /api/v1/analysis/model-drift?from&to|month                       ANA-6 (office)
//   GET  /api/v1/analysis/recurring-clusters                                ANA-3 (area-scoped)
//   GET  /api/v1/analysis/special-research[?status=open|closed]           ANA-3
//   POST /api/v1/analysis/special-research        {title, problem, clusters, units, reason}
//   GET  /api/v1/analysis/special-research/{id}
//   POST …/{id}/decisions     {text, reason}
//   POST …/{id}/follow-ups    {task, unit, due, reason}
//   POST …/{id}/follow-ups/{number}/done   {result}
//   POST …/{id}/close         {reason}
// The POST routes are audited (SEC-2) and each change is in the record's history.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "adapters/http/api_triage.h"
#include "adapters/http/router.h"
#include "core/analysis/model_accuracy_service.h"
#include "core/analysis/special_research.h"
#include "core/triage/triage_service.h"

namespace hotline::http {

struct GovernanceApi {
  analysis::ModelAccuracyService& models;
  analysis::SpecialResearchService& research;
  triage::TriageService& triage;
  analysis::RecurringSettings recurring;
  const Clock& clock;
  // The area of a unit's staff (as for the hot clusters); nullopt: none.
  std::function<std::optional<AreaFilter>(const Actor&)> area = {};
};

// The routes copy `api`; what it refers to must outlive the router.
void add_governance_routes(Router& router, const GovernanceApi& api);

nlohmann::json special_research_to_json(const analysis::SpecialResearch& r, Instant now);
nlohmann::json drift_warning_to_json(const analysis::DriftWarning& w);

}  // namespace hotline::http
