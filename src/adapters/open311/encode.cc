#include "adapters/open311/encode.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "core/time.h"

namespace hotline::open311 {
namespace {

using nlohmann::json;

constexpr const char* kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

class XmlWriter {
 public:
  XmlWriter() { out_ = kXmlDeclaration; }
  void open(const char* name) {
    indent();
    out_ += '<';
    out_ += name;
    out_ += ">\n";
    ++depth_;
  }
  void close(const char* name) {
    --depth_;
    indent();
    out_ += "</";
    out_ += name;
    out_ += ">\n";
  }
  void leaf(const char* name, std::string_view text) {
    indent();
    if (text.empty()) {
      out_ += '<';
      out_ += name;
      out_ += "/>\n";
      return;
    }
    out_ += '<';
    out_ += name;
    out_ += '>';
    out_ += xml_escape(text);
    out_ += "</";
    out_ += name;
    out_ += ">\n";
  }
  void flag(const char* name, bool value) {
    leaf(name, std::string_view(value ? "true" : "false"));
  }
  std::string take() { return std::move(out_); }

 private:
  void indent() { out_.append(static_cast<std::size_t>(depth_) * 2, ' '); }
  std::string out_;
  int depth_ = 0;
};

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

std::string dump(const json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string instant_text(Instant t) { return format_iso8601(t); }

}  // namespace

std::optional<Format> parse_format(std::string_view s) {
  if (s == "xml") return Format::kXml;
  if (s == "json") return Format::kJson;
  return std::nullopt;
}

const char* content_type(Format f) {
  return f == Format::kXml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t len = utf8_sequence(text, i, cp);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    const bool allowed =
        cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
    if (!allowed) {
      out += kReplacement;
    } else if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '"') {
      out += "&quot;";
    } else if (cp == '\'') {
      out += "&apos;";
    } else if (cp == 0xD) {
      out += "&#13;";  // kept through XML end-of-line normalisation
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string format_coordinate(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return {};
  return std::string(buf, end);
}

std::string_view to_string(Datatype d) {
  switch (d) {
    case Datatype::kString:
      return "string";
    case Datatype::kNumber:
      return "number";
    case Datatype::kDatetime:
      return "datetime";
    case Datatype::kText:
      return "text";
    case Datatype::kSingleValueList:
      return "singlevaluelist";
    case Datatype::kMultiValueList:
      return "multivaluelist";
  }
  return "string";
}

std::optional<Datatype> parse_datatype(std::string_view s) {
  for (Datatype d : {Datatype::kString, Datatype::kNumber, Datatype::kDatetime, Datatype::kText,
                     Datatype::kSingleValueList, Datatype::kMultiValueList}) {
    if (to_string(d) == s) return d;
  }
  return std::nullopt;
}

std::string_view to_string(AttributeTarget t) {
  switch (t) {
    case AttributeTarget::kDetail:
      return "detail";
    case AttributeTarget::kType:
      return "type";
    case AttributeTarget::kUrgency:
      return "urgency";
    case AttributeTarget::kDistrict:
      return "district";
    case AttributeTarget::kConfidential:
      return "confidential";
    case AttributeTarget::kAnonymous:
      return "anonymous";
  }
  return "detail";
}

std::optional<AttributeTarget> parse_attribute_target(std::string_view s) {
  for (AttributeTarget t :
       {AttributeTarget::kDetail, AttributeTarget::kType, AttributeTarget::kUrgency,
        AttributeTarget::kDistrict, AttributeTarget::kConfidential, AttributeTarget::kAnonymous}) {
    if (to_string(t) == s) return t;
  }
  return std::nullopt;
}

std::string encode_discovery(const Discovery& d, Format f) {
  if (f == Format::kJson) {
    json j{{"changeset", d.changeset},
           {"contact", d.contact},
           {"key_service", d.key_service},
           {"endpoints", json::array()}};
    for (const auto& e : d.endpoints) {
      j["endpoints"].push_back({{"specification", e.specification},
                                {"url", e.url},
                                {"changeset", e.changeset},
                                {"type", e.type},
                                {"formats", e.formats}});
    }
    return dump(j);
  }
  XmlWriter w;
  w.open("discovery");
  w.leaf("changeset", d.changeset);
  w.leaf("contact", d.contact);
  w.leaf("key_service", d.key_service);
  w.open("endpoints");
  for (const auto& e : d.endpoints) {
    w.open("endpoint");
    w.leaf("specification", e.specification);
    w.leaf("url", e.url);
    w.leaf("changeset", e.changeset);
    w.leaf("type", e.type);
    w.open("formats");
    for (const auto& format : e.formats) w.leaf("format", format);
    w.close("formats");
    w.close("endpoint");
  }
  w.close("endpoints");
  w.close("discovery");
  return w.take();
}

std::string encode_services(const std::vector<const Service*>& services, Format f) {
  if (f == Format::kJson) {
    json j = json::array();
    for (const Service* s : services) {
      j.push_back({{"service_code", s->service_code},
                   {"service_name", s->service_name},
                   {"description", text_or_null(s->description)},
                   {"metadata", s->metadata},
                   {"type", s->type},
                   {"keywords", text_or_null(s->keywords)},
                   {"group", text_or_null(s->group)}});
    }
    return dump(j);
  }
  XmlWriter w;
  w.open("services");
  for (const Service* s : services) {
    w.open("service");
    w.leaf("service_code", s->service_code);
    w.leaf("service_name", s->service_name);
    w.leaf("description", s->description);
    w.flag("metadata", s->metadata);
    w.leaf("type", s->type);
    w.leaf("keywords", s->keywords);
    w.leaf("group", s->group);
    w.close("service");
  }
  w.close("services");
  return w.take();
}

std::string encode_service_definition(const Service& s, Format f) {
  if (f == Format::kJson) {
    json attributes = json::array();
    for (const auto& a : s.attributes) {
      json values = json::array();
      for (const auto& v : a.values) values.push_back({{"key", v.key}, {"name", v.name}});
      attributes.push_back({{"variable", a.variable},
                            {"code", a.code},
                            {"datatype", std::string(to_string(a.datatype))},
                            {"required", a.required},
                            {"datatype_description", text_or_null(a.datatype_description)},
                            {"order", a.order},
                            {"description", a.description},
                            {"values", values}});
    }
    return dump(json{{"service_code", s.service_code}, {"attributes", attributes}});
  }
  XmlWriter w;
  w.open("service_definition");
  w.leaf("service_code", s.service_code);
  w.open("attributes");
  for (const auto& a : s.attributes) {
    w.open("attribute");
    w.flag("variable", a.variable);
    w.leaf("code", a.code);
    w.leaf("datatype", to_string(a.datatype));
    w.flag("required", a.required);
    w.leaf("datatype_description", a.datatype_description);
    w.leaf("order", std::to_string(a.order));
    w.leaf("description", a.description);
    w.open("values");
    for (const auto& v : a.values) {
      w.open("value");
      w.leaf("key", v.key);
      w.leaf("name", v.name);
      w.close("value");
    }
    w.close("values");
    w.close("attribute");
  }
  w.close("attributes");
  w.close("service_definition");
  return w.take();
}

std::string encode_post_results(const std::vector<PostResult>& results, Format f) {
  if (f == Format::kJson) {
    json j = json::array();
    for (const auto& r : results) {
      json item = json::object();
      // The spec: service_request_id or token, never both.
      if (!r.service_request_id.empty()) {
        item["service_request_id"] = r.service_request_id;
      } else {
        item["token"] = r.token;
      }
      item["service_notice"] = text_or_null(r.service_notice);
      item["account_id"] = text_or_null(r.account_id);
      j.push_back(std::move(item));
    }
    return dump(j);
  }
  XmlWriter w;
  w.open("service_requests");
  for (const auto& r : results) {
    w.open("request");
    if (!r.service_request_id.empty()) {
      w.leaf("service_request_id", r.service_request_id);
    } else {
      w.leaf("token", r.token);
    }
    w.leaf("service_notice", r.service_notice);
    w.leaf("account_id", r.account_id);
    w.close("request");
  }
  w.close("service_requests");
  return w.take();
}

std::string encode_tokens(const std::vector<TokenResult>& tokens, Format f) {
  if (f == Format::kJson) {
    json j = json::array();
    for (const auto& t : tokens) {
      j.push_back({{"service_request_id", text_or_null(t.service_request_id)}, {"token", t.token}});
    }
    return dump(j);
  }
  XmlWriter w;
  w.open("service_requests");
  for (const auto& t : tokens) {
    w.open("request");
    w.leaf("service_request_id", t.service_request_id);
    w.leaf("token", t.token);
    w.close("request");
  }
  w.close("service_requests");
  return w.take();
}

std::string encode_service_requests(const std::vector<ServiceRequest>& requests, Format f) {
  auto coordinate = [](const std::optional<double>& v) {
    return v ? format_coordinate(*v) : std::string();
  };
  if (f == Format::kJson) {
    json j = json::array();
    for (const auto& r : requests) {
      json item{{"service_request_id", r.service_request_id},
                {"status", r.status},
                {"status_notes", text_or_null(r.status_notes)},
                {"service_name", text_or_null(r.service_name)},
                {"service_code", text_or_null(r.service_code)},
                {"description", text_or_null(r.description)},
                {"agency_responsible", text_or_null(r.agency_responsible)},
                {"service_notice", text_or_null(r.service_notice)},
                {"requested_datetime", instant_text(r.requested_datetime)},
                {"updated_datetime", instant_text(r.updated_datetime)},
                {"expected_datetime",
                 r.expected_datetime ? json(instant_text(*r.expected_datetime)) : json(nullptr)},
                {"address", text_or_null(r.address)},
                {"address_id", text_or_null(r.address_id)},
                {"zipcode", text_or_null(r.zipcode)},
                {"lat", r.lat ? json(*r.lat) : json(nullptr)},
                {"long", r.lon ? json(*r.lon) : json(nullptr)},
                {"media_url", text_or_null(r.media_url)}};
      j.push_back(std::move(item));
    }
    return dump(j);
  }
  XmlWriter w;
  w.open("service_requests");
  for (const auto& r : requests) {
    w.open("request");
    w.leaf("service_request_id", r.service_request_id);
    w.leaf("status", r.status);
    w.leaf("status_notes", r.status_notes);
    w.leaf("service_name", r.service_name);
    w.leaf("service_code", r.service_code);
    w.leaf("description", r.description);
    w.leaf("agency_responsible", r.agency_responsible);
    w.leaf("service_notice", r.service_notice);
    w.leaf("requested_datetime", instant_text(r.requested_datetime));
    w.leaf("updated_datetime", instant_text(r.updated_datetime));
    w.leaf("expected_datetime",
           r.expected_datetime ? instant_text(*r.expected_datetime) : std::string());
    w.leaf("address", r.address);
    w.leaf("address_id", r.address_id);
    w.leaf("zipcode", r.zipcode);
    w.leaf("lat", coordinate(r.lat));
    w.leaf("long", coordinate(r.lon));
    w.leaf("media_url", r.media_url);
    w.close("request");
  }
  w.close("service_requests");
  return w.take();
}

std::string encode_errors(const std::vector<ApiError>& errors, Format f) {
  if (f == Format::kJson) {
    json j = json::array();
    for (const auto& e : errors) j.push_back({{"code", e.code}, {"description", e.description}});
    return dump(j);
  }
  XmlWriter w;
  w.open("errors");
  for (const auto& e : errors) {
    w.open("error");
    w.leaf("code", std::to_string(e.code));
    w.leaf("description", e.description);
    w.close("error");
  }
  w.close("errors");
  return w.take();
}

}  // namespace hotline::open311
