#pragma once
// The HTTP routes of a use case's operation table (application/operation.h):
// one route per operation, its method, pattern, schemas and query parameters
// taken from the declaration, so a route cannot differ from what the use case
// declares. The handler asks the use case whether the caller may call the
// operation before it reads the body (SEC-2), then executes it; the use case
// writes the audit entry. Used by the knowledge base's and triage's routes.

#include <string>
#include <string_view>
#include <utility>

#include "adapters/http/router.h"
#include "adapters/json/json_reader.h"
#include "application/operation.h"

namespace hotline::http {

// `UseCase` has a static operations() table and admit/execute by name; it
// must outlive the router.
template <typename UseCase>
void add_operation_routes(Router& router, UseCase& use_case) {
  for (const auto& entry : UseCase::operations()) {
    const OperationSpec& spec = entry.spec;
    const bool public_route = spec.who == &who::kAnyone;
    const bool takes_body = !entry.body_schema.is_null();
    // A body whose members are all optional may be left out altogether.
    const bool body_optional = takes_body && !entry.body_schema.contains("required");
    Route route;
    route.method = std::string(spec.method);
    route.pattern = std::string(spec.path);
    route.summary = std::string(spec.summary) + " — " + std::string(spec.who->description);
    route.public_route = public_route;
    route.body_schema = entry.body_schema;
    route.answer_schema = entry.answer_schema;
    for (const auto& q : entry.query) route.query.push_back({q.name, q.schema, q.required});
    route.success_status = spec.success_status;
    const std::string_view name = spec.name;
    const int status = spec.success_status;
    route.handler = [&use_case, name, status, public_route, takes_body, body_optional](
                        const HttpRequest& request, const PathParams& params) {
      // The server answers 401 before the handler runs; a router used
      // without it (tests) gets the same.
      if (!public_route && !request.actor) {
        return HttpResponse::error(401, "unauthenticated", "log in or present an API key",
                                   "请先登录");
      }
      OperationCall call;
      call.actor = request.actor;
      call.remote = request.remote;
      call.path = params;
      call.query = request.query;
      // The role check comes before the body is read (SEC-2).
      if (auto st = use_case.admit(name, call); !st) return HttpResponse::error(st.error());
      if (takes_body && !(body_optional && request.body.empty())) {
        auto body = parse_json_object(request.body);
        if (!body) return HttpResponse::error(body.error());
        call.body = std::move(*body);
      }
      auto answer = use_case.execute(name, call);
      if (!answer) return HttpResponse::error(answer.error());
      return HttpResponse::json(status, answer->dump());
    };
    router.add(std::move(route));
  }
}

}  // namespace hotline::http
