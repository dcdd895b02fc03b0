#pragma once
// The contract of the KnowledgeStore port (core/ports/knowledge_store.h), a
// typed gtest suite every implementation runs: the in-memory store in
// core_tests (tests/core/memory_knowledge_store_test.cc), SQLite in
// adapter_tests (tests/adapters/sqlite_store_contract_test.cc). Instantiate
// it with a factory as for work_order_store_contract.h.
//
// SPEC: KB-2 (articles and their history: who changed what, when), KB-3
// (update requests), KB-8 (one report per unit and month), KB-9
// (supervision records), KB-1 (synonyms); platform bar (a commit whole or
// not at all; a stale revision is a conflict).

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/knowledge_store.h"
#include "support/event_samples.h"

namespace hotline::testing {

template <typename Factory>
class KnowledgeStoreContract : public ::testing::Test {
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

  static Article article(std::string id, std::string unit, std::string catalogue) {
    Article a;
    a.id = std::move(id);
    a.type = ArticleType::kServiceGuide;
    a.unit = std::move(unit);
    a.status = ArticleStatus::kPublished;
    a.content.title = "𠮷𡒄 " + a.id;
    a.content.body = "正文";
    a.content.catalogue = std::move(catalogue);
    a.content.faq = {{"问", "答"}};
    a.created_at = at("2026-03-02T09:00:00+08:00");
    a.updated_at = a.created_at;
    a.published_at = a.created_at;
    a.valid_until = at("2027-03-02T09:00:00+08:00");
    return a;
  }
  static ArticleChange change(const std::string& action, const char* when) {
    ArticleChange c;
    c.at = at(when);
    c.actor = Actor{"staff.li", Role::kUnitStaff, "dept.a"};
    c.action = action;
    c.reason = "理由𠮷";
    c.rule = "KB-3";
    c.article_ref = "R17";
    c.version = 1;
    c.status = ArticleStatus::kPublished;
    return c;
  }
  static UpdateRequest request(std::string id, std::string unit, const char* due) {
    UpdateRequest r;
    r.id = std::move(id);
    r.unit = std::move(unit);
    r.kind = UpdateKind::kAdd;
    r.text = "补充";
    r.requested_at = at("2026-03-02T09:00:00+08:00");
    r.due = at(due);
    r.due_article = "R17";
    return r;
  }
  Status write(std::vector<ArticleWrite> articles, std::vector<RequestWrite> requests = {}) {
    KnowledgeCommit c;
    c.articles = std::move(articles);
    c.requests = std::move(requests);
    return store_->commit(c);
  }
  std::vector<std::string> ids(const ArticleFilter& f) {
    std::vector<std::string> out;
    auto rows = store_->list_articles(f);
    if (!rows) {
      ADD_FAILURE() << rows.error().message;
      return out;
    }
    for (const auto& a : *rows) out.push_back(a.id);
    return out;
  }

  Factory factory_;
  std::unique_ptr<KnowledgeStore> store_;
};

TYPED_TEST_SUITE_P(KnowledgeStoreContract);

TYPED_TEST_P(KnowledgeStoreContract, KB_2_ArticlesAndTheirHistoryRoundTripWithRevisions) {
  auto& store = *this->store_;
  auto a = this->article("kb.a", "dept.a", "社会保障/医疗保险");
  ASSERT_TRUE(this->write({{a,
                            {this->change("create", "2026-03-02T09:00:00+08:00"),
                             this->change("publish", "2026-03-02T10:00:00+08:00")}}}));
  auto loaded = store.load_article("kb.a");
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(loaded->has_value());
  const Article& got = **loaded;
  EXPECT_EQ(got.content.title, a.content.title);
  EXPECT_EQ(got.content.faq, a.content.faq);
  EXPECT_EQ(got.valid_until, a.valid_until);
  EXPECT_EQ(got.status, ArticleStatus::kPublished);
  EXPECT_EQ(got.revision_number, 1);
  EXPECT_FALSE(store.load_article("kb.none")->has_value());

  auto history = store.history("kb.a");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->at(0).sequence, 1);
  EXPECT_EQ(history->at(1).sequence, 2);
  EXPECT_EQ(history->at(1).action, "publish");
  EXPECT_EQ(history->at(1).reason, "理由𠮷");
  EXPECT_EQ(history->at(1).actor.role, Role::kUnitStaff);
  EXPECT_EQ(history->at(1).article_ref, "R17");

  // Written with the revision read: the next; with a stale one: a conflict.
  Article edited = got;
  edited.content.body = "新正文";
  ASSERT_TRUE(this->write({{edited, {this->change("edit", "2026-03-03T09:00:00+08:00")}}}));
  EXPECT_EQ((*store.load_article("kb.a"))->revision_number, 2);
  auto stale = this->write({{edited, {}}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  // A new article under an id that exists is a conflict too.
  auto again = this->write({{a, {}}});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store.history("kb.a")->size(), 3u);
  EXPECT_EQ(store.history("kb.a")->back().sequence, 3);

  auto between =
      store.changes_between(at("2026-03-02T09:30:00+08:00"), at("2026-03-03T09:00:00+08:00"));
  ASSERT_TRUE(between);
  ASSERT_EQ(between->size(), 1u);  // [from, to)
  EXPECT_EQ(between->at(0).action, "publish");
}

TYPED_TEST_P(KnowledgeStoreContract, ACommitHappensWholeOrNotAtAll) {
  auto& store = *this->store_;
  ASSERT_TRUE(this->write({{this->article("kb.a", "dept.a", ""), {}}}));
  // A new article beside a stale one: neither is written.
  auto stale = this->article("kb.a", "dept.a", "");
  stale.revision_number = 5;
  KnowledgeCommit c;
  c.articles = {
      {this->article("kb.b", "dept.a", ""), {this->change("create", "2026-03-02T09:00:00+08:00")}},
      {stale, {}}};
  c.notices = {
      KnowledgeNotice{0, "dept.a", at("2026-03-02T09:00:00+08:00"), "prenotice", "kb.b", "通知"}};
  auto r = store.commit(c);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(store.load_article("kb.b")->has_value());
  EXPECT_TRUE(store.history("kb.b")->empty());
  EXPECT_TRUE(store.notices(std::nullopt)->empty());
}

TYPED_TEST_P(KnowledgeStoreContract, ArticlesFilterByUnitStatusCatalogueValidityInOrderWithPaging) {
  auto med = this->article("kb.med", "dept.a", "社会保障/医疗保险");
  auto pension = this->article("kb.pension", "dept.a", "社会保障/养老保险");
  auto bureau = this->article("kb.bureau", "dept.b", "社会保障局");  // not below 社会保障
  auto draft = this->article("kb.draft", "dept.a", "社会保障");
  draft.status = ArticleStatus::kDraft;
  draft.valid_until = std::nullopt;
  auto soon = this->article("kb.soon", "dept.b", "交通");
  soon.valid_until = at("2026-04-01T00:00:00+08:00");
  soon.revision = Revision{soon.content, true, at("2026-03-05T09:00:00+08:00"), "staff.li"};
  ASSERT_TRUE(this->write({{med, {}}, {pension, {}}, {bureau, {}}, {draft, {}}, {soon, {}}}));

  // Ordered by catalogue, then id.
  EXPECT_EQ(this->ids({}),
            (std::vector<std::string>{"kb.soon", "kb.draft", "kb.pension", "kb.med", "kb.bureau"}));
  ArticleFilter f;
  f.catalogue = "社会保障";
  EXPECT_EQ(this->ids(f), (std::vector<std::string>{"kb.draft", "kb.pension", "kb.med"}));
  f.status = ArticleStatus::kPublished;
  EXPECT_EQ(this->ids(f), (std::vector<std::string>{"kb.pension", "kb.med"}));
  ArticleFilter unit;
  unit.unit = "dept.b";
  EXPECT_EQ(this->ids(unit), (std::vector<std::string>{"kb.soon", "kb.bureau"}));
  ArticleFilter expiring;
  expiring.valid_until_before = at("2026-06-01T00:00:00+08:00");
  EXPECT_EQ(this->ids(expiring), (std::vector<std::string>{"kb.soon"}));
  ArticleFilter pending;
  pending.with_pending_revision = true;
  EXPECT_EQ(this->ids(pending), (std::vector<std::string>{"kb.soon"}));
  ArticleFilter page;
  page.limit = 2;
  page.offset = 2;
  EXPECT_EQ(this->ids(page), (std::vector<std::string>{"kb.pension", "kb.med"}));
}

TYPED_TEST_P(KnowledgeStoreContract, KB_3_UpdateRequestsWithRevisionsFiltersAndOrder) {
  auto& store = *this->store_;
  auto late = this->request("KR2", "dept.a", "2026-03-20T17:00:00+08:00");
  auto early = this->request("KR1", "dept.a", "2026-03-10T17:00:00+08:00");
  auto other = this->request("KR3", "dept.b", "2026-03-05T17:00:00+08:00");
  ASSERT_TRUE(this->write({}, {{late}, {early}, {other}}));
  auto loaded = store.load_request("KR1");
  ASSERT_TRUE(loaded && loaded->has_value());
  EXPECT_EQ((*loaded)->revision_number, 1);
  EXPECT_EQ((*loaded)->due, early.due);

  UpdateRequest done = **loaded;
  done.status = UpdateRequestStatus::kDone;
  done.done_at = at("2026-03-09T10:00:00+08:00");
  done.result_article = "kb.a";
  ASSERT_TRUE(this->write({}, {{done}}));
  EXPECT_EQ((*store.load_request("KR1"))->status, UpdateRequestStatus::kDone);
  auto stale = this->write({}, {{done}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);

  auto ids = [&](const RequestFilter& f) {
    std::vector<std::string> out;
    auto rows = store.list_requests(f);  // alive while iterating
    EXPECT_TRUE(rows);
    if (rows) {
      for (const auto& r : *rows) out.push_back(r.id);
    }
    return out;
  };
  EXPECT_EQ(ids({}), (std::vector<std::string>{"KR3", "KR1", "KR2"}));  // by due
  RequestFilter open;
  open.open_only = true;
  open.unit = "dept.a";
  EXPECT_EQ(ids(open), (std::vector<std::string>{"KR2"}));
  RequestFilter due;
  due.due_before = at("2026-03-10T17:00:00+08:00");
  due.limit = 1;
  EXPECT_EQ(ids(due), (std::vector<std::string>{"KR3"}));
}

TYPED_TEST_P(KnowledgeStoreContract, KB_8_KB_9_ReportsOncePerMonthSupervisionsNoticesSynonyms) {
  auto& store = *this->store_;
  MonthlyReport report;
  report.unit = "dept.t";
  report.kind = ReportKind::kKnowledgeBase;
  report.month = "2026-02";
  report.submitted_at = at("2026-03-05T09:00:00+08:00");
  report.actor = Actor{"staff.t", Role::kUnitStaff, "dept.t"};
  report.text = "本月新增𠮷";
  report.added = 2;
  KnowledgeCommit c;
  c.reports = {report};
  c.supervisions = {UnitSupervision{"KS2", "dept.t", at("2026-03-06T09:00:00+08:00"), "KB-5",
                                    "M22(5)", "kb.x", "expired", "过期"},
                    UnitSupervision{"KS1", "dept.u", at("2026-03-04T09:00:00+08:00"), "KB-3",
                                    "M22(5)", "KR1", "overdue", "逾期"}};
  c.notices = {KnowledgeNotice{0, "dept.t", at("2026-03-04T09:00:00+08:00"), "expiry-reminder",
                               "kb.x", "提醒"},
               KnowledgeNotice{0, "dept.u", at("2026-03-04T09:00:00+08:00"), "update-request",
                               "KR1", "需求"}};
  ASSERT_TRUE(store.commit(c));

  auto filed = store.report("dept.t", ReportKind::kKnowledgeBase, "2026-02");
  ASSERT_TRUE(filed && filed->has_value());
  EXPECT_EQ((*filed)->text, "本月新增𠮷");
  EXPECT_EQ((*filed)->added, 2);
  EXPECT_FALSE(store.report("dept.t", ReportKind::kTraining, "2026-02")->has_value());
  KnowledgeCommit twice;
  twice.reports = {report};
  auto conflict = store.commit(twice);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);

  auto all = store.supervisions(std::nullopt);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(0).id, "KS1");  // by time
  EXPECT_EQ(store.supervisions(std::string("dept.t"))->size(), 1u);

  auto notices = store.notices(std::nullopt);
  ASSERT_TRUE(notices);
  ASSERT_EQ(notices->size(), 2u);
  EXPECT_GT(notices->at(0).id, 0);
  EXPECT_GT(notices->at(1).id, notices->at(0).id);  // numbered by the store
  EXPECT_EQ(store.notices(std::string("dept.u"))->at(0).subject, "KR1");

  ASSERT_TRUE(store.save_synonyms({{"医保", "医疗保险"}, {"𠮷", "吉"}}));
  ASSERT_TRUE(store.save_synonyms({{"公积金", "住房公积金"}}));  // replaced whole
  EXPECT_EQ(*store.load_synonyms(),
            (std::vector<std::vector<std::string>>{{"公积金", "住房公积金"}}));
  EXPECT_EQ(*store.next_sequence("article"), 1);
  EXPECT_EQ(*store.next_sequence("article"), 2);
}

REGISTER_TYPED_TEST_SUITE_P(KnowledgeStoreContract,
                            KB_2_ArticlesAndTheirHistoryRoundTripWithRevisions,
                            ACommitHappensWholeOrNotAtAll,
                            ArticlesFilterByUnitStatusCatalogueValidityInOrderWithPaging,
                            KB_3_UpdateRequestsWithRevisionsFiltersAndOrder,
                            KB_8_KB_9_ReportsOncePerMonthSupervisionsNoticesSynonyms);

}  // namespace hotline::testing
