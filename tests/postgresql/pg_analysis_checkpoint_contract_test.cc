// PgAnalysisCheckpoint against the contract every checkpoint store runs
// (tests/support/analysis_checkpoint_contract.h), on the run's PostgreSQL 15
// server, a schema per test; then two nodes writing at once.
//
// SPEC: ANA-1, ANA-2 — as the contract lists; issue 14 (PostgreSQL).

#include <atomic>
#include <thread>

#include "adapters/postgresql/pg_analysis_checkpoint.h"
#include "support/analysis_checkpoint_contract.h"
#include "support/pg_scratch_schema.h"

namespace hotline::testing {
namespace {

struct PgAnalysisCheckpointFactory {
  void set_up() { schema = std::make_unique<PgScratchSchema>(); }
  std::unique_ptr<AnalysisCheckpointStore> open() {
    auto store = PgAnalysisCheckpoint::open(schema->target());
    EXPECT_TRUE(store) << store.error().describe();
    return store ? std::move(*store) : nullptr;
  }
  void tear_down() { schema.reset(); }
  std::unique_ptr<PgScratchSchema> schema;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, AnalysisCheckpointContract,
                               ::testing::Types<PgAnalysisCheckpointFactory>);

namespace {

class PgAnalysisCheckpointTest : public ::testing::Test {
 protected:
  std::unique_ptr<PgAnalysisCheckpoint> open() {
    auto store = PgAnalysisCheckpoint::open(schema_.target());
    EXPECT_TRUE(store) << store.error().describe();
    return store ? std::move(*store) : nullptr;
  }
  PgScratchSchema schema_;
};

// Two nodes replacing the watch list at once, a third reading it: every save
// succeeds, and every list read is one node's list whole, never a mix.
TEST_F(PgAnalysisCheckpointTest, ANA_2_ISSUE14_two_nodes_replacing_the_watch_list_at_once) {
  auto node_a = open();
  auto node_b = open();
  auto reader = open();
  ASSERT_TRUE(node_a && node_b && reader);
  const std::vector<std::string> list_a{"上访", "集体上访", "自焚", "跳楼", "𠮷"};
  const std::vector<std::string> list_b{"讨薪", "𡒄"};
  constexpr int kSaves = 60;
  std::atomic<bool> writing{true};
  std::atomic<int> failures{0};
  std::atomic<int> mixed{0};
  auto save_on = [&](PgAnalysisCheckpoint& node, const std::vector<std::string>& list) {
    for (int i = 0; i < kSaves; ++i) {
      if (auto st = node.save_watch_list(list); !st) {
        ADD_FAILURE() << st.error().describe();
        ++failures;
      }
    }
  };
  std::thread read([&] {
    while (writing.load()) {
      auto words = reader->load_watch_list();
      if (!words || (!words->empty() && *words != list_a && *words != list_b)) ++mixed;
    }
  });
  std::thread a([&] { save_on(*node_a, list_a); });
  std::thread b([&] { save_on(*node_b, list_b); });
  a.join();
  b.join();
  writing = false;
  read.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mixed.load(), 0);
  auto last = reader->load_watch_list();
  ASSERT_TRUE(last);
  EXPECT_TRUE(*last == list_a || *last == list_b);
}

// Two nodes saving checkpoints at once: every save succeeds and the one left
// is one node's, its cursor with its own state.
TEST_F(PgAnalysisCheckpointTest, ANA_1_ISSUE14_two_nodes_saving_at_once_leave_one_whole) {
  auto node_a = open();
  auto node_b = open();
  ASSERT_TRUE(node_a && node_b);
  std::atomic<int> failures{0};
  auto save_on = [&](PgAnalysisCheckpoint& node, std::int64_t base) {
    for (std::int64_t i = 0; i < 60; ++i) {
      const std::int64_t cursor = base + i;
      if (!node.save({cursor, std::string("\0state ", 7) + std::to_string(cursor)})) ++failures;
    }
  };
  std::thread a([&] { save_on(*node_a, 1000); });
  std::thread b([&] { save_on(*node_b, 2000); });
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  auto loaded = node_a->load();
  ASSERT_TRUE(loaded && loaded->has_value());
  EXPECT_EQ((*loaded)->state, std::string("\0state ", 7) + std::to_string((*loaded)->cursor));
}

}  // namespace
}  // namespace hotline::testing
