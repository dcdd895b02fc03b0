#pragma once
// Mounts the Open311 GeoReport v2 endpoint (open311/open311_service.h) on the
// Router, under /open311/v2/:
//   GET  discovery.{xml,json}          GET  services.{xml,json}
//   GET  services/{code}.{xml,json}    GET  requests.{xml,json}
//   POST requests.{xml,json}           GET  requests/{id}.{xml,json}
//   GET  tokens/{token}.{xml,json}
// Every route is public_route: the spec answers a missing or invalid
// api_key with its own 403 errors document, so the server's authentication
// must set HttpRequest::actor when a valid API key (header or the form's
// api_key) is present and otherwise leave it empty without rejecting the
// call. POST needs the actor; the GETs use it only to show the submitting
// client the replies to its own requests.

#include "adapters/http/router.h"
#include "adapters/open311/open311_service.h"

namespace hotline::http {

inline constexpr const char* kOpen311Prefix = "/open311/v2";

void add_open311_routes(Router& router, open311::Open311Service& service);

}  // namespace hotline::http
