#include "http/test_server.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

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

}  // namespace

nlohmann::json HttpResult::json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

TestServer::TestServer(std::vector<std::vector<std::string>> setup,
                       std::vector<std::string> serve_args) {
  char tmpl[] = "/tmp/hotline-http-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp");
  dir_ = tmpl;
  db_ = dir_ + "/hotline.db";
  if (cli({"init"}).first != 0) throw std::runtime_error("hotline init failed");
  for (const auto& s : setup) {
    auto [code, out] = cli(s);
    if (code != 0) throw std::runtime_error("setup failed: " + out);
  }
  int pipefd[2];
  if (pipe(pipefd) != 0) throw std::runtime_error("pipe");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(pipefd[1], STDOUT_FILENO);
    close(pipefd[0]);
    std::vector<std::string> args = {HOTLINE_BINARY, "--data", HOTLINE_DATA_DIR, "--db", db_,
                                     "serve", "--port", "0"};
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
  if (colon == std::string::npos) throw std::runtime_error("server did not start: " + line);
  port_ = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
}

TestServer::~TestServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void TestServer::terminate(int signal) { kill(pid_, signal); }

int TestServer::wait_exit() {
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::pair<int, std::string> TestServer::cli(const std::vector<std::string>& args,
                                            const std::string& stdin_text) const {
  int out[2], in[2];
  if (pipe(out) != 0 || pipe(in) != 0) throw std::runtime_error("pipe");
  const int pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    dup2(in[0], STDIN_FILENO);
    close(out[0]);
    close(in[1]);
    std::vector<std::string> all = {HOTLINE_BINARY, "--data", HOTLINE_DATA_DIR, "--db", db_};
    all.insert(all.end(), args.begin(), args.end());
    auto argv = argv_of(all);
    execv(HOTLINE_BINARY, argv.data());
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
  while ((n = read(out[0], buf.data(), buf.size())) > 0) text.append(buf.data(), static_cast<std::size_t>(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

HttpResult TestServer::request(const std::string& method, const std::string& target,
                               const std::string& body,
                               const std::map<std::string, std::string>& headers) const {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_});
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() && !headers.count("Content-Type")) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  bhttp::write(socket, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(socket, buffer, res);
  HttpResult out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) out.headers[std::string(f.name_string())] = std::string(f.value());
  out.body = res.body();
  boost::system::error_code ec;
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  return out;
}

std::string TestServer::login(const std::string& username, const std::string& password) const {
  const nlohmann::json body = {{"username", username}, {"password", password}};
  auto r = request("POST", "/api/v1/session", body.dump());
  if (r.status != 200) throw std::runtime_error("login failed: " + r.body);
  return r.json()["token"].get<std::string>();
}

HttpResult TestServer::as(const std::string& token, const std::string& method,
                          const std::string& target, const nlohmann::json& body) const {
  return request(method, target, body.is_null() ? std::string() : body.dump(),
                 {{"Authorization", "Bearer " + token}});
}

}  // namespace hotline::testing
