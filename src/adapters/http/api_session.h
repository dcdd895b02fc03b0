#pragma once
// Sign-in and who-am-I (issue 3): sessions for staff, API keys for other
// systems, and the applicant's look-up by request number and phone (INT-5).
// `authenticate` is the server's authentication step for every request.

#include "adapters/http/router.h"
#include "core/security/applicant_lookup.h"
#include "core/security/authenticator.h"
#include "core/security/lookup_rate.h"

namespace hotline::http {

struct SessionApi {
  Authenticator& authenticator;
  ApplicantLookup* applicant_lookup = nullptr;
  // INT-5 look-ups per remote address (data/intake.toml); none: unlimited.
  LookupRateLimiter* lookup_rate = nullptr;
};

void add_session_routes(Router& router, const SessionApi& api);

// Sets request.actor (and scope) from "Authorization: Bearer …", "X-Api-Key"
// or an Open311 api_key parameter. Returns an error response when a
// credential was presented but is wrong on a route that needs one, or the
// caller is throttled; nullopt to go on (possibly anonymous).
std::optional<HttpResponse> authenticate(const SessionApi& api, HttpRequest& request,
                                         bool public_route);

}  // namespace hotline::http
