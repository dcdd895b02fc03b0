#pragma once
// The resources of Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2):
// service discovery, services, service definitions with attributes, service
// requests, tokens and errors. Plain data; encode.h writes them as XML (the
// required format) and JSON, decode.h reads POST bodies.

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace hotline::open311 {

enum class Format { kXml, kJson };

// "xml" or "json"; nullopt for anything else.
std::optional<Format> parse_format(std::string_view s);
const char* content_type(Format f);  // "text/xml; charset=utf-8" …

// ---- Service discovery (wiki.open311.org/Service_Discovery) ----
struct Endpoint {
  std::string specification = "http://wiki.open311.org/GeoReport_v2";
  std::string url;
  std::string changeset;
  std::string type = "production";  // production | test
  std::vector<std::string> formats{"text/xml", "application/json"};
};
struct Discovery {
  std::string changeset;
  std::string contact;
  std::string key_service;
  std::vector<Endpoint> endpoints;
};

// ---- GET services / GET services/{code} ----
enum class Datatype { kString, kNumber, kDatetime, kText, kSingleValueList, kMultiValueList };
std::string_view to_string(Datatype d);
std::optional<Datatype> parse_datatype(std::string_view s);

struct AttributeValue {
  std::string key;
  std::string name;
};

// What an attribute's answer fills in a RequestDetails. kDetail appends
// "description：value" to the request's detail text.
enum class AttributeTarget { kDetail, kType, kUrgency, kDistrict, kConfidential, kAnonymous };
std::string_view to_string(AttributeTarget t);
std::optional<AttributeTarget> parse_attribute_target(std::string_view s);

struct Attribute {
  bool variable = true;
  std::string code;
  Datatype datatype = Datatype::kString;
  bool required = false;
  std::string datatype_description;
  int order = 1;
  std::string description;
  std::vector<AttributeValue> values;                 // for the two list datatypes
  AttributeTarget target = AttributeTarget::kDetail;  // ours, not encoded
};

struct Service {
  std::string service_code;
  std::string service_name;
  std::string description;
  bool metadata = false;
  std::string type = "realtime";  // realtime | batch | blackbox
  std::string keywords;           // comma separated
  std::string group;
  // Ours, not encoded: the node of the category tree ("level1/level2")
  // recorded on the request item, and the request type it defaults to.
  std::string category;
  std::string default_request_type = "assistance";  // 求助
  std::vector<Attribute> attributes;                // the service definition
};

// ---- POST requests: what the client sent ----
struct PostedAttribute {
  std::string code;
  std::vector<std::string> values;  // several only for attribute[code][]=…
};

struct PostServiceRequest {
  std::string jurisdiction_id;
  std::string service_code;
  std::optional<double> lat;
  std::optional<double> lon;  // the spec's "long"
  std::string address_string;
  std::string address_id;
  std::string email;
  std::string device_id;
  std::string account_id;
  std::string first_name;
  std::string last_name;
  std::string phone;
  std::string description;
  std::string media_url;
  std::vector<PostedAttribute> attributes;
};

// ---- Responses with service_requests/request ----
struct PostResult {
  std::string service_request_id;  // or token, never both
  std::string token;
  std::string service_notice;
  std::string account_id;
};

struct TokenResult {
  std::string service_request_id;
  std::string token;
};

struct ServiceRequest {
  std::string service_request_id;
  std::string status;  // open | closed
  std::string status_notes;
  std::string service_name;
  std::string service_code;
  std::string description;
  std::string agency_responsible;
  std::string service_notice;
  Instant requested_datetime{};
  Instant updated_datetime{};
  std::optional<Instant> expected_datetime;
  std::string address;
  std::string address_id;
  std::string zipcode;
  std::optional<double> lat;
  std::optional<double> lon;
  std::string media_url;
};

// ---- errors/error ----
struct ApiError {
  int code = 400;  // usually the HTTP status; see docs/open311.md for others
  std::string description;
};

}  // namespace hotline::open311
