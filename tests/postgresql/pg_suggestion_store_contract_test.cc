// PgSuggestionStore against the suggestion store contract every
// implementation runs (tests/support/suggestion_store_contract.h), on the
// run's PostgreSQL 15 server, a schema per test, in the server's C database
// and in an en-US one (pg_icu_schema.h: text still ordered byte by byte);
// then several nodes saving at once.
//
// SPEC: ANA-6 [R26, C27] — as the contract lists; issue 14 (PostgreSQL).

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "adapters/postgresql/pg_suggestion_store.h"
#include "support/pg_icu_schema.h"
#include "support/pg_scratch_schema.h"
#include "support/suggestion_store_contract.h"

namespace hotline::testing {
namespace {

// Schema: PgScratchSchema (the server's C database) or PgIcuScratchSchema
// (an en-US one: text ordered byte by byte all the same).
template <typename Schema>
struct PgSuggestionStoreFactory {
  void set_up() { schema = std::make_unique<Schema>(); }
  std::unique_ptr<SuggestionStore> open() {
    auto store = PgSuggestionStore::open(schema->target());
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  void tear_down() { schema.reset(); }
  std::unique_ptr<Schema> schema;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, SuggestionStoreContract,
                               ::testing::Types<PgSuggestionStoreFactory<PgScratchSchema>>);
INSTANTIATE_TYPED_TEST_SUITE_P(PostgresqlIcu, SuggestionStoreContract,
                               ::testing::Types<PgSuggestionStoreFactory<PgIcuScratchSchema>>);

namespace {

// Two nodes' recorders taking the same registrations in at once (each
// follows the whole log): each request keeps one record, whole, and a
// drift warning is new for one caller only.
TEST(PgSuggestionStoreTest, ANA_6_ISSUE14_TwoNodesSavingAtOnceKeepOneRecordEach) {
  PgScratchSchema schema;
  auto node_a = PgSuggestionStore::open(schema.target());
  auto node_b = PgSuggestionStore::open(schema.target());
  ASSERT_TRUE(node_a && node_b);
  constexpr int kThreads = 8;
  constexpr int kRequests = 40;
  std::atomic<int> failed{0}, new_warnings{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      SuggestionStore& store = t % 2 == 0 ? **node_a : **node_b;
      for (int i = 0; i < kRequests; ++i) {
        analysis::SuggestionRecord r;
        r.request = "HL" + std::to_string(i);
        r.suggested_at = at("2026-09-01T09:00:00+08:00") + Seconds{i};
        r.category = "类别" + std::to_string(t);
        r.lead_unit = "unit." + std::to_string(t);
        if (!store.save_suggestion(r)) ++failed;
        if (!store.set_dispatched_unit(r.request, r.request + "-1", "district.𠮷")) ++failed;
      }
      analysis::DriftWarning w;
      w.id = "drift-2026-11-20-category-history";
      w.title = "准确率下降";
      w.created_at = at("2026-11-20T18:00:00+08:00");
      auto added = store.save_drift_warning(w);
      if (!added) ++failed;
      if (added && *added) ++new_warnings;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(new_warnings.load(), 1);
  auto all = (*node_a)->suggestions(Instant{}, at("2027-01-01T00:00:00+08:00"));
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), static_cast<std::size_t>(kRequests));
  for (const auto& r : *all) {
    // One thread's record, whole: its category and unit go together.
    EXPECT_EQ(r.category.substr(std::string("类别").size()), r.lead_unit.substr(5)) << r.request;
    EXPECT_EQ(r.work_order, r.request + "-1");
    EXPECT_EQ(r.dispatched_unit, "district.𠮷");
  }
}

}  // namespace
}  // namespace hotline::testing
