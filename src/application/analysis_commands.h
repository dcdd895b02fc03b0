#pragma once
// The operations of assessment and analysis (EVA-1, EVA-3, ANA-1, ANA-2,
// ANA-4, ANA-5), one typed struct each, in the pattern of
// knowledge_commands.h: who may ask is declared once here (the office and
// analysts see everything, unit staff their own area — the service narrows
// to it, ANA-4 [C29] —, anyone the public figures, EVA-3); the query
// parameters and the answers have JSON Schemas. The Analysis use case
// (analysis.h) and the routes under /api/v1/analysis and /api/v1/public are
// generated from `AnalysisOperations`. The monthly report (a file, not
// JSON) keeps a route of its own (adapters/http/api_analysis.h).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "application/operation.h"
#include "core/analysis/analysis_service.h"
#include "core/clock.h"

namespace hotline {

// What the analysis operations run on; it must outlive them.
struct AnalysisContext {
  analysis::AnalysisService& service;
  const Clock& clock;  // the dashboard's default period ends today on it
};

namespace analysis_ops {

using nlohmann::json;
using Caller = std::optional<Actor>;

// ANA-4 [C29]: staff and analysts; the service narrows a unit to its area.
extern const Who kFigureReaders;
// ANA-2 [R27]: the office keeps the sensitive-word watch list.
extern const Who kWatchListKeepers;

// The period of a question: ?from=YYYY-MM-DD&to=YYYY-MM-DD or ?month=YYYY-MM.
Result<analysis::Period> read_period(const std::optional<std::string>& month,
                                     const std::optional<std::string>& from,
                                     const std::optional<std::string>& to);
// The same, read from an operation's query parameters.
Result<analysis::Period> read_period(const OperationCall& call);
json period_json(const analysis::Period& p);
// Those query parameters, and the period as answers carry it, for the
// schemas of every analysis question (the governance routes' too).
std::vector<OperationParam> period_params();
json period_schema();
// A rate (or a mean) as answers carry it: null when nothing was counted;
// and its schema.
json rate(const std::optional<double>& r);
json rate_schema(std::string_view description = "0..1, null without data");

// ---- Answers ----
struct AssessmentList {
  analysis::Period period;
  std::vector<analysis::UnitAssessment> units;
};
struct DrillDown {
  std::string unit;
  std::string indicator;
  analysis::Period period;
  std::vector<analysis::DrillDownRow> work_orders;
};
struct Monitoring {
  analysis::Period period;
  std::string by;
  std::vector<analysis::BreakdownRow> rows;
};
struct WarningList {
  analysis::Period period;
  std::vector<analysis::WarningRecord> warnings;
};
struct WatchList {
  std::vector<std::string> words;
};

// ---- Operations ----
struct ShowDashboard {
  static constexpr OperationSpec kSpec{
      "analysis-dashboard",
      "GET",
      "/api/v1/analysis/dashboard",
      &kFigureReaders,
      false,
      200,
      "Dashboard: volumes, units' rates and scores, hot spots, warnings, backlog (ANA-1, ANA-2, "
      "EVA-1; a unit sees its own area); without a period, the 30 days ending today on the "
      "platform's clock"};
  static constexpr int kDefaultDays = 30;
  std::optional<analysis::Period> period;  // none: the kDefaultDays ending today
  static Result<ShowDashboard> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<analysis::Dashboard> run(AnalysisContext& c, const Caller& caller) &&;
};

struct ShowAssessment {
  static constexpr OperationSpec kSpec{
      "analysis-assessment",
      "GET",
      "/api/v1/analysis/assessment",
      &kFigureReaders,
      false,
      200,
      "EVA-1 comprehensive evaluation of units with indicators, weights and articles"};
  analysis::Period period;
  static Result<ShowAssessment> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<AssessmentList> run(AnalysisContext& c, const Caller& caller) &&;
};

struct DrillDownAssessment {
  static constexpr OperationSpec kSpec{"analysis-drill-down",
                                       "GET",
                                       "/api/v1/analysis/assessment/{unit}/drill-down",
                                       &kFigureReaders,
                                       false,
                                       200,
                                       "EVA-1 drill-down: the work orders behind a unit's figure"};
  std::string unit;
  std::string indicator_name;
  AssessmentIndicator indicator = AssessmentIndicator::kOnTimeAcceptance;
  analysis::Period period;
  static Result<DrillDownAssessment> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<DrillDown> run(AnalysisContext& c, const Caller& caller) &&;
};

struct ShowMonitoring {
  static constexpr OperationSpec kSpec{
      "analysis-monitoring",
      "GET",
      "/api/v1/analysis/monitoring",
      &kFigureReaders,
      false,
      200,
      "ANA-1 monitoring of every stage by unit, category, district, channel or type"};
  analysis::Period period;
  std::string by_name;
  analysis::Dimension by = analysis::Dimension::kUnit;
  static Result<ShowMonitoring> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<Monitoring> run(AnalysisContext& c, const Caller& caller) &&;
};

struct ListWarnings {
  static constexpr OperationSpec kSpec{
      "analysis-warnings",
      "GET",
      "/api/v1/analysis/warnings",
      &kFigureReaders,
      false,
      200,
      "ANA-2 early warnings (surges, sensitive words) with the requests behind them"};
  analysis::Period period;
  static Result<ListWarnings> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<WarningList> run(AnalysisContext& c, const Caller& caller) &&;
};

struct ShowWatchList {
  static constexpr OperationSpec kSpec{"analysis-watch-list",
                                       "GET",
                                       "/api/v1/analysis/watch-list",
                                       &kFigureReaders,
                                       false,
                                       200,
                                       "ANA-2 the office's sensitive-word watch list"};
  static Result<ShowWatchList> from_call(const OperationCall& call);
  Result<WatchList> run(AnalysisContext& c, const Caller& caller) &&;
};

struct SetWatchList {
  static constexpr OperationSpec kSpec{
      "analysis-set-watch-list",
      "PUT",
      "/api/v1/analysis/watch-list",
      &kWatchListKeepers,
      true,
      200,
      "ANA-2 replace the sensitive-word watch list (office; audited)"};
  std::vector<std::string> words;
  static Result<SetWatchList> from_call(const OperationCall& call);
  static json body_schema();
  Result<WatchList> run(AnalysisContext& c, const Caller& caller) &&;
};

struct ShowPublicFigures {
  static constexpr OperationSpec kSpec{
      "public-figures",
      "GET",
      "/api/v1/public/figures",
      &who::kAnyone,
      false,
      200,
      "EVA-3 public figures: volumes, on-time rates and satisfaction per unit (no sign-in, no "
      "personal data)"};
  analysis::Period period;
  static Result<ShowPublicFigures> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<analysis::PublicFigures> run(AnalysisContext& c, const Caller& caller) &&;
};

using AnalysisOperations =
    std::tuple<ShowDashboard, ShowAssessment, DrillDownAssessment, ShowMonitoring, ListWarnings,
               ShowWatchList, SetWatchList, ShowPublicFigures>;

json render(const analysis::Dashboard& d, const Caller& caller);
json render(const AssessmentList& a, const Caller& caller);
json render(const DrillDown& d, const Caller& caller);
json render(const Monitoring& m, const Caller& caller);
json render(const WarningList& w, const Caller& caller);
json render(const WatchList& w, const Caller& caller);
json render(const analysis::PublicFigures& f, const Caller& caller);
// One unit's assessment as the answers carry it (also the oversight page's).
json assessment_json(const analysis::UnitAssessment& u);
json answer_schema(const analysis::Dashboard*);
json answer_schema(const AssessmentList*);
json answer_schema(const DrillDown*);
json answer_schema(const Monitoring*);
json answer_schema(const WarningList*);
json answer_schema(const WatchList*);
json answer_schema(const analysis::PublicFigures*);

HOTLINE_OPERATION_ANSWERS(analysis_ops);

}  // namespace analysis_ops
}  // namespace hotline
