#include "adapters/http/api_analysis.h"

#include "adapters/http/operation_routes.h"

namespace hotline::http {
namespace {

HttpResponse failure(const Error& e) { return HttpResponse::error(e); }

HttpResponse unauthenticated() {
  return HttpResponse::error(401, "unauthenticated", "sign in first", "请先登录");
}

}  // namespace

void add_analysis_routes(Router& router, const AnalysisApi& api) {
  add_operation_routes(router, api.analysis);
  analysis::AnalysisService& service = api.service;

  router.add(
      {"GET", "/api/v1/analysis/reports/monthly",
       [&service, make = api.monthly_report](const HttpRequest& r, const PathParams&) {
         if (!r.actor) return unauthenticated();
         if (!make)
           return HttpResponse::error(404, "not_found", "reports are not available",
                                      "报表功能不可用");
         const auto month = r.param("month");
         if (!month)
           return failure(Error::invalid("month", "the month is required", "缺少月份 month"));
         if (auto p = analysis::month_period(*month); !p) return failure(p.error());
         const std::string format = r.param("format").value_or("xlsx");
         if (format != "xlsx" && format != "pdf") {
           return failure(Error::invalid("format", "allowed: xlsx, pdf", "format 可选：xlsx、pdf"));
         }
         const std::string unit = r.param("unit").value_or("");
         auto scope = service.scope_of(*r.actor);
         if (!scope) return failure(scope.error());
         if (!scope->everything && unit.empty()) {
           return failure(Error::invalid("unit", "a unit asks for its own report",
                                         "承办单位请指定本单位 unit"));
         }
         if (!unit.empty() &&
             (!scope->has_unit(unit) || service.organisation().find(unit) == nullptr)) {
           return failure(Error::not_found("unit " + unit, "未找到该单位"));
         }
         auto file = make(*r.actor, *month, unit, format);
         if (!file) return failure(file.error());
         HttpResponse out = HttpResponse::text(200, std::move(file->bytes), file->content_type);
         out.headers["Content-Disposition"] = "attachment; filename=\"" + file->file_name + "\"";
         return out;
       },
       "Monthly report (ANA-1) as Excel with charts or PDF; a unit gets its own"});
}

}  // namespace hotline::http
