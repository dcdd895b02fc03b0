// The knowledge base's HTTP routes, called through Router::handle (no
// network): applicants only ever get published, current, public articles;
// staff routes need an actor; refusals carry the rule and the article.
//
// Needs hotline_http in adapter_tests' link line; rename to
// api_knowledge_test.cc once it is there.
#include "adapters/http/api_knowledge.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "knowledge_fixture.h"

namespace hotline {
namespace {

using namespace hotline::testing_kb;
using http::HttpRequest;
using http::HttpResponse;
using nlohmann::json;

class KbApi : public KnowledgeFixture {
 protected:
  void SetUp() override {
    KnowledgeFixture::SetUp();
    knowledge_base_ = std::make_unique<KnowledgeBase>(*service_, nullptr);
    http::add_knowledge_routes(router_, *knowledge_base_);
  }

  HttpResponse call(std::string method, std::string path, std::optional<Actor> actor = {},
                    std::string body = {}, std::multimap<std::string, std::string> query = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = path;
    r.target = path;
    r.actor = std::move(actor);
    r.body = std::move(body);
    r.query = std::move(query);
    return router_.handle(r);
  }

  std::unique_ptr<KnowledgeBase> knowledge_base_;
  http::Router router_;
};

TEST_F(KbApi, KB_1_ApplicantsSearchOnlyPublishedPublicCurrentArticles) {
  published("kb.med.public", ArticleType::kServiceGuide, content("居民医保缴费指南", "缴费"));
  published("kb.med.script", ArticleType::kAnswerScript, content("居民医保缴费口径", "口径"));
  ArticleDraft d;
  d.id = "kb.med.draft";
  d.unit = "dept.medical-security";
  d.content = content("居民医保缴费草稿", "草稿");
  ASSERT_TRUE(service_->create(unit_staff(), d, ""));
  auto r = call("GET", "/api/v1/kb/search", std::nullopt, "", {{"q", "居民医保缴费"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = json::parse(r.body);
  ASSERT_EQ(j["hits"].size(), 1u) << r.body;
  EXPECT_EQ(j["hits"][0]["id"], "kb.med.public");
  EXPECT_EQ(j["hits"][0]["link"], "/api/v1/kb/articles/kb.med.public");
  auto staff = call("GET", "/api/v1/kb/search", agent(), "", {{"q", "居民医保缴费"}});
  EXPECT_EQ(json::parse(staff.body)["hits"].size(), 2u);
  EXPECT_EQ(call("GET", "/api/v1/kb/articles/kb.med.draft").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/kb/articles/kb.med.script", applicant()).status, 404);
  auto pub = call("GET", "/api/v1/kb/articles/kb.med.public");
  ASSERT_EQ(pub.status, 200);
  EXPECT_FALSE(json::parse(pub.body).contains("revision"));
  clock_.advance(Seconds{400 * 86400});  // past its validity
  EXPECT_EQ(call("GET", "/api/v1/kb/articles/kb.med.public").status, 404);
  auto expired = call("GET", "/api/v1/kb/search", std::nullopt, "",
                      {{"q", "居民医保缴费"}, {"include_expired", "true"}});
  EXPECT_EQ(json::parse(expired.body)["hits"].size(), 0u);
}

TEST_F(KbApi, KB_6_StaffRoutesNeedAnActorAndRefusalsNameTheRule) {
  const std::string body =
      R"({"id": "kb.med.new", "type": "service-guide", "unit": "dept.medical-security",
          "title": "门诊报销", "body": "咨询请拨13812345678", "reason": "新增"})";
  EXPECT_EQ(call("POST", "/api/v1/kb/articles", std::nullopt, body).status, 401);
  auto refused = call("POST", "/api/v1/kb/articles", unit_staff(), body);
  ASSERT_EQ(refused.status, 422) << refused.body;
  auto err = json::parse(refused.body)["error"];
  EXPECT_EQ(err["rule"], "KB-6");
  EXPECT_EQ(err["article"], "R20");
  const std::string clean =
      R"({"id": "kb.med.new", "type": "service-guide", "unit": "dept.medical-security",
          "title": "门诊报销", "body": "咨询请拨打12345", "reason": "新增"})";
  ASSERT_EQ(call("POST", "/api/v1/kb/articles", unit_staff(), clean).status, 201);
  EXPECT_EQ(call("POST", "/api/v1/kb/articles/kb.med.new/submit", unit_staff(), "{}").status, 200);
  // SEC-2: a role that may not approve gets 403 (not 422, which is a rule's refusal).
  auto self = call("POST", "/api/v1/kb/articles/kb.med.new/approve", unit_staff(), "{}");
  EXPECT_EQ(self.status, 403);
  EXPECT_EQ(call("POST", "/api/v1/kb/articles/kb.med.new/approve", reviewer(),
                 R"({"reason": "审核通过"})")
                .status,
            200);
  auto history = call("GET", "/api/v1/kb/articles/kb.med.new/history", reviewer());
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(json::parse(history.body)["history"].size(), 3u);
  EXPECT_EQ(call("GET", "/api/v1/kb/articles/kb.med.new/history").status, 401);
  auto unknown = call("POST", "/api/v1/kb/articles/kb.med.new/withdraw", unit_staff(),
                      R"({"reason": "x", "colour": "red"})");
  EXPECT_EQ(unknown.status, 400);
}

TEST_F(KbApi, KB_3_UpdateRequestsAndSuggestionsThroughTheApi) {
  published("kb.med.remote", ArticleType::kServiceGuide, content("异地就医备案", "备案办法"));
  auto req = call("POST", "/api/v1/kb/update-requests", reviewer(),
                  R"({"unit": "dept.medical-security", "kind": "correct",
                      "article": "kb.med.remote", "text": "补充线上备案渠道"})");
  ASSERT_EQ(req.status, 201) << req.body;
  EXPECT_EQ(json::parse(req.body)["due_article"], "R17");
  auto mine = call("GET", "/api/v1/kb/update-requests", unit_staff());
  EXPECT_EQ(json::parse(mine.body)["requests"].size(), 1u);
  auto other = call("GET", "/api/v1/kb/update-requests", unit_staff("dept.housing"));
  EXPECT_EQ(json::parse(other.body)["requests"].size(), 0u);
  auto suggest =
      call("POST", "/api/v1/kb/suggest", agent(), R"({"text": "我在外地看病怎么用医保直接结算"})");
  ASSERT_EQ(suggest.status, 200) << suggest.body;
  EXPECT_EQ(json::parse(suggest.body)["hits"][0]["id"], "kb.med.remote");
  EXPECT_EQ(call("POST", "/api/v1/kb/suggest", std::nullopt, R"({"text": "x"})").status, 401);
}

}  // namespace
}  // namespace hotline
