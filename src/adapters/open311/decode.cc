#include "adapters/open311/decode.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "core/text.h"

namespace hotline::open311 {
namespace {

Error invalid(const std::string& field, const std::string& message, const std::string& message_zh) {
  return Error::invalid(field, message, message_zh);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes one name or value; '+' is a space.
Result<std::string> unescape(std::string_view text, std::string_view field_for_errors) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      const int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return fail(invalid(std::string(field_for_errors), "malformed %-escape in the form body",
                            "表单编码中的 % 转义无效"));
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// Control characters other than tab and line breaks are never text.
bool has_control(std::string_view s, bool multiline) {
  for (unsigned char c : s) {
    if (c == 0x7F) return true;
    if (c < 0x20) {
      if (c == '\t') continue;
      if (multiline && (c == '\n' || c == '\r')) continue;
      return true;
    }
  }
  return false;
}

Status check_text(const std::string& field, const std::string& value, std::size_t max,
                  bool multiline) {
  if (has_control(value, multiline)) {
    return fail(invalid(field, multiline ? "contains control characters" : "must be a single line",
                        multiline ? "包含控制字符" : "应为单行文本"));
  }
  if (code_points(value) > max) {
    return fail(invalid(field, "longer than " + std::to_string(max) + " characters",
                        "超过" + std::to_string(max) + "个字符"));
  }
  return {};
}

const std::set<std::string, std::less<>> kScalarFields{
    "api_key",        "jurisdiction_id", "service_code", "lat",         "long",
    "address_string", "address_id",      "email",        "device_id",   "account_id",
    "first_name",     "last_name",       "phone",        "description", "media_url",
};

}  // namespace

std::optional<double> parse_decimal(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  const std::size_t int_start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  const bool int_digits = i > int_start;
  bool frac_digits = false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    frac_digits = i > frac_start;
  }
  if (i != text.size() || (!int_digits && !frac_digits) || text.size() > 64) return std::nullopt;
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

Result<std::vector<FormField>> parse_form(std::string_view body) {
  if (body.size() > kMaxFormBytes) {
    return fail(
        invalid("body", "larger than " + std::to_string(kMaxFormBytes) + " bytes", "请求体过大"));
  }
  std::vector<FormField> fields;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view pair = body.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) {
      if (end == body.size()) break;
      continue;
    }
    const std::size_t eq = pair.find('=');
    const std::string_view raw_name = pair.substr(0, eq);
    const std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    auto name = unescape(raw_name, "body");
    if (!name) return fail(name.error());
    if (!is_valid_utf8(*name)) {
      return fail(invalid("body", "a field name is not valid UTF-8", "字段名不是有效的 UTF-8"));
    }
    if (name->empty()) {
      return fail(invalid("body", "a field has no name", "存在没有名称的字段"));
    }
    auto value = unescape(raw_value, *name);
    if (!value) return fail(value.error());
    if (!is_valid_utf8(*value)) {
      return fail(invalid(*name, "not valid UTF-8", "不是有效的 UTF-8 文本"));
    }
    if (fields.size() == kMaxFormFields) {
      return fail(
          invalid("body", "more than " + std::to_string(kMaxFormFields) + " fields", "字段过多"));
    }
    fields.push_back({std::move(*name), std::move(*value)});
    if (end == body.size()) break;
  }
  return fields;
}

Result<PostServiceRequest> decode_post_request(const std::vector<FormField>& fields) {
  PostServiceRequest r;
  std::set<std::string, std::less<>> seen;
  std::set<std::string, std::less<>> scalar_attributes;  // attribute[code] given once
  std::string lat_text, long_text;
  for (const auto& [name, value] : fields) {
    if (name.rfind("attribute[", 0) == 0) {
      // attribute[code] or attribute[code][]
      const std::size_t close = name.find(']', 10);
      if (close == std::string::npos || close == 10) {
        return fail(invalid(name, "write attributes as attribute[code]=value",
                            "属性应写作 attribute[code]=value"));
      }
      const std::string code = name.substr(10, close - 10);
      const std::string rest = name.substr(close + 1);
      if (rest != "" && rest != "[]") {
        return fail(invalid(name,
                            "write attributes as attribute[code]=value or "
                            "attribute[code][]=value",
                            "属性应写作 attribute[code]=value 或 attribute[code][]=value"));
      }
      const std::string field = "attribute[" + code + "]";
      if (auto st = check_text(field, code, 100, false); !st) return fail(st.error());
      if (auto st = check_text(field, value, kMaxDescription, true); !st) return fail(st.error());
      if (value.empty()) continue;  // an empty parameter is an absent one
      auto it = std::find_if(r.attributes.begin(), r.attributes.end(),
                             [&](const PostedAttribute& a) { return a.code == code; });
      if (rest.empty()) {
        if (!scalar_attributes.insert(code).second || it != r.attributes.end()) {
          return fail(invalid(
              field, "given more than once; use attribute[" + code + "][]=value for several values",
              "重复提交；多个取值请使用 attribute[" + code + "][]"));
        }
      } else if (scalar_attributes.count(code)) {
        return fail(invalid(field, "given both as a single value and as a list",
                            "同时以单值和多值形式提交"));
      }
      if (it == r.attributes.end()) {
        r.attributes.push_back({code, {value}});
      } else {
        it->values.push_back(value);
      }
      continue;
    }
    if (!kScalarFields.count(name)) {
      return fail(invalid(name, "not an argument of POST Service Request",
                          "不是 POST Service Request 的参数"));
    }
    if (!seen.insert(name).second) {
      return fail(invalid(name, "given more than once", "重复提交"));
    }
    const bool multiline = name == "description";
    const std::size_t max = name == "description" ? kMaxDescription
                            : name == "media_url" ? 2000
                                                  : 500;
    if (auto st = check_text(name, value, max, multiline); !st) return fail(st.error());
    if (name == "api_key") continue;
    if (name == "jurisdiction_id") r.jurisdiction_id = value;
    if (name == "service_code") r.service_code = value;
    if (name == "lat") lat_text = value;
    if (name == "long") long_text = value;
    if (name == "address_string") r.address_string = value;
    if (name == "address_id") r.address_id = value;
    if (name == "email") r.email = value;
    if (name == "device_id") r.device_id = value;
    if (name == "account_id") r.account_id = value;
    if (name == "first_name") r.first_name = value;
    if (name == "last_name") r.last_name = value;
    if (name == "phone") r.phone = value;
    if (name == "description") r.description = value;
    if (name == "media_url") r.media_url = value;
  }
  if (trim(r.service_code).empty()) {
    return fail(invalid("service_code", "was not provided", "未提供"));
  }
  if (!lat_text.empty() || !long_text.empty()) {
    if (lat_text.empty()) {
      return fail(invalid("lat", "lat and long are sent together", "lat 与 long 须同时提供"));
    }
    if (long_text.empty()) {
      return fail(invalid("long", "lat and long are sent together", "lat 与 long 须同时提供"));
    }
    r.lat = parse_decimal(lat_text);
    if (!r.lat || *r.lat < -90 || *r.lat > 90) {
      return fail(invalid("lat", "must be a WGS84 latitude between -90 and 90",
                          "应为 -90 到 90 之间的 WGS84 纬度"));
    }
    r.lon = parse_decimal(long_text);
    if (!r.lon || *r.lon < -180 || *r.lon > 180) {
      return fail(invalid("long", "must be a WGS84 longitude between -180 and 180",
                          "应为 -180 到 180 之间的 WGS84 经度"));
    }
  }
  if (!r.lat && trim(r.address_string).empty() && trim(r.address_id).empty()) {
    return fail(invalid("lat", "a location is required: lat & long, address_string or address_id",
                        "须提供位置：lat 与 long、address_string 或 address_id 之一"));
  }
  if (!r.email.empty()) {
    const std::size_t at = r.email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == r.email.size() ||
        r.email.find('@', at + 1) != std::string::npos ||
        r.email.find_first_of(" \t") != std::string::npos) {
      return fail(invalid("email", "not an email address", "不是有效的电子邮箱地址"));
    }
  }
  if (!r.media_url.empty() && r.media_url.rfind("http://", 0) != 0 &&
      r.media_url.rfind("https://", 0) != 0) {
    return fail(invalid("media_url", "must be an http:// or https:// URL",
                        "应为 http:// 或 https:// 开头的网址"));
  }
  return r;
}

Result<PostServiceRequest> decode_post_body(std::string_view body) {
  auto fields = parse_form(body);
  if (!fields) return fail(fields.error());
  return decode_post_request(*fields);
}

std::string canonical_form(std::vector<FormField> fields) {
  fields.erase(std::remove_if(fields.begin(), fields.end(),
                              [](const FormField& f) { return f.name == "api_key"; }),
               fields.end());
  // Stable: the values of attribute[code][] keep their order.
  std::stable_sort(fields.begin(), fields.end(),
                   [](const FormField& a, const FormField& b) { return a.name < b.name; });
  std::string out;
  for (const auto& f : fields) {
    out += std::to_string(f.name.size());
    out += ':';
    out += f.name;
    out += std::to_string(f.value.size());
    out += ':';
    out += f.value;
    out += '\n';
  }
  return out;
}

}  // namespace hotline::open311
