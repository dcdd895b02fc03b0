#pragma once
// Small builders for the JSON Schemas the commands declare (OpenAPI 3.0's
// dialect): objects that refuse unknown members, as the readers do; enums
// with their Chinese names ("x-enum-zh"); instants as ISO-8601 date-times.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotline::schema {

using nlohmann::json;

json string(std::string_view description = {}, std::optional<std::size_t> min_length = {});
json boolean(std::string_view description = {});
json integer(std::string_view description = {});
json number(std::string_view description = {});
// `s` or null (OpenAPI 3.0's "nullable"; a $ref is wrapped in allOf).
json nullable(json s);
json instant(std::string_view description = {});         // ISO-8601 with offset
json date(std::string_view description = "YYYY-MM-DD");  // a calendar day
json array_of(json items, std::string_view description = {});
json ref(std::string_view component);  // {"$ref": "#/components/schemas/<component>"}
// An object of `properties` whose `required` members must be present; no others.
json object(const std::vector<std::pair<std::string, json>>& properties,
            const std::vector<std::string>& required = {}, std::string_view description = {});
// Adds the reserved members of every command body: "reason" (recorded on
// the event, unless the command has its own "reason") and "expected_version";
// to each alternative of a oneOf.
json with_reserved(json body);

// The wire names of enum E, in declaration order, with their Chinese names
// where the core has them: {"type": "string", "enum": [...], "x-enum-zh": {...}}.
template <typename E>
json enumeration(std::optional<E> (*parse)(std::string_view), std::string_view description = {}) {
  json values = json::array();
  json zh = json::object();
  for (int i = 0; i < 64; ++i) {
    const auto v = static_cast<E>(i);
    const std::string name(to_string(v));
    const auto back = parse(name);
    if (!back || *back != v) break;
    values.push_back(name);
    if constexpr (requires { to_chinese(v); }) zh[name] = std::string(to_chinese(v));
  }
  json out = {{"type", "string"}, {"enum", values}};
  if (!zh.empty()) out["x-enum-zh"] = zh;
  if (!description.empty()) out["description"] = std::string(description);
  return out;
}

// The same for an enum without a parser: its values up to the first that
// has no wire name.
template <typename E>
json enumeration_of(std::string_view description = {}) {
  json values = json::array();
  json zh = json::object();
  for (int i = 0; i < 64; ++i) {
    const auto v = static_cast<E>(i);
    const std::string name(to_string(v));
    if (name.empty() || name == "?") break;
    values.push_back(name);
    if constexpr (requires { to_chinese(v); }) zh[name] = std::string(to_chinese(v));
  }
  json out = {{"type", "string"}, {"enum", values}};
  if (!zh.empty()) out["x-enum-zh"] = zh;
  if (!description.empty()) out["description"] = std::string(description);
  return out;
}

}  // namespace hotline::schema

namespace hotline::schema {

// "a, b, c": the wire names of enum E, for error messages.
template <typename E>
std::string names(std::optional<E> (*parse)(std::string_view)) {
  std::string out;
  const nlohmann::json schema = enumeration<E>(parse);  // alive while iterating
  for (const auto& v : schema["enum"]) {
    out += (out.empty() ? "" : ", ") + v.template get<std::string>();
  }
  return out;
}

}  // namespace hotline::schema
