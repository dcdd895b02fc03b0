// The KnowledgeBase use case's table of operations (application/
// knowledge_commands.h) and its checks, on a real knowledge store: every
// route declared once with its schemas, every change audited, the role
// check before the body is read (SEC-2), strict bodies naming the field,
// applicants shown the published text only.
#include <gtest/gtest.h>

#include <set>

#include "application/knowledge_base.h"
#include "knowledge_fixture.h"

namespace hotline {
namespace {

using namespace hotline::testing_kb;
using nlohmann::json;

class KbOperations : public KnowledgeFixture {
 protected:
  void SetUp() override {
    KnowledgeFixture::SetUp();
    kb_ = std::make_unique<KnowledgeBase>(*service_, nullptr);
  }
  void TearDown() override {
    kb_.reset();
    KnowledgeFixture::TearDown();
  }
  static OperationCall call(std::optional<Actor> actor,
                            std::map<std::string, std::string> path = {},
                            json body = json::object()) {
    OperationCall c;
    c.actor = std::move(actor);
    c.remote = "test";
    c.path = std::move(path);
    c.body = std::move(body);
    return c;
  }
  std::unique_ptr<KnowledgeBase> kb_;
};

TEST(KbOperationTable, SEC_2_EveryRouteOnceEveryChangeAuditedEveryBodyStrict) {
  std::set<std::string> names;
  std::set<std::string> routes;
  for (const auto& e : KnowledgeBase::operations()) {
    const std::string name(e.spec.name);
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_TRUE(routes.insert(std::string(e.spec.method) + " " + std::string(e.spec.path)).second)
        << name;
    EXPECT_EQ(name.rfind("kb-", 0), 0u) << name;
    EXPECT_TRUE(e.answer_schema.is_object()) << name;
    const bool change = e.spec.method != "GET" && name != "kb-suggest";
    EXPECT_EQ(e.spec.audited, change) << name << ": every change is audited, nothing else";
    if (e.spec.method == "GET") {
      EXPECT_TRUE(e.body_schema.is_null()) << name;
    } else {
      // Bodies refuse members they do not declare, as the readers do.
      ASSERT_TRUE(e.body_schema.is_object()) << name;
      EXPECT_EQ(e.body_schema.value("additionalProperties", true), false) << name;
    }
    // Public only by declaration: the search and reading an article.
    EXPECT_EQ(e.spec.who == &who::kAnyone, name == "kb-search" || name == "kb-article") << name;
  }
  EXPECT_EQ(names.size(), 23u);
  // KB-2's types carry their Chinese names; a request may use either.
  const json article = kb::components()["Article"];
  EXPECT_EQ(article["properties"]["type"]["x-enum-zh"]["service-guide"], "办事指南");
  const auto* create = KnowledgeBase::find("kb-create");
  ASSERT_NE(create, nullptr);
  const json types = create->body_schema["properties"]["type"]["enum"];
  EXPECT_NE(std::find(types.begin(), types.end(), "办事指南"), types.end());
}

TEST_F(KbOperations, SEC_2_TheRoleIsCheckedBeforeTheBodyIsRead) {
  published("kb.op.one", ArticleType::kServiceGuide, content("异地就医备案", "备案办法"));
  // A unit may not approve: forbidden with the declaration's rule, although
  // the body has a member no operation knows.
  auto refused =
      kb_->execute("kb-approve", call(unit_staff(), {{"id", "kb.op.one"}}, {{"colour", "red"}}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(refused.error().rule, "KB-3");
  EXPECT_EQ(refused.error().article, "R17");
  // Anyone may search; nobody anonymous may list.
  EXPECT_TRUE(kb_->admit("kb-search", call(std::nullopt)));
  EXPECT_EQ(kb_->admit("kb-articles", call(std::nullopt)).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(kb_->admit("kb-report", call(reviewer())).error().rule, "KB-8");
  // A caller who may: the unknown member is named.
  auto unknown = kb_->execute("kb-withdraw", call(unit_staff(), {{"id", "kb.op.one"}},
                                                  {{"reason", "x"}, {"colour", "red"}}));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(unknown.error().message.find("colour"), std::string::npos) << unknown.error().message;
}

TEST_F(KbOperations, KB_1_ApplicantsSeeThePublishedTextOnly) {
  published("kb.op.two", ArticleType::kServiceGuide, content("门诊报销𠮷", "报销办法"));
  auto staff = kb_->execute("kb-article", call(agent(), {{"id", "kb.op.two"}}));
  ASSERT_TRUE(staff) << staff.error().message;
  EXPECT_TRUE(staff->contains("revision"));
  EXPECT_EQ((*staff)["type_zh"], "办事指南");
  auto anonymous = kb_->execute("kb-article", call(std::nullopt, {{"id", "kb.op.two"}}));
  ASSERT_TRUE(anonymous) << anonymous.error().message;
  EXPECT_FALSE(anonymous->contains("revision"));
  EXPECT_FALSE(anonymous->contains("created_at"));
  EXPECT_EQ((*anonymous)["title"], "门诊报销𠮷");
}

}  // namespace
}  // namespace hotline
