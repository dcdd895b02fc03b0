// INT-5 [M14]: an applicant looks up their request with its number and the
// phone they gave; sees that request only; evaluates after the reply. A wrong
// phone is 401, and repeated failures are throttled (429).

#include <gtest/gtest.h>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

HttpResult applicant_login(const TestServer& s, const std::string& number,
                           const std::string& phone) {
  return s.request("POST", "/api/v1/applicant-session",
                   json{{"number", number}, {"phone", phone}}.dump());
}

TEST(ApplicantSession, INT_5_SeesOwnRequestOnlyAndEvaluatesAfterTheReply) {
  TestServer s({user("agent", "agent"), user("lead.staff", "unit-staff", kLeadUnit)});
  const std::string agent = s.login("agent");
  const std::string lead = s.login("lead.staff");
  const std::string mine = register_request(s, agent, registration("13511112222", "周明"));
  const std::string theirs = register_request(s, agent, registration("13533334444", "吴芳"));
  const std::string my_order = dispatch(s, agent, mine);
  const std::string their_order = dispatch(s, agent, theirs);

  // The phone as the applicant types it (+86, spaces) still matches.
  auto login = applicant_login(s, mine, "+86 135 1111 2222");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string token = login.json().value("token", "");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(login.json()["actor"]["role"], "applicant");
  EXPECT_EQ(login.json()["actor"]["scope"], mine);

  auto me = s.as(token, "GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["scope"], mine);

  // Own request: the applicant's own view (issue 9, item 8), not the staff's.
  auto own = s.as(token, "GET", "/api/v1/requests/" + mine);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.json()["number"], mine);
  ASSERT_EQ(own.json()["progress"].size(), 1u) << own.body;
  EXPECT_EQ(own.json()["progress"][0]["work_order"], my_order);
  EXPECT_EQ(own.body, s.as(token, "GET", "/api/v1/applicant/request").body);
  // The staff's view of the work order (with its internal record) is not theirs.
  EXPECT_EQ(s.as(token, "GET", "/api/v1/work-orders/" + my_order).status, 404);
  auto list = s.as(token, "GET", "/api/v1/work-orders");
  ASSERT_EQ(list.status, 200);
  const json items = list.json()["items"];
  ASSERT_EQ(items.size(), 1u) << list.body;
  EXPECT_EQ(items[0]["id"], my_order);

  // Someone else's: as if it did not exist.
  EXPECT_EQ(s.as(token, "GET", "/api/v1/requests/" + theirs).status, 404);
  EXPECT_EQ(s.as(token, "GET", "/api/v1/work-orders/" + their_order).status, 404);
  EXPECT_EQ(s.as(token, "GET", "/api/v1/work-orders/" + their_order + "/history").status, 404);
  auto foreign = s.as(token, "POST", "/api/v1/work-orders/" + their_order + "/evaluate",
                      {{"satisfaction", "dissatisfied"}});
  EXPECT_TRUE(foreign.status == 404 || foreign.status == 403) << foreign.body;

  // Evaluating before the reply is refused by the state (VIS-1), not by the role.
  auto early = s.as(token, "POST", "/api/v1/work-orders/" + my_order + "/evaluate",
                    {{"method", "internet"}, {"satisfaction", "satisfied"}});
  EXPECT_EQ(early.status, 422) << early.body;

  ASSERT_EQ(
      s.as(lead, "POST", "/api/v1/work-orders/" + my_order + "/accept", json::object()).status,
      200);
  ASSERT_EQ(s.as(lead, "POST", "/api/v1/work-orders/" + my_order + "/reply", reply_body()).status,
            200);
  auto evaluated = s.as(token, "POST", "/api/v1/work-orders/" + my_order + "/evaluate",
                        {{"method", "internet"}, {"satisfaction", "satisfied"}});
  ASSERT_EQ(evaluated.status, 200) << evaluated.body;
  EXPECT_NE(evaluated.json()["status"], "replied");
  // Their work order is untouched.
  auto untouched = s.as(agent, "GET", "/api/v1/work-orders/" + their_order);
  EXPECT_EQ(untouched.json()["status"], "dispatched");

  // Signing out ends the session.
  EXPECT_EQ(s.as(token, "DELETE", "/api/v1/session").status, 200);
  EXPECT_EQ(s.as(token, "GET", "/api/v1/requests/" + mine).status, 401);
}

TEST(ApplicantSession, INT_5_WrongPhoneIs401AndRepeatsAreThrottled) {
  TestServer s({user("agent", "agent")});
  const std::string agent = s.login("agent");
  const std::string number = register_request(s, agent, registration("13522223333"));

  auto wrong = applicant_login(s, number, "13599999999");
  EXPECT_EQ(wrong.status, 401) << wrong.body;
  // An unknown number answers the same (no oracle for which numbers exist).
  auto unknown = applicant_login(s, "2026010100009999", "13522223333");
  EXPECT_EQ(unknown.status, 401) << unknown.body;
  EXPECT_EQ(s.request("POST", "/api/v1/applicant-session", "{\"number\": 1}").status, 400);

  int status = 0;
  for (int i = 0; i < 10 && status != 429; ++i)
    status = applicant_login(s, number, "13500000000").status;
  EXPECT_EQ(status, 429);
  // Now even the right phone is refused from this source, with Retry-After.
  auto locked = applicant_login(s, number, "13522223333");
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_FALSE(locked.header("Retry-After").empty());
  EXPECT_TRUE(s.healthy());
}

}  // namespace
}  // namespace hotline::testing
