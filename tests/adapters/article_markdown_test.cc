// The knowledge base's second file format, Markdown with TOML front matter:
// strict reading that names the file, line and key; an export that reads back
// exactly; a directory read in name order, all or nothing; and the import's
// KB-6 screening, which applies to Markdown files as to JSON lines.
#include "adapters/toml/article_markdown.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "knowledge_fixture.h"

namespace hotline {
namespace {

using testing_kb::at;

// The article an imported record stands for, as an export would write it.
Article as_article(const ImportedArticle& r) {
  Article a;
  a.id = r.draft.id;
  a.type = r.draft.type;
  a.unit = r.draft.unit;
  a.audience = r.draft.audience.value_or(default_audience(r.draft.type));
  a.status = r.status;
  a.content = r.draft.content;
  a.valid_until = r.draft.valid_until;
  a.public_interest = r.draft.public_interest;
  a.public_from = r.public_from;
  return a;
}

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("hotline-kb-md-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }

 private:
  std::filesystem::path path_;
};

const char* const kFull = R"(+++
id = "kb.housing.rent"
type = "办事指南"  # the Chinese name is accepted too
unit = "dept.housing"
status = "published"
audience = "public"
title = "租房提取住房公积金"
catalogue = "住房保障/住房公积金"
tags = ["公积金", "租房"]
related = ["kb.housing.loan"]
valid_until = 2027-01-01T00:00:00+08:00
legal_basis = "《住房公积金管理条例》第二十四条"
scope = "本市"
subjects = "缴存职工"
conditions = "本人及配偶在本市无自有住房"

[[faq]]
question = "一年能提几次？"
answer = "每年一次。"

[[faq]]
question = "要带什么材料？"
answer = "身份证、租房合同。"
+++

## 办理流程

职工可通过网上服务平台申请。
)";

TEST(ArticleMarkdown, KB_2_ReadsFrontMatterAndBody) {
  auto r = read_article_markdown(kFull, "rent.md");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->line, 1);
  EXPECT_EQ(r->draft.id, "kb.housing.rent");
  EXPECT_EQ(r->draft.type, ArticleType::kServiceGuide);
  EXPECT_EQ(r->draft.unit, "dept.housing");
  EXPECT_EQ(r->status, ArticleStatus::kPublished);
  EXPECT_EQ(r->draft.audience, Audience::kPublic);
  const ArticleContent& c = r->draft.content;
  EXPECT_EQ(c.title, "租房提取住房公积金");
  EXPECT_EQ(c.catalogue, "住房保障/住房公积金");
  EXPECT_EQ(c.tags, (std::vector<std::string>{"公积金", "租房"}));
  EXPECT_EQ(c.related, std::vector<std::string>{"kb.housing.loan"});
  EXPECT_EQ(c.legal_basis, "《住房公积金管理条例》第二十四条");
  EXPECT_EQ(c.conditions, "本人及配偶在本市无自有住房");
  ASSERT_EQ(c.faq.size(), 2u);
  EXPECT_EQ(c.faq[1].question, "要带什么材料？");
  EXPECT_EQ(c.faq[1].answer, "身份证、租房合同。");
  EXPECT_EQ(c.body, "## 办理流程\n\n职工可通过网上服务平台申请。");
  EXPECT_EQ(r->draft.valid_until, at("2027-01-01T00:00:00+08:00"));
  EXPECT_FALSE(r->draft.public_interest);
  EXPECT_FALSE(r->public_from);

  // Only the required keys: the rest takes the JSON-lines defaults.
  auto minimal = read_article_markdown(
      "+++\r\ntitle = \"口径\"\r\ntype = \"answer-script\"\r\nunit = \"dept.housing\"\r\n+++\r\n"
      "正文",
      "min.md");
  ASSERT_TRUE(minimal) << minimal.error().describe();
  EXPECT_TRUE(minimal->draft.id.empty());
  EXPECT_EQ(minimal->status, ArticleStatus::kPublished);
  EXPECT_FALSE(minimal->draft.audience);
  EXPECT_EQ(minimal->draft.content.body, "正文");
}

TEST(ArticleMarkdown, KB_2_ExportReadsBackExactly) {
  Article a;
  a.id = "kb.x-1_2";
  a.type = ArticleType::kNormativeDocument;
  a.unit = "dept.medical-security";
  a.audience = Audience::kInternal;
  a.status = ArticleStatus::kPublished;
  a.content.title = "𠮷野家与𡒄字 \"引号\" 和 \\反斜杠";
  // Text that holds the fence, on a line of its own and inside strings.
  a.content.body = "\n+++\n正文𠮷𡒄\r\n+++ \n\t缩进\n末行\n\n";
  a.content.legal_basis = "第一行\n+++\n第三行";
  a.content.scope = "tab\there\x01\x7f";
  a.content.subjects = "";
  a.content.conditions = "+++";
  a.content.related = {"kb.a", "kb.b"};
  a.content.faq = {{"问𠮷？\n+++", "答\"𡒄\""}, {"", ""}};
  a.content.tags = {"医保", "+++", "𠮷"};
  a.content.catalogue = "医疗保障/政策法规";
  a.valid_until = at("2031-01-01T00:00:00+08:00");
  a.public_interest = true;
  a.public_from = at("2026-04-01T08:30:15+08:00");
  a.version = 3;  // bookkeeping: not part of the file
  a.revision = Revision{ArticleContent{}, true, {}, "x"};

  const std::string text = write_article_markdown(a);
  EXPECT_TRUE(text.starts_with("+++\nid = \"kb.x-1_2\"\n")) << text;
  EXPECT_EQ(markdown_file_name(a), "kb.x-1_2.md");
  auto back = read_article_markdown(text, "kb.x-1_2.md");
  ASSERT_TRUE(back) << back.error().describe() << "\n" << text;
  EXPECT_EQ(back->draft.id, a.id);
  EXPECT_EQ(back->draft.type, a.type);
  EXPECT_EQ(back->draft.unit, a.unit);
  EXPECT_EQ(back->draft.audience, a.audience);
  EXPECT_EQ(back->status, a.status);
  EXPECT_EQ(back->draft.content, a.content);
  EXPECT_EQ(back->draft.valid_until, a.valid_until);
  EXPECT_TRUE(back->draft.public_interest);
  EXPECT_EQ(back->public_from, a.public_from);
  // And the file itself: written again, byte for byte the same.
  EXPECT_EQ(write_article_markdown(as_article(*back)), text);

  // Drafts and withdrawn articles carry no validity (an import sets none).
  a.status = ArticleStatus::kDraft;
  auto draft = read_article_markdown(write_article_markdown(a), "d.md");
  ASSERT_TRUE(draft) << draft.error().describe();
  EXPECT_EQ(draft->status, ArticleStatus::kDraft);
  EXPECT_FALSE(draft->draft.valid_until);
  EXPECT_EQ(draft->draft.content, a.content);
}

// Each mistake: the error's field is "file:line", its messages name the key.
struct Mistake {
  const char* name;
  std::string text;
  std::string field;
  std::string names;  // in the English message
};

TEST(ArticleMarkdown, KB_2_StrictErrorsNameTheFileLineAndKey) {
  const std::string head = "+++\ntitle = \"t\"\ntype = \"service-guide\"\nunit = \"u\"\n";
  const std::vector<Mistake> mistakes = {
      {"unknown key", head + "colour = \"red\"\n+++\n", "a.md:5", "colour"},
      {"wrong type", head + "tags = \"医保\"\n+++\n", "a.md:5", "tags"},
      {"list of non-strings", head + "related = [1]\n+++\n", "a.md:5", "related"},
      {"boolean", head + "public_interest = \"yes\"\n+++\n", "a.md:5", "public_interest"},
      {"date-time without offset", head + "valid_until = 2027-01-01T00:00:00\n+++\n", "a.md:5",
       "valid_until"},
      {"date as a string", head + "public_from = \"2027-01-01T00:00:00+08:00\"\n+++\n", "a.md:5",
       "public_from"},
      {"unknown type", "+++\ntitle = \"t\"\ntype = \"memo\"\nunit = \"u\"\n+++\n", "a.md:3",
       "type"},
      {"unknown audience", head + "audience = \"everyone\"\n+++\n", "a.md:5", "audience"},
      {"in review", head + "status = \"in-review\"\n+++\n", "a.md:5", "status"},
      {"missing title", "+++\ntype = \"service-guide\"\nunit = \"u\"\n+++\nbody", "a.md:1",
       "title"},
      {"missing unit", "+++\ntitle = \"t\"\ntype = \"service-guide\"\n+++\n", "a.md:1", "unit"},
      {"faq without answer", head + "\n[[faq]]\nquestion = \"q\"\n+++\n", "a.md:6", "answer"},
      {"faq unknown key", head + "\n[[faq]]\nq = \"q\"\n+++\n", "a.md:7", "q"},
      {"faq not tables", head + "faq = [\"q\"]\n+++\n", "a.md:5", "faq"},
      {"syntax error", head + "scope = \"unterminated\n+++\n", "a.md:5", "TOML syntax error"},
      {"no opening fence", "title = \"t\"\n", "a.md:1", "+++"},
      {"never closed", head + "body\n", "a.md:1", "+++"},
  };
  for (const auto& m : mistakes) {
    auto r = read_article_markdown(m.text, "a.md");
    ASSERT_FALSE(r) << m.name;
    EXPECT_EQ(r.error().field.substr(0, m.field.size()), m.field)
        << m.name << ": " << r.error().describe();
    EXPECT_NE(r.error().message.find(m.names), std::string::npos)
        << m.name << ": " << r.error().message;
    EXPECT_FALSE(r.error().message_zh.empty()) << m.name;
  }
}

TEST(ArticleMarkdown, KB_2_DirectoryReadsInNameOrderAndABadFileStopsAll) {
  TempDir dir;
  auto file = [](const std::string& id) {
    return "+++\nid = \"" + id + "\"\ntitle = \"" + id +
           "\"\ntype = \"service-guide\"\nunit = \"dept.housing\"\n+++\n\n正文\n";
  };
  dir.write("b.md", file("kb.b"));
  dir.write("a.md", file("kb.a"));
  dir.write("notes.txt", "not an article");
  auto read = read_article_markdown_path(dir.path());
  ASSERT_TRUE(read) << read.error().describe();
  ASSERT_EQ(read->articles.size(), 2u);
  EXPECT_EQ(read->articles[0].draft.id, "kb.a");
  EXPECT_EQ(read->articles[1].draft.id, "kb.b");
  EXPECT_EQ(std::filesystem::path(read->files[1]).filename(), "b.md");

  auto single = read_article_markdown_path(dir.path() / "b.md");
  ASSERT_TRUE(single) << single.error().describe();
  EXPECT_EQ(single->articles.size(), 1u);

  dir.write("c.md", "+++\ntitle = \"t\"\n+++\n");
  auto bad = read_article_markdown_path(dir.path());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().field.find("c.md:1"), std::string::npos) << bad.error().describe();

  TempDir empty;
  EXPECT_FALSE(read_article_markdown_path(empty.path()));
  EXPECT_FALSE(read_article_markdown_path(empty.path() / "missing.md"));
}

class KbMarkdown : public testing_kb::KnowledgeFixture {
 protected:
  Actor admin_{"admin", Role::kAdministrator, "office"};
};

TEST_F(KbMarkdown, KB_2_DemoArticlesExportAsMarkdownAndImportBackUnchanged) {
  const std::filesystem::path data = HOTLINE_DATA_DIR;
  auto file = read_article_lines(testing_kb::read_file(data / "knowledge" / "articles.jsonl"));
  ASSERT_TRUE(file) << file.error().describe();
  auto imported = service_->import(admin_, file->articles);
  ASSERT_TRUE(imported);
  ArticleFilter all;
  all.limit = 1000;
  auto list = store_->list_articles(all);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), file->articles.size());

  TempDir dir;
  auto written = write_article_markdown_dir(dir.path() / "export", *list);
  ASSERT_TRUE(written) << written.error().describe();
  ASSERT_EQ(written->size(), list->size());
  auto read = read_article_markdown_path(dir.path() / "export");
  ASSERT_TRUE(read) << read.error().describe();
  ASSERT_EQ(read->articles.size(), list->size());
  for (const auto& r : read->articles) {
    auto it = std::find_if(list->begin(), list->end(),
                           [&](const Article& a) { return a.id == r.draft.id; });
    ASSERT_NE(it, list->end()) << r.draft.id;
    EXPECT_EQ(r.draft.content, it->content) << r.draft.id;
    EXPECT_EQ(r.draft.valid_until, it->valid_until) << r.draft.id;
    EXPECT_EQ(write_article_markdown(as_article(r)), write_article_markdown(*it)) << r.draft.id;
  }
  // Importing the export changes nothing.
  auto again = service_->import(admin_, read->articles);
  ASSERT_TRUE(again);
  for (const auto& o : *again) EXPECT_EQ(o.action, "unchanged") << o.id;
}

TEST_F(KbMarkdown, KB_6_MarkdownImportIsScreenedArticleByArticle) {
  TempDir dir;
  auto file = [](const std::string& id, const std::string& body) {
    return "+++\nid = \"" + id + "\"\ntitle = \"公积金提取\"\ntype = \"service-guide\"\n" +
           "unit = \"dept.housing\"\n+++\n\n" + body + "\n";
  };
  dir.write("a.md", file("kb.md.ok", "可拨打12345或022-23456789咨询。"));
  dir.write("b.md", file("kb.md.phone", "联系人张三，手机13812345678。"));
  dir.write("c.md", file("kb.md.ok2", "依据〔2023〕5号文件办理。"));
  auto read = read_article_markdown_path(dir.path());
  ASSERT_TRUE(read) << read.error().describe();
  auto outcomes = service_->import(admin_, read->articles);
  ASSERT_TRUE(outcomes);
  ASSERT_EQ(outcomes->size(), 3u);
  EXPECT_TRUE((*outcomes)[0].ok);
  EXPECT_TRUE((*outcomes)[2].ok);
  const ImportOutcome& refused = (*outcomes)[1];
  ASSERT_FALSE(refused.ok);
  EXPECT_EQ(refused.id, "kb.md.phone");
  EXPECT_EQ(refused.error->rule, "KB-6");
  EXPECT_EQ(refused.error->article, "R20");
  EXPECT_EQ(refused.error->message.find("13812345678"), std::string::npos);  // masked
  EXPECT_EQ(std::filesystem::path(read->files[1]).filename(), "b.md");
  // The refused article is not stored; the others are, and applicants find them.
  auto stored = store_->load_article("kb.md.phone");
  ASSERT_TRUE(stored);
  EXPECT_FALSE(*stored);
  EXPECT_EQ(ids(std::nullopt, "公积金提取").size(), 2u);
}

}  // namespace
}  // namespace hotline
