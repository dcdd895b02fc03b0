// The knowledge base's file format (JSON lines): strict reading, and an
// export that imports back unchanged.
#include "adapters/json/article_json.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

TEST(ArticleJson, KB_2_ReadsArticlesAndSynonymGroups) {
  const std::string text =
      "{\"synonyms\": [\"医保\", \"医疗保险\"]}\n"
      "\n"
      "{\"id\": \"kb.a\", \"type\": \"service-guide\", \"unit\": \"dept.housing\", "
      "\"catalogue\": \"住房/公积金\", \"title\": \"租房提取\", \"body\": \"正文𠮷\", "
      "\"legal_basis\": \"条例\", \"scope\": \"本市\", \"subjects\": \"职工\", "
      "\"conditions\": \"无房\", \"related\": [\"kb.b\"], \"faq\": [{\"q\": \"问\", \"a\": "
      "\"答\"}], "
      "\"tags\": [\"公积金\"], \"valid_until\": \"2027-01-01T00:00:00+08:00\"}\n"
      "{\"id\": \"kb.b\", \"type\": \"答复口径\", \"unit\": \"dept.housing\", \"title\": \"口径\", "
      "\"body\": \"x\", \"status\": \"draft\"}\r\n";
  auto file = read_article_lines(text);
  ASSERT_TRUE(file) << file.error().describe();
  ASSERT_EQ(file->synonyms.size(), 1u);
  EXPECT_EQ(file->synonyms[0], (std::vector<std::string>{"医保", "医疗保险"}));
  ASSERT_EQ(file->articles.size(), 2u);
  const auto& a = file->articles[0];
  EXPECT_EQ(a.line, 3);
  EXPECT_EQ(a.status, ArticleStatus::kPublished);
  EXPECT_EQ(a.draft.content.body, "正文𠮷");
  EXPECT_EQ(a.draft.content.faq[0].answer, "答");
  EXPECT_EQ(a.draft.content.related, std::vector<std::string>{"kb.b"});
  ASSERT_TRUE(a.draft.valid_until);
  EXPECT_EQ(file->articles[1].draft.type, ArticleType::kAnswerScript);  // Chinese name accepted
  EXPECT_EQ(file->articles[1].status, ArticleStatus::kDraft);
}

TEST(ArticleJson, KB_2_StrictErrorsNameTheLineAndMember) {
  auto unknown = read_article_lines(
      "{\"id\": \"a\", \"type\": \"service-guide\", \"unit\": \"u\", \"title\": \"t\", "
      "\"body\": \"b\"}\n{\"id\": \"b\", \"type\": \"service-guide\", \"unit\": \"u\", "
      "\"title\": \"t\", \"colour\": \"red\"}\n");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("line 2"), std::string::npos);
  EXPECT_NE(unknown.error().message.find("colour"), std::string::npos);
  auto bad_type = read_article_lines(
      "{\"id\": \"a\", \"type\": \"novel\", \"unit\": \"u\", \"title\": \"t\"}\n");
  ASSERT_FALSE(bad_type);
  EXPECT_NE(bad_type.error().message.find("type"), std::string::npos);
  auto not_json = read_article_lines("{\"id\": ");
  ASSERT_FALSE(not_json);
  EXPECT_NE(not_json.error().message.find("line 1"), std::string::npos);
  auto in_review = read_article_lines(
      "{\"id\": \"a\", \"type\": \"service-guide\", \"unit\": \"u\", \"title\": \"t\", "
      "\"status\": \"in-review\"}\n");
  ASSERT_FALSE(in_review);
  auto missing_q = read_article_lines(
      "{\"id\": \"a\", \"type\": \"service-guide\", \"unit\": \"u\", \"title\": \"t\", "
      "\"faq\": [{\"a\": \"答\"}]}\n");
  ASSERT_FALSE(missing_q);
  EXPECT_NE(missing_q.error().message.find("faq[0].q"), std::string::npos);
}

TEST(ArticleJson, KB_2_ExportImportsBackUnchanged) {
  Article a;
  a.id = "kb.x";
  a.type = ArticleType::kNormativeDocument;
  a.unit = "dept.medical-security";
  a.audience = Audience::kPublic;
  a.status = ArticleStatus::kPublished;
  a.content.title = "医疗保障基金";
  a.content.body = "正文";
  a.content.faq = {{"问", "答"}};
  a.content.tags = {"医保"};
  a.content.catalogue = "医疗保障/政策法规";
  a.version = 3;
  a.valid_until = *parse_iso8601("2031-01-01T00:00:00+08:00");
  a.public_interest = true;
  a.public_from = *parse_iso8601("2026-04-01T00:00:00+08:00");
  a.revision = Revision{a.content, true, {}, "x"};
  const std::string out = write_article_lines({a}, {{"医保", "医疗保险"}});
  EXPECT_EQ(out.find("revision"), std::string::npos);
  auto back = read_article_lines(out);
  ASSERT_TRUE(back) << back.error().describe();
  ASSERT_EQ(back->articles.size(), 1u);
  const auto& r = back->articles[0];
  EXPECT_EQ(r.draft.id, a.id);
  EXPECT_EQ(r.draft.type, a.type);
  EXPECT_EQ(r.draft.content, a.content);
  EXPECT_EQ(r.status, ArticleStatus::kPublished);
  EXPECT_EQ(r.draft.valid_until, a.valid_until);
  EXPECT_EQ(r.public_from, a.public_from);
  EXPECT_TRUE(r.draft.public_interest);
  EXPECT_EQ(back->synonyms.size(), 1u);
  // The stored form keeps everything, the revision too.
  auto stored = article_from_json(article_to_json(a));
  ASSERT_TRUE(stored) << stored.error().describe();
  ASSERT_TRUE(stored->revision);
  EXPECT_TRUE(stored->revision->in_review);
  EXPECT_EQ(stored->version, 3);
}

}  // namespace
}  // namespace hotline
