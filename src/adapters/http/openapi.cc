#include "adapters/http/openapi.h"

#include <cctype>

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

json error_schema() {
  return {
      {"type", "object"},
      {"required", {"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"properties",
           {{"code", {{"type", "string"}}},
            {"message", {{"type", "string"}}},
            {"message_zh", {{"type", "string"}}},
            {"field", {{"type", "string"}}},
            {"rule", {{"type", "string"}, {"description", "SPEC rule, e.g. EXT-1"}}},
            {"article", {{"type", "string"}, {"description", "article applied, e.g. R12"}}}}}}}}}};
}

}  // namespace

json openapi_document(const Router& router, const std::string& version) {
  json paths = json::object();
  for (const auto& r : router.routes()) {
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
    if (!params.empty()) op["parameters"] = params;
    if (r.method == "POST") {
      op["requestBody"] = {
          {"required", false},
          {"content",
           {{"application/json",
             {{"schema",
               {{"type", "object"},
                {"description",
                 "the action's arguments; reserved members: reason (string, recorded on the "
                 "event), expected_version (integer, 409 when stale)"},
                {"properties",
                 {{"reason", {{"type", "string"}}},
                  {"expected_version", {{"type", "integer"}}}}}}}}}}}};
    }
    op["responses"] = {
        {"200", {{"description", "OK"}}},
        {"400",
         {{"description", "bad input; names the field"},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}},
        {"401", {{"description", "not authenticated"}}},
        {"403", {{"description", "the role may not do this (SEC-2)"}}},
        {"404", {{"description", "not found"}}},
        {"409", {{"description", "stale expected_version"}}},
        {"422",
         {{"description", "refused by a rule of the policy; names rule and article"},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}};
    if (r.public_route) {
      op["security"] = json::array();
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
             "+08:00. Errors carry the field, or the rule and the article of the regulation."}}},
          {"servers", json::array({{{"url", "/"}}})},
          {"components",
           {{"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"apiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-Api-Key"}}}}},
            {"schemas", {{"Error", error_schema()}}}}},
          {"security", json::array({{{"bearer", json::array()}}, {{"apiKey", json::array()}}})},
          {"paths", paths}};
}

}  // namespace hotline::http
