#pragma once
// The JSON Schemas of what the work-order commands and queries answer, and of
// the request details a registration sends: the components of the OpenAPI
// document. They describe what adapters/json/event_json.cc writes; the HTTP
// tests validate every answer they receive against them (tests/http).

#include <nlohmann/json.hpp>

namespace hotline::schema {

// The request details of a registration (INT-4) as an inline object.
nlohmann::json request_details();
// The members of a reply (REP-1), as the reply command and the reply check take them.
nlohmann::json reply_content();
// {"Request": …, "WorkOrder": …, …}: every component the command table refers to.
nlohmann::json components();

}  // namespace hotline::schema
