// SPEC: KB-1, KB-3, KB-4, KB-5, KB-6, KB-8, KB-9, SEC-2 — the knowledge base's
// routes over a real `hotline serve`, generated from the KnowledgeBase use
// case's table (application/knowledge_commands.h): every operation once, so
// the OpenAPI traffic check (openapi_traffic_test.cc) validates each body
// and answer against its declared schema; roles refused with 403 before the
// body is read; undeclared query parameters refused; the same audit entries
// as the command line.

#include <gtest/gtest.h>

#include <string>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

class Knowledge : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto setup = all_role_users();
    setup.push_back({"kb", "import", std::string(HOTLINE_DATA_DIR) + "/knowledge/articles.jsonl"});
    server_ = new TestServer(setup);
    for (const char* u : {"agent", "dispatcher", "analyst", "lead.staff", "other.staff"}) {
      tokens_[u] = server_->login(u);
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static const TestServer& s() { return *server_; }
  static const std::string& t(const std::string& u) { return tokens_.at(u); }
  static int count(const std::string& where) {
    return std::stoi(s().sql("SELECT count(*) FROM audit_log WHERE " + where + ";"));
  }

  static inline TestServer* server_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
};

TEST_F(Knowledge, KB_3_KB_5_AnArticlesWholeWorkflowThroughTheDeclaredRoutes) {
  const json draft = {{"id", "kb.http.𠮷"},
                      {"type", "service-guide"},
                      {"unit", kLeadUnit},
                      {"title", "𠮷𡒄小区物业报修指南"},
                      {"body", "工作日9:00-17:00受理"},
                      {"faq", {{{"q", "周末能报修吗？"}, {"a", "可以，拨打12345"}}}},
                      {"tags", {"物业"}},
                      {"reason", "新增"}};
  // An id outside [A-Za-z0-9._-] is refused with the field named.
  auto bad_id = s().as(t("lead.staff"), "POST", "/api/v1/kb/articles", draft);
  EXPECT_EQ(bad_id.status, 400) << bad_id.body;
  json ok = draft;
  ok["id"] = "kb.http.repair";
  auto created = s().as(t("lead.staff"), "POST", "/api/v1/kb/articles", ok);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["type_zh"], "办事指南") << created.body;
  EXPECT_EQ(created.json()["status"], "draft");

  json content = {{"title", "𠮷𡒄小区物业报修指南（修订）"}, {"body", "全天受理"}};
  auto edited = s().as(t("lead.staff"), "PUT", "/api/v1/kb/articles/kb.http.repair", content);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["title"], "𠮷𡒄小区物业报修指南（修订）");
  // Another unit's staff may not edit it: the service's rule (KB-3 [R15]).
  EXPECT_EQ(s().as(t("other.staff"), "PUT", "/api/v1/kb/articles/kb.http.repair", content).status,
            403);

  ASSERT_EQ(s().as(t("lead.staff"), "POST", "/api/v1/kb/articles/kb.http.repair/submit",
                   {{"reason", "请审核"}})
                .status,
            200);
  // SEC-2: a unit may not approve; refused before the body is read (an
  // unknown member would be a 400 otherwise).
  auto refused = s().as(t("lead.staff"), "POST", "/api/v1/kb/articles/kb.http.repair/approve",
                        {{"colour", "red"}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.json()["error"]["rule"], "KB-3");
  auto approved = s().as(t("dispatcher"), "POST", "/api/v1/kb/articles/kb.http.repair/approve",
                         {{"reason", "审核通过"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["status"], "published");
  EXPECT_TRUE(approved.json()["valid_until"].is_string());

  ASSERT_EQ(
      s().as(t("lead.staff"), "POST", "/api/v1/kb/articles/kb.http.repair/confirm", json::object())
          .status,
      200);
  // KB-4: a pre-notice needs related interpretation material: a rule's refusal (422).
  auto prenotice = s().as(t("lead.staff"), "POST", "/api/v1/kb/articles/kb.http.repair/prenotify",
                          {{"public_from", "2026-12-20T00:00:00+08:00"}, {"reason", "预通报"}});
  EXPECT_EQ(prenotice.status, 422) << prenotice.body;

  // Anonymous callers read the published text only, staff the whole record.
  auto anonymous = s().request("GET", "/api/v1/kb/articles/kb.http.repair");
  ASSERT_EQ(anonymous.status, 200) << anonymous.body;
  EXPECT_FALSE(anonymous.json().contains("revision"));
  auto staff = s().as(t("agent"), "GET", "/api/v1/kb/articles/kb.http.repair");
  ASSERT_EQ(staff.status, 200);
  EXPECT_TRUE(staff.json().contains("revision"));

  auto history = s().as(t("dispatcher"), "GET", "/api/v1/kb/articles/kb.http.repair/history");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_GE(history.json()["history"].size(), 4u);

  auto listed =
      s().as(t("dispatcher"), "GET",
             "/api/v1/kb/articles?status=published&unit=" + std::string(kLeadUnit) + "&limit=5");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["articles"].size(), 1u);
  EXPECT_EQ(
      s().as(t("dispatcher"), "GET", "/api/v1/kb/articles?status=lost").json()["error"]["field"],
      "status");
  // Documented routes refuse query parameters they do not declare (issue 9).
  EXPECT_EQ(s().as(t("dispatcher"), "GET", "/api/v1/kb/articles?colour=red").status, 400);

  auto withdrawn = s().as(t("lead.staff"), "POST", "/api/v1/kb/articles/kb.http.repair/withdraw",
                          {{"reason", "政策调整"}});
  EXPECT_EQ(withdrawn.status, 200) << withdrawn.body;

  // The same audit entries as the command line's: command:<name>, the article as target.
  EXPECT_EQ(count("action = 'command:kb-approve' AND target = 'kb.http.repair' AND success = 1"),
            1);
  EXPECT_EQ(count("action = 'command:kb-approve' AND actor_id = 'lead.staff' AND success = 0"), 1);
  EXPECT_EQ(count("action = 'command:kb-withdraw' AND target = 'kb.http.repair'"), 1);
  EXPECT_EQ(count("action LIKE '%kb-history%' OR action LIKE '%kb-articles%'"), 0);
}

// kb-import is the use case's, as for the command line's `kb import`: the
// office's reviewers only, the records of the JSON-lines format, a refusal
// per article named, audited (issue 9).
TEST_F(Knowledge, KB_1_KB_2_AnImportThroughTheApiIsCheckedAndAudited) {
  const json article = {{"id", "kb.http.import"},
                        {"type", "service-guide"},
                        {"unit", kLeadUnit},
                        {"status", "published"},
                        {"catalogue", "城乡建设/物业管理"},
                        {"title", "𠮷𡒄小区电梯维修指南"},
                        {"body", "电梯停运请联系物业，二十四小时内未修复的可拨打12345"},
                        {"tags", {"电梯"}}};
  json body = json::object();
  body["articles"] = json::array({article});
  body["synonyms"] = json::array({json::array({"电梯", "升降梯"})});
  EXPECT_EQ(s().as(t("agent"), "POST", "/api/v1/kb/import", body).status, 403);
  auto bad = s().as(t("dispatcher"), "POST", "/api/v1/kb/import", {{"articles", "x"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["error"]["field"], "articles");
  auto imported = s().as(t("dispatcher"), "POST", "/api/v1/kb/import", body);
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(imported.json()["imported"], 1);
  EXPECT_EQ(imported.json()["synonym_groups"], 1);
  EXPECT_EQ(imported.json()["outcomes"][0]["action"], "created");
  auto read = s().as(t("agent"), "GET", "/api/v1/kb/articles/kb.http.import");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["title"], "𠮷𡒄小区电梯维修指南");
  EXPECT_EQ(count("action = 'command:kb-import' AND actor_id = 'dispatcher' AND success = 1"), 1);
  EXPECT_GE(count("action = 'command:kb-import' AND actor_id = 'agent' AND success = 0"), 1);
}

TEST_F(Knowledge, KB_1_SearchSuggestionsAndSynonyms) {
  auto found =
      s().request("GET", "/api/v1/kb/search?q=%E5%85%BB%E8%80%81%E4%BF%9D%E9%99%A9&limit=3");
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_LE(found.json()["hits"].size(), 3u);
  EXPECT_EQ(s().request("GET", "/api/v1/kb/search?q=x&limit=-1").status, 400);
  EXPECT_EQ(s().request("GET", "/api/v1/kb/search?q=x&include_expired=yes").status, 400);
  EXPECT_EQ(
      s().request("GET", "/api/v1/kb/search?q=x&type=%E5%8A%9E%E4%BA%8B%E6%8C%87%E5%8D%97").status,
      200);  // the Chinese name of a type

  auto suggested =
      s().as(t("agent"), "POST", "/api/v1/kb/suggest", {{"text", "灵活就业怎么交养老保险"}});
  ASSERT_EQ(suggested.status, 200) << suggested.body;
  EXPECT_FALSE(suggested.json()["hits"].empty());
  EXPECT_EQ(s().as(t("agent"), "POST", "/api/v1/kb/suggest", {{"text", "x"}, {"limit", 99}})
                .json()["error"]["field"],
            "limit");

  auto groups = s().as(t("agent"), "GET", "/api/v1/kb/synonyms");
  ASSERT_EQ(groups.status, 200) << groups.body;
  json body = {{"groups", groups.json()["groups"]}};
  body["groups"].push_back({"物业", "物业公司"});
  // Agents read the synonyms; only the office's staff replace them.
  EXPECT_EQ(s().as(t("lead.staff"), "PUT", "/api/v1/kb/synonyms", body).status, 403);
  auto replaced = s().as(t("dispatcher"), "PUT", "/api/v1/kb/synonyms", body);
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(replaced.json()["ok"], true);
}

TEST_F(Knowledge, KB_3_KB_8_KB_9_UpdateRequestsReportsAndSupervision) {
  auto asked = s().as(t("dispatcher"), "POST", "/api/v1/kb/update-requests",
                      {{"unit", kLeadUnit}, {"kind", "add"}, {"text", "补充物业维修基金使用办法"}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  const std::string id = asked.json()["id"];
  EXPECT_EQ(s().as(t("lead.staff"), "POST", "/api/v1/kb/update-requests",
                   {{"unit", kLeadUnit}, {"kind", "add"}, {"text", "x"}})
                .status,
            403);
  auto mine = s().as(t("lead.staff"), "GET", "/api/v1/kb/update-requests?open=true");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json()["requests"].size(), 1u);
  EXPECT_TRUE(
      s().as(t("other.staff"), "GET", "/api/v1/kb/update-requests").json()["requests"].empty());

  json article = {{"id", "kb.http.fund"},
                  {"type", "service-guide"},
                  {"unit", kLeadUnit},
                  {"title", "物业维修基金使用办法"},
                  {"body", "业主共同决定"}};
  ASSERT_EQ(s().as(t("lead.staff"), "POST", "/api/v1/kb/articles", article).status, 201);
  // A draft does not answer the request (R17); submitted for review, it does.
  auto early = s().as(t("lead.staff"), "POST", "/api/v1/kb/update-requests/" + id + "/complete",
                      {{"article", "kb.http.fund"}});
  EXPECT_EQ(early.status, 422) << early.body;
  ASSERT_EQ(
      s().as(t("lead.staff"), "POST", "/api/v1/kb/articles/kb.http.fund/submit", json::object())
          .status,
      200);
  auto done = s().as(t("lead.staff"), "POST", "/api/v1/kb/update-requests/" + id + "/complete",
                     {{"article", "kb.http.fund"}, {"note", "已新增"}});
  ASSERT_EQ(done.status, 200) << done.body;

  // KB-8: only units file reports; the lead unit's profile has none (422, T31).
  EXPECT_EQ(s().as(t("dispatcher"), "POST", "/api/v1/kb/reports",
                   {{"kind", "knowledge-base"}, {"month", "2026-11"}})
                .status,
            403);
  auto report = s().as(t("lead.staff"), "POST", "/api/v1/kb/reports",
                       {{"kind", "knowledge-base"}, {"month", "2026-11"}, {"no_changes", true}});
  EXPECT_EQ(report.status, 422) << report.body;

  auto supervised = s().as(t("analyst"), "GET", "/api/v1/kb/supervisions");
  ASSERT_EQ(supervised.status, 200) << supervised.body;
  EXPECT_TRUE(supervised.json()["supervisions"].is_array());
  EXPECT_EQ(s().as(t("lead.staff"), "GET", "/api/v1/kb/supervisions?unit=district.hexi").status,
            200);  // a unit sees its own whatever it asks
}

}  // namespace
}  // namespace hotline::testing
