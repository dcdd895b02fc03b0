// SUP-1, ANA-2, ANA-4, ANA-5 over a real server — issue 12's case as a new
// user tried it: eight reworded complaints from eight phones about one
// construction site give one cluster and one surge warning, pushed within a
// minute; the district's staff see the cluster (not 403), a unit of another
// area sees nothing of it (and its request numbers answer 404).

#include <gtest/gtest.h>

#include <chrono>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

json complaint(const std::string& phone, const std::string& subject, const std::string& detail) {
  return {{"channel", "phone"},
          {"type", "complaint"},
          {"subject", subject},
          {"applicant", {{"name", "市民"}, {"phone", phone}, {"address", "和平区营口道"}}},
          {"detail", detail},
          {"items", {{{"text", detail}}}},
          {"location", {{"district", "district.heping"}}}};
}

std::string today() { return now_iso().substr(0, 10); }

TEST(ClusterCase,
     SUP_1_ANA_2_ANA_4_eight_reworded_complaints_one_cluster_one_warning_seen_by_the_district) {
  TestServer s({user("agent", "agent"), user("analyst", "analyst"),
                user("heping", "unit-staff", "district.heping"),
                user("other.staff", "unit-staff", kOtherUnit)});
  const std::string agent = s.login("agent");
  const std::string analyst = s.login("analyst");
  const std::string heping = s.login("heping");
  const std::string other = s.login("other.staff");
  EventStream stream(s.port(), heping);
  ASSERT_EQ(stream.status(), 200);

  const char* texts[][2] = {
      {"海河华庭工地夜间施工扰民", "和平区营口道海河华庭二期工地每天晚上十一点以后还在施工。"},
      {"营口道工地半夜打桩",
       "营口道与南京路交口的海河华庭项目工地凌晨还在打桩，吵得孩子睡不着觉。"},
      {"建筑工地噪音太大", "我家旁边海河华庭二期的建筑工地，晚上灯火通明机器轰鸣，请管一管。"},
      {"投诉施工噪音", "海河华庭工地夜里施工，渣土车来回跑，噪声扰民严重。"},
      {"夜间施工影响睡眠", "住在营口道附近，海河华庭的工地每晚施工到凌晨两三点，严重影响睡眠。"},
      {"工地违规夜间作业", "海河华庭二期工程违规夜间作业，没有看到夜间施工许可公示。"},
      {"噪音扰民", "和平区海河华庭工地噪音扰民，已经持续一周了。"},
      {"深夜施工扰民问题", "海河华庭二期建筑工地深夜施工，搅拌机和打桩机声音很大。"}};
  std::vector<std::string> numbers;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 8; ++i) {
    numbers.push_back(register_request(
        s, agent, complaint("1391234560" + std::to_string(i), texts[i][0], texts[i][1])));
  }
  ASSERT_EQ(numbers.size(), 8u);

  // One warning record, pushed to the district's staff within a minute.
  EXPECT_TRUE(stream.wait_for("event: warning", 60s)) << stream.received();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 60s);
  auto w = s.as(analyst, "GET", "/api/v1/analysis/warnings?from=" + today() + "&to=" + today());
  ASSERT_EQ(w.status, 200) << w.body;
  int surges = 0;
  const json warnings = w.json();  // alive while iterating
  for (const auto& x : warnings["warnings"]) {
    if (x["kind"] == "surge" && x["district"] == "district.heping") {
      ++surges;
      EXPECT_EQ(x["count"], 8);
    }
  }
  EXPECT_EQ(surges, 1) << w.body;

  // One cluster of all eight, seen by the office and by the district (ANA-4).
  auto office = s.as(analyst, "GET", "/api/v1/triage/clusters/hot?min_applicants=2");
  ASSERT_EQ(office.status, 200) << office.body;
  const json hot = office.json();
  ASSERT_EQ(hot["clusters"].size(), 1u) << office.body;
  EXPECT_EQ(hot["clusters"][0]["requests"], 8);
  EXPECT_EQ(hot["clusters"][0]["recent_applicants"], 8);
  EXPECT_TRUE(hot["clusters"][0]["alerted"]) << "SUP-1 at five applicants";

  auto district = s.as(heping, "GET", "/api/v1/triage/clusters/hot?min_applicants=2");
  ASSERT_EQ(district.status, 200) << district.body;
  const json own = district.json();
  ASSERT_EQ(own["clusters"].size(), 1u) << district.body;
  EXPECT_EQ(own["clusters"][0]["in_area"], 8);
  EXPECT_EQ(own["clusters"][0]["numbers"].size(), 8u);
  EXPECT_EQ(district.body.find("13912345"), std::string::npos) << "no phones in clusters";
  EXPECT_EQ(s.as(heping, "GET", "/api/v1/triage/clusters/" + numbers[3]).status, 200);

  // Another area's unit: an empty list, and the cluster is "not there" (ANA-5).
  auto away = s.as(other, "GET", "/api/v1/triage/clusters/hot?min_applicants=2");
  ASSERT_EQ(away.status, 200) << away.body;
  EXPECT_TRUE(away.json()["clusters"].empty()) << away.body;
  auto hidden = s.as(other, "GET", "/api/v1/triage/clusters/" + numbers[3]);
  auto none = s.as(other, "GET", "/api/v1/triage/clusters/2099010100000000");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(hidden.json()["error"]["message_zh"], none.json()["error"]["message_zh"]);
}

}  // namespace
}  // namespace hotline::testing
