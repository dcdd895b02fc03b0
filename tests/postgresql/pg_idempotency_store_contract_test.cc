// PgIdempotencyStore against the contract every idempotency store runs
// (tests/support/idempotency_store_contract.h), on the run's PostgreSQL 15
// server, a schema per test; then what only several nodes on one schema
// show: a key claimed on two nodes at once is claimed once.
//
// SPEC: INT-4, SEC-1 — as the contract lists; issue 14 (PostgreSQL).

#include <array>
#include <barrier>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "adapters/postgresql/pg_idempotency_store.h"
#include "support/idempotency_store_contract.h"
#include "support/pg_scratch_schema.h"

namespace hotline::testing {
namespace {

struct PgIdempotencyFactory {
  void set_up() { schema = std::make_unique<PgScratchSchema>(); }
  std::unique_ptr<IdempotencyStore> open(const PersonalDataCipher* cipher, Seconds retention) {
    auto store = PgIdempotencyStore::open(schema->target(), cipher, retention);
    EXPECT_TRUE(store) << store.error().describe();
    return store ? std::move(*store) : nullptr;
  }
  // Every column of every row, as the database holds them.
  std::string at_rest() const {
    const pqxx::result rows = schema->exec(
        "SELECT coalesce(string_agg(concat_ws('|', principal, key, fingerprint, state, status, "
        "content_type, body, claimed_at, completed_at), E'\\n'), '') FROM idempotency_keys");
    return rows[0][0].as<std::string>();
  }
  void copy_body(const std::string& principal, const std::string& from, const std::string& to) {
    // Test constants: plain ASCII, quoted as they are.
    schema->exec(
        "UPDATE idempotency_keys SET body = (SELECT body FROM idempotency_keys WHERE "
        "principal = '" +
        principal + "' AND key = '" + from + "') WHERE principal = '" + principal +
        "' AND key = '" + to + "'");
  }
  void tear_down() { schema.reset(); }
  std::unique_ptr<PgScratchSchema> schema;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, IdempotencyStoreContract,
                               ::testing::Types<PgIdempotencyFactory>);

namespace {

class PgIdempotencyStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<PgIdempotencyStore> open() {
    auto store = PgIdempotencyStore::open(schema_.target(), cipher_.get());
    EXPECT_TRUE(store) << store.error().describe();
    return store ? std::move(*store) : nullptr;
  }
  void SetUp() override {
    std::array<unsigned char, DataKey::kSize> bytes{};
    bytes.fill(7);
    cipher_ = std::move(*SodiumPersonalDataCipher::create(DataKey(bytes)));
  }

  // Two threads on each of two nodes claim key `key(round)` at the same
  // moment, round after round, at `now(round)`: exactly one claim per round
  // gets kClaimed, all the others kInProgress. The winner then completes on
  // its node, and every loser's retry replays the answer on its own.
  void race(int rounds, const std::function<std::string(int)>& key,
            const std::function<Instant(int)>& now) {
    auto node_a = open();
    auto node_b = open();
    ASSERT_TRUE(node_a && node_b);
    constexpr int kClaimers = 4;
    std::array<PgIdempotencyStore*, kClaimers> stores{node_a.get(), node_b.get(), node_a.get(),
                                                      node_b.get()};
    std::vector<std::array<std::optional<ClaimOutcome>, kClaimers>> outcomes(rounds);
    std::barrier start(kClaimers);
    std::vector<std::thread> threads;
    for (int t = 0; t < kClaimers; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < rounds; ++round) {
          const IdempotencyScope scope{"api.12328", key(round), "fp"};
          start.arrive_and_wait();
          auto claim = stores[t]->claim(scope, now(round), kIdempotencyStaleAfter);
          if (claim) outcomes[round][t] = claim->outcome;
        }
      });
    }
    for (auto& t : threads) t.join();
    const StoredResponse answer{201, "application/json", R"({"number":"𠮷"})"};
    for (int round = 0; round < rounds; ++round) {
      int claimed = 0;
      int in_progress = 0;
      int winner = -1;
      for (int t = 0; t < kClaimers; ++t) {
        ASSERT_TRUE(outcomes[round][t].has_value()) << "round " << round << ": a claim failed";
        if (*outcomes[round][t] == ClaimOutcome::kClaimed) {
          ++claimed;
          winner = t;
        }
        if (*outcomes[round][t] == ClaimOutcome::kInProgress) ++in_progress;
      }
      ASSERT_EQ(claimed, 1) << "round " << round;
      ASSERT_EQ(in_progress, kClaimers - 1) << "round " << round;
      const IdempotencyScope scope{"api.12328", key(round), "fp"};
      ASSERT_TRUE(stores[winner]->complete(scope, answer, now(round)));
      for (int t = 0; t < kClaimers; ++t) {
        if (t == winner) continue;
        auto replay = stores[t]->claim(scope, now(round) + Seconds{1}, kIdempotencyStaleAfter);
        ASSERT_TRUE(replay);
        ASSERT_EQ(replay->outcome, ClaimOutcome::kReplay);
        EXPECT_EQ(replay->response->body, answer.body);
      }
    }
  }

  PgScratchSchema schema_;
  std::unique_ptr<SodiumPersonalDataCipher> cipher_;
  const Instant t0_ = Instant{Seconds{1'780'000'000}};
};

TEST_F(PgIdempotencyStoreTest, INT_4_ISSUE14_TwoNodesClaimingANewKeyAtOnceLetExactlyOneIn) {
  race(
      150, [](int round) { return "new-" + std::to_string(round); },
      [&](int round) { return t0_ + Seconds{round}; });
}

// A crashed node's claims, taken over by two live nodes at once: each is
// taken over once.
TEST_F(PgIdempotencyStoreTest, INT_4_ISSUE14_TwoNodesTakingOverAnAbandonedClaimAtOnceTakeItOnce) {
  constexpr int kRounds = 150;
  {
    auto crashed = open();
    ASSERT_TRUE(crashed);
    for (int round = 0; round < kRounds; ++round) {
      auto claim = crashed->claim({"api.12328", "stale-" + std::to_string(round), "fp"}, t0_,
                                  kIdempotencyStaleAfter);
      ASSERT_TRUE(claim);
      ASSERT_EQ(claim->outcome, ClaimOutcome::kClaimed);
    }
  }
  race(
      kRounds, [](int round) { return "stale-" + std::to_string(round); },
      [&](int) { return t0_ + Seconds{121}; });
}

}  // namespace
}  // namespace hotline::testing
