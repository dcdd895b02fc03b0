#include "adapters/http/openapi.h"

#include <cctype>

#include "application/schemas.h"

namespace hotline::http {
namespace {

using json = nlohmann::json;

std::string operation_id(const Route& r) {
  std::string id = r.method;
  for (char c : r.pattern) {
    id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return id;
}

json error_response(const char* description, bool json_errors = true) {
  if (!json_errors) return {{"description", description}};
  return {
      {"description", description},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

// Is a body with these members required? When the schema requires a member.
bool body_required(const json& schema) {
  if (schema.contains("required")) return true;
  if (schema.contains("oneOf")) {
    for (const auto& alternative : schema["oneOf"]) {
      if (!alternative.contains("required")) return false;
    }
    return true;
  }
  return false;
}

}  // namespace

json openapi_document(const Router& router, const std::string& version) {
  json paths = json::object();
  for (const auto& r : router.routes()) {
    // Open311 answers in its own formats (GeoReport v2); /api/ in ours.
    const bool api = r.pattern.rfind("/api/", 0) == 0;
    json op;
    op["operationId"] = operation_id(r);
    op["summary"] = r.summary;
    json params = json::array();
    for (std::size_t p = r.pattern.find('{'); p != std::string::npos;
         p = r.pattern.find('{', p + 1)) {
      const auto close = r.pattern.find('}', p);
      params.push_back({{"name", r.pattern.substr(p + 1, close - p - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
    for (const auto& q : r.query) {
      json param = {
          {"name", q.name}, {"in", "query"}, {"required", q.required}, {"schema", q.schema}};
      if (q.schema.contains("description")) param["description"] = q.schema["description"];
      params.push_back(std::move(param));
    }
    if (!params.empty()) op["parameters"] = params;
    if (!r.body_schema.is_null()) {
      op["requestBody"] = {{"required", body_required(r.body_schema)},
                           {"content", {{"application/json", {{"schema", r.body_schema}}}}}};
    } else if (r.method == "POST") {
      op["requestBody"] = {{"required", false},
                           {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    }
    json ok = {{"description", "OK"}};
    if (!r.answer_schema.is_null()) {
      ok["content"] = {{"application/json", {{"schema", r.answer_schema}}}};
    }
    op["responses"] = {{std::to_string(r.success_status), ok},
                       {"400", error_response("bad input; names the field", api)},
                       {"404", error_response("not found (or not yours: the same answer)", api)}};
    if (r.method == "POST") {
      op["responses"]["403"] = error_response("the role may not do this (SEC-2)", api);
      op["responses"]["409"] = error_response("stale expected_version", api);
      op["responses"]["422"] =
          error_response("refused by a rule of the policy; names rule and article", api);
    }
    if (r.public_route) {
      op["security"] = json::array();
    } else {
      op["responses"]["401"] = error_response("not authenticated");
    }
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[r.pattern][method] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "hotline — 12345 政务服务便民热线 API"},
            {"version", version},
            {"description",
             "Every action of the work-order engine, lookups and lists. Times are ISO-8601 with "
             "+08:00. Errors carry the field, or the rule and the article of the regulation. "
             "Enumerations list their Chinese names in x-enum-zh."}}},
          {"servers", json::array({{{"url", "/"}}})},
          {"components",
           {{"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"apiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-Api-Key"}}}}},
            {"schemas", schema::components()}}},
          {"security", json::array({{{"bearer", json::array()}}, {{"apiKey", json::array()}}})},
          {"paths", paths}};
}

}  // namespace hotline::http
