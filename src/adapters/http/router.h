#pragma once
// The seam between the network and the domain: one function from request to
// response (STYLE.md, Beast's advanced server). The server (server.h) owns
// connections and hands each parsed request to Router::handle on a worker
// thread, so blocking storage work never stalls the network threads.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/work_order/actor.h"

namespace hotline::http {

struct HttpRequest {
  std::string method;                             // "GET", "POST", …
  std::string target;                             // path and query as received
  std::string path;                               // decoded path without the query
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;     // names lower-cased
  std::string body;
  std::string remote;  // peer address, for the audit log
  // Set by the authentication step for requests that carry a valid session
  // token or API key; empty for anonymous requests.
  std::optional<Actor> actor;
  // For an applicant's session (INT-5): the one request it may see.
  std::string scope;

  std::string header(std::string_view name) const;  // "" when absent
  std::optional<std::string> param(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::map<std::string, std::string> headers;

  static HttpResponse json(int status, std::string body);
  static HttpResponse text(int status, std::string body, std::string content_type);
  // {"error": {"code", "message", "message_zh", "field", "rule", "article"}} with
  // the status mapped once from the ErrorCode (400, 404, 409, 422, 500 …).
  static HttpResponse error(const Error& e);
  static HttpResponse error(int status, std::string code, std::string message,
                            std::string message_zh, std::string field = {});
};

int status_for(ErrorCode code);

// Path parameters by name: "/api/v1/work-orders/{id}" gives {"id": "…"}.
using PathParams = std::map<std::string, std::string>;
using Handler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/work-orders/{id}/accept"
  Handler handler;
  std::string summary;        // for the OpenAPI document
  bool public_route = false;  // true: no authentication needed
};

class Router {
 public:
  void add(Route route);
  // 404 for an unknown path, 405 (with Allow) for a known path and another method.
  HttpResponse handle(const HttpRequest& request) const;
  const std::vector<Route>& routes() const { return routes_; }
  // Finds the route for a request without running it.
  const Route* match(const HttpRequest& request, PathParams& params) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace hotline::http
