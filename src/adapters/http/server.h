#pragma once
// The HTTP/1.1 server on Boost.Beast with C++20 coroutines: keep-alive, a
// body-size limit, read and write timeouts, a bounded number of connections,
// and a clean shutdown on SIGTERM/SIGINT that finishes in-flight requests.
// Network I/O runs on one io thread; handlers run on a worker pool so that
// blocking storage work never stalls the network.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "adapters/http/event_bus.h"
#include "adapters/http/metrics.h"
#include "adapters/http/router.h"
#include "core/result.h"

namespace hotline::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: an ephemeral port, reported by start()
  std::size_t worker_threads = 4;
  std::size_t max_connections = 1024;
  // Open connections from one address at most (issue 9, item 5): one client
  // cannot take every slot. Behind a reverse proxy, raise it for the proxy.
  std::size_t max_connections_per_address = 128;
  // A connection must send a complete request line and headers within this
  // long, first and between keep-alive requests; the body gets read_timeout.
  std::chrono::seconds header_timeout{10};
  // Reverse proxies whose X-Forwarded-For is believed (issue 9, item 6): a
  // request from one of these addresses is taken to come from the rightmost
  // address in X-Forwarded-For that is not itself a trusted proxy. From any
  // other address the header is ignored (anyone can write it).
  std::vector<std::string> trusted_proxies;
  std::size_t body_limit = 1 << 20;  // bytes
  // Larger limits for exact paths (attachment uploads, INT-3), applied once
  // the request line is read, so every other route keeps body_limit.
  std::map<std::string, std::size_t> body_limits_by_path;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds write_timeout{30};
  std::chrono::milliseconds sse_heartbeat{15000};
  bool handle_signals = true;
  // Writes one structured log line (a JSON object) for what the server
  // answers itself, without the handler: unreadable requests, bad targets,
  // refused connections, a handler's exception. `error` is true for 5xx.
  // Unset: the line goes to stderr. The handler logs the requests it answers.
  std::function<void(const std::string& line, bool error)> log;
};

// Answers a request: the router plus authentication, in the application.
using RequestHandler = std::function<HttpResponse(HttpRequest&)>;
// Opens an SSE stream for a request, or returns an error response.
using StreamOpener = std::function<Result<std::shared_ptr<EventSubscription>>(
    const HttpRequest&, boost::asio::any_io_executor)>;

class HttpServer {
 public:
  HttpServer(ServerOptions options, RequestHandler handler, Metrics& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Requests to `path` (GET) become Server-Sent Event streams.
  void set_event_stream(std::string path, StreamOpener opener);
  // Names the route of a request for metrics ("/api/v1/work-orders/{id}").
  void set_route_namer(std::function<std::string(const HttpRequest&)> namer);

  // Binds and listens; returns the port.
  Result<std::uint16_t> start();
  // Serves until stop() or a signal; returns after in-flight requests finish.
  void run();
  // Thread-safe: stop accepting, finish in-flight requests, close idle ones.
  void stop();

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Percent-decoding of a path or query component ('+' as space in queries).
// Lenient: a '%' without two hex digits is kept as it is.
std::string url_decode(std::string_view s, bool plus_as_space);

// Splits a request target into the decoded path and query parameters of
// `request`. A client's mistake — a '%' without two hex digits, bytes that
// are not UTF-8 once decoded, a control character — is an error naming the
// part ("path" or "query") for a 400; never an exception (issue 9, item 4).
Status parse_target(std::string_view target, HttpRequest& request);

// The client's address for a request from `peer` (see trusted_proxies).
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace hotline::http
