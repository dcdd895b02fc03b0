#pragma once
// The JSON API of EVA-2 (circulations, performance assessment) and EVA-4
// (social supervision) over the Oversight use case
// (core/oversight/oversight_service.h). Written against router.h only.
//
//   POST /api/v1/assessment/circulations          {unit, month, ground, reason,
//                                                  work_orders?, indicators?}   office, audited
//   GET  /api/v1/assessment/circulations?unit&month&limit&offset    office: all; unit: own
//   GET  /api/v1/assessment/circulations/{id}
//   GET  /api/v1/assessment/performance?month=YYYY-MM               EVA-1 + circulations (JSON)
//   GET  /api/v1/assessment/performance/workbook?month=YYYY-MM      the same as Excel
//   GET  /api/v1/social-supervision/sample?month=YYYY-MM            sampled, masked work orders
//   GET  /api/v1/social-supervision/work-orders/{id}                one of them; else 404
//   POST /api/v1/social-supervision/opinions      {work_order?, text}   social supervisor, audited
//   GET  /api/v1/social-supervision/opinions?status&work_order&limit&offset
//   GET  /api/v1/social-supervision/opinions/{id}
//   POST /api/v1/social-supervision/opinions/{id}/answer   {answer}     office, audited

#include <functional>
#include <nlohmann/json.hpp>

#include "adapters/http/api_analysis.h"
#include "adapters/http/router.h"
#include "core/oversight/oversight_service.h"

namespace hotline::http {

using PerformanceWorkbookMaker =
    std::function<Result<ReportFile>(const oversight::PerformanceExport& e)>;

struct OversightApi {
  oversight::OversightService& service;
  const Organisation& organisation;
  PerformanceWorkbookMaker workbook;  // may be empty: the route answers 404
};

void add_oversight_routes(Router& router, const OversightApi& api);

nlohmann::json performance_to_json(const oversight::PerformanceExport& e,
                                   const Organisation& organisation);
nlohmann::json circulation_to_json(const oversight::Circulation& c,
                                   const Organisation& organisation);

}  // namespace hotline::http
