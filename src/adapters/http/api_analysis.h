#pragma once
// The JSON API of assessment and analysis (EVA-1, EVA-3, ANA-1, ANA-2,
// ANA-4, ANA-5): the routes of the Analysis use case (application/analysis.h,
// generated with their query parameters and answer schemas), and the monthly
// report, a file, on the service itself. The server mounts it.
//
//   GET /api/v1/analysis/dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD   (none: the 30 days to today)
//       {"period":{"from","to"}, "volumes":[{"day","registered","dispatched","replied","closed"}],
//        "units":[{"unit","name","work_orders","on_time_acceptance","on_time_reply",
//                  "satisfaction","score","rank"}],
//        "hotspots":[{"district","district_name","category","count","baseline","surge"}],
//        "warnings":[{"id","kind","title","created_at","district","count"}],
//        "backlog":[{"age","count"}]}                       rates 0..1 or null
//   GET /api/v1/analysis/assessment?from&to | ?month=YYYY-MM          EVA-1 with indicators
//   GET /api/v1/analysis/assessment/{unit}/drill-down?from&to&indicator=on-time-reply
//   GET /api/v1/analysis/monitoring?from&to&by=unit|category|district|channel|type   ANA-1
//   GET /api/v1/analysis/warnings?from&to                                 ANA-2
//   GET /api/v1/analysis/watch-list        PUT {"words":[…]}              ANA-2 (office)
//   GET /api/v1/analysis/reports/monthly?month=YYYY-MM[&unit=…]&format=xlsx|pdf
//   GET /api/v1/public/figures?from&to | ?month=YYYY-MM      EVA-3, no sign-in, no personal data
//
// Office roles and analysts see everything; unit staff their own area; other
// roles 403. Another area's unit is 404, like a unit that does not exist.

#include <functional>
#include <nlohmann/json.hpp>

#include "adapters/http/router.h"
#include "application/analysis.h"
#include "core/analysis/analysis_service.h"

namespace hotline::http {

// A generated report file.
struct ReportFile {
  std::string content_type;
  std::string file_name;  // ASCII, for Content-Disposition
  std::string bytes;
};
// Produces the monthly report (adapters/report); `unit` empty: the office's.
using MonthlyReportMaker =
    std::function<Result<ReportFile>(const Actor& actor, const std::string& month,
                                     const std::string& unit, const std::string& format)>;

struct AnalysisApi {
  Analysis& analysis;                  // the JSON routes
  analysis::AnalysisService& service;  // the monthly report's scope
  MonthlyReportMaker monthly_report;   // may be empty: the route answers 404
};

// The routes copy `api`; what it refers to must outlive the router.
void add_analysis_routes(Router& router, const AnalysisApi& api);

}  // namespace hotline::http
