// XapianArticleIndex: Chinese full-text search with CJK n-grams, characters
// beyond the BMP, synonyms, filters and highlighted snippets (KB-1).
#include "adapters/xapian/xapian_article_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace hotline {
namespace {

Instant at(const char* text) { return *parse_iso8601(text); }

Article article(std::string id, std::string title, std::string body,
                ArticleType type = ArticleType::kServiceGuide,
                std::string unit = "dept.medical-security",
                std::string catalogue = "医疗保障/待遇报销") {
  Article a;
  a.id = std::move(id);
  a.type = type;
  a.unit = std::move(unit);
  a.status = ArticleStatus::kPublished;
  a.audience = default_audience(type);
  a.content.title = std::move(title);
  a.content.body = std::move(body);
  a.content.catalogue = std::move(catalogue);
  a.valid_until = at("2027-01-01T00:00:00+08:00");
  return a;
}

class XapianIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    auto index = XapianArticleIndex::in_memory();
    ASSERT_TRUE(index);
    index_ = std::move(*index);
    put(article("outpatient", "职工医保门诊费用报销",
                "门诊费用按比例报销，年度内有最高支付限额。"));
    put(article("remote", "异地就医直接结算", "办理备案后在外地定点医院直接结算医疗保险费用。"));
    put(article("fund", "租房提取住房公积金", "无房职工租房可以提取公积金。",
                ArticleType::kServiceGuide, "dept.housing", "住房保障/住房公积金"));
    put(article("script", "暖气不热答复口径", "请检查阀门并登记报修。", ArticleType::kAnswerScript,
                "utility.energy.heating", "公用事业/供热"));
    put(article("rare", "𠮷野家", "含有扩展B区汉字𠮷的条目。", ArticleType::kInterpretation,
                "dept.market-regulation", "市场监管"));
    ASSERT_TRUE(index_->flush());
  }

  void put(const Article& a) { ASSERT_TRUE(index_->put(a)); }

  std::vector<std::string> ids(SearchQuery q) {
    auto r = index_->search(q);
    EXPECT_TRUE(r) << r.error().describe();
    std::vector<std::string> out;
    if (r)
      for (const auto& h : r->hits) out.push_back(h.id);
    return out;
  }
  std::vector<std::string> ids(std::string text) {
    SearchQuery q;
    q.text = std::move(text);
    return ids(q);
  }

  std::unique_ptr<XapianArticleIndex> index_;
};

TEST_F(XapianIndex, KB_1_ChineseTextIsFoundAndRanked) {
  const auto r = ids("门诊报销");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r.front(), "outpatient");
  // A whole question, not just keywords.
  const auto q = ids("我想问一下租房子能不能提取公积金");
  ASSERT_FALSE(q.empty());
  EXPECT_EQ(q.front(), "fund");
  EXPECT_TRUE(ids("养老金认证").empty());
}

TEST_F(XapianIndex, KB_1_FindsCharactersBeyondTheBmp) {
  const auto r = ids("𠮷");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.front(), "rare");
  SearchQuery q;
  q.text = "𠮷";
  auto hits = index_->search(q);
  ASSERT_TRUE(hits);
  EXPECT_NE(hits->hits.front().snippet.find("<mark>𠮷</mark>"), std::string::npos)
      << hits->hits.front().snippet;
}

TEST_F(XapianIndex, KB_1_SynonymsTheOfficeMaintainsFindEachOther) {
  put(article("card", "社保卡补办", "挂失后到银行网点补办。", ArticleType::kServiceGuide,
              "dept.human-resources", "人社服务"));
  auto has = [](const std::vector<std::string>& v, const char* id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  };
  EXPECT_FALSE(has(ids("医保"), "remote"));
  EXPECT_FALSE(has(ids("社会保险"), "card"));
  ASSERT_TRUE(index_->set_synonyms({{"医保", "医疗保险"}, {"社保", "社会保险"}}));
  ASSERT_TRUE(index_->flush());
  EXPECT_TRUE(has(ids("医保报销"), "remote"));      // 医保 → 医疗保险
  EXPECT_TRUE(has(ids("社会保险卡丢了"), "card"));  // 社会保险 → 社保
  ASSERT_TRUE(index_->set_synonyms({}));
  EXPECT_FALSE(has(ids("医保"), "remote"));
}

TEST(XapianIndexOnDisk, KB_1_SynonymsAreKeptInXapiansSynonymTable) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("hotline-xapian-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto index = XapianArticleIndex::open(dir);
    ASSERT_TRUE(index) << index.error().describe();
    ASSERT_TRUE((*index)->put(article("remote", "异地就医直接结算", "医疗保险费用直接结算。")));
    ASSERT_TRUE((*index)->set_synonyms({{"医保", "医疗保险"}}));
    ASSERT_TRUE((*index)->flush());
  }
  auto reopened = XapianArticleIndex::open(dir);
  ASSERT_TRUE(reopened);
  SearchQuery q;
  q.text = "医保";
  auto r = (*reopened)->search(q);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].id, "remote");
  reopened->reset();
  std::filesystem::remove_all(dir);
}

TEST_F(XapianIndex, KB_1_FiltersByTypeUnitCatalogueValidityAndAudience) {
  SearchQuery q;
  q.text = "";
  q.catalogue = "医疗保障";
  auto r = ids(q);
  std::sort(r.begin(), r.end());
  EXPECT_EQ(r, (std::vector<std::string>{"outpatient", "remote"}));
  q = {};
  q.unit = "dept.housing";
  EXPECT_EQ(ids(q), std::vector<std::string>{"fund"});
  q = {};
  q.type = ArticleType::kAnswerScript;
  EXPECT_EQ(ids(q), std::vector<std::string>{"script"});
  q = {};
  q.text = "暖气";
  q.public_only = true;
  q.valid_at = at("2026-03-02T09:00:00+08:00");
  EXPECT_TRUE(ids(q).empty());  // answer scripts are internal
  Article later = article("later", "门诊新政", "门诊新政正文");
  later.public_from = at("2026-04-01T00:00:00+08:00");
  put(later);
  q = {};
  q.text = "门诊新政";
  q.public_only = true;
  q.valid_at = at("2026-03-02T09:00:00+08:00");
  auto before = ids(q);
  EXPECT_EQ(std::find(before.begin(), before.end(), "later"), before.end());
  q.valid_at = at("2026-04-01T00:00:00+08:00");
  EXPECT_EQ(ids(q).front(), "later");
  q = {};
  q.text = "门诊";
  q.valid_at = at("2027-01-01T00:00:00+08:00");  // the instant validity ends
  EXPECT_TRUE(ids(q).empty());
  q.valid_at = at("2026-12-31T23:59:59+08:00");
  EXPECT_FALSE(ids(q).empty());
  q = {};
  q.expires_before = at("2026-06-01T00:00:00+08:00");
  EXPECT_TRUE(ids(q).empty());
}

TEST_F(XapianIndex, KB_1_ApplicantsGetAFullPageWhenManyTopHitsAreInternal) {
  // 40 internal scripts outrank the one public guide; the page must still
  // hold the public guide and nothing internal.
  for (int i = 0; i < 40; ++i) {
    put(article("script" + std::to_string(i), "燃气泄漏答复口径" + std::to_string(i),
                "燃气泄漏燃气泄漏燃气泄漏", ArticleType::kAnswerScript, "utility.energy.gas",
                "公用事业/燃气"));
  }
  put(article("guide", "燃气开户指南", "办理燃气开户，燃气泄漏请报修。"));
  SearchQuery q;
  q.text = "燃气泄漏";
  q.public_only = true;
  q.valid_at = at("2026-03-02T09:00:00+08:00");
  EXPECT_EQ(ids(q), std::vector<std::string>{"guide"});
  q.public_only = false;
  q.limit = 5;
  q.offset = 38;
  const auto page = ids(q);
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page.back(), "guide");
}

TEST_F(XapianIndex, KB_1_SnippetsAreHighlightedAndEscaped) {
  put(article("html", "页面<script>注入</script>测试", "正文含有<b>标签</b>和报销两字。"));
  SearchQuery q;
  q.text = "报销";
  q.unit = "dept.medical-security";
  auto r = index_->search(q);
  ASSERT_TRUE(r);
  bool seen = false;
  for (const auto& h : r->hits) {
    if (h.id != "html") continue;
    seen = true;
    EXPECT_NE(h.snippet.find("<mark>报销</mark>"), std::string::npos) << h.snippet;
    EXPECT_EQ(h.snippet.find("<b>"), std::string::npos) << h.snippet;
    EXPECT_NE(h.snippet.find("&lt;b&gt;"), std::string::npos) << h.snippet;
  }
  EXPECT_TRUE(seen);
}

TEST_F(XapianIndex, KB_1_UnpublishedArticlesLeaveTheIndex) {
  Article a = article("outpatient", "职工医保门诊费用报销", "x");
  a.status = ArticleStatus::kWithdrawn;
  ASSERT_TRUE(index_->put(a));
  const auto r = ids("门诊费用");
  EXPECT_EQ(std::find(r.begin(), r.end(), "outpatient"), r.end());
  auto size = index_->size();
  ASSERT_TRUE(size);
  EXPECT_EQ(*size, 4u);
  ASSERT_TRUE(index_->clear());
  EXPECT_EQ(*index_->size(), 0u);
}

}  // namespace
}  // namespace hotline

// Issue 9, item 12: a command run beside `hotline serve` searches the index
// the server holds, and sees what the server commits; its changes are refused.
TEST(XapianIndexOnDisk, KB_1_AnIndexHeldByAnotherWriterIsSearchedReadOnly) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("hotline-xapian-held-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto server = XapianArticleIndex::open(dir);
  ASSERT_TRUE(server) << server.error().describe();
  ASSERT_TRUE((*server)->put(article("remote", "异地就医直接结算", "医疗保险费用直接结算。")));
  ASSERT_TRUE((*server)->flush());

  auto writer = XapianArticleIndex::open(dir);
  ASSERT_FALSE(writer) << "a second writer is refused";
  EXPECT_EQ(writer.error().code, ErrorCode::kConflict);

  auto command = XapianArticleIndex::open(dir, IndexAccess::kReadOnlyWhenLocked);
  ASSERT_TRUE(command) << command.error().describe();
  EXPECT_TRUE((*command)->read_only());
  EXPECT_FALSE((*server)->read_only());
  SearchQuery q;
  q.text = "异地就医";
  auto r = (*command)->search(q);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->hits.size(), 1u);

  // What the server publishes later is found without reopening by hand.
  ASSERT_TRUE((*server)->put(article("rare", "𠮷野家门店投诉", "扩展B区汉字𠮷的商户名称。")));
  ASSERT_TRUE((*server)->flush());
  q.text = "𠮷野家";
  r = (*command)->search(q);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].id, "rare");

  auto refused = (*command)->put(article("new", "新条目", "正文"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("hotline serve"), std::string::npos);
  EXPECT_FALSE((*command)->clear());
  EXPECT_TRUE((*command)->flush()) << "nothing of its own to commit";

  command->reset();
  server->reset();
  std::filesystem::remove_all(dir);
}
