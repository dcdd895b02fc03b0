#pragma once
// Starts a real `hotline serve` process on an ephemeral loopback port with a
// fresh database, and talks to it over real HTTP (Boost.Beast client).

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <map>
#include <string>
#include <vector>

namespace hotline::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
  nlohmann::json json() const;
};

class TestServer {
 public:
  // `setup` commands run against the database before the server starts, each
  // as arguments to `hotline --db DB …` (e.g. {"user", "add", …}).
  explicit TestServer(std::vector<std::vector<std::string>> setup = {},
                      std::vector<std::string> serve_args = {});
  ~TestServer();

  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& body = {},
                     const std::map<std::string, std::string>& headers = {}) const;
  // Logs in and returns a bearer token.
  std::string login(const std::string& username, const std::string& password) const;
  HttpResult as(const std::string& token, const std::string& method, const std::string& target,
                const nlohmann::json& body = nullptr) const;

  // Runs `hotline --db DB args…` and returns its exit code and output.
  std::pair<int, std::string> cli(const std::vector<std::string>& args,
                                  const std::string& stdin_text = {}) const;
  void terminate(int signal);   // sends a signal to the server
  int wait_exit();              // waits for the server process; returns its exit status
  unsigned short port() const { return port_; }
  const std::string& db() const { return db_; }

 private:
  std::string dir_;
  std::string db_;
  int pid_ = -1;
  unsigned short port_ = 0;
};

}  // namespace hotline::testing
