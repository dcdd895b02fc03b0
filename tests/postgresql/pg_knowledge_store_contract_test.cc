// PgKnowledgeStore against the contracts every knowledge store runs
// (tests/support/knowledge_store_contract.h, and the SQL stores' text rule,
// knowledge_store_text_contract.h), on the run's PostgreSQL 15 server, a
// schema per test; then what only several nodes on one schema show, and a
// change committing with its audit entry in the store's transaction.
//
// SPEC: KB-1, KB-2, KB-3, KB-8, KB-9 — as the contracts list; SEC-2 (a
// change and its audit entry commit together; one chain); issue 14.

#include <algorithm>
#include <array>
#include <atomic>
#include <barrier>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "adapters/postgresql/pg_audit_log.h"
#include "adapters/postgresql/pg_knowledge_store.h"
#include "adapters/sodium/sodium_cipher.h"
#include "support/knowledge_store_contract.h"
#include "support/knowledge_store_text_contract.h"
#include "support/pg_scratch_schema.h"

namespace hotline::testing {
namespace {

struct PgKnowledgeStoreFactory {
  void set_up() { schema = std::make_unique<PgScratchSchema>(); }
  std::unique_ptr<KnowledgeStore> open() {
    auto store = PgKnowledgeStore::open(schema->target(), std::make_shared<Blake2bAuditHasher>());
    EXPECT_TRUE(store) << store.error().describe();
    return store ? std::move(*store) : nullptr;
  }
  void tear_down() { schema.reset(); }
  std::unique_ptr<PgScratchSchema> schema;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, KnowledgeStoreContract,
                               ::testing::Types<PgKnowledgeStoreFactory>);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, KnowledgeStoreTextContract,
                               ::testing::Types<PgKnowledgeStoreFactory>);

namespace {

class PgKnowledgeStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<PgKnowledgeStore> open(std::shared_ptr<const AuditHasher> hasher) {
    auto store = PgKnowledgeStore::open(schema_.target(), std::move(hasher));
    EXPECT_TRUE(store) << store.error().describe();
    return store ? std::move(*store) : nullptr;
  }
  std::unique_ptr<PgKnowledgeStore> open() { return open(hasher_); }

  static Article article(std::string id) {
    Article a;
    a.id = std::move(id);
    a.unit = "dept.a";
    a.status = ArticleStatus::kPublished;
    a.content.title = "𠮷𡒄 " + a.id;
    a.content.body = "正文";
    a.content.catalogue = "社会保障/医疗保险";
    a.created_at = at("2026-03-02T09:00:00+08:00");
    a.updated_at = a.created_at;
    return a;
  }
  static ArticleChange change(std::string action) {
    ArticleChange c;
    c.at = at("2026-03-02T09:00:00+08:00");
    c.actor = Actor{"staff.li", Role::kUnitStaff, "dept.a"};
    c.action = std::move(action);
    c.reason = "理由𠮷";
    c.status = ArticleStatus::kPublished;
    return c;
  }
  static KnowledgeCommit write(const Article& a, std::vector<ArticleChange> changes = {}) {
    KnowledgeCommit c;
    c.articles = {{a, std::move(changes)}};
    return c;
  }
  static AuditRecord record(std::string target) {
    AuditRecord r;
    r.at = at("2026-03-02T09:00:00+08:00");
    r.actor = Actor{"staff.li", Role::kUnitStaff, "dept.a"};
    r.action = "command:kb-submit";
    r.target = std::move(target);
    r.remote = "10.0.0.7";
    return r;
  }
  // Every entry of the log, as another connection reads it.
  std::vector<AuditEntry> audit_entries() {
    auto log = PgAuditLog::open(schema_.target(), hasher_);
    EXPECT_TRUE(log) << log.error().describe();
    if (!log) return {};
    auto entries = (*log)->read(0, 100000);
    EXPECT_TRUE(entries);
    return entries ? *entries : std::vector<AuditEntry>{};
  }

  PgScratchSchema schema_;
  std::shared_ptr<const AuditHasher> hasher_ = std::make_shared<Blake2bAuditHasher>();
};

TEST_F(PgKnowledgeStoreTest, KB_2_ISSUE14_AReopenedStoreKeepsEverything) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    KnowledgeCommit c = write(article("kb.a"), {change("create")});
    UpdateRequest r;
    r.id = "KR1";
    r.unit = "dept.a";
    r.text = "补充𡒄";
    r.due = at("2026-03-10T17:00:00+08:00");
    c.requests = {{r}};
    c.notices = {
        KnowledgeNotice{0, "dept.a", at("2026-03-02T09:00:00+08:00"), "prenotice", "kb.a", "通知"}};
    MonthlyReport report;
    report.unit = "dept.t";
    report.month = "2026-02";
    report.actor = Actor{"staff.t", Role::kUnitStaff, "dept.t"};
    report.text = "本月𠮷";
    c.reports = {report};
    ASSERT_TRUE(store->commit(c));
    ASSERT_TRUE(store->save_synonyms({{"𠮷", "吉"}}));
    ASSERT_EQ(*store->next_sequence("article"), 1);
  }
  auto store = open();
  ASSERT_TRUE(store);
  auto a = store->load_article("kb.a");
  ASSERT_TRUE(a && a->has_value());
  EXPECT_EQ((*a)->content.title, "𠮷𡒄 kb.a");
  EXPECT_EQ((*a)->revision_number, 1);
  EXPECT_EQ(store->history("kb.a")->size(), 1u);
  EXPECT_EQ((*store->load_request("KR1"))->text, "补充𡒄");
  EXPECT_EQ(store->notices(std::nullopt)->size(), 1u);
  EXPECT_EQ((*store->report("dept.t", ReportKind::kKnowledgeBase, "2026-02"))->text, "本月𠮷");
  EXPECT_EQ(*store->load_synonyms(), (std::vector<std::vector<std::string>>{{"𠮷", "吉"}}));
  EXPECT_EQ(*store->next_sequence("article"), 2);
}

// Two threads on each of two nodes write the same article with the same
// expected revision at the same moment, round after round: one write wins
// each round, the others are kConflict, and the history has one line per
// winning write, numbered without gap or repeat. New ids alike: one create
// of each id wins.
TEST_F(PgKnowledgeStoreTest, KB_2_ISSUE14_NodesWritingOneArticleAtOnceLetOneWinEachRound) {
  auto node_a = open();
  auto node_b = open();
  ASSERT_TRUE(node_a && node_b);
  ASSERT_TRUE(node_a->commit(write(article("kb.hot"), {change("create")})));
  constexpr int kWriters = 4;
  constexpr int kRounds = 60;
  std::array<PgKnowledgeStore*, kWriters> nodes{node_a.get(), node_b.get(), node_a.get(),
                                                node_b.get()};
  std::barrier start(kWriters);
  std::atomic<int> edits_won{0};
  std::atomic<int> creates_won{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int round = 0; round < kRounds; ++round) {
        Article edited = article("kb.hot");
        edited.content.body = "第" + std::to_string(round) + "版，写者" + std::to_string(w);
        edited.revision_number = round + 1;  // what every writer read
        start.arrive_and_wait();
        auto edit = nodes[w]->commit(write(edited, {change("edit")}));
        auto create =
            nodes[w]->commit(write(article("kb.new-" + std::to_string(round)), {change("create")}));
        for (auto [st, won] : {std::pair{&edit, &edits_won}, std::pair{&create, &creates_won}}) {
          if (*st) {
            ++*won;
          } else if (st->error().code != ErrorCode::kConflict) {
            ++unexpected;
            ADD_FAILURE() << st->error().describe();
          }
        }
        start.arrive_and_wait();  // the round is over for everyone
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(edits_won.load(), kRounds);
  EXPECT_EQ(creates_won.load(), kRounds);
  auto hot = node_b->load_article("kb.hot");
  ASSERT_TRUE(hot && hot->has_value());
  EXPECT_EQ((*hot)->revision_number, kRounds + 1);
  auto history = node_a->history("kb.hot");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), static_cast<std::size_t>(kRounds + 1));
  for (std::size_t i = 0; i < history->size(); ++i) {
    EXPECT_EQ(history->at(i).sequence, static_cast<std::int64_t>(i + 1));
  }
  EXPECT_EQ(node_a->history("kb.new-0")->size(), 1u);
}

// Numbers and notices from two nodes at once: every number once, strictly
// increasing on each node; every notice kept with an id of its own.
TEST_F(PgKnowledgeStoreTest, KB_3_ISSUE14_TwoNodesNumberingAndNoticingAtOnce) {
  auto node_a = open();
  auto node_b = open();
  ASSERT_TRUE(node_a && node_b);
  constexpr int kEach = 100;
  std::array<std::vector<std::int64_t>, 2> numbers;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int n = 0; n < 2; ++n) {
    threads.emplace_back([&, n] {
      PgKnowledgeStore& node = n == 0 ? *node_a : *node_b;
      for (int i = 0; i < kEach; ++i) {
        auto next = node.next_sequence("request");
        KnowledgeCommit c;
        c.notices = {KnowledgeNotice{0, "dept." + std::to_string(n),
                                     at("2026-03-02T09:00:00+08:00"), "update-request", "KR",
                                     "需求𠮷"}};
        if (!next || !node.commit(c)) {
          ++failures;
          continue;
        }
        numbers[n].push_back(*next);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<std::int64_t> all;
  for (const auto& mine : numbers) {
    EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));
    all.insert(mine.begin(), mine.end());
  }
  EXPECT_EQ(all.size(), 2u * kEach);
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), 2 * kEach);
  auto notices = node_a->notices(std::nullopt);
  ASSERT_TRUE(notices);
  ASSERT_EQ(notices->size(), 2u * kEach);
  std::set<std::int64_t> ids;
  for (const auto& n : *notices) ids.insert(n.id);
  EXPECT_EQ(ids.size(), 2u * kEach);
  EXPECT_EQ(node_b->notices(std::string("dept.1"))->size(), static_cast<std::size_t>(kEach));
}

// Two nodes replacing the synonyms at once, a third reading them: every
// replacement succeeds and every read is one node's groups whole.
TEST_F(PgKnowledgeStoreTest, KB_1_ISSUE14_TwoNodesReplacingTheSynonymsAtOnce) {
  auto node_a = open();
  auto node_b = open();
  auto reader = open();
  ASSERT_TRUE(node_a && node_b && reader);
  const std::vector<std::vector<std::string>> groups_a{{"医保", "医疗保险"}, {"𠮷", "吉"}};
  const std::vector<std::vector<std::string>> groups_b{{"公积金", "住房公积金", "𡒄"}};
  constexpr int kSaves = 60;
  std::atomic<bool> saving{true};
  std::atomic<int> failures{0};
  std::atomic<int> mixed{0};
  auto save = [&](PgKnowledgeStore& node, const std::vector<std::vector<std::string>>& groups) {
    for (int i = 0; i < kSaves; ++i) {
      if (auto st = node.save_synonyms(groups); !st) {
        ++failures;
        ADD_FAILURE() << st.error().describe();
      }
    }
  };
  std::thread read([&] {
    while (saving.load()) {
      auto got = reader->load_synonyms();
      if (!got || (*got != groups_a && *got != groups_b && !got->empty())) ++mixed;
    }
  });
  std::thread a([&] { save(*node_a, groups_a); });
  std::thread b([&] { save(*node_b, groups_b); });
  a.join();
  b.join();
  saving = false;
  read.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mixed.load(), 0);
  auto last = reader->load_synonyms();
  ASSERT_TRUE(last);
  EXPECT_TRUE(*last == groups_a || *last == groups_b);
}

// SEC-2 (issue 9, item 7): inside atomically(), the body's commit and its
// audit entry are one transaction: both stand, or neither does. The body's
// reads see its writes; another connection sees nothing before the commit.
TEST_F(PgKnowledgeStoreTest, SEC_2_ISSUE14_AChangeAndItsAuditEntryCommitTogether) {
  auto store = open();
  auto other_node = open();
  ASSERT_TRUE(store && other_node);

  auto done = store->atomically([&]() -> Status {
    if (auto st = store->commit(write(article("kb.a"), {change("create")})); !st) return st;
    EXPECT_TRUE(store->load_article("kb.a")->has_value());        // its own write
    EXPECT_FALSE(other_node->load_article("kb.a")->has_value());  // not yet for others
    auto entry = store->append(record("kb.a"));
    if (!entry) return fail(entry.error());
    EXPECT_EQ(entry->sequence, 1);
    return {};
  });
  ASSERT_TRUE(done) << done.error().describe();
  EXPECT_TRUE(other_node->load_article("kb.a")->has_value());
  auto entries = audit_entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].record.target, "kb.a");

  // The body fails after both: neither stands.
  auto refused = store->atomically([&]() -> Status {
    if (auto st = store->commit(write(article("kb.b"), {change("create")})); !st) return st;
    if (auto entry = store->append(record("kb.b")); !entry) return fail(entry.error());
    return fail(Error::refused("KB-6", "R16", "screening failed", "审核未通过"));
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kRefused);
  EXPECT_FALSE(other_node->load_article("kb.b")->has_value());
  EXPECT_TRUE(other_node->history("kb.b")->empty());
  EXPECT_EQ(audit_entries().size(), 1u);

  // A failed call inside the body is undone alone (a savepoint), as in
  // SQLite: the body goes on and what else it wrote commits.
  auto partly = store->atomically([&]() -> Status {
    auto stale = store->commit(write(article("kb.a"), {change("edit")}));  // revision 0: exists
    EXPECT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
    if (auto st = store->commit(write(article("kb.c"), {change("create")})); !st) return st;
    if (auto entry = store->append(record("kb.c")); !entry) return fail(entry.error());
    return {};
  });
  ASSERT_TRUE(partly) << partly.error().describe();
  EXPECT_TRUE(other_node->load_article("kb.c")->has_value());
  EXPECT_EQ(other_node->history("kb.a")->size(), 1u);
  EXPECT_EQ(audit_entries().size(), 2u);

  // Without an audit log there is nothing to append to.
  auto no_log = open(nullptr);
  ASSERT_TRUE(no_log);
  auto entry = no_log->append(record("kb.d"));
  ASSERT_FALSE(entry);
  EXPECT_EQ(entry.error().code, ErrorCode::kInternal);
}

// Two nodes' knowledge-base changes with their entries, and another
// writer's entries (PgAuditLog), all at once: one chain, every entry once,
// intact.
TEST_F(PgKnowledgeStoreTest, SEC_2_ISSUE14_EntriesFromSeveralNodesMakeOneIntactChain) {
  auto node_a = open();
  auto node_b = open();
  auto log = PgAuditLog::open(schema_.target(), hasher_);
  ASSERT_TRUE(node_a && node_b && log);
  constexpr int kEach = 40;
  std::atomic<int> failures{0};
  auto change_with_entry = [&](PgKnowledgeStore& node, const std::string& prefix) {
    for (int i = 0; i < kEach; ++i) {
      const std::string id = prefix + std::to_string(i);
      auto done = node.atomically([&]() -> Status {
        if (auto st = node.commit(write(article(id), {change("create")})); !st) return st;
        if (auto entry = node.append(record(id)); !entry) return fail(entry.error());
        return {};
      });
      if (!done) ++failures;
    }
  };
  std::thread a([&] { change_with_entry(*node_a, "kb.a-"); });
  std::thread b([&] { change_with_entry(*node_b, "kb.b-"); });
  std::thread c([&] {
    for (int i = 0; i < kEach; ++i) {
      if (!(*log)->append(record("login-" + std::to_string(i)))) ++failures;
    }
  });
  a.join();
  b.join();
  c.join();
  EXPECT_EQ(failures.load(), 0);
  const std::vector<AuditEntry> entries = audit_entries();
  ASSERT_EQ(entries.size(), 3u * kEach);
  const AuditVerification v =
      verify_audit_chain(entries, [&](std::string_view prev, std::string_view canonical) {
        return hasher_->chain(prev, canonical);
      });
  EXPECT_TRUE(v.intact()) << v.explanation;
  std::set<std::string> targets;
  for (const auto& e : entries) targets.insert(e.record.target);
  EXPECT_EQ(targets.size(), 3u * kEach);
  EXPECT_EQ(node_b->list_articles({})->size(), 2u * kEach);
}

}  // namespace
}  // namespace hotline::testing
