#pragma once
// The operations of triage (DIS-2, DIS-3, DIS-8, TRI-5, SUP-1, ANA-2, REP-2,
// REP-3), one typed struct each, in the pattern of knowledge_commands.h: a
// struct declares itself (kSpec: name, route, who may call it, audited),
// reads its call strictly (from_call), describes its body and query
// parameters as JSON Schemas, and runs on the triage context with a typed
// answer. `TriageOperations` lists them all; the Triage use case (triage.h)
// and its HTTP routes under /api/v1/triage/ are generated from that list.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "application/operation.h"
#include "core/clock.h"
#include "core/triage/triage_hooks.h"
#include "core/triage/triage_service.h"

namespace hotline {

// ANA-4 [C29], ANA-5 [D23]: whether a request (number, indexed district)
// lies in a unit's area — registered in its district, or handled by it or a
// unit below it.
using AreaFilter = std::function<bool(const std::string& number, const std::string& district)>;

// What the triage operations run on. The service and clock must outlive it.
struct TriageContext {
  triage::TriageService& service;
  const Clock& clock;
  // The area of a unit's staff; nullopt for an actor without one. Unset: the
  // clusters are the office's and analysts' only.
  std::function<std::optional<AreaFilter>(const Actor&)> area = {};
  // Rebuilds the index from the event log (`triage-reindex`). Unset: the
  // operation answers that it is not offered here.
  std::function<Result<triage::RebuildSummary>(bool drop_imported)> rebuild = {};
};

namespace triage_ops {

using nlohmann::json;
using Caller = std::optional<Actor>;

// Who may ask for a dispatch suggestion: the office's staff and other
// systems' API clients (who get no other request's number, M14).
extern const Who kSuggesters;
// Who maintains the dispatch catalogue (DIS-2, R7).
extern const Who kCatalogueMaintainers;

// ---- Answers ----
// A cluster as a caller sees it: with an area, only the numbers inside it.
struct ClusterSummary {
  triage::ClusterView view;
  std::string cluster;               // the first request's number
  std::vector<std::string> numbers;  // at most 50
  std::optional<std::size_t> in_area;
};
struct HotClusterList {
  std::vector<ClusterSummary> clusters;
  std::int64_t window_days = 0;
  int threshold = 0;
  std::string article;
};
struct ReplyFindings {
  bool blocks = false;
  std::vector<triage::Finding> findings;
};
struct CatalogueEntries {
  std::vector<triage::CatalogueEntry> entries;
};
struct CatalogueLog {
  std::vector<triage::CatalogueChange> changes;
};

// ---- Operations ----

struct Suggest {
  static constexpr OperationSpec kSpec{
      "triage-suggest",
      "POST",
      "/api/v1/triage/suggestions",
      &kSuggesters,
      false,
      200,
      "Dispatch suggestion for a new request (DIS-2, DIS-3, DIS-8, TRI-5, SUP-1)"};
  triage::SuggestionInput input;
  static Result<Suggest> from_call(const OperationCall& call);
  static json body_schema();
  Result<triage::Suggestion> run(TriageContext& t, const Caller& caller) &&;
};

struct HotClusters {
  static constexpr OperationSpec kSpec{
      "triage-hot-clusters",
      "GET",
      "/api/v1/triage/clusters/hot",
      &who::kStaffOrAnalyst,
      false,
      200,
      "Hot clusters: many applicants, same problem (SUP-1, ANA-2)"};
  std::size_t min_applicants = 2;
  std::size_t limit = 20;
  static Result<HotClusters> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<HotClusterList> run(TriageContext& t, const Caller& caller) &&;
};

struct ClusterOf {
  static constexpr OperationSpec kSpec{
      "triage-cluster",          "GET", "/api/v1/triage/clusters/{number}",
      &who::kStaffOrAnalyst,     false, 200,
      "The cluster of a request"};
  std::string number;
  static Result<ClusterOf> from_call(const OperationCall& call);
  Result<ClusterSummary> run(TriageContext& t, const Caller& caller) &&;
};

struct CheckReply {
  static constexpr OperationSpec kSpec{"triage-reply-check",
                                       "POST",
                                       "/api/v1/triage/reply-checks",
                                       &who::kStaff,
                                       false,
                                       200,
                                       "Check a reply against REP-2 and REP-3"};
  ReplyContent reply;
  std::string profile;
  std::string subject;
  std::string detail;
  static Result<CheckReply> from_call(const OperationCall& call);
  static json body_schema();
  Result<ReplyFindings> run(TriageContext& t, const Caller& caller) &&;
};

struct Catalogue {
  static constexpr OperationSpec kSpec{"triage-catalogue",
                                       "GET",
                                       "/api/v1/triage/catalogue",
                                       &who::kSignedIn,
                                       false,
                                       200,
                                       "The dispatch catalogue (DIS-2)"};
  static Result<Catalogue> from_call(const OperationCall& call);
  Result<CatalogueEntries> run(TriageContext& t, const Caller& caller) &&;
};

struct CatalogueChanges {
  static constexpr OperationSpec kSpec{"triage-catalogue-changes",
                                       "GET",
                                       "/api/v1/triage/catalogue/changes",
                                       &who::kSignedIn,
                                       false,
                                       200,
                                       "The dispatch catalogue's change log (DIS-2, R7)"};
  static Result<CatalogueChanges> from_call(const OperationCall& call);
  Result<CatalogueLog> run(TriageContext& t, const Caller& caller) &&;
};

struct AddEntry {
  static constexpr OperationSpec kSpec{"triage-catalogue-add",
                                       "POST",
                                       "/api/v1/triage/catalogue",
                                       &kCatalogueMaintainers,
                                       true,
                                       201,
                                       "Add a catalogue entry (DIS-2, R7)"};
  triage::CatalogueEntry entry;
  std::string reason;
  CommandAudit* audit = nullptr;  // committed with the change (OperationCall::audit)
  static Result<AddEntry> from_call(const OperationCall& call);
  static json body_schema();
  Result<triage::CatalogueChange> run(TriageContext& t, const Caller& caller) &&;
};

struct ChangeEntry {
  static constexpr OperationSpec kSpec{"triage-catalogue-change",
                                       "PUT",
                                       "/api/v1/triage/catalogue/{id}",
                                       &kCatalogueMaintainers,
                                       true,
                                       200,
                                       "Change a catalogue entry (DIS-2, R7)"};
  triage::CatalogueEntry entry;
  std::string reason;
  CommandAudit* audit = nullptr;  // committed with the change (OperationCall::audit)
  static Result<ChangeEntry> from_call(const OperationCall& call);
  static json body_schema();
  Result<triage::CatalogueChange> run(TriageContext& t, const Caller& caller) &&;
};

struct RetireEntry {
  static constexpr OperationSpec kSpec{"triage-catalogue-retire",
                                       "POST",
                                       "/api/v1/triage/catalogue/{id}/retire",
                                       &kCatalogueMaintainers,
                                       true,
                                       200,
                                       "Retire a catalogue entry (DIS-2, R7)"};
  std::string id;
  std::string reason;
  CommandAudit* audit = nullptr;  // committed with the change (OperationCall::audit)
  static Result<RetireEntry> from_call(const OperationCall& call);
  static json body_schema();
  Result<triage::CatalogueChange> run(TriageContext& t, const Caller& caller) &&;
};

struct Reindex {
  static constexpr OperationSpec kSpec{
      "triage-reindex",
      "POST",
      "/api/v1/triage/reindex",
      &who::kAdministrators,
      true,
      200,
      "Rebuild the triage index (clusters, duplicates, dispatch history) from the event log; "
      "requests imported from outside the log are refused unless drop_imported (issue 9)"};
  bool drop_imported = false;
  static Result<Reindex> from_call(const OperationCall& call);
  static json body_schema();
  Result<triage::RebuildSummary> run(TriageContext& t, const Caller& caller) &&;
};

// Every operation of triage, in the order of the routes.
using TriageOperations = std::tuple<Suggest, HotClusters, ClusterOf, CheckReply, Catalogue,
                                    CatalogueChanges, AddEntry, ChangeEntry, RetireEntry, Reindex>;

// ---- Answers as JSON, as the caller may see them, and their schemas ----
// An API client's suggestion has no other request's number, progress or
// cluster (SEC-2 [M27], M14).
json render(const triage::Suggestion& s, const Caller& caller);
json render(const HotClusterList& l, const Caller& caller);
json render(const ClusterSummary& c, const Caller& caller);
json render(const ReplyFindings& f, const Caller& caller);
json render(const CatalogueEntries& e, const Caller& caller);
json render(const CatalogueLog& l, const Caller& caller);
json render(const triage::CatalogueChange& c, const Caller& caller);
json render(const triage::RebuildSummary& r, const Caller& caller);

json answer_schema(const triage::Suggestion*);
json answer_schema(const HotClusterList*);
json answer_schema(const ClusterSummary*);
json answer_schema(const ReplyFindings*);
json answer_schema(const CatalogueEntries*);
json answer_schema(const CatalogueLog*);
json answer_schema(const triage::CatalogueChange*);
json answer_schema(const triage::RebuildSummary*);

// "Suggestion", "Cluster", "CatalogueEntry", "CatalogueChange", "ReplyFinding":
// components of the OpenAPI document.
json components();

// ---- JSON codecs (strict readers: unknown members are errors); the
// command line's files use them too ----
Result<triage::SuggestionInput> suggestion_input_from_json(const json& j);
json suggestion_to_json(const triage::Suggestion& s);
json finding_to_json(const triage::Finding& f);
Result<triage::CatalogueEntry> catalogue_entry_from_json(const json& j);
json catalogue_entry_to_json(const triage::CatalogueEntry& e);
json catalogue_change_to_json(const triage::CatalogueChange& c);
// A cluster with the request numbers of its members, those outside `area`
// left out (`in_area` counts those inside).
ClusterSummary summarise(const triage::ClusterView& v, const triage::TriageService& service,
                         const AreaFilter* area = nullptr);

}  // namespace triage_ops
}  // namespace hotline
