// Bad input never answers 500 and never stops the service: malformed JSON,
// wrong types, unknown fields, over-long strings, oversized bodies, unknown
// routes and methods, refused transitions (422 with rule and article), stale
// versions (409), expired sessions and forged tokens (401). Keep-alive.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <string>
#include <thread>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

class BadInput : public ::testing::Test {
 protected:
  static const TestServer& s() { return *shared_server().server; }
  static const std::string& t(const std::string& user) { return shared_server().token(user); }

  // Sends a raw body as `user`; checks the status and that the server still answers.
  static HttpResult raw(const std::string& user, const std::string& method,
                        const std::string& target, const std::string& body,
                        const std::string& content_type = "application/json") {
    auto r = s().request(method, target, body,
                         {{"Authorization", "Bearer " + t(user)}, {"Content-Type", content_type}});
    EXPECT_NE(r.status, 500) << method << " " << target << " " << r.body;
    EXPECT_TRUE(s().healthy()) << "after " << method << " " << target;
    return r;
  }
  static void expect_error(const HttpResult& r, int status, const std::string& field = {}) {
    EXPECT_EQ(r.status, status) << r.body;
    const json body = r.json();
    ASSERT_TRUE(body.is_object() && body.contains("error")) << r.body;
    EXPECT_FALSE(body["error"].value("code", "").empty()) << r.body;
    EXPECT_FALSE(body["error"].value("message", "").empty()) << r.body;
    if (!field.empty()) {
      EXPECT_EQ(body["error"].value("field", ""), field) << r.body;
    }
  }
};

TEST_F(BadInput, INT_4_MalformedJsonWrongTypesUnknownFields) {
  expect_error(raw("agent", "POST", "/api/v1/requests", "{\"channel\": \"phone\","), 400);
  expect_error(raw("agent", "POST", "/api/v1/requests", "not json at all"), 400);
  expect_error(raw("agent", "POST", "/api/v1/requests", "[1, 2, 3]"), 400);
  expect_error(raw("agent", "POST", "/api/v1/requests", "\"a string\""), 400);
  expect_error(raw("agent", "POST", "/api/v1/requests", std::string("{\"a\":\"\xff\xfe\"}")), 400);
  expect_error(raw("agent", "POST", "/api/v1/requests", std::string(10000, '[')), 400);

  json wrong_type = registration("13800001111");
  wrong_type["applicant"]["phone"] = 13800001111;
  expect_error(raw("agent", "POST", "/api/v1/requests", wrong_type.dump()), 400, "applicant.phone");
  json unknown = registration("13800001111");
  unknown["colour"] = "blue";
  expect_error(raw("agent", "POST", "/api/v1/requests", unknown.dump()), 400, "colour");
  json bad_enum = registration("13800001111");
  bad_enum["channel"] = "carrier-pigeon";
  expect_error(raw("agent", "POST", "/api/v1/requests", bad_enum.dump()), 400, "channel");
  json reason = registration("13800001111");
  reason["reason"] = 42;
  expect_error(raw("agent", "POST", "/api/v1/requests", reason.dump()), 400, "reason");
  json version = registration("13800001111");
  version["expected_version"] = "1";
  expect_error(raw("agent", "POST", "/api/v1/requests", version.dump()), 400, "expected_version");

  // On an action, too.
  const std::string number = register_request(s(), t("agent"), registration("13800001112"));
  expect_error(raw("dispatcher", "POST", "/api/v1/requests/" + number + "/dispatch",
                   json{{"lead_unit", 7}}.dump()),
               400, "lead_unit");
  expect_error(raw("dispatcher", "POST", "/api/v1/requests/" + number + "/dispatch",
                   json{{"lead_unit", "no.such.unit"}}.dump()),
               400);
  expect_error(raw("dispatcher", "POST", "/api/v1/requests/" + number + "/dispatch", "{"), 400);
  // The request is still waiting for dispatch: nothing was written.
  EXPECT_EQ(s().as(t("agent"), "GET", "/api/v1/requests/" + number).json()["orders"].size(), 0u);

  // Sign-in with bad bodies.
  expect_error(s().request("POST", "/api/v1/session", "{"), 400);
  expect_error(s().request("POST", "/api/v1/session", "{\"username\": [], \"password\": 1}"), 400);
}

TEST_F(BadInput, INT_4_OverLongStrings) {
  json long_detail = registration("13800002222");
  long_detail["detail"] = std::string(200000, 'x');
  long_detail["items"] = json::array({{{"text", "x"}}});
  auto r = raw("agent", "POST", "/api/v1/requests", long_detail.dump());
  EXPECT_TRUE(r.status == 400 || r.status == 422 || r.status == 413) << r.status << r.body;
  json long_name = registration("13800002222", std::string(5000, 'a'));
  r = raw("agent", "POST", "/api/v1/requests", long_name.dump());
  EXPECT_TRUE(r.status == 400 || r.status == 422) << r.status << r.body;
  json long_phone = registration(std::string(3000, '1'));
  r = raw("agent", "POST", "/api/v1/requests", long_phone.dump());
  EXPECT_TRUE(r.status == 400 || r.status == 422) << r.status << r.body;
  // A long path and a long query.
  r = s().as(t("agent"), "GET", "/api/v1/work-orders/" + std::string(4000, '9'));
  EXPECT_EQ(r.status, 404);
  r = s().as(t("agent"), "GET", "/api/v1/work-orders?status=" + std::string(4000, 'z'));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(s().healthy());
}

TEST_F(BadInput, UnknownRoutes404WrongMethod405WithAllow) {
  for (const char* path : {"/api/v1/nothing", "/api/v2/requests", "/", "/api/v1/work-orders/x/y/z",
                           "/api/v1/requests/1/no-such-action", "/open311/v2/nothing.json"}) {
    auto r = s().as(t("agent"), "GET", path);
    EXPECT_EQ(r.status, 404) << path << " " << r.body;
  }
  auto r = s().as(t("agent"), "DELETE", "/api/v1/requests");
  EXPECT_EQ(r.status, 405) << r.body;
  EXPECT_NE(r.header("Allow").find("POST"), std::string::npos) << r.header("Allow");
  r = s().as(t("agent"), "PUT", "/api/v1/work-orders/x/accept", json::object());
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "POST");
  r = s().as(t("agent"), "POST", "/healthz", json::object());
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "GET");
  r = s().request("PATCH", "/api/v1/me");
  EXPECT_TRUE(r.status == 405 || r.status == 401) << r.status;
  // Unknown things are 404 without a session too, never 500.
  EXPECT_NE(s().request("GET", "/api/v1/work-orders/1").status, 500);
  // Path parameters that do not exist.
  EXPECT_EQ(s().as(t("agent"), "GET", "/api/v1/requests/0000").status, 404);
  EXPECT_EQ(s().as(t("agent"), "GET", "/api/v1/work-orders/0000-1").status, 404);
  EXPECT_EQ(
      s().as(t("lead.staff"), "POST", "/api/v1/work-orders/0000-1/accept", json::object()).status,
      404);
  // A NUL in the path is the client's mistake, named (issue 9, item 4).
  EXPECT_EQ(s().as(t("agent"), "GET", "/api/v1/requests/%2e%2e%2f%00").status, 400);
  EXPECT_EQ(s().as(t("agent"), "GET", "/api/v1/requests/%2e%2e%2f").status, 404);
  EXPECT_TRUE(s().healthy());
}

TEST_F(BadInput, ACC_1_InvalidTransitionIs422WithRuleAndArticle) {
  const std::string number = register_request(s(), t("agent"), registration("13800003333"));
  const std::string id = dispatch(s(), t("dispatcher"), number);
  // Reply before acceptance; evaluate before the reply.
  auto r = s().as(t("visitor"), "POST", "/api/v1/work-orders/" + id + "/evaluate",
                  {{"satisfaction", "satisfied"}});
  expect_error(r, 422);
  EXPECT_EQ(r.json()["error"]["rule"], "VIS-1");
  EXPECT_EQ(r.json()["error"]["article"], "M18");
  ASSERT_EQ(s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/accept", json::object())
                .status,
            200);
  r = s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/accept", json::object());
  expect_error(r, 422);
  EXPECT_EQ(r.json()["error"]["rule"], "ACC-1");
  EXPECT_EQ(r.json()["error"]["article"], "R9");
  EXPECT_FALSE(r.json()["error"].value("message_zh", "").empty());
}

TEST_F(BadInput, RET_1_ApplyReturnTakesItsReasonArgument) {
  // "reason" is both the reserved member and apply-return's own argument.
  const std::string number = register_request(s(), t("agent"), registration("13800003334"));
  const std::string id = dispatch(s(), t("dispatcher"), number);
  auto r =
      s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/apply-return",
             {{"reason", "not-our-duty"},
              {"explanation", "不属于本单位职责"},
              {"evidence", {{"legal_basis", "《条例》第三条"}, {"suggested_unit", kOtherUnit}}}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "return-pending") << r.body;
}

TEST_F(BadInput, StaleExpectedVersionIs409AndNothingIsWritten) {
  const std::string number = register_request(s(), t("agent"), registration("13800004444"));
  const std::string id = dispatch(s(), t("dispatcher"), number);
  auto r = s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/accept",
                  {{"expected_version", 0}});
  expect_error(r, 409);
  r = s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/accept",
             {{"expected_version", 99}});
  expect_error(r, 409);
  const json current = s().as(t("agent"), "GET", "/api/v1/work-orders/" + id).json();
  EXPECT_EQ(current["status"], "dispatched");
  r = s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/accept",
             {{"expected_version", current["version"]}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(BadInput, SEC_2_ForgedOrMalformedTokensAre401) {
  for (const std::string& header :
       {std::string("Bearer hls_") + std::string(43, 'A'), std::string("Bearer "),
        std::string("Bearer hls_\xff\xfe"), std::string("Bearer ") + std::string(5000, 'x'),
        std::string("Bearer ") + t("agent") + "x", std::string("Basic YWdlbnQ6cGFzcw==")}) {
    auto r = s().request("GET", "/api/v1/me", {}, {{"Authorization", header}});
    EXPECT_EQ(r.status, 401) << header.substr(0, 40) << " " << r.body;
    r = s().request("POST", "/api/v1/requests", registration("13800005555").dump(),
                    {{"Authorization", header}});
    EXPECT_EQ(r.status, 401) << header.substr(0, 40) << " " << r.body;
  }
  auto r = s().request("GET", "/api/v1/work-orders", {}, {{"X-Api-Key", "hlk_forged"}});
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(s().request("GET", "/api/v1/work-orders").status, 401);
  EXPECT_TRUE(s().healthy());
}

TEST_F(BadInput, SessionEndsAtSignOut) {
  const std::string token = s().login("analyst");
  EXPECT_EQ(s().as(token, "GET", "/api/v1/me").status, 200);
  EXPECT_EQ(s().as(token, "DELETE", "/api/v1/session").status, 200);
  EXPECT_EQ(s().as(token, "GET", "/api/v1/me").status, 401);
  // A wrong password is 401.
  auto r = s().request("POST", "/api/v1/session",
                       json{{"username", "analyst"}, {"password", "wrong-password!"}}.dump());
  EXPECT_EQ(r.status, 401) << r.body;
}

TEST_F(BadInput, KeepAliveServesSeveralRequestsOnOneConnection) {
  Connection c(s().port());
  const int local = c.local_port();
  const std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + t("agent")}};
  for (int i = 0; i < 5; ++i) {
    auto r = c.send("GET", "/healthz");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.header("Connection"), "close");
  }
  auto reg = c.send("POST", "/api/v1/requests", registration("13800006666").dump(), auth);
  EXPECT_EQ(reg.status, 201) << reg.body;
  // Errors do not close the connection either.
  EXPECT_EQ(c.send("GET", "/api/v1/nothing", {}, auth).status, 404);
  EXPECT_EQ(c.send("POST", "/api/v1/requests", "{", auth).status, 400);
  EXPECT_EQ(c.send("GET", "/api/v1/me", {}, auth).status, 200);
  EXPECT_EQ(c.local_port(), local);  // still the same connection
  // "Connection: close" is honoured.
  auto last = c.send("GET", "/healthz", {}, {{"Connection", "close"}});
  EXPECT_EQ(last.status, 200);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(BodyLimit, SmallLimitAnswers413AndKeepsServing) {
  TestServer s({user("agent", "agent")}, {"--body-limit", "2048"});
  const std::string agent = s.login("agent");
  json big = registration("13800007777");
  big["detail"] = std::string(4096, 'x');
  auto r = s.as(agent, "POST", "/api/v1/requests", big);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(r.json()["error"].value("code", ""), "payload_too_large");
  // A body under the limit is fine; and the server answers afterwards.
  EXPECT_EQ(s.as(agent, "POST", "/api/v1/requests", registration("13800007778")).status, 201);
  // Over the limit before authentication, too (no session needed to be refused).
  r = s.request("POST", "/api/v1/session", std::string(100000, ' '));
  EXPECT_EQ(r.status, 413);
  // A huge header.
  r = s.request("GET", "/healthz", {}, {{"X-Padding", std::string(20000, 'p')}});
  EXPECT_TRUE(r.status == 413 || r.status == 431 || r.status == 400) << r.status;
  EXPECT_TRUE(s.healthy());
}

TEST(FakeClock, SEC_2_SessionsExpireAfterIdleAndLifetime) {
  TestServer s({user("agent", "agent"), user("admin", "administrator")},
               {"--fake-clock", "2026-03-02T09:00:00+08:00"});
  const std::string agent = s.login("agent");
  std::string admin = s.login("admin");
  EXPECT_EQ(s.as(agent, "GET", "/healthz").json()["now"], "2026-03-02T09:00:00+08:00");

  // Only an administrator moves the clock; bad bodies are 400.
  EXPECT_EQ(s.as(agent, "POST", "/api/v1/admin/clock", {{"advance", "1 hours"}}).status, 403);
  // Without a caller: 401, before the route's handler runs (issue 9).
  EXPECT_EQ(s.request("POST", "/api/v1/admin/clock", json{{"advance", "1 hours"}}.dump()).status,
            401);
  EXPECT_EQ(s.as(admin, "POST", "/api/v1/admin/clock", {{"advance", "2 working days"}}).status,
            400);
  EXPECT_EQ(
      s.as(admin, "POST", "/api/v1/admin/clock", {{"to", "2020-01-01T00:00:00+08:00"}}).status,
      400);
  EXPECT_EQ(s.as(admin, "POST", "/api/v1/admin/clock", {{"speed", 2}}).status, 400);

  // SessionPolicy: 2 hours idle ends a session. The administrator's own
  // requests keep theirs alive; the agent's goes idle.
  auto moved = s.as(admin, "POST", "/api/v1/admin/clock", {{"advance", "1 hours"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json()["now"], "2026-03-02T10:00:00+08:00");
  EXPECT_EQ(s.as(agent, "GET", "/api/v1/me").status, 200);  // 1 h idle: still signed in
  ASSERT_EQ(s.as(admin, "POST", "/api/v1/admin/clock", {{"advance", "121 minutes"}}).status, 200);
  EXPECT_EQ(s.as(agent, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(s.as(agent, "POST", "/api/v1/requests", registration("13800008888")).status, 401);
  // The administrator's own session went idle as well (the clock moved 121 minutes after
  // their last request).
  EXPECT_EQ(s.as(admin, "GET", "/api/v1/me").status, 401);
  admin = s.login("admin");

  // 10 hours at most, however busy.
  const std::string fresh = s.login("agent");
  for (int h = 0; h < 10; ++h) {
    ASSERT_EQ(s.as(fresh, "GET", "/api/v1/me").status, 200) << "hour " << h;
    ASSERT_EQ(s.as(admin, "POST", "/api/v1/admin/clock", {{"advance", "59 minutes"}}).status, 200)
        << "the administrator's session ended at hour " << h;
  }
  // 9 h 50 min in: still fine; past 10 h: gone.
  EXPECT_EQ(s.as(fresh, "GET", "/api/v1/me").status, 200);
  const std::string admin2 = s.login("admin");
  ASSERT_EQ(s.as(admin2, "POST", "/api/v1/admin/clock", {{"advance", "11 minutes"}}).status, 200);
  EXPECT_EQ(s.as(fresh, "GET", "/api/v1/me").status, 401);
  EXPECT_TRUE(s.healthy());
}

TEST(Shutdown, SIGTERMWithIdleKeepAliveConnectionsExitsPromptlyAndCleanly) {
  TestServer s({user("agent", "agent")});
  const std::string agent = s.login("agent");
  const std::string number = register_request(s, agent, registration("13800009999"));
  std::vector<std::unique_ptr<Connection>> idle;
  for (int i = 0; i < 5; ++i) {
    idle.push_back(std::make_unique<Connection>(s.port()));
    EXPECT_EQ(idle.back()->send("GET", "/healthz").status, 200);
  }
  // One more whose request arrived just now.
  Connection busy(s.port());
  EXPECT_EQ(busy.send("POST", "/api/v1/requests", registration("13800009998").dump(),
                      {{"Authorization", "Bearer " + agent}})
                .status,
            201);
  const auto started = std::chrono::steady_clock::now();
  s.terminate(SIGTERM);
  const auto code = s.wait_exit_for(std::chrono::seconds(5));
  ASSERT_TRUE(code.has_value()) << "still running 5 s after SIGTERM\n" << s.log();
  EXPECT_EQ(*code, 0) << s.log();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  for (auto& c : idle) EXPECT_TRUE(c->closed_by_peer());

  // The database is intact and has both requests.
  auto [shown, out] = s.cli({"show", number});
  EXPECT_EQ(shown, 0) << out;
  EXPECT_NE(out.find(number), std::string::npos) << out;
  EXPECT_EQ(s.sql("PRAGMA integrity_check;"), "ok");
  auto [verified, report] = s.cli({"audit", "verify"});
  EXPECT_EQ(verified, 0) << report;
}

}  // namespace
}  // namespace hotline::testing
