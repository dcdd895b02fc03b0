#pragma once
// The operations of long-lasting problems (ANA-3) and of the models used
// safely (ANA-6), one typed struct each, in the pattern of
// analysis_commands.h: who may call is declared once here; the query
// parameters, bodies and answers have JSON Schemas. The Governance use case
// (governance.h), the routes under /api/v1/analysis/{model-accuracy,
// model-drift, recurring-clusters, special-research…} and the commands
// `hotline model accuracy|drift`, `hotline clusters recurring` and
// `hotline research …` are generated from or call `GovernanceOperations`.
// A special research's change commits with its audit entry (SEC-2).

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "application/operation.h"
#include "application/triage_commands.h"
#include "core/analysis/model_accuracy_service.h"
#include "core/analysis/recurring_clusters.h"
#include "core/analysis/special_research.h"
#include "core/clock.h"
#include "core/triage/triage_service.h"

namespace hotline {

// What the governance operations run on; it must outlive them.
struct GovernanceContext {
  analysis::ModelAccuracyService& models;
  analysis::SpecialResearchService& research;
  triage::TriageService& triage;
  analysis::RecurringSettings recurring;
  const Clock& clock;
  // ANA-4, ANA-5: the area of a unit's staff; nullopt: none.
  std::function<std::optional<AreaFilter>(const Actor&)> area = {};
};

namespace governance_ops {

using nlohmann::json;
using Caller = std::optional<Actor>;

// ANA-6 [R26]: the office sees the models' figures.
extern const Who kModelWatchers;
// ANA-3 [C25], ANA-4: the office, and the units within their own area.
extern const Who kProblemReaders;
// ANA-3 [C25]: the office steers a special research.
extern const Who kResearchSteerers;

// ---- Answers ----
struct AccuracyFigures {
  analysis::Period period;
  std::string by;
  std::vector<analysis::AccuracyFigure> figures;
};
struct DriftWarnings {
  analysis::Period period;
  analysis::DriftSettings settings;
  std::vector<analysis::DriftWarning> warnings;
};
struct RecurringClusters {
  analysis::RecurringSettings settings;
  std::vector<analysis::RecurringCluster> clusters;
  std::vector<std::vector<std::string>> visible;  // per cluster: the numbers in the caller's area
};
struct ResearchList {
  std::vector<analysis::SpecialResearch> items;
  Instant now{};
};
struct ResearchRecord {
  analysis::SpecialResearch record;
  Instant now{};  // follow-up items are overdue against it
};

// ---- Operations ----
struct ShowModelAccuracy {
  static constexpr OperationSpec kSpec{
      "model-accuracy",
      "GET",
      "/api/v1/analysis/model-accuracy",
      &kModelWatchers,
      false,
      200,
      "ANA-6 accuracy of the models' suggestions (category, lead unit) against the office's final "
      "decisions, per week or month and model version (office)"};
  analysis::Period period;
  std::string by_name;
  analysis::Granularity by = analysis::Granularity::kMonth;
  static Result<ShowModelAccuracy> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<AccuracyFigures> run(GovernanceContext& c, const Caller& caller) &&;
};

struct ShowModelDrift {
  static constexpr OperationSpec kSpec{
      "model-drift",
      "GET",
      "/api/v1/analysis/model-drift",
      &kModelWatchers,
      false,
      200,
      "ANA-6 drift warnings: a model's recent accuracy fell below its baseline (office)"};
  analysis::Period period;
  static Result<ShowModelDrift> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<DriftWarnings> run(GovernanceContext& c, const Caller& caller) &&;
};

struct ListRecurringClusters {
  static constexpr OperationSpec kSpec{
      "recurring-clusters",
      "GET",
      "/api/v1/analysis/recurring-clusters",
      &kProblemReaders,
      false,
      200,
      "ANA-3 clusters whose problem recurs over months (a unit sees its own area)"};
  static Result<ListRecurringClusters> from_call(const OperationCall& call);
  Result<RecurringClusters> run(GovernanceContext& c, const Caller& caller) &&;
};

struct ListResearch {
  static constexpr OperationSpec kSpec{"research-list",
                                       "GET",
                                       "/api/v1/analysis/special-research",
                                       &kProblemReaders,
                                       false,
                                       200,
                                       "ANA-3 special research records the caller may see"};
  std::optional<analysis::ResearchStatus> status;
  static Result<ListResearch> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<ResearchList> run(GovernanceContext& c, const Caller& caller) &&;
};

struct ShowResearch {
  static constexpr OperationSpec kSpec{
      "research-show",
      "GET",
      "/api/v1/analysis/special-research/{id}",
      &kProblemReaders,
      false,
      200,
      "ANA-3 one special research with its decisions, follow-up items and history"};
  std::string id;
  static Result<ShowResearch> from_call(const OperationCall& call);
  Result<ResearchRecord> run(GovernanceContext& c, const Caller& caller) &&;
};

struct OpenResearch {
  static constexpr OperationSpec kSpec{
      "research-open",
      "POST",
      "/api/v1/analysis/special-research",
      &kResearchSteerers,
      true,
      201,
      "ANA-3 open a special research on a long-lasting problem (office)"};
  analysis::OpenResearch in;
  std::string reason;
  CommandAudit* audit = nullptr;
  static Result<OpenResearch> from_call(const OperationCall& call);
  static json body_schema();
  Result<ResearchRecord> run(GovernanceContext& c, const Caller& caller) &&;
};

struct DecideResearch {
  static constexpr OperationSpec kSpec{
      "research-decide",
      "POST",
      "/api/v1/analysis/special-research/{id}/decisions",
      &kResearchSteerers,
      true,
      200,
      "ANA-3 record a decision (决定) of a special research (office)"};
  std::string id, text, reason;
  CommandAudit* audit = nullptr;
  static Result<DecideResearch> from_call(const OperationCall& call);
  static json body_schema();
  Result<ResearchRecord> run(GovernanceContext& c, const Caller& caller) &&;
};

struct AddResearchFollowUp {
  static constexpr OperationSpec kSpec{
      "research-follow-up",
      "POST",
      "/api/v1/analysis/special-research/{id}/follow-ups",
      &kResearchSteerers,
      true,
      200,
      "ANA-3 assign a follow-up item with a unit and a deadline (office)"};
  std::string id;
  analysis::NewFollowUp in;
  std::string reason;
  CommandAudit* audit = nullptr;
  static Result<AddResearchFollowUp> from_call(const OperationCall& call);
  static json body_schema();
  Result<ResearchRecord> run(GovernanceContext& c, const Caller& caller) &&;
};

struct CompleteResearchFollowUp {
  static constexpr OperationSpec kSpec{
      "research-done",
      "POST",
      "/api/v1/analysis/special-research/{id}/follow-ups/{number}/done",
      &kProblemReaders,
      true,
      200,
      "ANA-3 report a follow-up item done (the office or its unit)"};
  std::string id;
  int number = 0;
  std::string result;
  CommandAudit* audit = nullptr;
  static Result<CompleteResearchFollowUp> from_call(const OperationCall& call);
  static json body_schema();
  Result<ResearchRecord> run(GovernanceContext& c, const Caller& caller) &&;
};

struct CloseResearch {
  static constexpr OperationSpec kSpec{
      "research-close",
      "POST",
      "/api/v1/analysis/special-research/{id}/close",
      &kResearchSteerers,
      true,
      200,
      "ANA-3 close a special research once every follow-up item is done (office)"};
  std::string id, reason;
  CommandAudit* audit = nullptr;
  static Result<CloseResearch> from_call(const OperationCall& call);
  static json body_schema();
  Result<ResearchRecord> run(GovernanceContext& c, const Caller& caller) &&;
};

using GovernanceOperations =
    std::tuple<ShowModelAccuracy, ShowModelDrift, ListRecurringClusters, ListResearch, ShowResearch,
               OpenResearch, DecideResearch, AddResearchFollowUp, CompleteResearchFollowUp,
               CloseResearch>;

// A drift warning as answers and the event stream carry it.
json drift_warning_json(const analysis::DriftWarning& w);

json render(const AccuracyFigures& a, const Caller& caller);
json render(const DriftWarnings& d, const Caller& caller);
json render(const RecurringClusters& r, const Caller& caller);
json render(const ResearchList& l, const Caller& caller);
json render(const ResearchRecord& r, const Caller& caller);
json answer_schema(const AccuracyFigures*);
json answer_schema(const DriftWarnings*);
json answer_schema(const RecurringClusters*);
json answer_schema(const ResearchList*);
json answer_schema(const ResearchRecord*);

HOTLINE_OPERATION_ANSWERS(governance_ops);

}  // namespace governance_ops
}  // namespace hotline
