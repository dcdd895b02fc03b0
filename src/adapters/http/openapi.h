#pragma once
// The OpenAPI 3 document of the JSON API, generated from the router's table
// so that it cannot drift from the routes; tests check both directions.

#include <nlohmann/json.hpp>

#include "adapters/http/router.h"

namespace hotline::http {

nlohmann::json openapi_document(const Router& router, const std::string& version);

}  // namespace hotline::http
