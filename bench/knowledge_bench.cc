// The knowledge base's pieces that need no search engine: screening an
// article for personal information (KB-6, run on every upload and import
// line) and the SQLite store (a durable article write with its history line,
// loading an article, the expiry sweep's query over 20,000 articles).
//
// Search latency and indexing rate at 100,000 articles need Xapian, which this
// target does not link: `hotline kb bench --articles 100000` measures them
// (docs/knowledge-base.md).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "adapters/sqlite/sqlite_knowledge_store.h"
#include "core/knowledge/screening.h"

namespace hotline {
namespace {

const Instant kNow = *parse_iso8601("2026-03-02T09:00:00+08:00");

ArticleContent sample_content(int i) {
  ArticleContent c;
  c.title = "职工医保门诊费用报销" + std::to_string(i);
  c.body =
      "参加职工基本医疗保险的人员在定点医疗机构门诊就医，持医保电子凭证或社会保障卡直接结算，"
      "符合规定的门诊费用在起付标准以上按比例由统筹基金支付，年度内有最高支付限额。在非定点机构"
      "或未能直接结算的，可凭发票、费用明细和病历材料到医保经办机构申请手工报销。咨询电话12345。";
  c.legal_basis = "《天津市基本医疗保险规定》";
  c.faq = {{"看门诊能报销多少？", "按起付标准、报销比例和年度限额计算。"}};
  c.tags = {"医保", "门诊报销"};
  c.catalogue = "医疗保障/待遇报销";
  return c;
}

void BM_ScreenArticle(benchmark::State& state) {
  const ArticleContent c = sample_content(1);
  std::size_t bytes = 0;
  for (auto t : c.texts()) bytes += t.size();
  for (auto _ : state) benchmark::DoNotOptimize(screen_content(c));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ScreenArticle);

class Store {
 public:
  Store() {
    dir_ =
        std::filesystem::temp_directory_path() / ("hotline-kb-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::move(*SqliteKnowledgeStore::open(dir_ / "kb.db"));
  }
  ~Store() {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  SqliteKnowledgeStore& get() { return *store_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<SqliteKnowledgeStore> store_;
};

Article make(int i) {
  Article a;
  a.id = "bench." + std::to_string(i);
  a.type = ArticleType::kServiceGuide;
  a.unit = "dept.medical-security";
  a.status = ArticleStatus::kPublished;
  a.content = sample_content(i);
  a.valid_until = kNow + Seconds{(i % 400) * 86400};
  return a;
}

void BM_StoreWriteArticle(benchmark::State& state) {
  Store store;
  int i = 0;
  for (auto _ : state) {
    Article a = make(i++);
    ArticleChange c{a.id, 0,  kNow, Actor::system(),           "import", "",
                    "",   "", 1,    ArticleStatus::kPublished, a.content};
    KnowledgeCommit commit;
    commit.articles.push_back({a, {c}});
    if (!store.get().commit(commit)) state.SkipWithError("commit failed");
  }
}
BENCHMARK(BM_StoreWriteArticle)->Unit(benchmark::kMicrosecond);

void BM_StoreSweepQuery(benchmark::State& state) {
  Store store;
  KnowledgeCommit commit;
  for (int i = 0; i < 20000; ++i) commit.articles.push_back({make(i), {}});
  if (!store.get().commit(commit)) state.SkipWithError("fill failed");
  ArticleFilter f;
  f.status = ArticleStatus::kPublished;
  f.valid_until_before = kNow + Seconds{86400};
  for (auto _ : state) benchmark::DoNotOptimize(store.get().list_articles(f));
}
BENCHMARK(BM_StoreSweepQuery)->Unit(benchmark::kMicrosecond);

void BM_StoreLoadArticle(benchmark::State& state) {
  Store store;
  KnowledgeCommit commit;
  for (int i = 0; i < 1000; ++i) commit.articles.push_back({make(i), {}});
  if (!store.get().commit(commit)) state.SkipWithError("fill failed");
  int i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(store.get().load_article("bench." + std::to_string(i++ % 1000)));
}
BENCHMARK(BM_StoreLoadArticle)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hotline
BENCHMARK_MAIN();
