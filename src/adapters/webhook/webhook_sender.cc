#include "adapters/webhook/webhook_sender.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace hotline::webhook {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct Target {
  std::string host;
  std::string port = "80";
  std::string path = "/";
};

Result<Target> parse_url(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    return fail(Error::invalid("url", "only http:// endpoints (TLS belongs to a proxy)",
                               "仅支持 http:// 地址"));
  }
  Target t;
  std::string rest = url.substr(kScheme.size());
  const auto slash = rest.find('/');
  if (slash != std::string::npos) {
    t.path = rest.substr(slash);
    rest = rest.substr(0, slash);
  }
  const auto colon = rest.rfind(':');
  if (colon != std::string::npos) {
    t.port = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  t.host = rest;
  if (t.host.empty() || t.port.empty()) {
    return fail(Error::invalid("url", "no host or port", "地址缺少主机或端口"));
  }
  return t;
}

}  // namespace

Result<int> send(const Post& post, std::chrono::seconds timeout) {
  auto target = parse_url(post.url);
  if (!target) return fail(target.error());
  try {
    boost::asio::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(timeout);
    stream.connect(resolver.resolve(target->host, target->port));
    http::request<http::string_body> req{http::verb::post, target->path, 11};
    req.set(http::field::host, target->host);
    req.set(http::field::user_agent, "hotline-webhook/1");
    req.set(http::field::content_type, "application/json; charset=utf-8");
    for (const auto& [name, value] : post.headers) req.set(name, value);
    req.body() = post.body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return static_cast<int>(res.result_int());
  } catch (const std::exception& e) {
    return fail(Error::storage(std::string("webhook delivery to ") + post.url + ": " + e.what()));
  }
}

}  // namespace hotline::webhook
