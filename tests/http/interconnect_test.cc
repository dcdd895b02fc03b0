// Issue 13 over real HTTP: a department's business system acting with its
// own key (ICN-3), the office's dead letters (ICN-3), complaints about staff
// (INT-6) and the agents' figures (INT-7).
#include <gtest/gtest.h>

#include <string>

#include "fixtures.h"
#include "test_server.h"

namespace hotline::testing {
namespace {

using nlohmann::json;

TEST(Interconnect, ICN_3_DepartmentSystemActsThroughTheApiWithItsKey) {
  const SharedServer& shared = shared_server();
  const TestServer& s = *shared.server;
  const std::string key = s.create_api_key("housing-system", kLeadUnit);
  const std::string number =
      register_request(s, shared.token("agent"), registration("13700005001"));
  const std::string id = dispatch(s, shared.token("dispatcher"), number);
  auto accepted = s.as(key, "POST", "/api/v1/work-orders/" + id + "/accept", json::object());
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.json().value("status", ""), "accepted");
  auto replied = s.as(key, "POST", "/api/v1/work-orders/" + id + "/reply", reply_body());
  ASSERT_EQ(replied.status, 200) << replied.body;
  // Another unit's system sees nothing of it.
  const std::string other = s.create_api_key("nankai-system", kOtherUnit);
  auto foreign = s.as(other, "GET", "/api/v1/work-orders/" + id);
  EXPECT_EQ(foreign.status, 404);
}

TEST(Interconnect, ICN_3_DeadLettersAreTheOfficesToSeeAndReplay) {
  const SharedServer& shared = shared_server();
  const TestServer& s = *shared.server;
  auto listed = s.as(shared.token("supervisor"), "GET", "/api/v1/webhooks/dead-letters");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_TRUE(listed.json().is_array());
  EXPECT_EQ(s.as(shared.token("lead.staff"), "GET", "/api/v1/webhooks/dead-letters").status, 403);
  EXPECT_EQ(s.request("GET", "/api/v1/webhooks/dead-letters").status, 401);
  auto none = s.as(shared.token("admin"), "POST", "/api/v1/webhooks/dead-letters/999999/replay",
                   json::object());
  EXPECT_EQ(none.status, 404) << none.body;
  auto refused =
      s.as(shared.token("agent"), "POST", "/api/v1/webhooks/dead-letters/1/replay", json::object());
  EXPECT_EQ(refused.status, 403);
}

TEST(Interconnect, INT_6_INT_7_ConductComplaintAndAgentFigures) {
  const SharedServer& shared = shared_server();
  const TestServer& s = *shared.server;
  const std::string number =
      register_request(s, shared.token("agent"), registration("13700005002"));
  auto evaluated =
      s.as(shared.token("visitor"), "POST", "/api/v1/requests/" + number + "/evaluate-agent",
           json{{"method", "sms"}, {"satisfaction", "dissatisfied"}});
  ASSERT_EQ(evaluated.status, 200) << evaluated.body;

  json complaint = registration("13700005002", "陈小明", "话务员敷衍塞责𠮷");
  complaint["complaint"] = {
      {"staff_member", "agent"}, {"behaviour", "perfunctory"}, {"about_request", number}};
  auto filed =
      s.as(shared.token("dispatcher"), "POST", "/api/v1/file-conduct-complaint", complaint);
  ASSERT_EQ(filed.status, 200) << filed.body;
  const std::string c = filed.json().value("number", "");
  auto dispatched = s.as(shared.token("dispatcher"), "POST", "/api/v1/requests/" + c + "/dispatch",
                         json{{"lead_unit", kLeadUnit}});
  EXPECT_EQ(dispatched.status, 422) << dispatched.body;
  EXPECT_EQ(dispatched.json()["error"].value("rule", ""), "INT-6");
  auto by_unit =
      s.as(shared.token("lead.staff"), "POST", "/api/v1/file-conduct-complaint", complaint);
  EXPECT_EQ(by_unit.status, 403) << by_unit.body;
  auto handled = s.as(shared.token("supervisor"), "POST",
                      "/api/v1/requests/" + c + "/handle-conduct-complaint",
                      json{{"finding", "substantiated"},
                           {"measures", "约谈并培训"},
                           {"told_applicant", "经核实属实，已批评教育"}});
  ASSERT_EQ(handled.status, 200) << handled.body;

  auto figures = s.as(shared.token("supervisor"), "GET", "/api/v1/agents/figures");
  ASSERT_EQ(figures.status, 200) << figures.body;
  bool found = false;
  for (const auto& row : figures.json()) {
    if (row.value("agent", "") != "agent") continue;
    found = true;
    EXPECT_GE(row.value("evaluated", 0), 1);
    EXPECT_GE(row.value("dissatisfied", 0), 1);
    EXPECT_GE(row.value("conduct_complaints_substantiated", 0), 1);
  }
  EXPECT_TRUE(found) << figures.body;
  EXPECT_EQ(s.as(shared.token("agent"), "GET", "/api/v1/agents/figures").status, 403);
  EXPECT_EQ(s.as(shared.token("supervisor"), "GET", "/api/v1/agents/figures?from=yesterday").status,
            400);
}

}  // namespace
}  // namespace hotline::testing
