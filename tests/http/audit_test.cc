// SEC-2 [M27, R28, C30]: every change and every read of personal data through
// the HTTP service is in the hash-chained audit log; `hotline audit verify`
// passes, and fails naming the entry once the file is tampered with.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

int count(const TestServer& s, const std::string& where) {
  return std::stoi(s.sql("SELECT count(*) FROM audit_log WHERE " + where + ";"));
}

TEST(AuditLog, SEC_2_ChangesAndPersonalDataReadsAreAuditedAndTheChainVerifies) {
  TestServer s({user("agent", "agent"), user("dispatcher", "dispatcher"),
                user("lead.staff", "unit-staff", kLeadUnit), user("analyst", "analyst")});
  const std::string agent = s.login("agent");
  const std::string dispatcher = s.login("dispatcher");
  const std::string lead = s.login("lead.staff");
  const std::string analyst = s.login("analyst");

  const std::string number = register_request(s, agent, registration("13600001234"));
  auto triage =
      s.as(agent, "POST", "/api/v1/requests/" + number + "/triage", {{"outcome", "to-dispatch"}});
  ASSERT_EQ(triage.status, 200) << triage.body;
  const std::string id = dispatch(s, dispatcher, number);
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(s.as(lead, "POST", "/api/v1/work-orders/" + id + "/accept", json::object()).status,
            200);
  // A refused change is recorded too, as failed.
  ASSERT_EQ(s.as(lead, "POST", "/api/v1/work-orders/" + id + "/accept", json::object()).status,
            422);
  ASSERT_EQ(s.as(agent, "POST", "/api/v1/sweep", json::object()).status, 403);

  const std::string q = "'" + number + "'";
  const std::string w = "'" + id + "'";
  // Changes: by whom, on what, done or refused.
  EXPECT_EQ(count(s, "action = 'command:register' AND target = " + q +
                         " AND actor_id = 'agent' AND success = 1"),
            1);
  EXPECT_EQ(count(s, "action = 'command:triage' AND target = " + q + " AND success = 1"), 1);
  EXPECT_EQ(count(s, "action = 'command:dispatch' AND target = " + q +
                         " AND actor_id = 'dispatcher' AND success = 1"),
            1);
  EXPECT_EQ(count(s, "action = 'command:accept' AND target = " + w +
                         " AND actor_role = 'unit-staff'"
                         " AND actor_unit = '" +
                         kLeadUnit + "' AND success = 1"),
            1);
  EXPECT_EQ(count(s, "action = 'command:accept' AND target = " + w + " AND success = 0"), 1);
  EXPECT_GE(count(s, "action LIKE '%sweep%' AND actor_id = 'agent' AND success = 0"), 1)
      << s.sql("SELECT action, actor_id, success FROM audit_log;");
  EXPECT_GE(count(s, "remote = '127.0.0.1'"), 5);

  // Reads of personal data: the registration's and the triage's answers (the
  // agent saw the applicant in both), and each GET that discloses it.
  const int before = count(s, "action = 'read-personal-data' AND target = " + q);
  EXPECT_GE(before, 2) << s.sql("SELECT sequence, actor_id, action, target FROM audit_log;");
  ASSERT_EQ(s.as(agent, "GET", "/api/v1/requests/" + number).status, 200);
  ASSERT_EQ(s.as(lead, "GET", "/api/v1/requests/" + number).status, 200);
  EXPECT_EQ(count(s, "action = 'read-personal-data' AND target = " + q), before + 2);
  EXPECT_EQ(count(s, "action = 'read-personal-data' AND target = " + q +
                         " AND actor_id = 'lead.staff' AND detail LIKE '%masked%'"),
            1);
  // An analyst sees no identity, so nothing was disclosed.
  ASSERT_EQ(s.as(analyst, "GET", "/api/v1/requests/" + number).status, 200);
  EXPECT_EQ(count(s, "action = 'read-personal-data' AND actor_id = 'analyst'"), 0);

  // The chain verifies while the server runs…
  auto [ok, out] = s.cli({"audit", "verify"});
  EXPECT_EQ(ok, 0) << out;
  EXPECT_NE(out.find("chain intact"), std::string::npos) << out;

  // …and after a clean stop.
  s.terminate(SIGTERM);
  ASSERT_EQ(s.wait_exit_for(std::chrono::seconds(10)).value_or(-1), 0);
  const int total = std::stoi(s.sql("SELECT max(sequence) FROM audit_log;"));
  ASSERT_GE(total, 8);

  // The log refuses edits through SQL while its triggers stand.
  auto [refused, why] =
      run_process({"sqlite3", s.db(), "UPDATE audit_log SET detail = 'x' WHERE sequence = 3;"});
  EXPECT_NE(refused, 0) << why;
  EXPECT_NE(why.find("append-only"), std::string::npos) << why;

  // Someone with write access drops the triggers and edits entry 3.
  const std::string edited = s.sql("SELECT sequence FROM audit_log WHERE sequence = 3;");
  ASSERT_EQ(edited, "3");
  s.sql(
      "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
      "UPDATE audit_log SET actor_id = 'someone-else' WHERE sequence = 3;");
  auto [bad, report] = s.cli({"audit", "verify"});
  EXPECT_EQ(bad, 1) << report;
  EXPECT_NE(report.find("entry 3"), std::string::npos) << report;
  EXPECT_NE(report.find("edited"), std::string::npos) << report;
}

// The dispatch catalogue's changes go through the Triage use case: each is
// audited as "command:<operation>" naming the entry, done or refused, and a
// refused caller is refused before its body is read.
TEST(AuditLog, SEC_2_DIS_2_TriageCatalogueChangesAreAuditedAsCommands) {
  TestServer s({user("dispatcher", "dispatcher"), user("agent", "agent")});
  const std::string dispatcher = s.login("dispatcher");
  const std::string agent = s.login("agent");
  auto r = s.as(dispatcher, "POST", "/api/v1/triage/catalogue",
                {{"id", "audit.labour"},
                 {"category", "劳动和社会保障"},
                 {"lead", kLeadUnit},
                 {"reason", "审计测试"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(count(s,
                  "action = 'command:triage-catalogue-add' AND target = 'audit.labour' AND "
                  "success = 1 AND actor_id = 'dispatcher'"),
            1);
  // An agent may not: 403 citing R7 even for a body that is not JSON.
  r = s.request("POST", "/api/v1/triage/catalogue/audit.labour/retire", "{not json",
                {{"Authorization", "Bearer " + agent}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("R7"), std::string::npos);
  EXPECT_EQ(count(s,
                  "action = 'command:triage-catalogue-retire' AND target = 'audit.labour' AND "
                  "success = 0 AND actor_id = 'agent'"),
            1);
}

TEST(AuditLog, SEC_2_RemovedEntryIsNamed) {
  TestServer s({user("agent", "agent")});
  const std::string agent = s.login("agent");
  for (int i = 0; i < 3; ++i)
    register_request(s, agent, registration("1360000200" + std::to_string(i)));
  s.terminate(SIGTERM);
  ASSERT_EQ(s.wait_exit_for(std::chrono::seconds(10)).value_or(-1), 0);
  s.sql("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE sequence = 4;");
  auto [bad, report] = s.cli({"audit", "verify"});
  EXPECT_EQ(bad, 1) << report;
  EXPECT_NE(report.find("removed"), std::string::npos) << report;
  EXPECT_NE(report.find("entry 5"), std::string::npos) << report;
}

}  // namespace
}  // namespace hotline::testing
