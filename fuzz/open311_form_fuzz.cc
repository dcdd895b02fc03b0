// Fuzz target for what Open311 clients send (adapters/open311/decode.h,
// query.h, w3c_time.h): the input is a POST Service Request body
// (application/x-www-form-urlencoded), then the same bytes as a GET requests
// query string and as a W3C date. No call may crash or throw; every refusal
// names its field; what is accepted satisfies the spec's rules (a service
// code and a full location); and whatever the decoders let through encodes
// as XML and JSON without a raw markup character escaping into the XML.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/open311/catalog.h"
#include "adapters/open311/decode.h"
#include "adapters/open311/encode.h"
#include "adapters/open311/query.h"
#include "adapters/open311/w3c_time.h"

namespace hotline::open311 {
namespace {

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "open311_form_fuzz: %s\n", what);
  std::abort();
}

const Catalog& catalog() {
  static const Catalog* c = [] {
    auto loaded = load_catalog(std::string(HOTLINE_DATA_DIR) + "/open311/services.json");
    if (!loaded) die(loaded.error().describe().c_str());
    return new Catalog(std::move(*loaded));
  }();
  return *c;
}

void check_refusal(const Error& e) {
  if (e.field.empty()) die("a refusal names no field");
  if (e.code != ErrorCode::kInvalidArgument) die("a refusal is not kInvalidArgument");
}

// The XML text of `s` has no raw markup characters.
void check_xml_text(std::string_view s) {
  const std::string escaped = xml_escape(s);
  if (escaped.find_first_of("<>") != std::string::npos) die("markup escaped into XML");
}

void fuzz_post(std::string_view body) {
  auto fields = parse_form(body);
  if (!fields) return check_refusal(fields.error());
  (void)canonical_form(*fields);
  auto request = decode_post_request(*fields);
  if (!request) {
    check_refusal(request.error());
    // The error goes back to the client in both formats.
    (void)encode_errors({{400, request.error().message}}, Format::kJson);
    check_xml_text(request.error().message);
    return;
  }
  if (request->service_code.empty()) die("accepted without service_code");
  if (!request->lat && request->address_string.empty() && request->address_id.empty()) {
    die("accepted without a location");
  }
  if (request->lat.has_value() != request->lon.has_value()) die("lat without long");
  ServiceRequest r;
  r.service_request_id = "1";
  r.status = "open";
  r.description = request->description;
  r.address = request->address_string;
  r.lat = request->lat;
  r.lon = request->lon;
  r.media_url = request->media_url;
  (void)encode_service_requests({r}, Format::kJson);
  (void)encode_service_requests({r}, Format::kXml);
  check_xml_text(request->description);
  for (const auto& a : request->attributes) {
    if (a.code.empty() || a.values.empty()) die("an empty attribute was accepted");
  }
}

void fuzz_query(std::string_view text) {
  auto fields = parse_form(text);
  if (!fields) return check_refusal(fields.error());
  Query query;
  for (auto& f : *fields) query.emplace(std::move(f.name), std::move(f.value));
  const Instant now{Seconds{1772413200}};  // 2026-03-02T09:00:00+08:00
  auto q = parse_requests_query(query, catalog(), now);
  if (!q) return check_refusal(q.error());
  if (q->ids.empty() && (q->to < q->from || q->to - q->from > kMaxSpan)) {
    die("a range over 90 days was accepted");
  }
}

}  // namespace
}  // namespace hotline::open311

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hotline::open311;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  fuzz_post(input);
  fuzz_query(input);
  auto t = parse_w3c_datetime(input, "start_date");
  if (!t && t.error().field != "start_date") std::abort();
  return 0;
}
