#include "http/test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "http/schema_check.h"

namespace hotline::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (auto& a : args) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

HttpResult to_result(const bhttp::response<bhttp::string_body>& res) {
  HttpResult out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) out.headers[std::string(f.name_string())] = std::string(f.value());
  out.body = res.body();
  return out;
}

bhttp::request<bhttp::string_body> make_request(const std::string& method,
                                                const std::string& target, const std::string& body,
                                                const std::map<std::string, std::string>& headers) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  bool has_type = false;
  for (const auto& [k, v] : headers) {
    req.set(k, v);
    if (lower(k) == "content-type") has_type = true;
  }
  if (!body.empty() && !has_type) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  return req;
}

}  // namespace

nlohmann::json HttpResult::json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

std::string HttpResult::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (lower(k) == lower(name)) return v;
  }
  return {};
}

std::pair<int, std::string> run_process(const std::vector<std::string>& argv,
                                        const std::string& stdin_text) {
  int out[2], in[2];
  if (pipe(out) != 0 || pipe(in) != 0) throw std::runtime_error("pipe");
  const int pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    dup2(in[0], STDIN_FILENO);
    close(out[0]);
    close(in[1]);
    std::vector<std::string> all = argv;
    auto args = argv_of(all);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  close(in[0]);
  if (!stdin_text.empty()) {
    [[maybe_unused]] auto n = write(in[1], stdin_text.data(), stdin_text.size());
  }
  close(in[1]);
  std::string text;
  std::array<char, 4096> buf;
  ssize_t n;
  while ((n = read(out[0], buf.data(), buf.size())) > 0) {
    text.append(buf.data(), static_cast<std::size_t>(n));
  }
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

TestServer::TestServer(std::vector<std::vector<std::string>> setup,
                       std::vector<std::string> serve_args) {
  // Under TMPDIR (`./run test` points it at a RAM disk, where a commit's
  // fsync costs nothing).
  std::string tmpl = (std::filesystem::temp_directory_path() / "hotline-http-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp");
  dir_ = tmpl;
  db_ = dir_ + "/hotline.db";
  if (auto [code, out] = cli({"init"}); code != 0) {
    throw std::runtime_error("hotline init failed: " + out);
  }
  for (const auto& s : setup) {
    const bool wants_password = std::find(s.begin(), s.end(), "--password-stdin") != s.end();
    auto [code, out] = cli(s, wants_password ? std::string(kPassword) + "\n" : std::string());
    if (code != 0) throw std::runtime_error("setup failed: " + out);
  }
  int pipefd[2];
  if (pipe(pipefd) != 0) throw std::runtime_error("pipe");
  const std::string log_file = dir_ + "/server.log";
  pid_ = fork();
  if (pid_ == 0) {
    dup2(pipefd[1], STDOUT_FILENO);
    const int err = open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (err >= 0) dup2(err, STDERR_FILENO);
    close(pipefd[0]);
    std::vector<std::string> args = {
        HOTLINE_BINARY, "--data", HOTLINE_DATA_DIR, "--db", db_, "serve", "--port", "0"};
    // No timed sweeps unless a test asks: a sweep racing a test's command
    // would make its expected versions flaky.
    if (std::find(serve_args.begin(), serve_args.end(), "--sweep-interval") == serve_args.end()) {
      args.insert(args.end(), {"--sweep-interval", "0"});
    }
    args.insert(args.end(), serve_args.begin(), serve_args.end());
    auto argv = argv_of(args);
    execv(HOTLINE_BINARY, argv.data());
    _exit(127);
  }
  close(pipefd[1]);
  // The server prints "listening on http://127.0.0.1:PORT" once it accepts.
  std::string line;
  char c;
  while (read(pipefd[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(pipefd[0]);
  const auto colon = line.rfind(':');
  if (line.rfind("listening on ", 0) != 0 || colon == std::string::npos) {
    throw std::runtime_error("server did not start: " + line + "\n" + log());
  }
  port_ = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
  // The OpenAPI document the traffic of this test process is checked against
  // (openapi_traffic_test.cc), fetched from the first server once.
  Traffic& t = traffic();
  std::lock_guard lock(t.mutex);
  if (t.document.is_null()) {
    auto doc = fetch("GET", "/api/v1/openapi.json", {}, {});
    if (doc.status == 200) t.document = nlohmann::json::parse(doc.body, nullptr, false);
  }
}

TestServer::~TestServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string TestServer::log() const {
  std::ifstream in(dir_ + "/server.log");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void TestServer::terminate(int signal) { kill(pid_, signal); }

int TestServer::wait_exit() {
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::optional<int> TestServer::wait_exit_for(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

std::pair<int, std::string> TestServer::cli(const std::vector<std::string>& args,
                                            const std::string& stdin_text) const {
  std::vector<std::string> all = {HOTLINE_BINARY, "--data", HOTLINE_DATA_DIR, "--db", db_};
  all.insert(all.end(), args.begin(), args.end());
  return run_process(all, stdin_text);
}

std::string TestServer::create_api_key(const std::string& name, const std::string& unit,
                                       const std::string& role) const {
  auto [code, out] = cli({"apikey", "create", "--name", name, "--role", role, "--unit", unit});
  if (code != 0) throw std::runtime_error("apikey create failed: " + out);
  const auto at = out.find("hlk_");
  if (at == std::string::npos) throw std::runtime_error("no key printed: " + out);
  auto end = at;
  while (end < out.size() && !std::isspace(static_cast<unsigned char>(out[end]))) ++end;
  return out.substr(at, end - at);
}

std::string TestServer::sql(const std::string& statement) const {
  auto [code, out] = run_process({"sqlite3", db_, statement});
  if (code != 0) throw std::runtime_error("sqlite3 failed: " + out);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

bool TestServer::healthy() const {
  try {
    return request("GET", "/healthz").status == 200;
  } catch (const std::exception&) {
    return false;
  }
}

HttpResult TestServer::request(const std::string& method, const std::string& target,
                               const std::string& body,
                               const std::map<std::string, std::string>& headers) const {
  HttpResult r = fetch(method, target, body, headers);
  Traffic& t = traffic();
  std::lock_guard lock(t.mutex);
  t.exchanges.push_back({method, target, body, r.status, r.header("content-type"), r.body});
  return r;
}

HttpResult TestServer::fetch(const std::string& method, const std::string& target,
                             const std::string& body,
                             const std::map<std::string, std::string>& headers) const {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_});
  bhttp::write(socket, make_request(method, target, body, headers));
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  bhttp::read(socket, buffer, parser);
  boost::system::error_code ec;
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  return to_result(parser.get());
}

std::string TestServer::login(const std::string& username, const std::string& password) const {
  const nlohmann::json body = {{"username", username}, {"password", password}};
  auto r = request("POST", "/api/v1/session", body.dump());
  if (r.status != 200) throw std::runtime_error("login failed: " + r.body);
  return r.json()["token"].get<std::string>();
}

HttpResult TestServer::as(const std::string& token, const std::string& method,
                          const std::string& target, const nlohmann::json& body) const {
  std::map<std::string, std::string> headers;
  if (!token.empty()) {
    if (token.rfind("hlk_", 0) == 0) {
      headers["X-Api-Key"] = token;
    } else {
      headers["Authorization"] = "Bearer " + token;
    }
  }
  return request(method, target, body.is_null() ? std::string() : body.dump(), headers);
}

Connection::Connection(unsigned short port) : socket_(ioc_) {
  socket_.connect({asio::ip::make_address("127.0.0.1"), port});
}

HttpResult Connection::send(const std::string& method, const std::string& target,
                            const std::string& body,
                            const std::map<std::string, std::string>& headers) {
  bhttp::write(socket_, make_request(method, target, body, headers));
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  bhttp::read(socket_, buffer_, parser);
  return to_result(parser.get());
}

bool Connection::closed_by_peer() {
  boost::system::error_code ec;
  std::array<char, 1> c;
  socket_.read_some(asio::buffer(c), ec);
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

int Connection::local_port() const { return socket_.local_endpoint().port(); }

EventStream::EventStream(unsigned short port, const std::string& token,
                         const std::string& last_event_id) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("connect");
  }
  std::string req =
      "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
  if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
  if (!last_event_id.empty()) req += "Last-Event-ID: " + last_event_id + "\r\n";
  req += "\r\n";
  [[maybe_unused]] auto n = write(fd_, req.data(), req.size());
  // The status line and headers.
  if (!wait_for("\r\n\r\n", std::chrono::seconds(5))) return;
  if (received_.rfind("HTTP/1.1 ", 0) == 0) status_ = std::stoi(received_.substr(9, 3));
}

EventStream::~EventStream() {
  if (fd_ >= 0) close(fd_);
}

bool EventStream::wait_for(const std::string& needle, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (received_.find(needle) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    std::array<char, 4096> buf;
    const ssize_t n = read(fd_, buf.data(), buf.size());
    if (n <= 0) return received_.find(needle) != std::string::npos;
    received_.append(buf.data(), static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace hotline::testing
