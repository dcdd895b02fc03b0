#include "adapters/http/api_knowledge.h"

#include <nlohmann/json.hpp>

#include "adapters/json/json_reader.h"

namespace hotline::http {

void add_knowledge_routes(Router& router, KnowledgeBase& knowledge_base) {
  for (const KnowledgeOperationEntry& entry : KnowledgeBase::operations()) {
    const OperationSpec& spec = entry.spec;
    const bool public_route = spec.who == &who::kAnyone;
    const bool takes_body = !entry.body_schema.is_null();
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
    route.handler = [&knowledge_base, name, status, public_route, takes_body](
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
      if (auto st = knowledge_base.admit(name, call); !st) return HttpResponse::error(st.error());
      if (takes_body) {
        auto body = parse_json_object(request.body);
        if (!body) return HttpResponse::error(body.error());
        call.body = std::move(*body);
      }
      auto answer = knowledge_base.execute(name, call);
      if (!answer) return HttpResponse::error(answer.error());
      return HttpResponse::json(status, answer->dump());
    };
    router.add(std::move(route));
  }
}

}  // namespace hotline::http
