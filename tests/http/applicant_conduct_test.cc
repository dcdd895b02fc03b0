// CON-1 [D32, M12] over real HTTP: a recorded warning, the suspension with
// its end, reason and review by another supervisor, the refusal of a
// suspended applicant's next call — and the emergency that always gets
// through.
#include <gtest/gtest.h>

#include <ctime>
#include <string>

#include "fixtures.h"
#include "test_server.h"

namespace hotline::testing {
namespace {

using nlohmann::json;

// An instant `days` from now in Asia/Shanghai, ISO-8601.
std::string days_from_now(int days) {
  const std::time_t t = std::time(nullptr) + 8 * 3600 + days * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
  return buf;
}

TEST(ApplicantConductHttp, CON_1_WarnSuspendReviewAndEmergenciesGetThrough) {
  TestServer s({user("agent", "agent"), user("sup.a", "supervisor"), user("sup.b", "supervisor"),
                user("lead.staff", "unit-staff", kLeadUnit)});
  const std::string agent = s.login("agent");
  const std::string sup_a = s.login("sup.a");
  const std::string sup_b = s.login("sup.b");
  const std::string unit = s.login("lead.staff");
  const std::string phone = "13700007001";
  const std::string number = register_request(s, agent, registration(phone));
  const std::string base = "/api/v1/requests/" + number;

  // A suspension needs a recorded warning first (D32).
  const json suspension = {{"behaviour", "occupying-line"},
                           {"until", days_from_now(7)},
                           {"reason", "多次拨打热线长时间占线，无具体诉求"}};
  auto early = s.as(sup_a, "POST", base + "/suspend-applicant", suspension);
  EXPECT_EQ(early.status, 422) << early.body;
  EXPECT_EQ(early.json()["error"].value("rule", ""), "CON-1");
  // Units neither warn nor read the record; a missing reason is named.
  EXPECT_EQ(s.as(unit, "POST", base + "/warn-applicant",
                 json{{"behaviour", "occupying-line"}, {"reason", "x"}})
                .status,
            403);
  EXPECT_EQ(s.as(unit, "GET", base + "/applicant-conduct").status, 404);
  auto no_reason =
      s.as(agent, "POST", base + "/warn-applicant", json{{"behaviour", "occupying-line"}});
  EXPECT_EQ(no_reason.status, 400) << no_reason.body;
  EXPECT_EQ(no_reason.json()["error"].value("field", ""), "reason");

  auto warned =
      s.as(agent, "POST", base + "/warn-applicant",
           json{{"behaviour", "occupying-line"}, {"reason", "已提醒诉求人说明具体诉求𠮷"}});
  ASSERT_EQ(warned.status, 200) << warned.body;
  EXPECT_EQ(warned.json()["warnings"].size(), 1u);
  // Agents do not suspend; supervisors do, within the longest suspension.
  EXPECT_EQ(s.as(agent, "POST", base + "/suspend-applicant", suspension).status, 403);
  json too_long = suspension;
  too_long["until"] = days_from_now(90);
  auto refused = s.as(sup_a, "POST", base + "/suspend-applicant", too_long);
  EXPECT_EQ(refused.status, 422) << refused.body;
  auto suspended = s.as(sup_a, "POST", base + "/suspend-applicant", suspension);
  ASSERT_EQ(suspended.status, 200) << suspended.body;
  EXPECT_TRUE(suspended.json().value("suspended", false));
  ASSERT_EQ(suspended.json()["suspensions"].size(), 1u);
  EXPECT_FALSE(suspended.json()["suspensions"][0].value("review_due", "").empty());

  // The next ordinary call is refused, naming the rule; an emergency gets through.
  auto blocked = s.as(agent, "POST", "/api/v1/requests", registration(phone));
  EXPECT_EQ(blocked.status, 422) << blocked.body;
  EXPECT_EQ(blocked.json()["error"].value("rule", ""), "CON-1");
  json emergency = registration(phone, "陈小明", "楼道里有很浓的燃气味");
  emergency["urgency"] = "life-safety";
  auto through = s.as(agent, "POST", "/api/v1/requests", emergency);
  EXPECT_EQ(through.status, 201) << through.body;

  // The review is another supervisor's; lifted, calls are taken again.
  auto own_review =
      s.as(sup_a, "POST", base + "/review-suspension", json{{"upheld", false}, {"reason", "复核"}});
  EXPECT_EQ(own_review.status, 422) << own_review.body;
  auto no_upheld = s.as(sup_b, "POST", base + "/review-suspension", json{{"reason", "复核"}});
  EXPECT_EQ(no_upheld.status, 400) << no_upheld.body;
  auto lifted = s.as(sup_b, "POST", base + "/review-suspension",
                     json{{"upheld", false}, {"reason", "诉求人已致歉，解除暂停"}});
  ASSERT_EQ(lifted.status, 200) << lifted.body;
  EXPECT_FALSE(lifted.json().value("suspended", true));
  EXPECT_EQ(s.as(agent, "POST", "/api/v1/requests", registration(phone)).status, 201);
  auto record = s.as(sup_b, "GET", base + "/applicant-conduct");
  ASSERT_EQ(record.status, 200) << record.body;
  // The record holds no phone number.
  EXPECT_EQ(record.body.find(phone), std::string::npos);
  // Every suspension asked for is audited, done or refused (SEC-2).
  EXPECT_EQ(s.sql("SELECT count(*) FROM audit_log WHERE action = 'command:suspend-applicant';"),
            "4");
}

}  // namespace
}  // namespace hotline::testing
