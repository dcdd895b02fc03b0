#pragma once
// Shared set-up for the HTTP tests: the demo organisation's units, one account
// per role, and request bodies.

#include <gtest/gtest.h>

#include <ctime>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http/test_server.h"

namespace hotline::testing {

inline constexpr const char* kLeadUnit = "dept.heping.housing";   // leads the work orders
inline constexpr const char* kOtherUnit = "dept.nankai.housing";  // has nothing to do with them
inline constexpr const char* kAssistingUnit = "dept.heping.urban-management";  // assists

// `hotline user add` for username with role and unit (password kPassword).
inline std::vector<std::string> user(const std::string& username, const std::string& role,
                                     const std::string& unit = "office") {
  return {"user", "add",    "--username", username,          "--role",
          role,   "--unit", unit,         "--password-stdin"};
}

// One account per role of the office, plus staff of the lead, another and an
// assisting unit.
inline std::vector<std::vector<std::string>> all_role_users() {
  return {user("agent", "agent"),
          user("dispatcher", "dispatcher"),
          user("visitor", "visit-agent"),
          user("supervisor", "supervisor"),
          user("analyst", "analyst"),
          user("admin", "administrator"),
          user("lead.staff", "unit-staff", kLeadUnit),
          user("other.staff", "unit-staff", kOtherUnit),
          user("assist.staff", "unit-staff", kAssistingUnit)};
}

inline nlohmann::json registration(const std::string& phone, const std::string& name = "陈小明",
                                   const std::string& detail = "小区楼道灯损坏一个月无人维修") {
  return {
      {"channel", "phone"},
      {"type", "complaint"},
      {"applicant", {{"name", name}, {"phone", phone}, {"address", "和平区新兴街道西宁道12号"}}},
      {"detail", detail},
      {"items", {{{"text", detail}}}},
      {"location", {{"district", "district.heping"}}}};
}

// Registers as `token` and returns the request number (asserts 201).
inline std::string register_request(const TestServer& s, const std::string& token,
                                    const nlohmann::json& body) {
  auto r = s.as(token, "POST", "/api/v1/requests", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json().value("number", std::string());
}

// Dispatches `number` to lead (and assisting) units; returns the first work order id.
inline std::string dispatch(const TestServer& s, const std::string& token,
                            const std::string& number, const std::string& lead = kLeadUnit,
                            const std::vector<std::string>& assisting = {}) {
  nlohmann::json body = {{"lead_unit", lead}};
  if (!assisting.empty()) body["assisting_units"] = assisting;
  auto r = s.as(token, "POST", "/api/v1/requests/" + number + "/dispatch", body);
  EXPECT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  if (!j.is_array() || j.empty()) return {};
  return j[0].value("id", std::string());
}

// The current instant in Asia/Shanghai, ISO-8601 (the server runs on the system clock).
inline std::string now_iso() {
  const std::time_t t = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
  return buf;
}

inline nlohmann::json reply_body(const std::string& contacted_at = now_iso()) {
  return {{"contacted_at", contacted_at},      {"handler", "王工"},
          {"handler_contact", "022-23000000"}, {"process", "现场查看并更换灯具"},
          {"result", "楼道灯已修复"},          {"policy_basis", "《天津市物业管理条例》"},
          {"applicant_feedback", "认可"}};
}

// One server with an account per role, shared by the suites that do not
// stop, tamper with or reconfigure it (each test makes its own requests).
// Sign-ins run in parallel: Argon2id costs 64 MiB and a good fraction of a
// second each.
struct SharedServer {
  std::unique_ptr<TestServer> server;
  std::map<std::string, std::string> tokens;  // username → session token
  const std::string& token(const std::string& username) const { return tokens.at(username); }
};

inline SharedServer& shared_server() {
  static SharedServer shared = [] {
    SharedServer s;
    // Its suites look up many requests from one address (127.0.0.1), as no
    // applicant would: the per-address look-up limit (INT-5) is tested on a
    // server of its own (attachments_test.cc).
    s.server = std::make_unique<TestServer>(
        all_role_users(), std::vector<std::string>{"--applicant-lookups-per-address", "100000"});
    std::map<std::string, std::future<std::string>> pending;
    for (const char* u : {"agent", "dispatcher", "visitor", "supervisor", "analyst", "admin",
                          "lead.staff", "other.staff", "assist.staff"}) {
      pending[u] = std::async(std::launch::async, [&s, u] { return s.server->login(u); });
    }
    for (auto& [u, f] : pending) s.tokens[u] = f.get();
    return s;
  }();
  return shared;
}

}  // namespace hotline::testing
