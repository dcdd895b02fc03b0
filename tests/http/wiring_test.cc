// SPEC: SUP-1, ANA-2, DIS-8, REP-2, REP-3, RET-4, KB-1, KB-5, HND-5 — triage
// and the knowledge base wired into the engine of a real `hotline serve`:
// registrations are clustered as they arrive, replies pass the office's reply
// checks, returns link the knowledge-base article they cite, the office's
// corrections are recorded, and the scheduler sweeps on its own.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

constexpr const char* kTransportUnit = "dept.transport.road-transport";  // profile T

// Every account of all_role_users() plus staff of a Transport Commission
// unit, and the demo knowledge base.
std::vector<std::vector<std::string>> setup_with_knowledge_base() {
  auto setup = all_role_users();
  setup.push_back(user("transport.staff", "unit-staff", kTransportUnit));
  setup.push_back({"kb", "import", std::string(HOTLINE_DATA_DIR) + "/knowledge/articles.jsonl"});
  return setup;
}

class Wiring : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer(setup_with_knowledge_base());
    for (const char* u : {"agent", "dispatcher", "supervisor", "admin", "lead.staff",
                          "transport.staff", "other.staff"}) {
      tokens_[u] = server_->login(u);
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static const TestServer& s() { return *server_; }
  static const std::string& t(const std::string& u) { return tokens_.at(u); }

  static json history(const std::string& id) {
    auto r = s().as(t("supervisor"), "GET", "/api/v1/work-orders/" + id + "/history");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static int count_events(const json& events, const std::string& type) {
    int n = 0;
    for (const auto& e : events) n += e.value("type", std::string()) == type;
    return n;
  }

  static inline TestServer* server_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
};

TEST_F(Wiring, SUP_1_ANA_2_ConcentratedRequestsPutOpenWorkOrdersUnderSupervision) {
  // One problem, one place, many applicants (M22(3)); the shipped threshold
  // is 5 distinct applicants within 30 days (data/triage/settings.toml).
  const std::string detail =
      "南开区鞍山西道与白堤路交口的交通信号灯已经坏了三天，早晚高峰车辆行人抢行非常危险，"
      "请尽快派人维修信号灯";
  const std::string first =
      register_request(s(), t("agent"), registration("13700000001", "赵一", detail));
  const std::string order = dispatch(s(), t("dispatcher"), first);
  ASSERT_FALSE(order.empty());
  EXPECT_EQ(count_events(history(order), "supervision-raised"), 0);

  for (int i = 2; i <= 4; ++i) {
    register_request(
        s(), t("agent"),
        registration("1370000000" + std::to_string(i), "钱" + std::to_string(i), detail));
  }
  EXPECT_EQ(count_events(history(order), "supervision-raised"), 0)
      << "four applicants are below the threshold";

  register_request(s(), t("agent"), registration("13700000005", "孙五", detail));
  const json events = history(order);
  ASSERT_EQ(count_events(events, "supervision-raised"), 1) << events.dump();
  for (const auto& e : events) {
    if (e["type"] != "supervision-raised") continue;
    EXPECT_EQ(e["data"]["trigger"], "repeated-requests") << e.dump();
    EXPECT_EQ(e["article"], "M22(3)");
    EXPECT_EQ(e["data"]["automatic"], true);
    EXPECT_EQ(e["actor"]["role"], "system");
  }

  // Once per cluster: a sixth applicant raises nothing more.
  register_request(s(), t("agent"), registration("13700000006", "李六", detail));
  EXPECT_EQ(count_events(history(order), "supervision-raised"), 1);

  // ANA-2: the cluster is hot and alerted.
  auto hot = s().as(t("supervisor"), "GET", "/api/v1/triage/clusters/hot?min_applicants=5");
  ASSERT_EQ(hot.status, 200) << hot.body;
  EXPECT_NE(hot.body.find(first), std::string::npos) << hot.body;
  EXPECT_NE(hot.body.find("\"alerted\":true"), std::string::npos) << hot.body;
}

TEST_F(Wiring, REP_3_ReplyChecksBlockAProcessOnlyReplyAndKeepWarnings) {
  const std::string number = register_request(s(), t("agent"), registration("13700001001"));
  const std::string id = dispatch(s(), t("dispatcher"), number);
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/accept", json::object())
                .status,
            200);

  // T16(5): "已转交相关部门处理" is process, not a result: blocked under the
  // office's settings for the default profile.
  json process_only = reply_body();
  process_only["result"] = "已转交相关部门处理，正在办理中";
  auto refused =
      s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/reply", process_only);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.json()["error"]["rule"], "REP-3") << refused.body;
  EXPECT_EQ(count_events(history(id), "work-order-replied"), 0) << "nothing half-written";

  // A real result goes through; a finding that only warns stays with the reply.
  auto ok = s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/reply", reply_body());
  ASSERT_EQ(ok.status, 200) << ok.body;
  const json events = history(id);
  ASSERT_EQ(count_events(events, "work-order-replied"), 1);
  for (const auto& e : events) {
    if (e["type"] != "work-order-replied") continue;
    ASSERT_TRUE(e["data"].contains("notes")) << e.dump();
    for (const auto& note : e["data"]["notes"]) {
      EXPECT_TRUE(note["rule"] == "REP-2" || note["rule"] == "REP-3") << note.dump();
    }
  }
}

TEST_F(Wiring, RET_4_AReturnAnsweredByTheKnowledgeBaseLinksTheArticle) {
  const std::string number = register_request(
      s(), t("agent"),
      registration("13700002001", "周𠮷", "灵活就业人员怎么参加职工养老保险，能不能按年缴费"));
  const std::string id = dispatch(s(), t("dispatcher"), number, kTransportUnit);
  ASSERT_FALSE(id.empty());
  const std::string path = "/api/v1/work-orders/" + id + "/apply-return";
  json body = {{"reason", "answered-by-knowledge-base"},
               {"explanation", "知识库已有明确解释，可直接答复"},
               {"evidence", {{"knowledge_article", "kb.no-such-article"}}}};

  // An article that does not exist: the field is named, nothing recorded.
  auto missing = s().as(t("transport.staff"), "POST", path, body);
  ASSERT_EQ(missing.status, 400) << missing.body;
  EXPECT_EQ(missing.json()["error"]["field"], "evidence.knowledge_article") << missing.body;

  body["evidence"]["knowledge_article"] = "kb.hr.pension-flexible";
  auto linked = s().as(t("transport.staff"), "POST", path, body);
  ASSERT_EQ(linked.status, 200) << linked.body;
  bool found = false;
  for (const auto& e : history(id)) {
    if (e["type"] != "return-applied") continue;
    found = true;
    const json& link = e["data"]["knowledge_link"];
    EXPECT_EQ(link["article"], "kb.hr.pension-flexible") << e.dump();
    EXPECT_EQ(link["link"], "/api/v1/kb/articles/kb.hr.pension-flexible");
    EXPECT_FALSE(link["title"].get<std::string>().empty());
    EXPECT_GE(link["version"].get<int>(), 1);
  }
  EXPECT_TRUE(found);
  // KB-1: the linked article is public to applicants.
  auto article = s().request("GET", "/api/v1/kb/articles/kb.hr.pension-flexible");
  EXPECT_EQ(article.status, 200) << article.body;
}

TEST_F(Wiring, DIS_8_TheOfficeCorrectsTheClassificationAndTheEventIsTheLabel) {
  json reg = registration("13700003001");
  reg["items"][0]["category"] = "城乡建设/物业管理";
  const std::string number = register_request(s(), t("agent"), reg);
  const std::string path = "/api/v1/requests/" + number + "/reclassify";
  const json correction = {{"categories", {{{"item", 0}, {"category", "城乡建设/市政设施"}}}},
                           {"urgency", "utilities"},
                           {"reason", "楼道照明属市政设施，影响夜间通行"}};

  EXPECT_EQ(s().as(t("lead.staff"), "POST", path, correction).status, 403);
  auto no_reason = correction;
  no_reason.erase("reason");
  auto refused = s().as(t("dispatcher"), "POST", path, no_reason);
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "reason");
  auto bad_item = correction;
  bad_item["categories"][0]["item"] = 3;
  refused = s().as(t("dispatcher"), "POST", path, bad_item);
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "categories[3]");

  auto ok = s().as(t("dispatcher"), "POST", path, correction);
  ASSERT_EQ(ok.status, 200) << ok.body;
  const json request = ok.json();
  EXPECT_EQ(request["details"]["items"][0]["category"], "城乡建设/市政设施") << ok.body;
  EXPECT_EQ(request["details"]["urgency"], "utilities");
  EXPECT_EQ(request["version"], 2);
  // The same correction again changes nothing and records nothing.
  auto again = s().as(t("dispatcher"), "POST", path, correction);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["version"], 2);

  // Retraining data from the platform's history carries the corrected label.
  ASSERT_FALSE(dispatch(s(), t("dispatcher"), number).empty());
  const std::string tsv = s().db() + ".labels.tsv";
  auto [code, out] = s().cli({"model", "export-training", "--out", tsv, "--level", "2"});
  ASSERT_EQ(code, 0) << out;
  std::ifstream in(tsv);
  const std::string exported((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(exported.find("\t城乡建设/市政设施\n"), std::string::npos) << exported;
  EXPECT_EQ(exported.find("\t城乡建设/物业管理\n"), std::string::npos) << exported;
}

TEST_F(Wiring, DIS_8_KB_1_SuggestionsAndSearchAreServed) {
  auto suggestion = s().as(t("agent"), "POST", "/api/v1/triage/suggestions",
                           {{"subject", "和平区小区楼道灯坏了"},
                            {"detail", "和平区新兴街道某小区楼道灯坏了一个月没人修"}});
  ASSERT_EQ(suggestion.status, 200) << suggestion.body;
  EXPECT_TRUE(suggestion.json().contains("units")) << suggestion.body;
  EXPECT_TRUE(suggestion.json().contains("deadlines")) << suggestion.body;
  // Applicants search without signing in (KB-1), and find published articles only.
  auto found = s().request("GET", "/api/v1/kb/search?q=%E7%81%B5%E6%B4%BB%E5%B0%B1%E4%B8%9A");
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_NE(found.body.find("kb.hr.pension-flexible"), std::string::npos) << found.body;
}

// TYP-2, TYP-1 (issue 15): the server reads the shipped lexicons and the
// questions from data/triage; a gas smell is life-safety, sure, naming the
// pattern; no type cue brings the type questions (the answer's schema is
// checked against the OpenAPI document with all traffic).
TEST_F(Wiring, TYP_2_TYP_1_TheSuggestionSaysTheUrgencyAndWhy) {
  auto r = s().as(t("agent"), "POST", "/api/v1/triage/suggestions",
                  {{"subject", "楼道里有燃气味"},
                   {"detail", "和平区新兴街道某小区三号楼楼道里一股很重的燃气味"},
                   {"urgency", "general"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = r.json();
  EXPECT_EQ(j["urgency"]["value"], "life-safety") << r.body;
  EXPECT_EQ(j["urgency"]["sure"], true) << r.body;
  EXPECT_EQ(j["urgency"]["source"], "lexicon") << r.body;
  EXPECT_NE(j["urgency"]["matched"].dump().find("燃气+味"), std::string::npos) << r.body;
  EXPECT_EQ(j["type"]["sure"], false) << r.body;
  ASSERT_EQ(j["type"]["questions"].size(), 2u) << r.body;
  EXPECT_NE(j["type"]["questions"][0].get<std::string>().find("咨询"), std::string::npos);
}

// SEC-2 [M27, R28]: changes to the knowledge base and the dispatch catalogue
// are in the audit log with who and whether they were done; suggestions and
// searches, which change nothing, are not.
TEST_F(Wiring, SEC_2_KnowledgeBaseAndCatalogueChangesAreAudited) {
  const json draft = {{"id", "kb.wiring.audited"},
                      {"type", "service-guide"},
                      {"unit", kLeadUnit},
                      {"title", "𠮷𡒄街道便民服务指南"},
                      {"body", "办理时间：工作日9:00-17:00"},
                      {"reason", "新增"}};
  ASSERT_EQ(s().as(t("lead.staff"), "POST", "/api/v1/kb/articles", draft).status, 201);
  // KB-6 refuses personal information; the refusal is recorded as failed.
  json personal = draft;
  personal["id"] = "kb.wiring.refused";
  personal["body"] = "联系人手机13812345678";
  ASSERT_EQ(s().as(t("lead.staff"), "POST", "/api/v1/kb/articles", personal).status, 422);
  ASSERT_EQ(
      s().as(t("agent"), "POST", "/api/v1/triage/suggestions", {{"subject", "路灯坏了"}}).status,
      200);
  auto count = [](const std::string& where) {
    return std::stoi(s().sql("SELECT count(*) FROM audit_log WHERE " + where + ";"));
  };
  // The knowledge base's use case records its operations as every door's
  // commands are: "command:<name>", the article as target, the refusal's
  // article (KB-6 [R20]) in the detail.
  EXPECT_EQ(count("action = 'command:kb-create' AND actor_id = 'lead.staff'"
                  " AND target = 'kb.wiring.audited' AND success = 1"),
            1)
      << s().sql("SELECT action, actor_id, target, success, detail FROM audit_log;");
  EXPECT_EQ(count("action = 'command:kb-create' AND target = 'kb.wiring.refused'"
                  " AND success = 0 AND detail LIKE '%(R20)'"),
            1)
      << s().sql("SELECT action, actor_id, target, success, detail FROM audit_log;");
  EXPECT_EQ(count("action LIKE '%suggestions%'"), 0);
  auto [code, out] = s().cli({"audit", "verify"});
  EXPECT_EQ(code, 0) << out;
}

// HND-5: with a sweep interval the server marks missed deadlines by itself.
TEST_F(Wiring, SUP_1_TRI_5_TheTriageIndexIsRebuiltFromTheLogOnTheRunningServer) {
  const std::string number = register_request(
      s(), t("agent"), registration("13700000099", "孙𠮷", "重建索引测试：路灯不亮"));
  ASSERT_FALSE(number.empty());
  // Only administrators rebuild; the answer says what was taken in.
  auto refused = s().as(t("supervisor"), "POST", "/api/v1/triage/reindex", json::object());
  EXPECT_EQ(refused.status, 403) << refused.body;
  auto r = s().as(t("admin"), "POST", "/api/v1/triage/reindex", json{{"drop_imported", false}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = r.json();
  EXPECT_GE(j["requests"].get<int>(), 1);
  EXPECT_GE(j["events"].get<int>(), j["requests"].get<int>());
  EXPECT_EQ(j["dropped_imported"], 0);
  auto bad = s().as(t("admin"), "POST", "/api/v1/triage/reindex", json{{"drop", true}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("drop"), std::string::npos) << bad.body;
  // The rebuilt index still knows the request: the same applicant's earlier
  // request is found again (TRI-5).
  auto suggestion = s().as(
      t("agent"), "POST", "/api/v1/triage/suggestions",
      json{
          {"subject", "路灯不亮"}, {"detail", "重建索引测试：路灯不亮"}, {"phone", "13700000099"}});
  ASSERT_EQ(suggestion.status, 200) << suggestion.body;
  EXPECT_NE(suggestion.body.find(number), std::string::npos) << suggestion.body;
}

TEST(WiringScheduler, HND_5_TheServerSweepsOnATimer) {
  TestServer server(all_role_users(),
                    {"--fake-clock", "2026-03-02T09:00:00+08:00", "--sweep-interval", "1"});
  const std::string agent = server.login("agent");
  const std::string dispatcher = server.login("dispatcher");
  const std::string admin = server.login("admin");
  const std::string number = register_request(server, agent, registration("13700004001"));
  const std::string id = dispatch(server, dispatcher, number);
  ASSERT_FALSE(id.empty());
  // A month later every deadline of the work order has passed.
  auto moved =
      server.as(admin, "POST", "/api/v1/admin/clock", {{"to", "2026-04-02T09:00:00+08:00"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  const std::string supervisor = server.login("supervisor");  // sessions expired meanwhile
  bool missed = false;
  std::string last;
  for (int i = 0; i < 100 && !missed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto h = server.as(supervisor, "GET", "/api/v1/work-orders/" + id + "/history");
    last = h.body;
    missed = h.body.find("deadline-missed") != std::string::npos;
  }
  EXPECT_TRUE(missed) << "no sweep within 10 s: " << last;
}

}  // namespace
}  // namespace hotline::testing
