#include "adapters/http/session_cookie.h"

namespace hotline::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> cookie_value(const HttpRequest& request, std::string_view name) {
  const std::string header = request.header("cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    const std::string_view pair = trim(rest.substr(0, semi));
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
      const std::string_view value = trim(pair.substr(eq + 1));
      if (!value.empty()) return std::string(value);
    }
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

bool from_web_client(const HttpRequest& request) {
  return request.header(std::string(kWebClientHeader)) == kWebClientValue;
}

std::string session_cookie(std::string_view token) {
  return std::string(kSessionCookie) + "=" + std::string(token) +
         "; Path=/; HttpOnly; SameSite=Strict";
}

std::string cleared_session_cookie() {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
}

std::optional<HttpResponse> refuse_cross_site(const HttpRequest& request) {
  if (request.method == "GET" || request.method == "HEAD" || from_web_client(request)) {
    return std::nullopt;
  }
  return HttpResponse::error(403, "csrf", "a cookie session needs the X-Requested-With header",
                             "请求缺少跨站防护标头，已拒绝", "X-Requested-With");
}

}  // namespace hotline::http
