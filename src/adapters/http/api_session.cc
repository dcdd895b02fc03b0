#include "adapters/http/api_session.h"

#include <nlohmann/json.hpp>

#include "adapters/http/server.h"
#include "adapters/http/session_cookie.h"
#include "adapters/json/json_reader.h"

namespace hotline::http {
namespace {

using json = nlohmann::json;

HttpResponse auth_error(const Error& e, const Clock& clock) {
  if (auto until = throttled_until(e)) {
    auto r = HttpResponse::error(429, "throttled", e.message, e.message_zh, e.field);
    // The real wait, in seconds (issue 9, item 6), never less than one.
    r.headers["Retry-After"] =
        std::to_string(std::max<std::int64_t>(1, (*until - clock.now()).count()));
    return r;
  }
  if (is_authentication_failure(e)) {
    return HttpResponse::error(401, "unauthenticated", e.message, e.message_zh, e.field);
  }
  return HttpResponse::error(e);
}

json principal_json(const Principal& p) {
  return {{"id", p.actor.id},
          {"role", std::string(to_string(p.actor.role))},
          {"role_zh", std::string(to_chinese(p.actor.role))},
          {"unit", p.actor.unit},
          {"display_name", p.display_name},
          {"scope", p.scope}};
}

// The api_key of an Open311 form body or query string.
std::optional<std::string> open311_key(const HttpRequest& request) {
  if (auto q = request.param("api_key")) return q;
  if (request.header("content-type").rfind("application/x-www-form-urlencoded", 0) != 0) {
    return std::nullopt;
  }
  std::string_view body = request.body;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    if (pair.rfind("api_key=", 0) == 0) return url_decode(pair.substr(8), true);
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

// The answer to a sign-in: the web application gets the token as an HttpOnly
// cookie only (never in the body, so no script holds it); other clients get
// it in the body for their Authorization header.
HttpResponse signed_in(const HttpRequest& request, const std::string& token, json actor) {
  if (!from_web_client(request)) {
    return HttpResponse::json(200, json{{"token", token}, {"actor", std::move(actor)}}.dump());
  }
  auto out = HttpResponse::json(200, json{{"actor", std::move(actor)}}.dump());
  out.headers["Set-Cookie"] = session_cookie(token);
  return out;
}

}  // namespace

std::optional<HttpResponse> authenticate(const SessionApi& api, HttpRequest& request,
                                         bool public_route) {
  const std::string authorization = request.header("authorization");
  if (authorization.rfind("Bearer ", 0) == 0) {
    auto principal = api.authenticator.authenticate(authorization.substr(7), request.remote);
    if (!principal) {
      if (public_route && !is_throttled(principal.error())) return std::nullopt;
      return auth_error(principal.error(), api.authenticator.clock());
    }
    request.actor = principal->actor;
    request.scope = principal->scope;
    return std::nullopt;
  }
  // The web application's session cookie (issue 11), CSRF-checked.
  if (auto token = cookie_value(request, kSessionCookie);
      token && request.header("x-api-key").empty()) {
    auto principal = api.authenticator.authenticate(*token, request.remote);
    if (principal) {
      if (auto refused = refuse_cross_site(request)) return refused;
      request.actor = principal->actor;
      request.scope = principal->scope;
      return std::nullopt;
    }
    if (!public_route || is_throttled(principal.error()))
      return auth_error(principal.error(), api.authenticator.clock());
    return std::nullopt;  // an expired cookie on a public route: anonymous
  }
  std::optional<std::string> key;
  if (const std::string h = request.header("x-api-key"); !h.empty()) key = h;
  if (!key && request.path.rfind("/open311/", 0) == 0) key = open311_key(request);
  if (key) {
    auto principal = api.authenticator.authenticate_api_key(*key, request.remote);
    if (!principal) {
      // Open311 answers a bad key itself, in its own error format.
      if (public_route) return std::nullopt;
      return auth_error(principal.error(), api.authenticator.clock());
    }
    request.actor = principal->actor;
  }
  return std::nullopt;
}

void add_session_routes(Router& router, const SessionApi& api) {
  router.add({"POST", "/api/v1/session",
              [&api](const HttpRequest& request, const PathParams&) {
                auto body = parse_json(request.body.empty() ? "{}" : request.body);
                if (!body) return HttpResponse::error(body.error());
                JsonReader r(*body, "");
                const std::string username = r.string("username", true);
                const std::string password = r.string("password", true);
                if (auto st = r.finish(); !st) return HttpResponse::error(st.error());
                auto login = api.authenticator.login(username, password, request.remote);
                if (!login) return auth_error(login.error(), api.authenticator.clock());
                return signed_in(request, login->token, principal_json(login->principal));
              },
              "Sign in with username and password (Argon2id); returns a session token", true});
  router.add({"DELETE", "/api/v1/session",
              [&api](const HttpRequest& request, const PathParams&) {
                const std::string authorization = request.header("authorization");
                std::string token = authorization.rfind("Bearer ", 0) == 0
                                        ? authorization.substr(7)
                                        : cookie_value(request, kSessionCookie).value_or("");
                if (token.empty()) {
                  return HttpResponse::error(401, "unauthenticated", "no session", "未登录");
                }
                if (auto st = api.authenticator.logout(token, request.remote); !st) {
                  return auth_error(st.error(), api.authenticator.clock());
                }
                auto out = HttpResponse::json(200, json{{"signed_out", true}}.dump());
                out.headers["Set-Cookie"] = cleared_session_cookie();
                return out;
              },
              "Sign out"});
  router.add({"GET", "/api/v1/me",
              [](const HttpRequest& request, const PathParams&) {
                if (!request.actor)
                  return HttpResponse::error(401, "unauthenticated", "not signed in", "未登录");
                return HttpResponse::json(
                    200, json{{"id", request.actor->id},
                              {"role", std::string(to_string(request.actor->role))},
                              {"role_zh", std::string(to_chinese(request.actor->role))},
                              {"unit", request.actor->unit},
                              {"scope", request.scope}}
                             .dump());
              },
              "Who the caller is"});
  if (api.applicant_lookup) {
    router.add(
        {"POST", "/api/v1/applicant-session",
         [&api](const HttpRequest& request, const PathParams&) {
           auto body = parse_json(request.body.empty() ? "{}" : request.body);
           if (!body) return HttpResponse::error(body.error());
           JsonReader r(*body, "");
           const std::string number = r.string("number", true);
           const std::string phone = r.string("phone", true);
           if (auto st = r.finish(); !st) return HttpResponse::error(st.error());
           // Each distinct number tried from an address counts, right phone or
           // wrong, before anything is looked up (lookup_rate.h).
           if (api.lookup_rate) {
             const Instant now = api.authenticator.clock().now();
             if (auto until = api.lookup_rate->attempt(request.remote, number, now)) {
               const auto& p = api.lookup_rate->policy();
               auto refused = HttpResponse::error(
                   429, "throttled",
                   "at most " + std::to_string(p.max_per_address) +
                       " request numbers looked up from one address within " +
                       std::to_string(p.window.count() / 60) + " minutes (" + p.article + ")",
                   "查询过于频繁，请稍后再试（" + (p.note.empty() ? p.article : p.note) + "）",
                   "throttle");
               refused.headers["Retry-After"] =
                   std::to_string(std::max<std::int64_t>(1, (*until - now).count()));
               return refused;
             }
           }
           auto login = api.authenticator.applicant_login(*api.applicant_lookup, number, phone,
                                                          request.remote);
           if (!login) return auth_error(login.error(), api.authenticator.clock());
           return signed_in(request, login->token, principal_json(login->principal));
         },
         "INT-5: an applicant looks up a request by its number and the phone given", true});
  }
}

}  // namespace hotline::http
