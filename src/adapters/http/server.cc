#include "adapters/http/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "core/text.h"
#include "core/time.h"

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

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict decoding of one component: what the lenient url_decode passes on
// as it is, this refuses, so that no handler sees bytes a client did not
// mean or text that is not UTF-8 (JSON and the logs take only UTF-8).
Result<std::string> decode_component(std::string_view s, bool plus_as_space,
                                     const std::string& field, const std::string& what) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && (i + 2 >= s.size() || hex_digit(s[i + 1]) < 0 || hex_digit(s[i + 2]) < 0)) {
      return fail(Error::invalid(field, what + ": '%' must be followed by two hexadecimal digits",
                                 "请求地址中的 % 后应为两位十六进制数"));
    }
  }
  std::string out = url_decode(s, plus_as_space);
  if (!is_valid_utf8(out)) {
    return fail(Error::invalid(field, what + " is not valid UTF-8 once percent-decoded",
                               "请求地址解码后不是有效的 UTF-8 文本"));
  }
  for (unsigned char c : out) {
    if (c < 0x20 || c == 0x7f) {
      return fail(
          Error::invalid(field, what + " contains a control character", "请求地址含有控制字符"));
    }
  }
  return out;
}

}  // namespace

Status parse_target(std::string_view target, HttpRequest& r) {
  const auto q = target.find('?');
  auto path = decode_component(target.substr(0, q), false, "path", "the path");
  if (!path) return fail(path.error());
  r.path = std::move(*path);
  if (q == std::string_view::npos) return {};
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (!pair.empty()) {
      auto key = decode_component(pair.substr(0, eq), true, "query", "a query parameter's name");
      if (!key) return fail(key.error());
      std::string value;
      if (eq != std::string_view::npos) {
        auto v = decode_component(pair.substr(eq + 1), true, "query",
                                  "the value of query parameter " + key->substr(0, 64));
        if (!v) return fail(v.error());
        value = std::move(*v);
      }
      r.query.emplace(std::move(*key), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  const auto trusted = [&](std::string_view a) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), a) != trusted_proxies.end();
  };
  if (!trusted(peer) || forwarded_for.empty()) return peer;
  std::string client = peer;
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    std::string_view hop =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    error_code ec;
    const auto address = asio::ip::make_address(std::string(hop), ec);
    if (ec) break;  // a malformed hop: trust nothing further left
    client = address.to_string();
    if (!trusted(client)) break;
  }
  return client;
}

namespace {

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

// Beast's default; a larger header is refused with 431.
constexpr std::uint32_t kHeaderLimit = 16 * 1024;

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, RequestHandler handler, Metrics& metrics)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        metrics_(metrics),
        pool_(options_.worker_threads),
        acceptor_(ioc_),
        signals_(ioc_) {
    largest_body_limit_ = options_.body_limit;
    for (const auto& [path, limit] : options_.body_limits_by_path) {
      largest_body_limit_ = std::max(largest_body_limit_, limit);
    }
  }

  ~Impl() { pool_.join(); }

  Result<std::uint16_t> start() {
    error_code ec;
    for (auto& proxy : options_.trusted_proxies) {
      const auto a = asio::ip::make_address(proxy, ec);
      if (ec) {
        return fail(Error::invalid("--trusted-proxy", "not an IP address: " + proxy, "地址无效"));
      }
      proxy = a.to_string();  // the form remote_endpoint() gives
    }
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
    asio::steady_timer backoff(ioc_);
    auto pause = std::chrono::milliseconds(10);
    while (!stopping_) {
      error_code ec;
      tcp::socket socket =
          co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (stopping_) break;
        // Out of file handles (EMFILE, ENFILE) or buffers: the pending
        // connection stays in the backlog and accept fails again at once.
        // Back off (up to 1 s) instead of spinning; keep serving the others.
        log_request("?", "(accept)", 503, "", ec.message());
        backoff.expires_after(pause);
        co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        pause = std::min<std::chrono::milliseconds>(pause * 2, std::chrono::seconds(1));
        continue;
      }
      pause = std::chrono::milliseconds(10);
      error_code peer_ec;
      const auto peer = socket.remote_endpoint(peer_ec);
      const std::string address = peer_ec ? std::string() : peer.address().to_string();
      if (!address.empty() && per_address_[address] >= options_.max_connections_per_address) {
        // One address holds its share already: refuse at once, without
        // reading (a silent client would otherwise hold this slot too).
        log_request("?", "(too many from one address)", 503, address, "");
        socket.close(peer_ec);
        continue;
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
    if (!remote.empty()) ++per_address_[remote];
    const bool over_limit = connections_.size() > options_.max_connections;
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      // Beast checks Content-Length against the limit while reading the
      // header, before the path is known: start from the largest limit and
      // apply the route's own once the request line is in.
      parser.body_limit(largest_body_limit_);
      parser.header_limit(kHeaderLimit);
      // A connection that sends nothing (or trickles its headers) is closed
      // after the short header timeout; only a body gets the read timeout.
      stream.expires_after(std::min(options_.header_timeout, options_.read_timeout));
      co_await bhttp::async_read_header(stream, buffer, parser,
                                        asio::redirect_error(asio::use_awaitable, ec));
      if (!ec && !parser.is_done()) {
        const auto raw = parser.get().target();
        const std::string_view target(raw.data(), raw.size());
        const auto larger =
            options_.body_limits_by_path.find(std::string(target.substr(0, target.find('?'))));
        const std::size_t limit =
            larger != options_.body_limits_by_path.end() ? larger->second : options_.body_limit;
        parser.body_limit(limit);  // for chunked bodies
        if (parser.content_length() && *parser.content_length() > limit) {
          ec = bhttp::error::body_limit;
        } else {
          stream.expires_after(options_.read_timeout);
          co_await bhttp::async_read(stream, buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
        }
      }
      if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
          ec == beast::error::timeout || ec == asio::error::eof ||
          ec == asio::error::connection_reset || ec == asio::error::bad_descriptor) {
        break;
      }
      const auto started = std::chrono::steady_clock::now();
      if (ec) {
        // The request could not be read: say why, then close.
        HttpResponse res;
        if (ec == bhttp::error::body_limit) {
          res = plain_error(
              413, "payload_too_large",
              "the request body is larger than " + std::to_string(options_.body_limit) + " bytes",
              "请求体过大");
        } else if (ec == bhttp::error::header_limit) {
          res = plain_error(431, "header_too_large",
                            "the request line and headers are larger than " +
                                std::to_string(kHeaderLimit) + " bytes",
                            "请求头过大");
        } else {
          res = plain_error(400, "bad_request", "malformed HTTP request: " + ec.message(),
                            "HTTP 请求格式错误");
        }
        co_await write(stream, to_beast(res, 11, false));
        metrics_.observe("?", "(unparsed)", res.status, 0);
        log_request("?", "(unparsed)", res.status, remote, ec.message());
        break;
      }
      auto& req = parser.get();
      HttpRequest request;
      request.method = std::string(req.method_string());
      request.target = std::string(req.target());
      if (auto parsed = parse_target(request.target, request); !parsed) {
        // A client's mistake in the target: 400 naming it, and go on serving.
        HttpResponse res = HttpResponse::error(parsed.error());
        const bool again = req.keep_alive() && !over_limit && !stopping_;
        co_await write(stream, to_beast(res, req.version(), again));
        metrics_.observe(request.method, "(bad target)", res.status, 0);
        log_request(request.method, "(bad target)", res.status, remote, parsed.error().message);
        if (!again) break;
        continue;
      }
      for (const auto& f : req)
        request.headers[lower(std::string_view(f.name_string().data(), f.name_string().size()))] =
            std::string(f.value());
      request.body = std::move(req.body());
      request.remote =
          client_address(remote, request.header("x-forwarded-for"), options_.trusted_proxies);
      const bool keep_alive = req.keep_alive() && !over_limit;
      const unsigned version = req.version();

      if (over_limit) {
        auto res = plain_error(503, "too_many_connections", "the server has too many connections",
                               "服务器连接数已满，请稍后再试");
        res.headers["Retry-After"] = "1";
        co_await write(stream, to_beast(res, version, false));
        log_request(request.method, request.path, res.status, remote, "too many connections");
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
    if (!remote.empty()) {
      if (auto it = per_address_.find(remote); it != per_address_.end() && --it->second == 0) {
        per_address_.erase(it);
      }
    }
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
    // The exception's text is for the log only: it may name internals.
    std::string what;
    try {
      co_return handler_(request);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
      what = "unknown exception";
    }
    log_request(request.method, request.path, 500, request.remote, "exception: " + what);
    co_return plain_error(500, "internal", "internal error; it has been logged",
                          "内部错误，已记录");
  }

  // One JSON line for a request the handler did not answer (see
  // ServerOptions::log). Invalid UTF-8 is replaced, never thrown on.
  void log_request(const std::string& method, const std::string& route, int status,
                   const std::string& remote, const std::string& detail) {
    nlohmann::json line = {
        {"event", "request"},
        {"method", method.substr(0, 16)},
        {"route", route.substr(0, 200)},
        {"status", status},
        {"remote", remote},
        {"detail", detail.substr(0, 300)},
        {"level", status >= 500 ? "error" : "info"},
        {"time",
         format_iso8601(std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now()))}};
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (options_.log) {
      options_.log(text, status >= 500);
      return;
    }
    static std::mutex mutex;
    const std::lock_guard<std::mutex> lock(mutex);
    std::cerr << text << '\n';
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
      std::string frame = ": heartbeat\n\n";
      if (message) {
        // The id lets a reconnecting client resume (Last-Event-ID).
        frame = (message->id > 0 ? "id: " + std::to_string(message->id) + "\n" : std::string()) +
                "event: " + message->event + "\ndata: " + message->data + "\n\n";
      }
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
  std::size_t largest_body_limit_ = 0;  // body_limit or a larger one by path
  RequestHandler handler_;
  Metrics& metrics_;
  asio::io_context ioc_{1};
  asio::thread_pool pool_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  std::set<Connection*> connections_;
  std::map<std::string, std::size_t> per_address_;  // open connections by peer (io thread only)
  std::set<EventSubscription*> streams_;            // open event streams (io thread only)
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
