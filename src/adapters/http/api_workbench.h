#pragma once
// What the web application's screens need beyond the engine's API (issue 11):
//
//   GET  /api/v1/directory/units          units with names, kinds and the
//                                         district → street hierarchy
//   GET  /api/v1/directory/policies       policy files, read-only (office)
//   GET  /api/v1/directory/calendar       holiday calendar, read-only
//   GET  /api/v1/workbench/work-orders    work-order lists with queues
//        (open, return-pending, extension-pending, appeal-pending,
//        awaiting-redispatch, to-visit, supervision, closed), search, sort,
//        paging, a total, the subject, unit names and each running deadline
//        with its warning instant; ?format=xlsx exports what is shown
//   GET  /api/v1/workbench/requests       requests waiting for the office,
//        by urgency then waiting time (?format=xlsx too)
//
// Units see only their own work orders (and those of the units below them);
// "not yours" answers like "not there".

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "adapters/http/request_queue.h"
#include "adapters/http/router.h"
#include "application/work_orders.h"
#include "core/clock.h"
#include "core/engine/engine.h"
#include "core/org/organisation.h"
#include "core/ports/work_order_store.h"
#include "core/security/account.h"

namespace hotline::http {

// A list as shown, for the Excel export.
struct ExportTable {
  std::string sheet;
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

struct WorkbenchApi {
  Engine& engine;
  WorkOrders& work_orders;  // the lists, scoped to the caller's units (issue 9)
  const Organisation& organisation;
  const Clock& clock;
  RequestQueue& queue;
  // The workbook's bytes (libxlsxwriter, wired by the application).
  std::function<Result<std::string>(const ExportTable&)> to_xlsx;
  std::filesystem::path data_dir;  // policies/ and calendar/ for the read-only views
};

void add_workbench_routes(Router& router, const WorkbenchApi& api);

}  // namespace hotline::http
