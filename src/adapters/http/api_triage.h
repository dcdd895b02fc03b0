#pragma once
// The JSON API of triage under /api/v1/triage/ (DIS-2, DIS-3, DIS-8, TRI-5,
// SUP-1, ANA-2, REP-2, REP-3): one suggestion call for the agent's
// registration screen, hot clusters, reply checks and the dispatch
// catalogue. Written against router.h only; the server mounts it.
//
//   POST /api/v1/triage/suggestions          office roles, API clients
//   GET  /api/v1/triage/clusters/hot         office roles, analysts; unit staff: their area
//   GET  /api/v1/triage/clusters/{number}    office roles, analysts; unit staff: their area
//   POST /api/v1/triage/reply-checks         office and unit roles
//   GET  /api/v1/triage/catalogue            any authenticated actor
//   GET  /api/v1/triage/catalogue/changes    any authenticated actor
//   POST /api/v1/triage/catalogue            office (add)
//   PUT  /api/v1/triage/catalogue/{id}       office (change)
//   POST /api/v1/triage/catalogue/{id}/retire  office (retire)
//
// The JSON codecs are shared with the command line.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "adapters/http/router.h"
#include "core/clock.h"
#include "core/triage/triage_hooks.h"
#include "core/triage/triage_service.h"

namespace hotline::http {

// ANA-4 [C29], ANA-5 [D23]: whether a request (number, indexed district)
// lies in a unit's area — registered in its district, or handled by it or a
// unit below it.
using AreaFilter = std::function<bool(const std::string& number, const std::string& district)>;

struct TriageApi {
  triage::TriageService& service;
  const Clock& clock;
  // The area of a unit's staff; nullopt for an actor without one. Unset: the
  // clusters are the office's and analysts' only.
  std::function<std::optional<AreaFilter>(const Actor&)> area = {};
  // `POST /api/v1/triage/reindex` (administrators): rebuilds the index from
  // the event log on the running server. Unset: the route is not offered.
  std::function<Result<triage::RebuildSummary>(bool drop_imported)> rebuild = {};
};

// The routes copy `api`; the service and clock it refers to must outlive the router.
void add_triage_routes(Router& router, const TriageApi& api);

// ---- JSON codecs (strict readers: unknown members are errors) ----
Result<triage::SuggestionInput> suggestion_input_from_json(const nlohmann::json& j);
nlohmann::json suggestion_to_json(const triage::Suggestion& s);
Result<ReplyContent> reply_from_json(const nlohmann::json& j);
nlohmann::json finding_to_json(const triage::Finding& f);
// With `area`, only the request numbers inside it are listed (`numbers`;
// `in_area` counts them); the counts stay the cluster's own.
nlohmann::json cluster_to_json(const triage::ClusterView& v, const triage::TriageService& service,
                               const AreaFilter* area = nullptr);
Result<triage::CatalogueEntry> catalogue_entry_from_json(const nlohmann::json& j);
nlohmann::json catalogue_entry_to_json(const triage::CatalogueEntry& e);
nlohmann::json catalogue_change_to_json(const triage::CatalogueChange& c);

}  // namespace hotline::http
