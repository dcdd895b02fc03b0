// Administration over HTTP against a real `hotline serve` (issue 11; issue 9
// item 13): accounts and roles by the administrator only, audited without the
// password; a year's holidays entered on the running server by the API and by
// `hotline calendar add-year`, taking effect without a restart and stored (a
// fresh process reads it back). The 2027 dates are TEST DATA, not the State
// Council's notice.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

int count(const TestServer& s, const std::string& where) {
  return std::stoi(s.sql("SELECT count(*) FROM audit_log WHERE " + where + ";"));
}

json test_2027() {
  return {{"year", 2027},
          {"notice", "测试用通知（非国务院办公厅通知）"},
          {"source", "测试〔2026〕1号"},
          {"url", ""},
          {"holidays", json::array({{{"name", "测试节𠮷"},
                                     {"from", "2027-01-04"},
                                     {"to", "2027-01-05"},
                                     {"makeup_working_days", json::array({"2027-01-09"})}}})}};
}

TEST(Admin, SEC_2_OnlyTheAdministratorManagesAccountsAndEveryChangeIsAuditedWithoutThePassword) {
  TestServer s({user("admin", "administrator"), user("supervisor", "supervisor"),
                user("staff", "unit-staff", kLeadUnit)});
  const std::string admin = s.login("admin");
  const std::string supervisor = s.login("supervisor");
  const std::string staff = s.login("staff");

  const json body = {{"username", "new.agent"},
                     {"display_name", "王𠮷"},
                     {"role", "agent"},
                     {"unit", "office"},
                     {"password", "Very-Secret-Pass-1"}};
  EXPECT_EQ(s.as(supervisor, "POST", "/api/v1/admin/accounts", body).status, 403);
  EXPECT_EQ(s.as(staff, "POST", "/api/v1/admin/accounts", body).status, 403);
  auto created = s.as(admin, "POST", "/api/v1/admin/accounts", body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["display_name"], "王𠮷");
  EXPECT_EQ(created.json()["unit_name"], "热线工作机构");
  EXPECT_EQ(s.as(admin, "POST", "/api/v1/admin/accounts", body).status, 409);

  // A bad field is named.
  json short_pw = body;
  short_pw["username"] = "other";
  short_pw["password"] = "short";
  auto refused = s.as(admin, "POST", "/api/v1/admin/accounts", short_pw);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "password");

  const std::string newcomer = s.login("new.agent", "Very-Secret-Pass-1");
  // Moving the account to a unit role ends its sessions.
  auto moved = s.as(admin, "PUT", "/api/v1/admin/accounts/new.agent",
                    {{"role", "unit-staff"}, {"unit", kLeadUnit}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json()["role"], "unit-staff");
  EXPECT_EQ(s.as(newcomer, "GET", "/api/v1/me").status, 401);
  auto bad_unit =
      s.as(admin, "PUT", "/api/v1/admin/accounts/new.agent", {{"unit", "no.such.unit"}});
  EXPECT_EQ(bad_unit.json()["error"]["field"], "unit") << bad_unit.body;

  // Reset the password: the old one stops working, the new one works.
  EXPECT_EQ(s.as(supervisor, "POST", "/api/v1/admin/accounts/new.agent/password",
                 {{"password", "Another-Pass-2026"}})
                .status,
            403);
  ASSERT_EQ(s.as(admin, "POST", "/api/v1/admin/accounts/new.agent/password",
                 {{"password", "Another-Pass-2026"}})
                .status,
            200);
  EXPECT_EQ(s.request("POST", "/api/v1/session",
                      json{{"username", "new.agent"}, {"password", "Very-Secret-Pass-1"}}.dump())
                .status,
            401);
  s.login("new.agent", "Another-Pass-2026");

  // Disable; the administrator cannot disable themselves.
  EXPECT_EQ(
      s.as(admin, "PUT", "/api/v1/admin/accounts/new.agent", {{"active", false}}).json()["active"],
      false);
  auto self = s.as(admin, "PUT", "/api/v1/admin/accounts/admin", {{"active", false}});
  EXPECT_EQ(self.status, 400);
  EXPECT_EQ(self.json()["error"]["field"], "active");

  EXPECT_EQ(
      count(s,
            "action = 'command:account-create' AND target = 'new.agent' AND actor_id = 'admin' "
            "AND success = 1"),
      1);
  EXPECT_GE(
      count(s, "action = 'command:account-create' AND actor_id = 'supervisor' AND success = 0"), 1);
  EXPECT_EQ(count(s, "action = 'command:account-reset-password' AND success = 1"), 1);
  EXPECT_GE(count(s, "action = 'command:account-change' AND target = 'new.agent' AND success = 1"),
            2);
  // Never the password, anywhere in the log.
  EXPECT_EQ(count(s, "detail LIKE '%Secret%' OR detail LIKE '%Another-Pass%'"), 0);
}

// The account routes are the Accounts use case's operations: the role is
// checked before the body is read (a supervisor's malformed body is 403, not
// 400), the refusal names SEC-2 and M27 and is audited as the command.
TEST(Admin, SEC_2_AccountOperationsRefuseBeforeReadingTheBody) {
  TestServer s({user("admin", "administrator"), user("supervisor", "supervisor")});
  const std::string supervisor = s.login("supervisor");
  const std::string admin = s.login("admin");
  auto r = s.request("PUT", "/api/v1/admin/accounts/admin", "{not json",
                     {{"Authorization", "Bearer " + supervisor}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("M27"), std::string::npos) << r.body;
  EXPECT_EQ(count(s,
                  "action = 'command:account-change' AND target = 'admin' AND "
                  "actor_id = 'supervisor' AND success = 0"),
            1);
  r = s.request("PUT", "/api/v1/admin/accounts/admin", "{not json",
                {{"Authorization", "Bearer " + admin}});
  EXPECT_EQ(r.status, 400) << r.body;
  r = s.as(admin, "PUT", "/api/v1/admin/accounts/supervisor", {{"colour", "red"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "colour");
}

// Other systems' API keys are the Accounts use case's too (issue 9: one
// boundary for the CLI's `apikey create` and the administration screen): the
// key is in the answer only, signs the system in, and its creation is
// audited without it. The account list is the office's.
TEST(Admin, INT_1_SEC_2_AnApiKeyIsShownOnceWorksAndIsAuditedWithoutTheKey) {
  TestServer s({user("admin", "administrator"), user("supervisor", "supervisor"),
                user("staff", "unit-staff", kLeadUnit)});
  const std::string admin = s.login("admin");
  const std::string supervisor = s.login("supervisor");
  const json body = {{"name", "sys12328"}, {"unit", "office"}};
  EXPECT_EQ(s.as(supervisor, "POST", "/api/v1/admin/api-keys", body).status, 403);
  auto missing = s.as(admin, "POST", "/api/v1/admin/api-keys", {{"name", "sys12328"}});
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_EQ(missing.json()["error"]["field"], "unit");
  auto unnamed = s.as(admin, "POST", "/api/v1/admin/api-keys", {{"name", ""}, {"unit", "office"}});
  EXPECT_EQ(unnamed.status, 400) << unnamed.body;
  EXPECT_EQ(unnamed.json()["error"]["field"], "name");
  auto created = s.as(admin, "POST", "/api/v1/admin/api-keys", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key = created.json()["key"];
  EXPECT_EQ(key.rfind("hlk_", 0), 0u);
  EXPECT_EQ(created.json()["account"]["username"], "api.sys12328");
  auto me = s.request("GET", "/api/v1/me", "", {{"X-Api-Key", key}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["role"], "api-client");
  EXPECT_EQ(count(s, "action = 'command:apikey-create' AND actor_id = 'admin' AND success = 1"), 1);
  EXPECT_EQ(count(s, "action = 'command:apikey-create' AND success = 0"), 3);
  EXPECT_EQ(count(s, "detail LIKE '%hlk_%' OR target LIKE '%hlk_%'"), 0);

  auto listed = s.as(supervisor, "GET", "/api/v1/directory/accounts");
  ASSERT_EQ(listed.status, 200) << listed.body;
  bool found = false;
  const json items = listed.json()["items"];
  for (const auto& a : items) found |= a["username"] == "api.sys12328";
  EXPECT_TRUE(found) << listed.body;
  EXPECT_EQ(s.as(s.login("staff"), "GET", "/api/v1/directory/accounts").status, 403);
}

TEST(Admin, ISSUE9_13_AYearEnteredByTheApiAppliesAtOnceAndIsStored) {
  TestServer s({user("admin", "administrator"), user("supervisor", "supervisor")},
               {"--fake-clock", "2026-12-06T09:00:00+08:00"});
  const std::string admin = s.login("admin");
  // Before: /healthz warns about 2027.
  auto health = s.request("GET", "/healthz");
  EXPECT_EQ(health.json()["status"], "warning") << health.body;

  EXPECT_EQ(s.as(s.login("supervisor"), "POST", "/api/v1/admin/calendar/years", test_2027()).status,
            403);
  json bad = test_2027();
  bad["holidays"][0]["makeup_working_days"] = json::array({"2027-01-06"});
  auto refused = s.as(admin, "POST", "/api/v1/admin/calendar/years", bad);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "holidays[0].makeup_working_days");
  json gap = test_2027();
  gap["year"] = 2028;
  EXPECT_EQ(s.as(admin, "POST", "/api/v1/admin/calendar/years", gap).json()["error"]["field"],
            "holidays[0].from");  // its dates are not in 2028

  auto added = s.as(admin, "POST", "/api/v1/admin/calendar/years", test_2027());
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.json()["holidays"][0]["days"], 2);
  EXPECT_EQ(s.as(admin, "POST", "/api/v1/admin/calendar/years", test_2027()).status, 409);
  health = s.request("GET", "/healthz");
  EXPECT_EQ(health.json()["status"], "ok") << health.body;
  auto years = s.as(admin, "GET", "/api/v1/admin/calendar");
  ASSERT_EQ(years.status, 200);
  EXPECT_EQ(years.json()["items"].back()["year"], 2027);
  EXPECT_EQ(years.json()["items"].back()["entered_by"], "admin");
  EXPECT_EQ(years.json()["items"].back()["holidays"][0]["name"], "测试节𠮷");
  EXPECT_EQ(count(s, "action = 'command:calendar-add-year' AND target = '2027' AND success = 1"),
            1);
  EXPECT_GE(count(s, "action = 'command:calendar-add-year' AND success = 0"), 2);

  // Stored durably: the CLI (a fresh process) sees it.
  auto [rc, out] = s.cli({"calendar", "list"});
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("2027\t测试〔2026〕1号"), std::string::npos) << out;
}

TEST(Admin, ISSUE9_13_AYearAddedByTheCommandLineReachesTheRunningServer) {
  TestServer s({user("admin", "administrator")}, {"--fake-clock", "2026-12-06T09:00:00+08:00"});
  const std::string file = s.db() + ".2027.json";
  std::ofstream(file) << test_2027().dump();
  auto [rc, out] = s.cli({"calendar", "add-year", file});
  ASSERT_EQ(rc, 0) << out;
  EXPECT_EQ(count(s,
                  "action = 'command:calendar-add-year' AND target = '2027' AND remote = 'cli' AND "
                  "success = 1"),
            1);
  // The server's timer takes it in within 10 s.
  const std::string admin = s.login("admin");
  json last;
  for (int i = 0; i < 30; ++i) {
    last = s.as(admin, "GET", "/api/v1/admin/calendar").json()["items"].back();
    if (last["year"] == 2027) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_EQ(last["year"], 2027);
  EXPECT_EQ(s.request("GET", "/healthz").json()["status"], "ok");
}

}  // namespace
}  // namespace hotline::testing
