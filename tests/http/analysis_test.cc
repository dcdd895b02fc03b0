// EVA-1, EVA-3, ANA-1, ANA-2, ANA-4 over real HTTP: the dashboard answers
// its contract, a unit sees its own area only (another area is 404 like a
// unit that does not exist), public figures need no sign-in and carry no
// score or personal data, the monthly report downloads as PDF and Excel.

#include <gtest/gtest.h>

#include <set>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

std::set<std::string> keys(const json& j) {
  std::set<std::string> out;
  for (const auto& [k, v] : j.items()) out.insert(k);
  return out;
}

class Analysis : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto setup = all_role_users();
    setup.push_back(
        {"report", "synthetic", "--from", "2026-11-01", "--days", "6", "--per-day", "40"});
    server_ = new TestServer(setup);
    for (const char* u : {"analyst", "agent", "lead.staff", "other.staff"})
      tokens_[u] = server_->login(u);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static const TestServer& s() { return *server_; }
  static const std::string& t(const std::string& u) { return tokens_.at(u); }
  static inline TestServer* server_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
};

TEST_F(Analysis, ANA_1_EVA_1_dashboard_answers_its_contract) {
  auto r = s().as(t("analyst"), "GET", "/api/v1/analysis/dashboard?from=2026-11-01&to=2026-11-06");
  ASSERT_EQ(r.status, 200) << r.body;
  const json d = r.json();
  EXPECT_EQ(keys(d), (std::set<std::string>{"period", "volumes", "units", "hotspots", "warnings",
                                            "backlog"}));
  EXPECT_EQ(d["period"], (json{{"from", "2026-11-01"}, {"to", "2026-11-06"}}));
  ASSERT_EQ(d["volumes"].size(), 6u);
  EXPECT_EQ(keys(d["volumes"][0]),
            (std::set<std::string>{"day", "registered", "dispatched", "replied", "closed"}));
  std::int64_t registered = 0;
  for (const auto& v : d["volumes"]) registered += v["registered"].get<std::int64_t>();
  EXPECT_EQ(registered, 240);
  ASSERT_FALSE(d["units"].empty());
  for (const auto& u : d["units"]) {
    EXPECT_EQ(keys(u), (std::set<std::string>{"unit", "name", "work_orders", "on_time_acceptance",
                                              "on_time_reply", "satisfaction", "score", "rank"}));
    for (const char* rate : {"on_time_acceptance", "on_time_reply", "satisfaction"}) {
      if (!u[rate].is_null()) {
        EXPECT_GE(u[rate].get<double>(), 0.0);
        EXPECT_LE(u[rate].get<double>(), 1.0);
      }
    }
  }
  for (const auto& h : d["hotspots"]) {
    EXPECT_EQ(keys(h), (std::set<std::string>{"district", "district_name", "category", "count",
                                              "baseline", "surge"}));
  }
  ASSERT_EQ(d["backlog"].size(), 5u);
  EXPECT_EQ(keys(d["backlog"][0]), (std::set<std::string>{"age", "count"}));
}

TEST_F(Analysis, ANA_4_a_unit_sees_its_own_area_and_not_others) {
  auto r =
      s().as(t("lead.staff"), "GET", "/api/v1/analysis/dashboard?from=2026-11-01&to=2026-11-06");
  ASSERT_EQ(r.status, 200) << r.body;
  const json body = r.json();  // keep the document alive while iterating over it
  for (const auto& u : body["units"]) EXPECT_EQ(u["unit"], kLeadUnit);
  const std::string q = "/drill-down?from=2026-11-01&to=2026-11-06&indicator=on-time-reply";
  auto own =
      s().as(t("lead.staff"), "GET", std::string("/api/v1/analysis/assessment/") + kLeadUnit + q);
  EXPECT_EQ(own.status, 200) << own.body;
  auto other =
      s().as(t("lead.staff"), "GET", std::string("/api/v1/analysis/assessment/") + kOtherUnit + q);
  auto none = s().as(t("lead.staff"), "GET", "/api/v1/analysis/assessment/dept.nowhere" + q);
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(other.json()["error"]["message_zh"], none.json()["error"]["message_zh"]);
  // The office sees the other unit's work orders behind the figure, no applicants.
  auto office =
      s().as(t("analyst"), "GET", std::string("/api/v1/analysis/assessment/") + kOtherUnit + q);
  ASSERT_EQ(office.status, 200) << office.body;
  EXPECT_EQ(office.body.find("applicant"), std::string::npos);
  EXPECT_EQ(s().as(t("lead.staff"), "PUT", "/api/v1/analysis/watch-list", json{{"words", {"跳楼"}}})
                .status,
            403);
}

TEST_F(Analysis, EVA_3_public_figures_need_no_sign_in_and_carry_no_score) {
  auto r = s().request("GET", "/api/v1/public/figures?month=2026-11");
  ASSERT_EQ(r.status, 200) << r.body;
  const json f = r.json();
  EXPECT_EQ(f["registered"], 240);
  ASSERT_FALSE(f["units"].empty());
  EXPECT_EQ(keys(f["units"][0]),
            (std::set<std::string>{"unit", "name", "work_orders", "on_time_acceptance",
                                   "on_time_reply", "satisfaction"}));
  EXPECT_EQ(s().request("GET", "/api/v1/analysis/dashboard?from=2026-11-01&to=2026-11-06").status,
            401);
}

// Without a period the dashboard is the 30 days ending today on the
// platform's clock (a fake one here), not the browser's.
TEST(AnalysisOnAFakeClock, ANA_1_TheDashboardsDefaultPeriodEndsOnThePlatformsToday) {
  TestServer s({user("analyst", "analyst")}, {"--fake-clock", "2026-03-02T09:00:00+08:00"});
  auto r = s.as(s.login("analyst"), "GET", "/api/v1/analysis/dashboard");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["period"], (json{{"from", "2026-02-01"}, {"to", "2026-03-02"}}));
  EXPECT_EQ(r.json()["volumes"].size(), 30u);
  // Half a period is still refused, naming what is missing.
  auto half = s.as(s.login("analyst"), "GET", "/api/v1/analysis/dashboard?from=2026-02-01");
  EXPECT_EQ(half.status, 400);
  EXPECT_EQ(half.json()["error"]["field"], "to");
}

TEST_F(Analysis, ANA_1_bad_periods_name_the_field) {
  auto r = s().as(t("analyst"), "GET", "/api/v1/analysis/dashboard?from=2026-11-31&to=2026-11-06");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "from");
  r = s().as(t("analyst"), "GET", "/api/v1/analysis/dashboard?from=2026-11-06&to=2026-11-01");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "to");
  r = s().as(t("analyst"), "GET",
             "/api/v1/analysis/monitoring?from=2026-11-01&to=2026-11-06&by=color");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "by");
}

TEST_F(Analysis, ANA_1_monthly_report_downloads) {
  auto pdf =
      s().as(t("analyst"), "GET", "/api/v1/analysis/reports/monthly?month=2026-11&format=pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_NE(pdf.header("content-disposition").find("hotline-monthly-2026-11.pdf"),
            std::string::npos);
  auto xlsx = s().as(
      t("lead.staff"), "GET",
      std::string("/api/v1/analysis/reports/monthly?month=2026-11&format=xlsx&unit=") + kLeadUnit);
  ASSERT_EQ(xlsx.status, 200) << xlsx.body.substr(0, 300);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(s().as(t("lead.staff"), "GET",
                   std::string("/api/v1/analysis/reports/monthly?month=2026-11&format=pdf&unit=") +
                       kOtherUnit)
                .status,
            404);
}

TEST_F(Analysis, ANA_2_the_office_maintains_the_watch_list) {
  auto r = s().as(t("agent"), "PUT", "/api/v1/analysis/watch-list",
                  json{{"words", {"跳楼", "𠮷", "跳楼"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["words"], (json{"跳楼", "𠮷"}));
  r = s().as(t("agent"), "PUT", "/api/v1/analysis/watch-list", json{{"words", {""}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "words[0]");
}

}  // namespace
}  // namespace hotline::testing
