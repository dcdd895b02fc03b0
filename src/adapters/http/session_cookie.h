#pragma once
// Browser sessions (issue 11): the web application's session token lives in
// an HttpOnly, SameSite=Strict cookie that scripts cannot read, never in
// localStorage. A cookie-authenticated call that changes something must also
// carry "X-Requested-With: hotline-web": a cross-site form cannot set a
// custom header, and a cross-site script cannot without a CORS preflight the
// server never grants, so such calls are CSRF-safe even where SameSite is not
// honoured.

#include <optional>
#include <string>
#include <string_view>

#include "adapters/http/router.h"

namespace hotline::http {

inline constexpr std::string_view kSessionCookie = "hotline_session";
inline constexpr std::string_view kWebClientHeader = "x-requested-with";
inline constexpr std::string_view kWebClientValue = "hotline-web";

// The value of cookie `name` in the request's Cookie header.
std::optional<std::string> cookie_value(const HttpRequest& request, std::string_view name);

// Did the web application send this request (the custom header)?
bool from_web_client(const HttpRequest& request);

// Set-Cookie values: the session token, and its removal at sign-out.
std::string session_cookie(std::string_view token);
std::string cleared_session_cookie();

// 403 for a cookie-authenticated request that changes something without the
// web client's header; nullopt when the request may go on.
std::optional<HttpResponse> refuse_cross_site(const HttpRequest& request);

}  // namespace hotline::http
