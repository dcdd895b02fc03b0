// PgTriageStore against the triage store contract every implementation runs
// (tests/support/triage_store_contract.h), on the run's PostgreSQL 15
// server, a schema per test; then what only a server shows: several nodes
// (store instances) on one schema at once, and an import's batches.
//
// SPEC: DIS-2, SEC-2 [M27], SUP-1, TRI-5, DIS-8 — as the contract lists;
// issue 14 (PostgreSQL, several nodes).

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "adapters/postgresql/pg_audit_log.h"
#include "adapters/postgresql/pg_triage_store.h"
#include "support/pg_scratch_schema.h"
#include "support/triage_store_contract.h"

namespace hotline::testing {
namespace {

struct PgTriageStoreFactory {
  void set_up() { schema = std::make_unique<PgScratchSchema>(); }
  std::unique_ptr<triage::TriageStore> open(std::shared_ptr<const AuditHasher> hasher) {
    auto store = PgTriageStore::open(schema->target(), {std::move(hasher)});
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  // The log as another connection reads it.
  AuditLog* audit_log(std::shared_ptr<const AuditHasher> hasher) {
    if (!log) {
      auto opened = PgAuditLog::open(schema->target(), std::move(hasher));
      EXPECT_TRUE(opened) << opened.error().message;
      if (!opened) return nullptr;
      log = std::move(*opened);
    }
    return log.get();
  }
  void tear_down() {
    log.reset();
    schema.reset();
  }
  std::unique_ptr<PgScratchSchema> schema;
  std::unique_ptr<PgAuditLog> log;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, TriageStoreContract,
                               ::testing::Types<PgTriageStoreFactory>);

namespace {

class PgTriageStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<PgTriageStore> open() {
    auto store = PgTriageStore::open(schema_.target(), {hasher_});
    EXPECT_TRUE(store) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }
  static triage::CatalogueChange change(std::int64_t sequence, std::string entry_id) {
    triage::CatalogueChange c;
    c.sequence = sequence;
    c.at = at("2026-03-02T09:00:00+08:00");
    c.actor = Actor{"dispatcher.li", Role::kDispatcher, "office"};
    c.entry_id = entry_id;
    triage::CatalogueEntry e;
    e.id = std::move(entry_id);
    e.category = "城乡建设𠮷";
    e.lead = "{district}";
    c.after = e;
    c.reason = "调整";
    return c;
  }
  static triage::IndexedRequest request(int i) {
    triage::IndexedRequest r;
    r.number = "HL" + std::to_string(100000 + i);
    r.applicant_key = triage::applicant_key("138000" + std::to_string(10000 + i));
    r.at = at("2026-03-02T09:00:00+08:00") + Seconds{60 * i};
    r.district = "district.heping";
    return r;
  }
  // Texts of which every fourth is about one site, so that clusters form
  // and link.
  static std::string text(int i) {
    return i % 4 == 0 ? "丽发新城搅拌站夜间施工噪音扰民𠮷" + std::to_string(i % 3)
                      : "学校门口道路破损积水第" + std::to_string(i) + "处";
  }
  std::size_t stored_requests(PgTriageStore& store) {
    triage::RequestIndex index;
    auto st = store.load_index(index);
    EXPECT_TRUE(st) << st.error().describe();
    return index.size();
  }

  PgScratchSchema schema_;
  std::shared_ptr<const AuditHasher> hasher_ = std::make_shared<TestAuditHasher>();
};

// Eight writers on two nodes all try to record each of the next changes:
// each sequence has one winner, whose audit entry alone is in the log, and
// the chain stays one chain.
TEST_F(PgTriageStoreTest, SEC_2_DIS_2_ISSUE14_TwoNodesRecordingOneSequenceHaveOneWinner) {
  auto node_a = open();
  auto node_b = open();
  ASSERT_TRUE(node_a && node_b);
  constexpr int kWriters = 8;
  constexpr int kChanges = 25;
  std::atomic<int> won{0}, conflicts{0}, failed{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      PgTriageStore& store = w % 2 == 0 ? *node_a : *node_b;
      for (int s = 1; s <= kChanges; ++s) {
        const std::string id = "entry-" + std::to_string(s) + "-by-" + std::to_string(w);
        AuditRecord r;
        r.at = at("2026-03-02T09:00:00+08:00");
        r.actor = Actor{"dispatcher.li", Role::kDispatcher, "office"};
        r.action = "command:triage-catalogue-add";
        r.target = id;
        auto st = store.append_catalogue_change(change(s, id), {r});
        if (st) {
          ++won;
        } else if (st.error().code == ErrorCode::kConflict) {
          ++conflicts;
        } else {
          ++failed;
          ADD_FAILURE() << st.error().describe();
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(won.load(), kChanges);
  EXPECT_EQ(conflicts.load(), (kWriters - 1) * kChanges);
  auto log = node_b->catalogue_changes();
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), static_cast<std::size_t>(kChanges));
  auto audit = PgAuditLog::open(schema_.target(), hasher_);
  ASSERT_TRUE(audit);
  auto entries = (*audit)->read(0, 1000);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), static_cast<std::size_t>(kChanges)) << "a loser's entry stood";
  std::set<std::string> winners;
  for (const auto& c : *log) winners.insert(c.entry_id);
  for (std::size_t i = 0; i < entries->size(); ++i) {
    EXPECT_EQ(winners.count((*entries)[i].record.target), 1u) << (*entries)[i].record.target;
    if (i > 0) {
      EXPECT_EQ((*entries)[i].prev_hash, (*entries)[i - 1].hash);
    }
  }
}

// Each node takes the same requests in, into an index of its own, as two
// nodes following one event log do: every request is stored once, the
// slower node's saves are conflicts (TriageHooks skips those), and nothing
// fails or deadlocks.
TEST_F(PgTriageStoreTest, SUP_1_ISSUE14_TwoNodesTakingTheSameRequestsInStoreEachOnce) {
  auto node_a = open();
  auto node_b = open();
  ASSERT_TRUE(node_a && node_b);
  constexpr int kRequests = 60;
  triage::RequestIndex index_a, index_b;
  std::atomic<int> saved{0}, conflicts{0}, failed{0};
  auto take_in = [&](PgTriageStore& store, triage::RequestIndex& index) {
    for (int i = 0; i < kRequests; ++i) {
      triage::Observation obs = index.observe(request(i), "投诉", text(i));
      auto st = store.save_observation(index, obs);
      if (st) {
        ++saved;
      } else if (st.error().code == ErrorCode::kConflict) {
        ++conflicts;
      } else {
        ++failed;
        ADD_FAILURE() << st.error().describe();
      }
    }
  };
  std::thread a([&] { take_in(*node_a, index_a); });
  std::thread b([&] { take_in(*node_b, index_b); });
  a.join();
  b.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(saved.load(), kRequests);
  EXPECT_EQ(conflicts.load(), kRequests);
  triage::RequestIndex restored;
  ASSERT_TRUE(node_a->load_index(restored));
  ASSERT_EQ(restored.size(), static_cast<std::size_t>(kRequests));
  for (triage::DocId d = 0; d < restored.size(); ++d) {
    EXPECT_EQ(restored.request(d).number, index_a.request(d).number);
    EXPECT_EQ(restored.cluster_of(d), index_a.cluster_of(d)) << d;
  }
}

// An import (`hotline clusters import`): its writes commit every 500,
// another node sees each batch as it commits; a duplicate fails alone
// without undoing the batch; a catalogue change commits what is pending and
// itself at once.
TEST_F(PgTriageStoreTest, TRI_5_ISSUE14_AnImportCommitsInBatchesAndAFailedWriteAlone) {
  auto importer = open();
  auto node_b = open();
  ASSERT_TRUE(importer && node_b);
  triage::RequestIndex index;
  ASSERT_TRUE(importer->begin_bulk());
  for (int i = 0; i < 600; ++i) {
    triage::Observation obs = index.observe(request(i), "投诉", text(i));
    ASSERT_TRUE(importer->save_observation(index, obs)) << i;
    if (i == 250) {
      auto again = importer->save_observation(index, obs);
      ASSERT_FALSE(again);
      EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    }
  }
  EXPECT_EQ(stored_requests(*node_b), 500u) << "the first batch, and only it, committed";
  // The importer sees its own pending writes.
  EXPECT_EQ(stored_requests(*importer), 600u);
  ASSERT_TRUE(importer->append_catalogue_change(change(1, "imported"), {}));
  EXPECT_EQ(node_b->catalogue_changes()->size(), 1u);
  EXPECT_EQ(stored_requests(*node_b), 600u) << "what was pending committed before the change";
  for (int i = 600; i < 610; ++i) {
    triage::Observation obs = index.observe(request(i), "投诉", text(i));
    ASSERT_TRUE(importer->save_observation(index, obs)) << i;
  }
  ASSERT_TRUE(importer->save_log_position(7));
  EXPECT_EQ(stored_requests(*node_b), 600u);
  EXPECT_FALSE(*node_b->log_position());
  ASSERT_TRUE(importer->end_bulk());
  EXPECT_EQ(stored_requests(*node_b), 610u);
  EXPECT_EQ(**node_b->log_position(), 7);
  ASSERT_TRUE(importer->end_bulk()) << "a second end has nothing to do";
}

// The 4 MiB × 4 term-statistics table (2^22 counts) round-trips as bytes,
// replaced on every save.
TEST_F(PgTriageStoreTest, TRI_5_ISSUE14_TermStatisticsRoundTripWhole) {
  auto store = open();
  ASSERT_TRUE(store);
  triage::RequestIndex index;
  for (int i = 0; i < 20; ++i) {
    triage::Observation obs = index.observe(request(i), "投诉", text(i));
    ASSERT_TRUE(store->save_observation(index, obs));
    if (i == 9) {
      ASSERT_TRUE(store->save_statistics(index.statistics()));
    }
  }
  ASSERT_TRUE(store->save_statistics(index.statistics()));
  auto other = open();
  ASSERT_TRUE(other);
  triage::RequestIndex restored;
  ASSERT_TRUE(other->load_index(restored));
  EXPECT_EQ(restored.statistics().documents(), 20u);
  EXPECT_EQ(restored.statistics().table(), index.statistics().table());
}

}  // namespace
}  // namespace hotline::testing
