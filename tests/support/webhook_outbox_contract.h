#pragma once
// The contract of the WebhookOutbox port (core/ports/webhook_outbox.h), a
// typed gtest suite every implementation runs: SQLite in adapter_tests
// (tests/adapters/webhook_outbox_contract_sqlite_test.cc), PostgreSQL in
// pg_tests (tests/postgresql/pg_webhook_outbox_contract_test.cc). The relay
// and the delivery over a real receiving process are tested in
// webhook_test.cc. A factory gives:
//   void set_up();
//   std::unique_ptr<WebhookOutbox> open();   // with a personal-data cipher;
//                                            // again: another process or node
//   std::string stored_secret(const std::string& unit);  // the column as kept
//   void tear_down();
// An outbox may claim what due() returns for the caller (PostgreSQL: several
// nodes deliver), so the tests record each outcome before asking again.
//
// SPEC: ICN-3 [M26, C30] (messages stored with the relay's cursor in one
// transaction, each once; due oldest first; retried, dead-lettered and
// replayed; secrets sealed at rest); the text rule (UTF-8 without NUL).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/ports/personal_data_cipher.h"
#include "core/ports/webhook_outbox.h"
#include "core/text.h"
#include "support/event_samples.h"

namespace hotline::testing {

template <typename Factory>
class WebhookOutboxContract : public ::testing::Test {
 protected:
  void SetUp() override {
    factory_.set_up();
    outbox_ = factory_.open();
    ASSERT_NE(outbox_, nullptr);
  }
  void TearDown() override {
    outbox_.reset();
    factory_.tear_down();
  }

  static Instant t0() { return at("2026-11-20T09:00:00+08:00"); }
  static OutboxMessage message(std::string event_id, std::string unit, Instant created = t0()) {
    OutboxMessage m;
    m.event_id = std::move(event_id);
    m.unit = std::move(unit);
    m.topic = "work-order-accepted";
    m.payload = R"({"work_order":"W1-1","reason":"𠮷𡒄"})";
    m.created = created;
    return m;
  }
  std::vector<OutboxMessage> listed(OutboxState state) {
    auto all = outbox_->list(state, 1000);
    EXPECT_TRUE(all) << all.error().describe();
    return all ? *all : std::vector<OutboxMessage>{};
  }
  std::vector<std::string> due_events(Instant now, std::size_t limit = 100) {
    auto due = outbox_->due(now, limit);
    EXPECT_TRUE(due) << due.error().describe();
    std::vector<std::string> out;
    for (const auto& m : due ? *due : std::vector<OutboxMessage>{}) out.push_back(m.event_id);
    return out;
  }

  Factory factory_;
  std::unique_ptr<WebhookOutbox> outbox_;
};

TYPED_TEST_SUITE_P(WebhookOutboxContract);

TYPED_TEST_P(WebhookOutboxContract, ICN_3_SubscriptionsAreKeptWithTheirSecretSealed) {
  auto& outbox = *this->outbox_;
  const std::string secret = "s3cret-of-dept-b-𠮷";
  ASSERT_TRUE(outbox.save_subscription({"dept.b", "http://127.0.0.1:9/old", secret, this->t0()}));
  ASSERT_TRUE(outbox.save_subscription({"dept.a", "http://127.0.0.1:9/a", "sa", this->t0()}));
  // Saved again: replaced.
  ASSERT_TRUE(outbox.save_subscription(
      {"dept.b", "http://127.0.0.1:9/𡒄", secret, this->t0() + Seconds{60}}));
  auto other = this->factory_.open();
  ASSERT_NE(other, nullptr);
  auto subs = other->subscriptions();
  ASSERT_TRUE(subs) << subs.error().describe();
  ASSERT_EQ(subs->size(), 2u);
  EXPECT_EQ((*subs)[0].unit, "dept.a");  // by unit
  EXPECT_EQ((*subs)[1].unit, "dept.b");
  EXPECT_EQ((*subs)[1].url, "http://127.0.0.1:9/𡒄");
  EXPECT_EQ((*subs)[1].secret, secret);
  EXPECT_EQ((*subs)[1].created, this->t0() + Seconds{60});
  // At rest the secret is sealed, never in clear.
  const std::string stored = this->factory_.stored_secret("dept.b");
  EXPECT_TRUE(PersonalDataCipher::is_sealed(stored)) << stored;
  EXPECT_EQ(stored.find("s3cret"), std::string::npos);

  ASSERT_TRUE(outbox.remove_subscription("dept.a"));
  auto gone = outbox.remove_subscription("dept.a");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(outbox.subscriptions()->size(), 1u);
}

TYPED_TEST_P(WebhookOutboxContract, ICN_3_MessagesAreStoredWithTheCursorOnceOrNotAtAll) {
  auto& outbox = *this->outbox_;
  EXPECT_EQ(*outbox.cursor(), 0);
  ASSERT_TRUE(
      outbox.enqueue(0, 5, {this->message("W1-1/1", "dept.a"), this->message("W1-1/1", "dept.b")}));
  EXPECT_EQ(*outbox.cursor(), 5);
  // From a cursor that moved on: a conflict, and nothing is stored.
  auto stale = outbox.enqueue(0, 7, {this->message("W1-1/2", "dept.a")});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(*outbox.cursor(), 5);
  // The same event for the same unit derived again is stored once.
  ASSERT_TRUE(
      outbox.enqueue(5, 6, {this->message("W1-1/1", "dept.a"), this->message("W1-1/2", "dept.a")}));
  EXPECT_EQ(*this->factory_.open()->cursor(), 6);
  const auto pending = this->listed(OutboxState::kPending);
  ASSERT_EQ(pending.size(), 3u);
  const OutboxMessage& m = pending[0];  // by id
  EXPECT_GT(m.id, 0);
  EXPECT_EQ(m.event_id, "W1-1/1");
  EXPECT_EQ(m.unit, "dept.a");
  EXPECT_EQ(m.topic, "work-order-accepted");
  EXPECT_EQ(m.payload, R"({"work_order":"W1-1","reason":"𠮷𡒄"})");
  EXPECT_EQ(m.state, OutboxState::kPending);
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.created, this->t0());
  EXPECT_EQ(m.next_attempt, this->t0()) << "due at once";
  EXPECT_FALSE(m.delivered_at);
  EXPECT_TRUE(m.last_error.empty());
  EXPECT_EQ(pending[2].event_id, "W1-1/2");
  EXPECT_TRUE(this->listed(OutboxState::kDead).empty());
}

TYPED_TEST_P(WebhookOutboxContract, ICN_3_DueMessagesComeOldestFirstAndOnlyWhenDue) {
  auto& outbox = *this->outbox_;
  const Instant t = this->t0();
  ASSERT_TRUE(outbox.enqueue(0, 3,
                             {this->message("W3/1", "dept.a", t + Seconds{20}),
                              this->message("W1/1", "dept.a", t + Seconds{10}),
                              this->message("W2/1", "dept.a", t + Seconds{10})}));
  EXPECT_TRUE(this->due_events(t).empty());
  auto first = outbox.due(t + Seconds{20}, 2);
  ASSERT_TRUE(first) << first.error().describe();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].event_id, "W1/1");
  EXPECT_EQ((*first)[1].event_id, "W2/1");
  for (const auto& m : *first) ASSERT_TRUE(outbox.record_delivery(m.id, t + Seconds{20}));
  EXPECT_TRUE(this->due_events(t + Seconds{19}).empty()) << "W3/1 is due at +20 s";
  EXPECT_EQ(this->due_events(t + Seconds{20}), std::vector<std::string>{"W3/1"});
}

TYPED_TEST_P(WebhookOutboxContract, ICN_3_AFailedPushIsRetriedThenDeadThenReplayed) {
  auto& outbox = *this->outbox_;
  const Instant t = this->t0();
  ASSERT_TRUE(
      outbox.enqueue(0, 1, {this->message("W1/1", "dept.a"), this->message("W2/1", "dept.a")}));
  auto due = outbox.due(t, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  const std::int64_t failing = (*due)[0].id, delivered = (*due)[1].id;

  ASSERT_TRUE(outbox.record_delivery(delivered, t + Seconds{1}));
  ASSERT_TRUE(outbox.record_failure(failing, "HTTP 500", t + Seconds{60}));
  EXPECT_TRUE(this->due_events(t + Seconds{59}).empty()) << "not before its retry";
  auto retry = outbox.due(t + Seconds{60}, 10);
  ASSERT_TRUE(retry);
  ASSERT_EQ(retry->size(), 1u);
  EXPECT_EQ((*retry)[0].id, failing);
  EXPECT_EQ((*retry)[0].attempts, 1);
  EXPECT_EQ((*retry)[0].last_error, "HTTP 500");
  EXPECT_EQ((*retry)[0].next_attempt, t + Seconds{60});
  // The last attempt fails too: a dead letter, no longer due.
  ASSERT_TRUE(outbox.record_failure(failing, "connection refused", std::nullopt));
  EXPECT_TRUE(this->due_events(t + Seconds{3600}).empty());
  auto dead = this->listed(OutboxState::kDead);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].attempts, 2);
  EXPECT_EQ(dead[0].last_error, "connection refused");
  // Outcomes recorded for a message no longer pending change nothing.
  ASSERT_TRUE(outbox.record_delivery(failing, t + Seconds{70}));
  ASSERT_TRUE(outbox.record_failure(delivered, "late", t + Seconds{80}));
  EXPECT_EQ(this->listed(OutboxState::kDead).size(), 1u);
  auto done = this->listed(OutboxState::kDelivered);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, delivered);
  EXPECT_EQ(done[0].attempts, 1);
  EXPECT_EQ(done[0].delivered_at, t + Seconds{1});
  EXPECT_TRUE(done[0].last_error.empty());

  // Replayed by the office: pending again, due now, its attempts counted afresh.
  const Instant replayed_at = t + Seconds{7200};
  ASSERT_TRUE(outbox.replay(failing, replayed_at));
  auto replay_again = outbox.replay(failing, replayed_at);
  ASSERT_FALSE(replay_again);
  EXPECT_EQ(replay_again.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(outbox.replay(delivered, replayed_at).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(outbox.replay(424242, replayed_at).error().code, ErrorCode::kNotFound);
  auto again = outbox.due(replayed_at, 10);
  ASSERT_TRUE(again);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].id, failing);
  EXPECT_EQ((*again)[0].attempts, 0);
  EXPECT_EQ((*again)[0].state, OutboxState::kPending);
  ASSERT_TRUE(outbox.record_delivery(failing, replayed_at));
  EXPECT_EQ(this->listed(OutboxState::kDelivered).size(), 2u);
  EXPECT_TRUE(this->listed(OutboxState::kPending).empty());
}

// An error is kept to its first 500 bytes, cut between characters, so what
// is kept is still UTF-8.
TYPED_TEST_P(WebhookOutboxContract, ICN_3_ALongErrorIsKeptShortAndWhole) {
  auto& outbox = *this->outbox_;
  ASSERT_TRUE(outbox.enqueue(0, 1, {this->message("W1/1", "dept.a")}));
  const std::int64_t id = this->listed(OutboxState::kPending).at(0).id;
  std::string error = "x";
  for (int i = 0; i < 300; ++i) error += "错";  // 3 bytes each
  ASSERT_TRUE(outbox.record_failure(id, error, std::nullopt));
  const std::string kept = this->listed(OutboxState::kDead).at(0).last_error;
  EXPECT_EQ(kept.size(), 499u);  // "x" and 166 characters of 3 bytes
  EXPECT_TRUE(is_valid_utf8(kept));
  EXPECT_EQ(kept, error.substr(0, 499));
}

TYPED_TEST_P(WebhookOutboxContract, TextThatIsNotUtf8OrHoldsNulIsRefusedNamingTheField) {
  auto& outbox = *this->outbox_;
  auto bad = this->message("W1/1", "dept.a");
  bad.payload = std::string("{\"a\":\"\0\"}", 9);
  auto r = outbox.enqueue(0, 1, {this->message("W0/1", "dept.a"), bad});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "messages[1].payload");
  EXPECT_EQ(*outbox.cursor(), 0) << "nothing written, the cursor stays";
  EXPECT_TRUE(this->listed(OutboxState::kPending).empty());
  auto sub = outbox.save_subscription({"dept.a", "http://127.0.0.1:9/\xff", "s", this->t0()});
  ASSERT_FALSE(sub);
  EXPECT_EQ(sub.error().field, "url");
  EXPECT_TRUE(outbox.subscriptions()->empty());
  ASSERT_TRUE(outbox.enqueue(0, 1, {this->message("W1/1", "dept.a")}));
  const std::int64_t id = this->listed(OutboxState::kPending).at(0).id;
  auto failure = outbox.record_failure(id, "\xc3", std::nullopt);
  ASSERT_FALSE(failure);
  EXPECT_EQ(failure.error().field, "error");
  EXPECT_EQ(this->listed(OutboxState::kPending).size(), 1u);
}

// Two relays (processes or nodes) deriving from the same cursor at once: the
// cursor moves once, and the loser's messages are not stored twice.
TYPED_TEST_P(WebhookOutboxContract, ICN_3_OfTwoRelaysRacingOneMovesTheCursor) {
  auto other = this->factory_.open();
  ASSERT_NE(other, nullptr);
  for (int round = 0; round < 10; ++round) {
    const std::int64_t from = round * 10;
    const std::string event = "W" + std::to_string(round) + "/1";
    Status a, b;
    std::thread ta([&] {
      a = this->outbox_->enqueue(from, from + 10,
                                 {this->message(event, "dept.a"), this->message(event, "dept.b")});
    });
    std::thread tb([&] {
      b = other->enqueue(from, from + 10,
                         {this->message(event, "dept.a"), this->message(event, "dept.b")});
    });
    ta.join();
    tb.join();
    ASSERT_NE(static_cast<bool>(a), static_cast<bool>(b)) << "round " << round;
    EXPECT_EQ((a ? b : a).error().code, ErrorCode::kConflict);
    EXPECT_EQ(*this->outbox_->cursor(), from + 10);
  }
  EXPECT_EQ(this->listed(OutboxState::kPending).size(), 20u);
}

REGISTER_TYPED_TEST_SUITE_P(WebhookOutboxContract, ICN_3_SubscriptionsAreKeptWithTheirSecretSealed,
                            ICN_3_MessagesAreStoredWithTheCursorOnceOrNotAtAll,
                            ICN_3_DueMessagesComeOldestFirstAndOnlyWhenDue,
                            ICN_3_AFailedPushIsRetriedThenDeadThenReplayed,
                            ICN_3_ALongErrorIsKeptShortAndWhole,
                            TextThatIsNotUtf8OrHoldsNulIsRefusedNamingTheField,
                            ICN_3_OfTwoRelaysRacingOneMovesTheCursor);

}  // namespace hotline::testing
