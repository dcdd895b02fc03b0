#pragma once
// The routes of EVA-2 (circulations, performance assessment) and EVA-4
// (social supervision): generated from the Oversight use case
// (application/oversight_commands.h), plus the performance assessment as an
// Excel workbook (a file, not JSON), which asks the same service and so
// admits the same callers. Written against router.h only.
//
//   GET  /api/v1/assessment/performance/workbook?month=YYYY-MM

#include <functional>

#include "adapters/http/api_analysis.h"
#include "adapters/http/router.h"
#include "application/oversight.h"

namespace hotline::http {

using PerformanceWorkbookMaker =
    std::function<Result<ReportFile>(const oversight::PerformanceExport& e)>;

struct OversightApi {
  Oversight& oversight;
  oversight::OversightService& service;
  PerformanceWorkbookMaker workbook;  // may be empty: the route answers 404
};

void add_oversight_routes(Router& router, const OversightApi& api);

}  // namespace hotline::http
