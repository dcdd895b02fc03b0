#include "adapters/open311/catalog.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "adapters/json/json_reader.h"
#include "core/text.h"

namespace hotline::open311 {
namespace {

using nlohmann::json;

bool valid_code(std::string_view code) {
  if (code.empty() || code.size() > 64) return false;
  for (char c : code) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Error file_error(std::string_view file, const std::string& path, const std::string& message,
                 const std::string& message_zh) {
  Error e = Error::invalid(std::string(file) + ": " + path, message, message_zh);
  e.code = ErrorCode::kPolicyInvalid;
  return e;
}

// Adds the file name to an error found by a JsonReader.
Error in_file(std::string_view file, Error e) {
  e.code = ErrorCode::kPolicyInvalid;
  e.field = std::string(file) + ": " + e.field;
  e.message = std::string(file) + ": " + e.message;
  e.message_zh = std::string(file) + ": " + e.message_zh;
  return e;
}

Result<Attribute> read_attribute(const json& j, const std::string& path, std::string_view file) {
  JsonReader r(j, path);
  Attribute a;
  a.code = r.string("code", true);
  a.variable = r.boolean("variable", true);
  const std::string datatype = r.string("datatype", true);
  a.required = r.boolean("required", false);
  a.datatype_description = r.string("datatype_description");
  a.order = static_cast<int>(r.integer("order").value_or(1));
  a.description = r.string("description", true);
  const std::string target = r.string("maps_to");
  if (const json* values = r.array("values")) {
    for (std::size_t i = 0; i < values->size(); ++i) {
      JsonReader v((*values)[i], path + ".values[" + std::to_string(i) + "]");
      AttributeValue value{v.string("key", true), v.string("name", true)};
      if (auto st = v.finish(); !st) return fail(in_file(file, st.error()));
      a.values.push_back(std::move(value));
    }
  }
  if (auto st = r.finish(); !st) return fail(in_file(file, st.error()));
  if (!valid_code(a.code)) {
    return fail(file_error(file, path + ".code", "use ASCII letters, digits, - and _",
                           "只能使用 ASCII 字母、数字、- 和 _"));
  }
  auto dt = parse_datatype(datatype);
  if (!dt) {
    return fail(file_error(file, path + ".datatype",
                           "one of string, number, datetime, text, singlevaluelist, "
                           "multivaluelist",
                           "取值无效"));
  }
  a.datatype = *dt;
  if (a.order < 1) {
    return fail(file_error(file, path + ".order", "a positive integer", "应为正整数"));
  }
  const bool list =
      a.datatype == Datatype::kSingleValueList || a.datatype == Datatype::kMultiValueList;
  if (list == a.values.empty()) {
    return fail(
        file_error(file, path + ".values",
                   list ? "a list datatype needs values" : "only list datatypes have values",
                   list ? "列表类型须列出取值" : "只有列表类型才有取值"));
  }
  std::set<std::string> keys;
  for (const auto& v : a.values) {
    if (!keys.insert(v.key).second || v.key.empty()) {
      return fail(file_error(file, path + ".values", "key '" + v.key + "' is empty or repeated",
                             "取值键为空或重复"));
    }
  }
  if (!target.empty()) {
    auto t = parse_attribute_target(target);
    if (!t) {
      return fail(file_error(file, path + ".maps_to",
                             "one of detail, type, urgency, district, confidential, anonymous",
                             "取值无效"));
    }
    a.target = *t;
  }
  if (a.target != AttributeTarget::kDetail) {
    if (a.datatype != Datatype::kSingleValueList) {
      return fail(file_error(file, path + ".datatype",
                             "an attribute that maps to " + target + " is a singlevaluelist",
                             "映射到 " + target + " 的属性应为 singlevaluelist"));
    }
    for (const auto& v : a.values) {
      bool ok = true;
      if (a.target == AttributeTarget::kType) ok = parse_request_type(v.key).has_value();
      if (a.target == AttributeTarget::kUrgency) ok = parse_urgency(v.key).has_value();
      if (a.target == AttributeTarget::kConfidential || a.target == AttributeTarget::kAnonymous) {
        ok = v.key == "true" || v.key == "false";
      }
      if (!ok) {
        return fail(file_error(file, path + ".values",
                               "key '" + v.key + "' is not a value of " + target,
                               "取值键不是有效的 " + target));
      }
    }
  }
  return a;
}

}  // namespace

const Service* Catalog::find(std::string_view code) const {
  for (const auto& s : services) {
    if (s.service_code == code) return &s;
  }
  return nullptr;
}

const Service* Catalog::find_by_category(std::string_view category) const {
  for (const auto& s : services) {
    if (s.category.empty()) continue;
    if (category == s.category || (category.size() > s.category.size() &&
                                   category.substr(0, s.category.size()) == s.category &&
                                   category[s.category.size()] == '/')) {
      return &s;
    }
  }
  return nullptr;
}

Channel Catalog::channel_for(std::string_view principal) const {
  auto it = channels.find(principal);
  return it == channels.end() ? default_channel : it->second;
}

Result<Catalog> parse_catalog(std::string_view json_text, std::string_view file) {
  auto parsed = parse_json(json_text);
  if (!parsed) return fail(in_file(file, parsed.error()));
  const json& root = *parsed;
  JsonReader r(root, "");
  Catalog c;
  c.jurisdiction_id = r.string("jurisdiction_id", true);
  if (const json* d = r.object("discovery", true)) {
    JsonReader dr(*d, "discovery");
    c.discovery.changeset = dr.string("changeset", true);
    c.discovery.contact = dr.string("contact", true);
    c.discovery.key_service = dr.string("key_service", true);
    if (const json* endpoints = dr.array("endpoints", true)) {
      for (std::size_t i = 0; i < endpoints->size(); ++i) {
        JsonReader er((*endpoints)[i], "discovery.endpoints[" + std::to_string(i) + "]");
        Endpoint e;
        e.url = er.string("url", true);
        e.changeset = er.string("changeset", true);
        e.type = er.string("type", true);
        if (e.type != "production" && e.type != "test") {
          er.error("type", "production or test", "应为 production 或 test");
        }
        dr.adopt(er.finish());
        c.discovery.endpoints.push_back(std::move(e));
      }
    }
    r.adopt(dr.finish());
  }
  const std::string default_channel = r.string("default_channel");
  if (!default_channel.empty()) {
    auto ch = parse_channel(default_channel);
    if (!ch) r.error("default_channel", "not a channel of INT-1", "不是有效的渠道");
    if (ch) c.default_channel = *ch;
  }
  if (const json* channels = r.object("channels")) {
    for (const auto& [client, value] : channels->items()) {
      std::optional<Channel> ch;
      if (value.is_string()) ch = parse_channel(value.get<std::string>());
      if (!ch) {
        r.error("channels", "the channel of " + client + " is not a channel of INT-1",
                "渠道无效：" + client);
        break;
      }
      c.channels.emplace(client, *ch);
    }
  }
  std::map<std::string, Attribute, std::less<>> shared;
  if (const json* attributes = r.object("attributes")) {
    for (const auto& [id, value] : attributes->items()) {
      auto a = read_attribute(value, "attributes." + id, file);
      if (!a) return fail(a.error());
      shared.emplace(id, std::move(*a));
    }
  }
  const json* services = r.array("services", true);
  if (auto st = r.finish(); !st) return fail(in_file(file, st.error()));

  std::set<std::string> codes;
  for (std::size_t i = 0; services && i < services->size(); ++i) {
    const std::string path = "services[" + std::to_string(i) + "]";
    JsonReader sr((*services)[i], path);
    Service s;
    s.service_code = sr.string("service_code", true);
    s.service_name = sr.string("service_name", true);
    s.description = sr.string("description");
    s.group = sr.string("group", true);
    s.category = sr.string("category", true);
    std::string keywords;
    for (const auto& k : sr.strings("keywords")) {
      if (!keywords.empty()) keywords += ", ";
      keywords += k;
    }
    s.keywords = keywords;
    const std::string type = sr.string("request_type");
    if (!type.empty()) s.default_request_type = type;
    const auto attribute_ids = sr.strings("attributes");
    if (auto st = sr.finish(); !st) return fail(in_file(file, st.error()));
    if (!valid_code(s.service_code)) {
      return fail(file_error(file, path + ".service_code", "use ASCII letters, digits, - and _",
                             "只能使用 ASCII 字母、数字、- 和 _"));
    }
    if (!codes.insert(s.service_code).second) {
      return fail(file_error(file, path + ".service_code", "repeats " + s.service_code,
                             "服务代码重复：" + s.service_code));
    }
    if (!is_valid_utf8(s.service_name) || trim(s.service_name).empty()) {
      return fail(file_error(file, path + ".service_name", "required", "必填"));
    }
    if (!parse_request_type(s.default_request_type)) {
      return fail(file_error(file, path + ".request_type", "not a request type of TYP-1",
                             "不是有效的诉求类型"));
    }
    std::set<std::string> attribute_codes;
    std::set<int> orders;
    for (const auto& id : attribute_ids) {
      auto it = shared.find(id);
      if (it == shared.end()) {
        return fail(file_error(file, path + ".attributes", "no attribute '" + id + "' defined",
                               "未定义属性：" + id));
      }
      if (!attribute_codes.insert(it->second.code).second ||
          !orders.insert(it->second.order).second) {
        return fail(file_error(file, path + ".attributes",
                               "attribute codes and orders must be unique within a service",
                               "同一服务的属性代码和顺序不得重复"));
      }
      s.attributes.push_back(it->second);
    }
    std::sort(s.attributes.begin(), s.attributes.end(),
              [](const Attribute& a, const Attribute& b) { return a.order < b.order; });
    s.metadata = !s.attributes.empty();
    c.services.push_back(std::move(s));
  }
  if (c.services.empty()) {
    return fail(file_error(file, "services", "at least one service", "至少需要一个服务"));
  }
  return c;
}

Result<Catalog> load_catalog(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    Error e = Error::invalid(file.string(), "cannot read the file", "无法读取文件");
    e.code = ErrorCode::kPolicyInvalid;
    return fail(e);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_catalog(text.str(), file.filename().string());
}

Status check_catalog(const Catalog& catalog, const Organisation& organisation) {
  for (const auto& s : catalog.services) {
    for (const auto& a : s.attributes) {
      if (a.target != AttributeTarget::kDistrict) continue;
      for (const auto& v : a.values) {
        const Unit* u = organisation.find(v.key);
        if (!u || u->kind != UnitKind::kDistrictGovernment) {
          Error e = Error::invalid("services." + s.service_code + ".attributes." + a.code,
                                   v.key + " is not a district of the organisation",
                                   v.key + " 不是组织中的区");
          e.code = ErrorCode::kPolicyInvalid;
          return fail(e);
        }
      }
    }
  }
  return {};
}

}  // namespace hotline::open311
