#pragma once
// Starts a real `hotline serve` process on an ephemeral loopback port with a
// fresh database, and talks to it over real HTTP (Boost.Beast client).

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace hotline::testing {

// The password of every account that setup commands create with
// `--password-stdin` (the harness writes it to their standard input).
inline constexpr const char* kPassword = "correct-horse-battery";

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // as received (Beast's spelling)
  std::string body;
  nlohmann::json json() const;
  std::string header(const std::string& name) const;  // case-insensitive; "" if absent
};

// Runs a program with arguments; returns its exit code and stdout+stderr.
std::pair<int, std::string> run_process(const std::vector<std::string>& argv,
                                        const std::string& stdin_text = {});

class TestServer {
 public:
  // `setup` commands run against the database before the server starts, each
  // as arguments to `hotline --db DB …` (e.g. {"user", "add", …}); a command
  // with --password-stdin gets kPassword on its standard input.
  explicit TestServer(std::vector<std::vector<std::string>> setup = {},
                      std::vector<std::string> serve_args = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Every request is recorded and checked against the OpenAPI document when
  // the test process ends (openapi_traffic_test.cc).
  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& body = {},
                     const std::map<std::string, std::string>& headers = {}) const;
  // Logs in and returns a bearer token.
  std::string login(const std::string& username, const std::string& password = kPassword) const;
  HttpResult as(const std::string& token, const std::string& method, const std::string& target,
                const nlohmann::json& body = nullptr) const;

  // Runs `hotline --db DB args…` and returns its exit code and output.
  std::pair<int, std::string> cli(const std::vector<std::string>& args,
                                  const std::string& stdin_text = {}) const;
  // Creates an API key and returns it (the `hlk_…` value printed once).
  std::string create_api_key(const std::string& name, const std::string& unit,
                             const std::string& role = "api-client") const;
  // Runs `sqlite3 DB sql` and returns its output (trailing newline removed).
  std::string sql(const std::string& statement) const;
  // Is the server still answering GET /healthz with 200?
  bool healthy() const;

  void terminate(int signal);  // sends a signal to the server
  int wait_exit();             // waits for the server process; returns its exit status
  // Waits at most `timeout`; nullopt if it has not exited by then.
  std::optional<int> wait_exit_for(std::chrono::milliseconds timeout);
  unsigned short port() const { return port_; }
  const std::string& db() const { return db_; }
  std::string log() const;  // the server's stderr so far

 private:
  // One request, not recorded for the OpenAPI check.
  HttpResult fetch(const std::string& method, const std::string& target, const std::string& body,
                   const std::map<std::string, std::string>& headers) const;

  std::string dir_;
  std::string db_;
  int pid_ = -1;
  unsigned short port_ = 0;
};

// One keep-alive HTTP/1.1 connection that sends several requests.
class Connection {
 public:
  explicit Connection(unsigned short port);
  HttpResult send(const std::string& method, const std::string& target,
                  const std::string& body = {},
                  const std::map<std::string, std::string>& headers = {});
  // Did the server close the connection (EOF on a read)?
  bool closed_by_peer();
  int local_port() const;

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// A Server-Sent Events stream read with a deadline.
class EventStream {
 public:
  // Opens GET /api/v1/events with the token (and a Last-Event-ID header when
  // `last_event_id` is not empty); status() is the answer's status.
  EventStream(unsigned short port, const std::string& token, const std::string& last_event_id = {});
  ~EventStream();
  int status() const { return status_; }
  // Reads until the received text contains `needle` or `timeout` passes.
  bool wait_for(const std::string& needle, std::chrono::milliseconds timeout);
  const std::string& received() const { return received_; }

 private:
  int fd_ = -1;
  int status_ = 0;
  std::string received_;
};

}  // namespace hotline::testing
