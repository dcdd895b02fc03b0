#pragma once
// The text rule of the SQL knowledge stores (adapters/json/knowledge_rows.h),
// a typed gtest suite beside knowledge_store_contract.h with the same
// factory: SQLite in adapter_tests
// (tests/adapters/knowledge_store_contract_sqlite_test.cc), PostgreSQL in
// pg_tests (tests/postgresql/pg_knowledge_store_contract_test.cc).
//
// Text that is not valid UTF-8 or holds NUL is refused with kInvalidArgument
// naming the record, before anything of the commit is written (PostgreSQL's
// text cannot hold U+0000; SQLite could, and would differ); a look-up by such
// text finds nothing rather than the text before its NUL.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/knowledge_store.h"
#include "support/event_samples.h"

namespace hotline::testing {

template <typename Factory>
class KnowledgeStoreTextContract : public ::testing::Test {
 protected:
  void SetUp() override {
    factory_.set_up();
    store_ = factory_.open();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    factory_.tear_down();
  }

  static Article article(std::string id) {
    Article a;
    a.id = std::move(id);
    a.unit = "dept.a";
    a.status = ArticleStatus::kPublished;
    a.content.title = "𠮷𡒄";
    a.content.catalogue = "社会保障";
    a.created_at = at("2026-03-02T09:00:00+08:00");
    a.updated_at = a.created_at;
    return a;
  }
  static ArticleChange change(std::string reason) {
    ArticleChange c;
    c.at = at("2026-03-02T09:00:00+08:00");
    c.actor = Actor{"staff.li", Role::kUnitStaff, "dept.a"};
    c.action = "create";
    c.reason = std::move(reason);
    return c;
  }
  // `commit` is refused naming `field`, and writes nothing.
  void expect_refused(const KnowledgeCommit& commit, const std::string& field) {
    auto st = store_->commit(commit);
    ASSERT_FALSE(st) << field;
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument) << field;
    EXPECT_EQ(st.error().field, field);
    EXPECT_TRUE(store_->list_articles({})->empty()) << field;
    EXPECT_TRUE(store_->history("kb.ok")->empty()) << field;
    EXPECT_TRUE(store_->notices(std::nullopt)->empty()) << field;
  }

  Factory factory_;
  std::unique_ptr<KnowledgeStore> store_;
};

TYPED_TEST_SUITE_P(KnowledgeStoreTextContract);

TYPED_TEST_P(KnowledgeStoreTextContract, TextThatIsNotUtf8OrHoldsNulIsRefusedBeforeWriting) {
  using std::string_literals::operator""s;
  const KnowledgeNotice notice{0,           "dept.a", at("2026-03-02T09:00:00+08:00"),
                               "prenotice", "kb.ok",  "通知𠮷"};
  {
    KnowledgeCommit c;
    c.notices = {notice};
    auto nul = this->article("kb.nul");
    nul.content.body = "正文\0后文"s;
    c.articles = {{this->article("kb.ok"), {this->change("理由")}}, {nul, {}}};
    this->expect_refused(c, "articles[1]");
  }
  {
    KnowledgeCommit c;
    c.articles = {{this->article("kb.ok"), {this->change("理由"), this->change("\xff理由")}}};
    this->expect_refused(c, "articles[0].changes[1]");
  }
  {
    KnowledgeCommit c;
    c.articles = {{this->article("kb.ok"), {}}};
    UpdateRequest r;
    r.id = "KR1";
    r.unit = "dept.a";
    r.text = "补充\0"s;
    c.requests = {{r}};
    this->expect_refused(c, "requests[0]");
    EXPECT_FALSE(this->store_->load_request("KR1")->has_value());
  }
  {
    KnowledgeCommit c;
    c.notices = {notice};
    c.supervisions = {UnitSupervision{"KS1", "dept.a", at("2026-03-06T09:00:00+08:00"), "KB-5",
                                      "M22(5)", "kb.x", "expired", "过期\xe8"}};
    this->expect_refused(c, "supervisions[0]");
    EXPECT_TRUE(this->store_->supervisions(std::nullopt)->empty());
  }
  {
    KnowledgeCommit c;
    KnowledgeNotice bad = notice;
    bad.message_zh = "通\0知"s;
    c.notices = {notice, bad};
    this->expect_refused(c, "notices[1]");
  }
  {
    KnowledgeCommit c;
    c.notices = {notice};
    MonthlyReport report;
    report.unit = "dept.t";
    report.month = "2026-02";
    report.actor = Actor{"staff.t", Role::kUnitStaff, "dept.t"};
    report.text = "本月\0"s;
    c.reports = {report};
    this->expect_refused(c, "reports[0]");
    EXPECT_FALSE(
        this->store_->report("dept.t", ReportKind::kKnowledgeBase, "2026-02")->has_value());
  }

  ASSERT_TRUE(this->store_->save_synonyms({{"医保", "医疗保险"}}));
  auto synonyms = this->store_->save_synonyms({{"𠮷", "吉"}, {"公积金", "住房\0公积金"s}});
  ASSERT_FALSE(synonyms);
  EXPECT_EQ(synonyms.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(synonyms.error().field, "synonyms[1][1]");
  EXPECT_EQ(*this->store_->load_synonyms(),
            (std::vector<std::vector<std::string>>{{"医保", "医疗保险"}}));

  auto counter = this->store_->next_sequence("article\0"s);
  ASSERT_FALSE(counter);
  EXPECT_EQ(counter.error().field, "counter");
  EXPECT_EQ(*this->store_->next_sequence("article"), 1);
}

TYPED_TEST_P(KnowledgeStoreTextContract, ALookUpByTextWithNulFindsNothing) {
  using std::string_literals::operator""s;
  KnowledgeCommit c;
  c.articles = {{this->article("kb.a"), {this->change("理由")}}};
  c.notices = {
      KnowledgeNotice{0, "dept.a", at("2026-03-02T09:00:00+08:00"), "prenotice", "kb.a", "通知"}};
  ASSERT_TRUE(this->store_->commit(c));
  EXPECT_FALSE(this->store_->load_article("kb.a\0b"s)->has_value());
  EXPECT_TRUE(this->store_->history("kb.a\0b"s)->empty());
  ArticleFilter by_unit;
  by_unit.unit = "dept.a\0b"s;
  EXPECT_TRUE(this->store_->list_articles(by_unit)->empty());
  ArticleFilter by_catalogue;
  by_catalogue.catalogue = "社会保障\0b"s;
  EXPECT_TRUE(this->store_->list_articles(by_catalogue)->empty());
  EXPECT_TRUE(this->store_->notices("dept.a\0b"s)->empty());
  // The text before the NUL still finds them.
  EXPECT_TRUE(this->store_->load_article("kb.a")->has_value());
  EXPECT_EQ(this->store_->notices("dept.a")->size(), 1u);
}

REGISTER_TYPED_TEST_SUITE_P(KnowledgeStoreTextContract,
                            TextThatIsNotUtf8OrHoldsNulIsRefusedBeforeWriting,
                            ALookUpByTextWithNulFindsNothing);

}  // namespace hotline::testing
