#include "adapters/http/api_oversight.h"

#include "adapters/http/operation_routes.h"
#include "core/oversight/records.h"

namespace hotline::http {

void add_oversight_routes(Router& router, const OversightApi& api) {
  add_operation_routes(router, api.oversight);

  oversight::OversightService& service = api.service;
  Route workbook{
      "GET", "/api/v1/assessment/performance/workbook",
      [&service, make = api.workbook](const HttpRequest& r, const PathParams&) {
        if (!make) {
          return HttpResponse::error(404, "not_found", "workbooks are not available",
                                     "报表功能不可用");
        }
        const auto month = r.param("month");
        if (!month) {
          return HttpResponse::error(
              Error::invalid("month", "the month is required", "缺少月份 month"));
        }
        auto e = service.performance(*r.actor, *month);
        if (!e) return HttpResponse::error(e.error());
        auto file = make(*e);
        if (!file) return HttpResponse::error(file.error());
        HttpResponse out = HttpResponse::text(200, std::move(file->bytes), file->content_type);
        out.headers["Content-Disposition"] = "attachment; filename=\"" + file->file_name + "\"";
        return out;
      },
      "EVA-2 government performance assessment as an Excel workbook"};
  workbook.query = {
      {"month",
       {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}$"}, {"description", "YYYY-MM"}},
       true}};
  router.add(std::move(workbook));
}

}  // namespace hotline::http
