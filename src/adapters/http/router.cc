#include "adapters/http/router.h"

#include <nlohmann/json.hpp>
#include <set>

namespace hotline::http {

std::string HttpRequest::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> HttpRequest::param(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

HttpResponse HttpResponse::json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::text(int status, std::string body, std::string content_type) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kRefused:
      return 422;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kPolicyInvalid:
      return 500;
    case ErrorCode::kStorage:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

HttpResponse HttpResponse::error(const Error& e) {
  nlohmann::json body = {{"error",
                          {{"code", to_string(e.code)},
                           {"message", e.message},
                           {"message_zh", e.message_zh},
                           {"field", e.field},
                           {"rule", e.rule},
                           {"article", e.article}}}};
  return json(status_for(e.code), body.dump());
}

HttpResponse HttpResponse::error(int status, std::string code, std::string message,
                                 std::string message_zh, std::string field) {
  nlohmann::json body = {{"error",
                          {{"code", std::move(code)},
                           {"message", std::move(message)},
                           {"message_zh", std::move(message_zh)},
                           {"field", std::move(field)},
                           {"rule", ""},
                           {"article", ""}}}};
  return json(status, body.dump());
}

namespace {

// Matches "/a/{x}/b" against "/a/42/b"; a {name} segment matches one
// non-empty segment. A pattern segment like "requests.{format}" matches
// "requests.json".
bool match_pattern(std::string_view pattern, std::string_view path, PathParams& params) {
  PathParams found;
  std::size_t p = 0, q = 0;
  while (p < pattern.size() && q <= path.size()) {
    if (pattern[p] == '{') {
      const std::size_t close = pattern.find('}', p);
      const std::string name(pattern.substr(p + 1, close - p - 1));
      const char stop = close + 1 < pattern.size() ? pattern[close + 1] : '/';
      std::size_t end = q;
      while (end < path.size() && path[end] != '/' && path[end] != stop) ++end;
      if (end == q) return false;
      found[name] = std::string(path.substr(q, end - q));
      p = close + 1;
      q = end;
    } else {
      if (q >= path.size() || pattern[p] != path[q]) return false;
      ++p;
      ++q;
    }
  }
  if (p != pattern.size() || q != path.size()) return false;
  params = std::move(found);
  return true;
}

}  // namespace

Route audited(Route route) {
  route.audited = true;
  return route;
}

std::optional<HttpResponse> require_authentication(const Route* route, const HttpRequest& request) {
  if (route == nullptr || route->public_route || request.actor) return std::nullopt;
  return HttpResponse::error(401, "unauthenticated", "sign in or present an API key",
                             "请先登录或提供接口密钥", "authorization");
}

void Router::add(Route route) { routes_.push_back(std::move(route)); }

const Route* Router::match(const HttpRequest& request, PathParams& params) const {
  for (const auto& r : routes_) {
    if (r.method == request.method && match_pattern(r.pattern, request.path, params)) return &r;
  }
  return nullptr;
}

HttpResponse Router::handle(const HttpRequest& request) const {
  PathParams params;
  if (const Route* r = match(request, params)) return r->handler(request, params);
  std::set<std::string> allowed;
  for (const auto& r : routes_) {
    PathParams ignored;
    if (match_pattern(r.pattern, request.path, ignored)) allowed.insert(r.method);
  }
  if (allowed.empty()) {
    return HttpResponse::error(404, "not_found", "no such resource: " + request.path, "资源不存在",
                               "path");
  }
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  auto response = HttpResponse::error(405, "method_not_allowed",
                                      request.method + " is not allowed here; allowed: " + allow,
                                      "不支持该请求方法", "method");
  response.headers["Allow"] = allow;
  return response;
}

}  // namespace hotline::http
