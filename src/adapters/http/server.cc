#include "adapters/http/server.h"

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <set>

namespace hotline::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

std::string url_decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (plus_as_space && s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

namespace {

void split_target(std::string_view target, HttpRequest& r) {
  const auto q = target.find('?');
  r.path = url_decode(target.substr(0, q), false);
  if (q == std::string_view::npos) return;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (!pair.empty()) {
      r.query.emplace(
          url_decode(pair.substr(0, eq), true),
          eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bhttp::response<bhttp::string_body> to_beast(const HttpResponse& r, unsigned version,
                                             bool keep_alive) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  res.set(bhttp::field::server, "hotline");
  res.set(bhttp::field::content_type, r.content_type);
  res.set(bhttp::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  for (const auto& [k, v] : r.headers) res.set(k, v);
  res.body() = r.body;
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

HttpResponse plain_error(int status, const std::string& code, const std::string& message,
                         const std::string& zh) {
  return HttpResponse::error(status, code, message, zh);
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, RequestHandler handler, Metrics& metrics)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        metrics_(metrics),
        pool_(options_.worker_threads),
        acceptor_(ioc_),
        signals_(ioc_) {}

  ~Impl() { pool_.join(); }

  Result<std::uint16_t> start() {
    error_code ec;
    const auto address = asio::ip::make_address(options_.address, ec);
    if (ec)
      return fail(
          Error::invalid("--address", "not an IP address: " + options_.address, "地址无效"));
    const tcp::endpoint endpoint{address, options_.port};
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return fail(Error::invalid("--port",
                                 "cannot listen on " + options_.address + ":" +
                                     std::to_string(options_.port) + ": " + ec.message(),
                                 "无法监听端口"));
    }
    port_ = acceptor_.local_endpoint().port();
    if (options_.handle_signals) {
      signals_.add(SIGTERM);
      signals_.add(SIGINT);
      signals_.async_wait([this](const error_code& e, int) {
        if (!e) begin_stop();
      });
    }
    asio::co_spawn(ioc_, accept_loop(), asio::detached);
    return port_;
  }

  void run() {
    ioc_.run();
    pool_.join();
  }

  void stop() {
    asio::post(ioc_, [this] { begin_stop(); });
  }

  void set_event_stream(std::string path, StreamOpener opener) {
    stream_path_ = std::move(path);
    stream_opener_ = std::move(opener);
  }
  void set_route_namer(std::function<std::string(const HttpRequest&)> namer) {
    route_namer_ = std::move(namer);
  }

 private:
  struct Connection {
    tcp::socket* socket = nullptr;
    bool busy = false;  // a request is being handled; let it finish
  };

  // Runs on the io thread only.
  void begin_stop() {
    if (stopping_) return;
    stopping_ = true;
    error_code ec;
    acceptor_.close(ec);
    signals_.cancel(ec);
    for (auto* c : connections_) {
      if (!c->busy) c->socket->close(ec);
    }
    // Event streams wait on their subscription, not on the socket: end them.
    for (auto* stream : streams_) stream->close();
    if (on_stop_) on_stop_();
  }

  asio::awaitable<void> accept_loop() {
    while (!stopping_) {
      error_code ec;
      tcp::socket socket =
          co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (stopping_) break;
        continue;  // e.g. too many open files: keep serving the others
      }
      asio::co_spawn(ioc_, session(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    Connection conn;
    conn.socket = &stream.socket();
    connections_.insert(&conn);
    metrics_.connection_opened();
    error_code ec;
    const auto peer = stream.socket().remote_endpoint(ec);
    const std::string remote = ec ? std::string() : peer.address().to_string();
    const bool over_limit = connections_.size() > options_.max_connections;
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(options_.body_limit);
      parser.header_limit(16 * 1024);
      stream.expires_after(options_.read_timeout);
      co_await bhttp::async_read(stream, buffer, parser,
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
          ec == beast::error::timeout || ec == asio::error::eof ||
          ec == asio::error::connection_reset || ec == asio::error::bad_descriptor) {
        break;
      }
      const auto started = std::chrono::steady_clock::now();
      if (ec) {
        // The request could not be read: say why, then close.
        const bool too_big = ec == bhttp::error::body_limit || ec == bhttp::error::header_limit;
        auto res = too_big
                       ? plain_error(413, "payload_too_large",
                                     "the request is larger than " +
                                         std::to_string(options_.body_limit) + " bytes",
                                     "请求体过大")
                       : plain_error(400, "bad_request", "malformed HTTP request: " + ec.message(),
                                     "HTTP 请求格式错误");
        co_await write(stream, to_beast(res, 11, false));
        metrics_.observe("?", "(unparsed)", res.status, 0);
        break;
      }
      auto& req = parser.get();
      HttpRequest request;
      request.method = std::string(req.method_string());
      request.target = std::string(req.target());
      split_target(request.target, request);
      for (const auto& f : req)
        request.headers[lower(std::string_view(f.name_string().data(), f.name_string().size()))] =
            std::string(f.value());
      request.body = std::move(req.body());
      request.remote = remote;
      const bool keep_alive = req.keep_alive() && !over_limit;
      const unsigned version = req.version();

      if (over_limit) {
        auto res = plain_error(503, "too_many_connections", "the server has too many connections",
                               "服务器连接数已满，请稍后再试");
        res.headers["Retry-After"] = "1";
        co_await write(stream, to_beast(res, version, false));
        break;
      }
      if (!stream_path_.empty() && request.method == "GET" && request.path == stream_path_) {
        co_await event_stream(stream, request, version);
        break;
      }

      conn.busy = true;
      HttpResponse res =
          co_await asio::co_spawn(pool_.get_executor(), handle(request), asio::use_awaitable);
      const bool again = keep_alive && !stopping_;
      co_await write(stream, to_beast(res, version, again));
      conn.busy = false;
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      metrics_.observe(request.method, route_namer_ ? route_namer_(request) : request.path,
                       res.status, seconds);
      if (!again) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.socket().close(ec);
    connections_.erase(&conn);
    metrics_.connection_closed();
  }

  asio::awaitable<void> write(beast::tcp_stream& stream, bhttp::response<bhttp::string_body> res) {
    error_code ec;
    stream.expires_after(options_.write_timeout);
    co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
  }

  // Runs on a worker thread. No exception escapes: a bug answers 500.
  asio::awaitable<HttpResponse> handle(HttpRequest& request) {
    try {
      co_return handler_(request);
    } catch (const std::exception& e) {
      co_return plain_error(500, "internal", std::string("internal error: ") + e.what(),
                            "内部错误");
    }
  }

  asio::awaitable<void> event_stream(beast::tcp_stream& stream, HttpRequest& request,
                                     unsigned version) {
    auto sub = stream_opener_(request, stream.get_executor());
    if (!sub) {
      HttpResponse refused = HttpResponse::error(sub.error());
      // No or no valid session: 401 like every other route, not 400.
      if (sub.error().field == "authorization") refused.status = 401;
      co_await write(stream, to_beast(refused, version, false));
      co_return;
    }
    if (stopping_) co_return;
    streams_.insert(sub->get());
    bhttp::response<bhttp::empty_body> res{bhttp::status::ok, version};
    res.set(bhttp::field::content_type, "text/event-stream; charset=utf-8");
    res.set(bhttp::field::cache_control, "no-store");
    res.keep_alive(true);
    res.chunked(false);
    bhttp::response_serializer<bhttp::empty_body> sr{res};
    error_code ec;
    stream.expires_after(options_.write_timeout);
    co_await bhttp::async_write_header(stream, sr, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    co_await asio::async_write(stream, asio::buffer(std::string(": connected\n\n")),
                               asio::redirect_error(asio::use_awaitable, ec));
    while (!ec && !stopping_ && !(*sub)->closed()) {
      auto message = co_await (*sub)->next(options_.sse_heartbeat);
      std::string frame = message ? "event: " + message->event + "\ndata: " + message->data + "\n\n"
                                  : std::string(": heartbeat\n\n");
      stream.expires_after(options_.write_timeout);
      co_await asio::async_write(stream, asio::buffer(frame),
                                 asio::redirect_error(asio::use_awaitable, ec));
    }
    (*sub)->close();
    streams_.erase(sub->get());
  }

 public:
  std::function<void()> on_stop_;

 private:
  ServerOptions options_;
  RequestHandler handler_;
  Metrics& metrics_;
  asio::io_context ioc_{1};
  asio::thread_pool pool_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  std::set<Connection*> connections_;
  std::set<EventSubscription*> streams_;  // open event streams (io thread only)
  std::atomic<bool> stopping_{false};
  std::uint16_t port_ = 0;
  std::string stream_path_;
  StreamOpener stream_opener_;
  std::function<std::string(const HttpRequest&)> route_namer_;
};

HttpServer::HttpServer(ServerOptions options, RequestHandler handler, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), metrics)) {}
HttpServer::~HttpServer() = default;
void HttpServer::set_event_stream(std::string path, StreamOpener opener) {
  impl_->set_event_stream(std::move(path), std::move(opener));
}
void HttpServer::set_route_namer(std::function<std::string(const HttpRequest&)> namer) {
  impl_->set_route_namer(std::move(namer));
}
Result<std::uint16_t> HttpServer::start() { return impl_->start(); }
void HttpServer::run() { impl_->run(); }
void HttpServer::stop() { impl_->stop(); }

}  // namespace hotline::http
