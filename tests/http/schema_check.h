#pragma once
// A small JSON Schema validator for the subset the OpenAPI document uses
// (OpenAPI 3.0's dialect): $ref to #/components/schemas, allOf, oneOf,
// nullable, type, enum, properties, required, additionalProperties, items,
// minLength, minimum, maximum and format date-time. No Debian package offers
// a C++ validator (apt-cache search json schema), hence this one, in tests.
//
// And the recorder of the HTTP tests' traffic: every exchange of a
// TestServer, checked against the document in both directions when the test
// process ends (openapi_traffic_test.cc).

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hotline::testing {

// The errors of `instance` against `schema` ("$.orders[0].lead_unit: required");
// empty when it is valid. `document` resolves $ref.
std::vector<std::string> schema_errors(const nlohmann::json& instance, const nlohmann::json& schema,
                                       const nlohmann::json& document);

struct Exchange {
  std::string method;
  std::string target;  // path and query
  std::string request_body;
  int status = 0;
  std::string content_type;
  std::string response_body;
};

struct Traffic {
  std::mutex mutex;
  nlohmann::json document;  // the server's /api/v1/openapi.json, once fetched
  std::vector<Exchange> exchanges;
};
Traffic& traffic();

// The problems of one exchange against the document: a 2xx request's body
// must match the operation's request body schema; an answer must match the
// schema documented for its status, if any.
std::vector<std::string> exchange_errors(const Exchange& e, const nlohmann::json& document);

}  // namespace hotline::testing
