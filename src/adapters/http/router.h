#pragma once
// The seam between the network and the domain: one function from request to
// response (STYLE.md, Beast's advanced server). The server (server.h) owns
// connections and hands each parsed request to Router::handle on a worker
// thread, so blocking storage work never stalls the network threads.

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
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

// A query parameter a route declares, for the OpenAPI document.
struct QueryParam {
  std::string name;
  nlohmann::json schema;  // its JSON Schema ("description" is the parameter's)
  bool required = false;
};

// A route. Every route needs an authenticated caller unless it declares
// itself public: the server answers 401 before the handler runs
// (require_authentication), so handlers never check for an actor.
struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/work-orders/{id}/accept"
  Handler handler;
  std::string summary;        // for the OpenAPI document
  bool public_route = false;  // true: no authentication needed
  // The JSON Schemas of the body and of the successful answer (null: not
  // documented), and the query parameters, for the OpenAPI document.
  nlohmann::json body_schema = nullptr;
  nlohmann::json answer_schema = nullptr;
  std::vector<QueryParam> query = {};
  int success_status = 200;
  // A change the server records in the audit log after the handler ran,
  // done or refused (SEC-2). The command table's routes audit through the
  // use cases instead and leave this off.
  bool audited = false;
};

// `route` with `audited` set: router.add(audited({"POST", "/api/v1/kb/…", …})).
Route audited(Route route);

// 401 for a request without a caller to a route that is not public; none
// otherwise (an unknown route is the router's 404).
std::optional<HttpResponse> require_authentication(const Route* route, const HttpRequest& request);

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
