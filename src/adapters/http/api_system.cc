#include "adapters/http/api_system.h"

#include <nlohmann/json.hpp>

#include "adapters/http/openapi.h"
#include "adapters/json/json_reader.h"
#include "core/policy/duration.h"

namespace hotline::http {

using json = nlohmann::json;

void add_system_routes(Router& router, const SystemApi& api) {
  router.add({"GET", "/healthz",
              [&api](const HttpRequest&, const PathParams&) {
                if (api.health) {
                  if (auto st = api.health(); !st) {
                    return HttpResponse::json(
                        503,
                        json{{"status", "unavailable"}, {"reason", st.error().message}}.dump());
                  }
                }
                json body = {{"status", "ok"}, {"now", format_iso8601(api.clock.now())}};
                if (api.warnings) {
                  const auto warnings = api.warnings();
                  if (!warnings.empty()) {
                    body["status"] = "warning";
                    body["warnings"] = warnings;
                  }
                }
                return HttpResponse::json(200, body.dump());
              },
              "Liveness and readiness", true});
  router.add({"GET", "/metrics",
              [&api](const HttpRequest&, const PathParams&) {
                return HttpResponse::text(200, api.metrics.exposition(),
                                          "text/plain; version=0.0.4; charset=utf-8");
              },
              "Prometheus metrics", true});
  if (api.fake_clock) {
    router.add({"POST", "/api/v1/admin/clock",
                [&api](const HttpRequest& request, const PathParams&) {
                  if (!request.actor || request.actor->role != Role::kAdministrator) {
                    return HttpResponse::error(403, "forbidden", "administrators only",
                                               "仅系统管理员可以调整模拟时钟");
                  }
                  auto body = parse_json(request.body.empty() ? "{}" : request.body);
                  if (!body) return HttpResponse::error(body.error());
                  JsonReader r(*body, "");
                  const std::string advance = r.string("advance");
                  const auto to = r.instant("to");
                  if (auto st = r.finish(); !st) return HttpResponse::error(st.error());
                  if (!advance.empty()) {
                    auto period = parse_policy_duration(advance);
                    if (!period || period->is_working_days() ||
                        period->unit == PolicyDuration::Unit::kMonths ||
                        period->unit == PolicyDuration::Unit::kYears) {
                      return HttpResponse::error(
                          Error::invalid("advance", "a clock period like \"2 hours\" or \"3 days\"",
                                         "应为时长，如“2 hours”"));
                    }
                    const std::int64_t unit = period->unit == PolicyDuration::Unit::kMinutes ? 60
                                              : period->unit == PolicyDuration::Unit::kHours
                                                  ? 3600
                                                  : 86400;
                    api.fake_clock->advance(Seconds{period->amount * unit});
                  }
                  if (to) {
                    if (*to < api.fake_clock->now()) {
                      return HttpResponse::error(
                          Error::invalid("to", "the clock only moves forward", "时钟只能向前"));
                    }
                    api.fake_clock->set(*to);
                  }
                  return HttpResponse::json(
                      200, json{{"now", format_iso8601(api.fake_clock->now())}}.dump());
                },
                "Move the fake clock forward (only with --fake-clock)"});
  }
  // Last, so that it describes every route above, its own included.
  router.add({"GET", "/api/v1/openapi.json",
              [&router, &api](const HttpRequest&, const PathParams&) {
                return HttpResponse::json(200, openapi_document(router, api.version).dump(2));
              },
              "This OpenAPI document", true});
}

}  // namespace hotline::http
