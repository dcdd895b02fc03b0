#pragma once
// The operations of EVA-2 (circulations, the figures for the government
// performance assessment) and EVA-4 (social supervision), one typed struct
// each, in the pattern of analysis_commands.h: who may call is declared once
// here (the service narrows a unit to its own records and a social
// supervisor to the sample and their own opinions); parameters, bodies and
// answers have JSON Schemas. The Oversight use case (oversight.h), the
// routes under /api/v1/assessment and /api/v1/social-supervision and
// `hotline assessment circulate|circulations|export` are generated from or
// call `OversightOperations`. A circulation, an opinion and its answer
// commit with their audit entries (SEC-2). The performance workbook (a file,
// not JSON) keeps a route of its own (adapters/http/api_oversight.h).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "application/operation.h"
#include "core/org/organisation.h"
#include "core/oversight/oversight_service.h"

namespace hotline {

// What the oversight operations run on; it must outlive them.
struct OversightContext {
  oversight::OversightService& service;
  const Organisation& organisation;  // the units' names in the answers
};

namespace oversight_ops {

using nlohmann::json;
using Caller = std::optional<Actor>;

// EVA-2 [T24]: the office's supervisors circulate units.
extern const Who kCirculators;
// EVA-2 [T24, D25]: the office's staff and analysts, the units' staff (their own).
extern const Who kAssessmentReaders;
// EVA-4 [R22]: the social supervisors, and the office that answers them.
extern const Who kSampleReaders;
// EVA-4 [R22]: the social supervisors leave opinions.
extern const Who kOpinionAuthors;
// EVA-4 [R22]: the office's supervisors answer them.
extern const Who kOpinionAnswerers;

// ---- Answers ----
struct CirculationRecord {
  oversight::Circulation circulation;
  std::string unit_name;
};
struct CirculationList {
  std::vector<CirculationRecord> items;
};
struct Performance {
  oversight::PerformanceExport figures;
  const Organisation* organisation = nullptr;  // the circulated units' names
};
struct Sample {
  std::string month;
  oversight::SamplingRule rule;
  std::vector<oversight::SampledWorkOrder> work_orders;
};
struct SampledView {
  oversight::SampledWorkOrder work_order;
};
struct OpinionView {
  oversight::Opinion opinion;
};
struct OpinionList {
  std::vector<oversight::Opinion> items;
};

// ---- Operations ----
struct RecordCirculation {
  static constexpr OperationSpec kSpec{
      "circulation-record",
      "POST",
      "/api/v1/assessment/circulations",
      &kCirculators,
      true,
      201,
      "EVA-2 circulate a unit for criticism (T24) or praise (T26, D26) for a month"};
  oversight::CirculationInput in;
  CommandAudit* audit = nullptr;
  static Result<RecordCirculation> from_call(const OperationCall& call);
  static json body_schema();
  Result<CirculationRecord> run(OversightContext& c, const Caller& caller) &&;
};

struct ListCirculations {
  static constexpr OperationSpec kSpec{"circulation-list",
                                       "GET",
                                       "/api/v1/assessment/circulations",
                                       &kAssessmentReaders,
                                       false,
                                       200,
                                       "EVA-2 circulation records (a unit sees its own)"};
  oversight::CirculationFilter filter;
  static Result<ListCirculations> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<CirculationList> run(OversightContext& c, const Caller& caller) &&;
};

struct ShowCirculation {
  static constexpr OperationSpec kSpec{"circulation-show",
                                       "GET",
                                       "/api/v1/assessment/circulations/{id}",
                                       &kAssessmentReaders,
                                       false,
                                       200,
                                       "EVA-2 one circulation record"};
  std::int64_t id = 0;
  static Result<ShowCirculation> from_call(const OperationCall& call);
  Result<CirculationRecord> run(OversightContext& c, const Caller& caller) &&;
};

struct ShowPerformance {
  static constexpr OperationSpec kSpec{
      "performance",
      "GET",
      "/api/v1/assessment/performance",
      &kAssessmentReaders,
      false,
      200,
      "EVA-2 government performance assessment: EVA-1 scores with circulations"};
  std::string month;
  static Result<ShowPerformance> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<Performance> run(OversightContext& c, const Caller& caller) &&;
};

struct ShowSample {
  static constexpr OperationSpec kSpec{
      "supervision-sample",
      "GET",
      "/api/v1/social-supervision/sample",
      &kSampleReaders,
      false,
      200,
      "EVA-4 the month's sample of closed work orders, masked (R22)"};
  std::string month;
  static Result<ShowSample> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<Sample> run(OversightContext& c, const Caller& caller) &&;
};

struct ShowSampledWorkOrder {
  static constexpr OperationSpec kSpec{
      "supervision-work-order",
      "GET",
      "/api/v1/social-supervision/work-orders/{id}",
      &kSampleReaders,
      false,
      200,
      "EVA-4 a sampled work order, masked; outside the sample: 404"};
  std::string id;
  static Result<ShowSampledWorkOrder> from_call(const OperationCall& call);
  Result<SampledView> run(OversightContext& c, const Caller& caller) &&;
};

struct LeaveOpinion {
  static constexpr OperationSpec kSpec{
      "opinion-leave",
      "POST",
      "/api/v1/social-supervision/opinions",
      &kOpinionAuthors,
      true,
      201,
      "EVA-4 a social supervisor's opinion on a sampled work order or in general"};
  std::string work_order, text;
  CommandAudit* audit = nullptr;
  static Result<LeaveOpinion> from_call(const OperationCall& call);
  static json body_schema();
  Result<OpinionView> run(OversightContext& c, const Caller& caller) &&;
};

struct ListOpinions {
  static constexpr OperationSpec kSpec{
      "opinion-list",
      "GET",
      "/api/v1/social-supervision/opinions",
      &kSampleReaders,
      false,
      200,
      "EVA-4 supervision opinions (the office: all; a supervisor: own)"};
  oversight::OpinionFilter filter;
  static Result<ListOpinions> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<OpinionList> run(OversightContext& c, const Caller& caller) &&;
};

struct ShowOpinion {
  static constexpr OperationSpec kSpec{"opinion-show",
                                       "GET",
                                       "/api/v1/social-supervision/opinions/{id}",
                                       &kSampleReaders,
                                       false,
                                       200,
                                       "EVA-4 one supervision opinion"};
  std::int64_t id = 0;
  static Result<ShowOpinion> from_call(const OperationCall& call);
  Result<OpinionView> run(OversightContext& c, const Caller& caller) &&;
};

struct AnswerOpinion {
  static constexpr OperationSpec kSpec{"opinion-answer",
                                       "POST",
                                       "/api/v1/social-supervision/opinions/{id}/answer",
                                       &kOpinionAnswerers,
                                       true,
                                       200,
                                       "EVA-4 the office answers a supervision opinion (once)"};
  std::int64_t id = 0;
  std::string answer;
  CommandAudit* audit = nullptr;
  static Result<AnswerOpinion> from_call(const OperationCall& call);
  static json body_schema();
  Result<OpinionView> run(OversightContext& c, const Caller& caller) &&;
};

using OversightOperations =
    std::tuple<RecordCirculation, ListCirculations, ShowCirculation, ShowPerformance, ShowSample,
               ShowSampledWorkOrder, LeaveOpinion, ListOpinions, ShowOpinion, AnswerOpinion>;

json render(const CirculationRecord& r, const Caller& caller);
json render(const CirculationList& l, const Caller& caller);
json render(const Performance& p, const Caller& caller);
json render(const Sample& s, const Caller& caller);
json render(const SampledView& v, const Caller& caller);
json render(const OpinionView& v, const Caller& caller);
json render(const OpinionList& l, const Caller& caller);
json answer_schema(const CirculationRecord*);
json answer_schema(const CirculationList*);
json answer_schema(const Performance*);
json answer_schema(const Sample*);
json answer_schema(const SampledView*);
json answer_schema(const OpinionView*);
json answer_schema(const OpinionList*);

HOTLINE_OPERATION_ANSWERS(oversight_ops);

}  // namespace oversight_ops
}  // namespace hotline
