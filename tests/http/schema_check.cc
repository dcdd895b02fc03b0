#include "http/schema_check.h"

#include <algorithm>
#include <regex>

namespace hotline::testing {
namespace {

using json = nlohmann::json;

class Checker {
 public:
  explicit Checker(const json& document) : document_(document) {}

  void check(const json& v, const json& s, const std::string& at) {
    if (s.contains("$ref")) {
      const std::string ref = s["$ref"];
      const std::string prefix = "#/components/schemas/";
      const json* target = nullptr;
      if (ref.rfind(prefix, 0) == 0) {
        const auto& schemas = document_["components"]["schemas"];
        if (schemas.contains(ref.substr(prefix.size()))) {
          target = &schemas[ref.substr(prefix.size())];
        }
      }
      if (!target) return error(at, "unresolved $ref " + ref);
      return check(v, *target, at);
    }
    if (v.is_null() && s.value("nullable", false)) return;
    if (s.contains("allOf")) {
      for (const auto& part : s["allOf"]) check(v, part, at);
    }
    if (s.contains("oneOf")) {
      int matches = 0;
      for (const auto& alternative : s["oneOf"]) {
        Checker probe(document_);
        probe.check(v, alternative, at);
        if (probe.errors.empty()) ++matches;
      }
      if (matches != 1) {
        error(at, "matches " + std::to_string(matches) + " alternatives of oneOf, not 1");
      }
    }
    if (s.contains("type") && !has_type(v, s["type"].get<std::string>())) {
      return error(at, "expected " + s["type"].get<std::string>() + ", got " + v.dump());
    }
    if (s.contains("enum")) {
      bool found = false;
      for (const auto& e : s["enum"]) found = found || e == v;
      if (!found) error(at, v.dump() + " is not one of " + s["enum"].dump());
    }
    if (v.is_string()) {
      const auto text = v.get<std::string>();
      if (s.contains("minLength") && text.size() < s["minLength"].get<std::size_t>()) {
        error(at, "shorter than " + s["minLength"].dump());
      }
      static const std::regex kDateTime(
          R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)");
      if (s.value("format", "") == "date-time" && !std::regex_match(text, kDateTime)) {
        error(at, "not an ISO-8601 date-time: " + text);
      }
    }
    if (v.is_number()) {
      if (s.contains("minimum") && v.get<double>() < s["minimum"].get<double>()) {
        error(at, "below the minimum " + s["minimum"].dump());
      }
      if (s.contains("maximum") && v.get<double>() > s["maximum"].get<double>()) {
        error(at, "above the maximum " + s["maximum"].dump());
      }
    }
    if (v.is_object()) {
      const json properties = s.value("properties", json::object());
      for (const auto& name : s.value("required", json::array())) {
        if (!v.contains(name.get<std::string>())) error(at, "required member " + name.dump());
      }
      for (const auto& [name, member] : v.items()) {
        const std::string path = at + "." + name;
        if (properties.contains(name)) {
          check(member, properties[name], path);
        } else if (s.contains("additionalProperties")) {
          const json& extra = s["additionalProperties"];
          if (extra.is_boolean() && !extra.get<bool>()) {
            error(path, "not a member the schema allows");
          } else if (extra.is_object()) {
            check(member, extra, path);
          }
        }
      }
    }
    if (v.is_array() && s.contains("items")) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        check(v[i], s["items"], at + "[" + std::to_string(i) + "]");
      }
    }
  }

  std::vector<std::string> errors;

 private:
  static bool has_type(const json& v, const std::string& type) {
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "string") return v.is_string();
    if (type == "integer") return v.is_number_integer();
    if (type == "number") return v.is_number();
    if (type == "boolean") return v.is_boolean();
    return false;
  }
  void error(const std::string& at, const std::string& what) { errors.push_back(at + ": " + what); }

  const json& document_;
};

// Does the template "/a/{x}/b" match the path "/a/1/b"?
bool path_matches(const std::string& pattern, const std::string& path) {
  std::string re;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      i = pattern.find('}', i);
      re += "[^/]+";
    } else if (std::string("\\^$.|?*+()[]").find(pattern[i]) != std::string::npos) {
      re += std::string("\\") + pattern[i];
    } else {
      re += pattern[i];
    }
  }
  return std::regex_match(path, std::regex(re));
}

}  // namespace

std::vector<std::string> schema_errors(const json& instance, const json& schema,
                                       const json& document) {
  Checker c(document);
  c.check(instance, schema, "$");
  return c.errors;
}

Traffic& traffic() {
  static Traffic t;
  return t;
}

std::vector<std::string> exchange_errors(const Exchange& e, const json& document) {
  std::vector<std::string> out;
  const std::string path = e.target.substr(0, e.target.find('?'));
  // Our schemas describe /api/; Open311 speaks GeoReport v2 (forms, XML, its errors).
  if (path.rfind("/api/", 0) != 0) return out;
  std::string method = e.method;
  for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // The most specific template first: a literal segment beats a parameter.
  const json* op = nullptr;
  std::size_t best = 0;
  for (const auto& [pattern, item] : document["paths"].items()) {
    if (!item.contains(method) || !path_matches(pattern, path)) continue;
    // Characters outside the {parameters}: "/clusters/hot" beats "/clusters/{number}".
    std::size_t literal = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] != '{') {
        ++literal;
      } else if ((i = pattern.find('}', i)) == std::string::npos) {
        break;
      }
    }
    if (!op || literal > best) {
      op = &item[method];
      best = literal;
    }
  }
  if (!op) return out;  // not an operation of the document (another test checks coverage)
  const std::string where = e.method + " " + e.target + " → " + std::to_string(e.status);
  if (e.status >= 200 && e.status < 300 && !e.request_body.empty() && op->contains("requestBody")) {
    const json& content = (*op)["requestBody"]["content"];
    if (content.contains("application/json")) {
      const json body = json::parse(e.request_body, nullptr, false);
      for (const auto& err : schema_errors(body, content["application/json"]["schema"], document)) {
        out.push_back(where + " request " + err);
      }
    }
  }
  const std::string status = std::to_string(e.status);
  if (e.content_type.rfind("application/json", 0) == 0 && (*op)["responses"].contains(status)) {
    const json& response = (*op)["responses"][status];
    if (response.contains("content") && response["content"].contains("application/json")) {
      const json body = json::parse(e.response_body, nullptr, false);
      for (const auto& err :
           schema_errors(body, response["content"]["application/json"]["schema"], document)) {
        out.push_back(where + " answer " + err);
      }
    }
  }
  return out;
}

}  // namespace hotline::testing
