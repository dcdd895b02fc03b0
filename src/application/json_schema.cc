#include "application/json_schema.h"

namespace hotline::schema {
namespace {

json described(json s, std::string_view description) {
  if (!description.empty()) s["description"] = std::string(description);
  return s;
}

}  // namespace

json string(std::string_view description, std::optional<std::size_t> min_length) {
  json s = {{"type", "string"}};
  if (min_length) s["minLength"] = *min_length;
  return described(std::move(s), description);
}

json boolean(std::string_view description) { return described({{"type", "boolean"}}, description); }

json integer(std::string_view description) { return described({{"type", "integer"}}, description); }

json number(std::string_view description) { return described({{"type", "number"}}, description); }

json nullable(json s) {
  if (s.contains("$ref")) return {{"nullable", true}, {"allOf", json::array({std::move(s)})}};
  s["nullable"] = true;
  return s;
}

json instant(std::string_view description) {
  return described(
      {{"type", "string"}, {"format", "date-time"}},
      description.empty() ? "ISO-8601 with offset, e.g. 2026-03-02T09:00:00+08:00" : description);
}

json date(std::string_view description) {
  return described({{"type", "string"}, {"format", "date"}}, description);
}

json array_of(json items, std::string_view description) {
  return described({{"type", "array"}, {"items", std::move(items)}}, description);
}

json ref(std::string_view component) {
  return {{"$ref", "#/components/schemas/" + std::string(component)}};
}

json object(const std::vector<std::pair<std::string, json>>& properties,
            const std::vector<std::string>& required, std::string_view description) {
  json props = json::object();
  for (const auto& [name, s] : properties) props[name] = s;
  json out = {
      {"type", "object"}, {"properties", std::move(props)}, {"additionalProperties", false}};
  if (!required.empty()) out["required"] = required;
  return described(std::move(out), description);
}

json with_reserved(json body) {
  if (body.contains("oneOf")) {
    for (auto& alternative : body["oneOf"]) alternative = with_reserved(std::move(alternative));
    return body;
  }
  json& props = body["properties"];
  if (!props.contains("reason")) {
    props["reason"] = string("why, recorded on the event (e.g. the applicant's words)");
  }
  props["expected_version"] =
      integer("the version the caller saw; another current version answers 409");
  return body;
}

}  // namespace hotline::schema
