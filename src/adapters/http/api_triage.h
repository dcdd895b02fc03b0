#pragma once
// The JSON API of triage under /api/v1/triage/ (DIS-2, DIS-3, DIS-8, TRI-5,
// SUP-1, ANA-2, REP-2, REP-3): one suggestion call for the agent's
// registration screen, hot clusters, reply checks and the dispatch
// catalogue. Written against router.h only; the server mounts it.
//
//   POST /api/v1/triage/suggestions          office roles, API clients
//   GET  /api/v1/triage/clusters/hot         office roles, analysts
//   GET  /api/v1/triage/clusters/{number}    office roles, analysts
//   POST /api/v1/triage/reply-checks         office and unit roles
//   GET  /api/v1/triage/catalogue            any authenticated actor
//   GET  /api/v1/triage/catalogue/changes    any authenticated actor
//   POST /api/v1/triage/catalogue            office (add)
//   PUT  /api/v1/triage/catalogue/{id}       office (change)
//   POST /api/v1/triage/catalogue/{id}/retire  office (retire)
//
// The JSON codecs are shared with the command line.

#include <nlohmann/json.hpp>

#include "adapters/http/router.h"
#include "core/clock.h"
#include "core/triage/triage_service.h"

namespace hotline::http {

struct TriageApi {
  triage::TriageService& service;
  const Clock& clock;
};

// The routes copy `api`; the service and clock it refers to must outlive the router.
void add_triage_routes(Router& router, const TriageApi& api);

// ---- JSON codecs (strict readers: unknown members are errors) ----
Result<triage::SuggestionInput> suggestion_input_from_json(const nlohmann::json& j);
nlohmann::json suggestion_to_json(const triage::Suggestion& s);
Result<ReplyContent> reply_from_json(const nlohmann::json& j);
nlohmann::json finding_to_json(const triage::Finding& f);
nlohmann::json cluster_to_json(const triage::ClusterView& v, const triage::TriageService& service);
Result<triage::CatalogueEntry> catalogue_entry_from_json(const nlohmann::json& j);
nlohmann::json catalogue_entry_to_json(const triage::CatalogueEntry& e);
nlohmann::json catalogue_change_to_json(const triage::CatalogueChange& c);

}  // namespace hotline::http
