// ANA-3 and ANA-6 over real HTTP: the model-accuracy figures count the
// suggestions recorded for the requests registered here against the office's
// decisions, only the office sees them; recurring clusters answer their
// schema; a special research is opened, decided, followed up by the unit
// that carries the item out and closed, other units see nothing of it.

#include <gtest/gtest.h>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

class Governance : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer(all_role_users());
    for (const char* u :
         {"agent", "dispatcher", "supervisor", "analyst", "lead.staff", "other.staff"}) {
      tokens_[u] = server_->login(u);
    }
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

TEST_F(Governance, ANA_6_accuracy_counts_each_suggestion_against_the_decisions_office_only) {
  json a = registration("13700005001");
  a["items"][0]["category"] = "城乡建设/物业管理";
  const std::string first = register_request(s(), t("agent"), a);
  const std::string second = register_request(s(), t("agent"), registration("13700005002"));
  json c = registration("13700005003", "李四", "公交车司机绕路不停站");
  c["items"][0]["category"] = "交通运输";
  const std::string third = register_request(s(), t("agent"), c);
  dispatch(s(), t("dispatcher"), first);
  // The office corrects the second one's category (M15): now it is decided.
  auto fixed = s().as(t("dispatcher"), "POST", "/api/v1/requests/" + second + "/reclassify",
                      {{"categories", {{{"item", 0}, {"category", "城乡建设/市政设施"}}}},
                       {"reason", "楼道照明属市政设施"}});
  ASSERT_EQ(fixed.status, 200) << fixed.body;

  // Every request has its record with the model that made it (none loaded: history).
  EXPECT_EQ(s().sql("SELECT COUNT(*) FROM model_suggestions"), "3");
  EXPECT_EQ(s().sql("SELECT DISTINCT model FROM model_suggestions"), "history");
  EXPECT_EQ(
      s().sql("SELECT dispatched_unit FROM model_suggestions WHERE request = '" + first + "'"),
      kLeadUnit);
  EXPECT_EQ(
      s().sql("SELECT final_category FROM model_suggestions WHERE request = '" + second + "'"),
      "城乡建设/市政设施");

  const std::string month = now_iso().substr(0, 7);
  auto r = s().as(t("analyst"), "GET", "/api/v1/analysis/model-accuracy?month=" + month);
  ASSERT_EQ(r.status, 200) << r.body;
  const json body = r.json();
  ASSERT_EQ(body["figures"].size(), 2u) << r.body;  // the month and "all", one model
  const json all = body["figures"][1];
  EXPECT_EQ(all["bucket"], "all");
  EXPECT_EQ(all["model"], "history");
  EXPECT_EQ(all["suggestions"], 3);
  EXPECT_EQ(all["category_decided"], 3);
  EXPECT_EQ(all["unit_decided"], 1);
  auto weeks =
      s().as(t("supervisor"), "GET", "/api/v1/analysis/model-accuracy?month=" + month + "&by=week");
  ASSERT_EQ(weeks.status, 200) << weeks.body;

  EXPECT_EQ(s().as(t("lead.staff"), "GET", "/api/v1/analysis/model-accuracy?month=" + month).status,
            403);
  auto bad =
      s().as(t("analyst"), "GET", "/api/v1/analysis/model-accuracy?month=" + month + "&by=day");
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["error"]["field"], "by");
  auto unknown =
      s().as(t("analyst"), "GET", "/api/v1/analysis/model-accuracy?month=" + month + "&model=x");
  EXPECT_EQ(unknown.status, 400) << unknown.body;

  auto drift = s().as(t("analyst"), "GET", "/api/v1/analysis/model-drift?month=" + month);
  ASSERT_EQ(drift.status, 200) << drift.body;
  const json d = drift.json();
  EXPECT_EQ(d["settings"]["article"], "R26");
  EXPECT_EQ(d["settings"]["recent_days"], 7);
  EXPECT_TRUE(d["warnings"].empty());
  (void)third;
}

TEST_F(Governance, ANA_3_recurring_clusters_are_listed_for_the_office_and_a_unit_area) {
  for (const char* who : {"analyst", "lead.staff"}) {
    auto r = s().as(t(who), "GET", "/api/v1/analysis/recurring-clusters");
    ASSERT_EQ(r.status, 200) << r.body;
    const json body = r.json();
    EXPECT_EQ(body["months"], 6);
    EXPECT_EQ(body["min_months"], 3);
    EXPECT_EQ(body["article"], "C25");
  }
}

TEST_F(Governance, ANA_3_special_research_is_opened_followed_up_by_the_unit_and_closed) {
  const std::string base = "/api/v1/analysis/special-research";
  json open = {{"title", "和平区老旧小区楼道照明反复报修专题研究"},
               {"problem", "近半年每月均有楼道灯损坏无人维修的诉求"},
               {"units", {kLeadUnit, "district.heping"}},
               {"reason", "持续时间长、解决难度大（C25）"}};
  auto missing = open;
  missing.erase("title");
  auto refused = s().as(t("supervisor"), "POST", base, missing);
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "title");
  EXPECT_EQ(s().as(t("lead.staff"), "POST", base, open).status, 403);
  auto badunit = open;
  badunit["units"] = {"dept.nowhere"};
  auto r = s().as(t("supervisor"), "POST", base, badunit);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "units[0]");

  r = s().as(t("supervisor"), "POST", base, open);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.json()["id"];
  const std::string one = base + "/" + id;
  r = s().as(t("supervisor"), "POST", one + "/decisions",
             {{"text", "由和平区牵头，住建部门配合，统一更换楼道灯具"}, {"reason", "会商决定"}});
  ASSERT_EQ(r.status, 200) << r.body;
  r = s().as(t("supervisor"), "POST", one + "/follow-ups",
             {{"task", "排查辖区老旧小区楼道照明并更换"},
              {"unit", kLeadUnit},
              {"due", "2099-01-31T18:00:00+08:00"},
              {"reason", "落实决定"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["follow_ups"][0]["overdue"], false);
  // Closing before the item is done is refused with the rule.
  r = s().as(t("supervisor"), "POST", one + "/close", {{"reason", "完成"}});
  ASSERT_EQ(r.status, 422) << r.body;

  // The unit that carries the item out sees the record and reports it done;
  // another unit sees nothing, as if it did not exist.
  r = s().as(t("lead.staff"), "GET", base);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["items"].size(), 1u);
  r = s().as(t("other.staff"), "GET", base);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["items"].empty());
  EXPECT_EQ(s().as(t("other.staff"), "GET", one).status, 404);
  EXPECT_EQ(s().as(t("other.staff"), "GET", base + "/SR-999999").status, 404);
  EXPECT_EQ(
      s().as(t("lead.staff"), "POST", one + "/decisions", {{"text", "x"}, {"reason", "y"}}).status,
      403);
  r = s().as(t("lead.staff"), "POST", one + "/follow-ups/1/done",
             {{"result", "已更换楼道灯具126盏"}});
  ASSERT_EQ(r.status, 200) << r.body;
  r = s().as(t("supervisor"), "POST", one + "/close", {{"reason", "整改完成"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json closed = r.json();
  EXPECT_EQ(closed["status"], "closed");
  EXPECT_EQ(closed["history"].size(), 5u);
  r = s().as(t("analyst"), "GET", base + "?status=closed");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["items"].size(), 1u);
  // Audited (SEC-2): each change once, as the Governance use case's command
  // (the CLI writes the same entries).
  EXPECT_EQ(s().sql("SELECT group_concat(action, ' ') FROM (SELECT action FROM audit_log WHERE "
                    "action LIKE 'command:research-%' AND success = 1 ORDER BY sequence)"),
            "command:research-open command:research-decide command:research-follow-up "
            "command:research-done command:research-close");
}

}  // namespace
}  // namespace hotline::testing
