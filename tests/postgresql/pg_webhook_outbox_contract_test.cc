// PgWebhookOutbox against the contract every implementation of the port
// runs (tests/support/webhook_outbox_contract.h), on the run's PostgreSQL 15
// server, a schema per test; then what only several nodes delivering from
// one outbox show: each due message is claimed by one node at a time, a
// recorded outcome ends the claim, and a claim that runs out (its node died)
// lets another node take the message.
//
// SPEC: ICN-3 [M26, C30] — as the contract lists; issue 14 (PostgreSQL).

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "postgresql/pg_side_store_factory.h"
#include "support/webhook_outbox_contract.h"

namespace hotline::testing {

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, WebhookOutboxContract,
                               ::testing::Types<PgWebhookOutboxFactory>);

namespace {

class PgWebhookOutboxNodes : public ::testing::Test {
 protected:
  void SetUp() override { factory_.set_up(); }
  void TearDown() override { factory_.tear_down(); }

  static Instant t0() { return at("2026-11-20T09:00:00+08:00"); }
  static OutboxMessage message(int i) {
    OutboxMessage m;
    m.event_id = "W" + std::to_string(i) + "-1/1";
    m.unit = "dept.a";
    m.topic = "work-order-accepted";
    m.payload = "{\"n\":" + std::to_string(i) + "}";
    m.created = t0();
    return m;
  }

  PgWebhookOutboxFactory factory_;
};

// Two nodes, two delivery loops each, draining 200 due messages at once:
// every message is handed out once and delivered once.
TEST_F(PgWebhookOutboxNodes, ICN_3_ISSUE14_TwoNodesDeliveringAtOnceSendEachMessageOnce) {
  auto node_a = factory_.open();
  auto node_b = factory_.open();
  ASSERT_TRUE(node_a && node_b);
  constexpr int kMessages = 200;
  std::vector<OutboxMessage> batch;
  batch.reserve(kMessages);
  for (int i = 0; i < kMessages; ++i) batch.push_back(message(i));
  ASSERT_TRUE(node_a->enqueue(0, 1, batch));

  std::mutex mutex;
  std::map<std::int64_t, int> handed_out;  // guarded by mutex
  std::atomic<int> failed{0};
  auto deliver = [&](WebhookOutbox& outbox) {
    for (;;) {
      auto due = outbox.due(t0(), 7);
      if (!due) {
        ++failed;
        return;
      }
      if (due->empty()) return;
      for (const OutboxMessage& m : *due) {
        {
          std::lock_guard lock(mutex);
          ++handed_out[m.id];
        }
        if (!outbox.record_delivery(m.id, t0())) ++failed;
      }
    }
  };
  std::vector<std::thread> loops;
  loops.reserve(4);
  for (int i = 0; i < 4; ++i) {
    loops.emplace_back([&, i] { deliver(i % 2 == 0 ? *node_a : *node_b); });
  }
  for (auto& t : loops) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(handed_out.size(), static_cast<std::size_t>(kMessages));
  for (const auto& [id, times] : handed_out) EXPECT_EQ(times, 1) << "message " << id;
  auto delivered = node_b->list(OutboxState::kDelivered, 1000);
  ASSERT_TRUE(delivered);
  EXPECT_EQ(delivered->size(), static_cast<std::size_t>(kMessages));
  for (const auto& m : *delivered) EXPECT_EQ(m.attempts, 1) << m.event_id;
}

TEST_F(PgWebhookOutboxNodes, ICN_3_ISSUE14_AClaimEndsWithTheOutcomeOrWhenItRunsOut) {
  auto node_a = factory_.open(Seconds{600});
  auto node_b = factory_.open(Seconds{600});
  ASSERT_TRUE(node_a && node_b);
  ASSERT_TRUE(node_a->enqueue(0, 1, {message(1), message(2)}));
  auto claimed = node_a->due(t0(), 10);
  ASSERT_TRUE(claimed);
  ASSERT_EQ(claimed->size(), 2u);
  auto nothing = node_b->due(t0() + Seconds{599}, 10);
  ASSERT_TRUE(nothing);
  EXPECT_TRUE(nothing->empty()) << "both are node A's for 600 s";
  // A failed attempt due again at once: another node may take it now.
  ASSERT_TRUE(node_a->record_failure((*claimed)[0].id, "HTTP 503", t0()));
  auto retried = node_b->due(t0() + Seconds{1}, 10);
  ASSERT_TRUE(retried);
  ASSERT_EQ(retried->size(), 1u);
  EXPECT_EQ((*retried)[0].id, (*claimed)[0].id);
  EXPECT_EQ((*retried)[0].attempts, 1);
  // Node A dies holding the other: once its claim runs out, node B takes it.
  auto taken_over = node_b->due(t0() + Seconds{600}, 10);
  ASSERT_TRUE(taken_over);
  ASSERT_EQ(taken_over->size(), 1u);
  EXPECT_EQ((*taken_over)[0].id, (*claimed)[1].id);
  // A replayed dead letter is unclaimed too (the retried one is still
  // node B's, until +601 s).
  ASSERT_TRUE(node_b->record_failure((*claimed)[1].id, "gone", std::nullopt));
  ASSERT_TRUE(node_b->replay((*claimed)[1].id, t0() + Seconds{600}));
  auto replayed = node_a->due(t0() + Seconds{600}, 10);
  ASSERT_TRUE(replayed);
  ASSERT_EQ(replayed->size(), 1u);
  EXPECT_EQ((*replayed)[0].id, (*claimed)[1].id);
}

TEST_F(PgWebhookOutboxNodes, ICN_3_ISSUE14_AnotherKeyOpensNoSecret) {
  {
    auto outbox = factory_.open();
    ASSERT_TRUE(outbox);
    ASSERT_TRUE(outbox->save_subscription({"dept.a", "http://127.0.0.1:9/a", "s3cret", t0()}));
  }
  std::array<unsigned char, DataKey::kSize> bytes{};
  bytes.fill(0x11);
  auto other_key = SodiumPersonalDataCipher::create(DataKey(bytes));
  ASSERT_TRUE(other_key);
  auto outbox = PgWebhookOutbox::open(factory_.schema->target(), other_key->get());
  ASSERT_TRUE(outbox) << outbox.error().describe();
  auto subs = (*outbox)->subscriptions();
  ASSERT_FALSE(subs);
  EXPECT_EQ(subs.error().code, ErrorCode::kStorage);
  EXPECT_EQ(subs.error().message.find("s3cret"), std::string::npos);
}

}  // namespace
}  // namespace hotline::testing
