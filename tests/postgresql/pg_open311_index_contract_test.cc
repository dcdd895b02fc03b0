// PgOpen311Index against the Open311 index contract every implementation
// runs (tests/support/open311_index_contract.h), on the run's PostgreSQL 15
// server, a schema per test, in the server's C database and in an en-US one
// (pg_icu_schema.h: text still ordered byte by byte); then several nodes
// writing one row at once.
//
// SPEC: INT-1, INT-5 — as the contract lists; issue 14 (PostgreSQL).

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "adapters/postgresql/pg_open311_index.h"
#include "support/open311_index_contract.h"
#include "support/pg_icu_schema.h"
#include "support/pg_scratch_schema.h"

namespace hotline::testing {
namespace {

// Schema: PgScratchSchema (the server's C database) or PgIcuScratchSchema
// (an en-US one: text ordered byte by byte all the same).
template <typename Schema>
struct PgOpen311IndexFactory {
  void set_up() { schema = std::make_unique<Schema>(); }
  std::unique_ptr<open311::RequestIndex> open() {
    auto index = PgOpen311Index::open(schema->target());
    EXPECT_TRUE(index) << index.error().message;
    if (!index) return nullptr;
    return std::move(*index);
  }
  void tear_down() { schema.reset(); }
  std::unique_ptr<Schema> schema;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, Open311IndexContract,
                               ::testing::Types<PgOpen311IndexFactory<PgScratchSchema>>);
INSTANTIATE_TYPED_TEST_SUITE_P(PostgresqlIcu, Open311IndexContract,
                               ::testing::Types<PgOpen311IndexFactory<PgIcuScratchSchema>>);

namespace {

// A POST's put() on one node while the projections of two nodes take the
// same registrations in (add_missing): nothing fails, each row is added
// once, and the POST's row is the one kept.
TEST(PgOpen311IndexTest, INT_5_ISSUE14_NodesWritingOneRowAtOnceNeverFailEachOther) {
  PgScratchSchema schema;
  auto node_a = PgOpen311Index::open(schema.target());
  auto node_b = PgOpen311Index::open(schema.target());
  ASSERT_TRUE(node_a && node_b);
  constexpr int kThreads = 6;
  constexpr int kRows = 40;
  std::atomic<int> failed{0}, added{0};
  auto row = [](int i, std::string media_url) {
    open311::IndexedRequest r;
    r.number = "HL" + std::to_string(i);
    r.service_code = "urban-02";
    r.requested_at = at("2026-03-02T09:00:00+08:00") + Seconds{i};
    r.updated_at = r.requested_at;
    r.principal = "api.website";
    r.media_url = std::move(media_url);
    return r;
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      open311::RequestIndex& index = t % 2 == 0 ? **node_a : **node_b;
      for (int i = 0; i < kRows; ++i) {
        if (t == 0) {
          if (!index.put(row(i, "https://example.org/posted.jpg"))) ++failed;
          continue;
        }
        auto r = index.add_missing(row(i, ""));
        if (!r) ++failed;
        if (r && *r) ++added;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_LE(added.load(), kRows);
  open311::IndexQuery q;
  q.to = at("2027-01-01T00:00:00+08:00");
  auto rows = (*node_b)->list(q);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), static_cast<std::size_t>(kRows));
  for (const auto& r : *rows) EXPECT_EQ(r.media_url, "https://example.org/posted.jpg") << r.number;
}

}  // namespace
}  // namespace hotline::testing
