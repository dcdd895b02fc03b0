#pragma once
// Open311 GeoReport v2 resources as XML (required by the spec: no namespace,
// UTF-8 with the XML declaration) and JSON (the Spark convention mapping of
// the XML: a list element becomes an array, its items objects). Empty values
// are an empty element in XML and null in JSON, as in the spec's examples.
// Instants are W3C date-times with the +08:00 offset of Asia/Shanghai.

#include <string>
#include <string_view>
#include <vector>

#include "adapters/open311/model.h"

namespace hotline::open311 {

std::string encode_discovery(const Discovery& d, Format f);
std::string encode_services(const std::vector<const Service*>& services, Format f);
std::string encode_service_definition(const Service& s, Format f);
std::string encode_post_results(const std::vector<PostResult>& results, Format f);
std::string encode_tokens(const std::vector<TokenResult>& tokens, Format f);
std::string encode_service_requests(const std::vector<ServiceRequest>& requests, Format f);
std::string encode_errors(const std::vector<ApiError>& errors, Format f);

// Text made safe for XML character data: & < > " ' escaped; characters XML 1.0
// forbids (most C0 controls, U+FFFE, U+FFFF) and invalid UTF-8 become U+FFFD.
std::string xml_escape(std::string_view text);

// "39.1234567" — the shortest text that reads back as the same double.
std::string format_coordinate(double v);

}  // namespace hotline::open311
