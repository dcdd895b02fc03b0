#pragma once
// The contract of the IdempotencyStore port (core/ports/idempotency_store.h)
// as a typed gtest suite every implementation runs: SQLite in adapter_tests
// (tests/adapters/idempotency_store_contract_sqlite_test.cc), PostgreSQL in
// pg_tests (tests/postgresql/pg_idempotency_store_contract_test.cc). What
// only one implementation shows stays in its own tests (several nodes on one
// PostgreSQL schema: pg_idempotency_store_test.cc).
//
// An implementation instantiates it with a factory type:
//   struct MyFactory {
//     void set_up();
//     // A store on the test's database; every call opens another instance
//     // on the same data (a restart, or another node).
//     std::unique_ptr<IdempotencyStore> open(const PersonalDataCipher* cipher,
//                                            Seconds retention);
//     // What the database keeps of the keys, as text (for a file, every
//     // byte of it), read once the test's stores are closed.
//     std::string at_rest();
//     // Writes key `from`'s stored body over key `to`'s, in the database
//     // itself (someone with write access to it).
//     void copy_body(const std::string& principal, const std::string& from,
//                    const std::string& to);
//     void tear_down();
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(My, IdempotencyStoreContract, ::testing::Types<MyFactory>);
//
// SPEC: INT-4 (a registration retried after a lost answer is not registered
// twice: claim, replay, mismatch, in progress, a crash's claim free after the
// documented 120 s, release); SEC-1 (the answers kept for replays hold
// personal data: sealed at rest, bound to their key, forgotten after the
// replay window; issue 9, items 1 and 9); the platform's text rule (valid
// UTF-8 without NUL, refused before anything is written).

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>

#include "adapters/sodium/data_key.h"
#include "adapters/sodium/sodium_cipher.h"
#include "core/ports/idempotency_store.h"

namespace hotline::testing {

template <typename Factory>
class IdempotencyStoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    std::array<unsigned char, DataKey::kSize> bytes{};
    bytes.fill(7);
    auto cipher = SodiumPersonalDataCipher::create(DataKey(bytes));
    ASSERT_TRUE(cipher) << cipher.error().message;
    cipher_ = std::move(*cipher);
    factory_.set_up();
  }
  void TearDown() override { factory_.tear_down(); }

  std::unique_ptr<IdempotencyStore> open(const PersonalDataCipher* cipher,
                                         Seconds retention = Seconds{24 * 3600}) {
    auto store = factory_.open(cipher, retention);
    EXPECT_NE(store, nullptr);
    return store;
  }
  std::unique_ptr<IdempotencyStore> open() { return open(cipher_.get()); }

  static ClaimOutcome outcome(const Result<IdempotencyClaim>& claim) {
    EXPECT_TRUE(claim) << claim.error().message;
    return claim ? claim->outcome : ClaimOutcome::kClaimed;
  }

  Factory factory_;
  std::unique_ptr<SodiumPersonalDataCipher> cipher_;
  const Instant t0_ = Instant{Seconds{1'780'000'000}};
  const IdempotencyScope scope_{"api.12328", "retry-1", "fp"};
  const StoredResponse answer_{
      201, "application/json",
      R"({"number":"1","applicant":{"name":"陈小明𠮷","phone":"13812345678"},"address":"𡒄街"})"};
};

TYPED_TEST_SUITE_P(IdempotencyStoreContract);

TYPED_TEST_P(IdempotencyStoreContract, INT_4_AClaimedKeyReplaysItsAnswerInFullAfterARestart) {
  auto store = this->open();
  ASSERT_TRUE(store);
  auto claim = store->claim(this->scope_, this->t0_, kIdempotencyStaleAfter);
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->outcome, ClaimOutcome::kClaimed);
  EXPECT_FALSE(claim->response.has_value());
  ASSERT_TRUE(store->complete(this->scope_, this->answer_, this->t0_));
  store.reset();

  auto restarted = this->open();
  ASSERT_TRUE(restarted);
  auto replay = restarted->claim(this->scope_, this->t0_ + Seconds{60}, kIdempotencyStaleAfter);
  ASSERT_TRUE(replay);
  ASSERT_EQ(replay->outcome, ClaimOutcome::kReplay);
  ASSERT_TRUE(replay->response.has_value());
  EXPECT_EQ(replay->response->status, 201);
  EXPECT_EQ(replay->response->content_type, "application/json");
  EXPECT_EQ(replay->response->body, this->answer_.body);
  // Replays do not use the key up: the next retry replays too, even past
  // the stale limit (only a pending claim goes stale).
  EXPECT_EQ(this->outcome(
                restarted->claim(this->scope_, this->t0_ + Seconds{3600}, kIdempotencyStaleAfter)),
            ClaimOutcome::kReplay);
}

TYPED_TEST_P(IdempotencyStoreContract, INT_4_AKeyUsedForAnotherRequestIsAMismatchAndShowsNothing) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_EQ(this->outcome(store->claim(this->scope_, this->t0_, kIdempotencyStaleAfter)),
            ClaimOutcome::kClaimed);
  IdempotencyScope other = this->scope_;
  other.fingerprint = "fp-other";
  auto pending = store->claim(other, this->t0_ + Seconds{1}, kIdempotencyStaleAfter);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->outcome, ClaimOutcome::kMismatch);
  // Past the stale limit it is still another request's key.
  EXPECT_EQ(this->outcome(store->claim(other, this->t0_ + Seconds{500}, kIdempotencyStaleAfter)),
            ClaimOutcome::kMismatch);
  ASSERT_TRUE(store->complete(this->scope_, this->answer_, this->t0_ + Seconds{2}));
  auto done = store->claim(other, this->t0_ + Seconds{3}, kIdempotencyStaleAfter);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->outcome, ClaimOutcome::kMismatch);
  EXPECT_FALSE(done->response.has_value());  // another request's answer is not shown
}

TYPED_TEST_P(IdempotencyStoreContract,
             INT_4_AClaimRunningIsInProgressAndAnAbandonedOneIsFreeAfter120s) {
  EXPECT_EQ(kIdempotencyStaleAfter, Seconds{120});
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_EQ(this->outcome(store->claim(this->scope_, this->t0_, kIdempotencyStaleAfter)),
            ClaimOutcome::kClaimed);
  auto busy = store->claim(this->scope_, this->t0_ + Seconds{119}, kIdempotencyStaleAfter);
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->outcome, ClaimOutcome::kInProgress);
  EXPECT_FALSE(busy->response.has_value());
  // The process that claimed it died: taken over, and the clock restarts.
  const Instant taken_at = this->t0_ + Seconds{121};
  EXPECT_EQ(this->outcome(store->claim(this->scope_, taken_at, kIdempotencyStaleAfter)),
            ClaimOutcome::kClaimed);
  EXPECT_EQ(
      this->outcome(store->claim(this->scope_, taken_at + Seconds{119}, kIdempotencyStaleAfter)),
      ClaimOutcome::kInProgress);
  // The new holder completes it as any claim.
  ASSERT_TRUE(store->complete(this->scope_, this->answer_, taken_at + Seconds{5}));
  EXPECT_EQ(
      this->outcome(store->claim(this->scope_, taken_at + Seconds{6}, kIdempotencyStaleAfter)),
      ClaimOutcome::kReplay);
}

TYPED_TEST_P(IdempotencyStoreContract, INT_4_AReleasedClaimFreesTheKeyForTheRetry) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_EQ(this->outcome(store->claim(this->scope_, this->t0_, kIdempotencyStaleAfter)),
            ClaimOutcome::kClaimed);
  // Only the request that claimed it releases it.
  IdempotencyScope other = this->scope_;
  other.fingerprint = "fp-other";
  ASSERT_TRUE(store->release(other));
  EXPECT_EQ(
      this->outcome(store->claim(this->scope_, this->t0_ + Seconds{1}, kIdempotencyStaleAfter)),
      ClaimOutcome::kInProgress);
  ASSERT_TRUE(store->release(this->scope_));
  EXPECT_EQ(this->outcome(store->claim(other, this->t0_ + Seconds{2}, kIdempotencyStaleAfter)),
            ClaimOutcome::kClaimed);  // free for any request now
  // A completed key is not released: its answer stays for the replays.
  ASSERT_TRUE(store->complete(other, this->answer_, this->t0_ + Seconds{3}));
  ASSERT_TRUE(store->release(other));
  EXPECT_EQ(this->outcome(store->claim(other, this->t0_ + Seconds{4}, kIdempotencyStaleAfter)),
            ClaimOutcome::kReplay);
}

TYPED_TEST_P(IdempotencyStoreContract, INT_4_CompletingAKeyNotClaimedIsAConflict) {
  auto store = this->open();
  ASSERT_TRUE(store);
  auto unclaimed = store->complete(this->scope_, this->answer_, this->t0_);
  ASSERT_FALSE(unclaimed);
  EXPECT_EQ(unclaimed.error().code, ErrorCode::kConflict);
  ASSERT_EQ(this->outcome(store->claim(this->scope_, this->t0_, kIdempotencyStaleAfter)),
            ClaimOutcome::kClaimed);
  IdempotencyScope other = this->scope_;
  other.fingerprint = "fp-other";
  auto mismatched = store->complete(other, this->answer_, this->t0_);
  ASSERT_FALSE(mismatched);
  EXPECT_EQ(mismatched.error().code, ErrorCode::kConflict);
  // Nothing was stored by the refusals: the key is still only claimed.
  EXPECT_EQ(
      this->outcome(store->claim(this->scope_, this->t0_ + Seconds{1}, kIdempotencyStaleAfter)),
      ClaimOutcome::kInProgress);
}

TYPED_TEST_P(IdempotencyStoreContract, INT_4_KeysBelongToTheirPrincipal) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_EQ(this->outcome(store->claim(this->scope_, this->t0_, kIdempotencyStaleAfter)),
            ClaimOutcome::kClaimed);
  ASSERT_TRUE(store->complete(this->scope_, this->answer_, this->t0_));
  IdempotencyScope other_client = this->scope_;
  other_client.principal = "api.12345";
  EXPECT_EQ(this->outcome(store->claim(other_client, this->t0_, kIdempotencyStaleAfter)),
            ClaimOutcome::kClaimed);
}

TYPED_TEST_P(IdempotencyStoreContract, SEC_1_KeysArePurgedAfterTheReplayWindow) {
  // Unsealed, so that an answer left behind would show at rest.
  auto store = this->open(nullptr, Seconds{3600});
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->claim(this->scope_, this->t0_, kIdempotencyStaleAfter));
  ASSERT_TRUE(store->complete(this->scope_, this->answer_, this->t0_));
  // Another key, an hour and a bit later: the first one is gone with its answer.
  const IdempotencyScope other{"api.12328", "retry-2", "fp2"};
  ASSERT_TRUE(store->claim(other, this->t0_ + Seconds{3700}, kIdempotencyStaleAfter));
  store.reset();
  EXPECT_EQ(this->factory_.at_rest().find("13812345678"), std::string::npos);
  store = this->open(nullptr, Seconds{3600});
  ASSERT_TRUE(store);
  auto again = store->claim(this->scope_, this->t0_ + Seconds{3700}, kIdempotencyStaleAfter);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->outcome, ClaimOutcome::kClaimed);
}

TYPED_TEST_P(IdempotencyStoreContract, SEC_1_PurgeForgetsTheKeysClaimedBeforeAnInstant) {
  auto store = this->open();
  ASSERT_TRUE(store);
  const IdempotencyScope early{"api.12328", "early", "fp"};
  const IdempotencyScope late{"api.12328", "late", "fp"};
  ASSERT_TRUE(store->claim(early, this->t0_, kIdempotencyStaleAfter));
  ASSERT_TRUE(store->complete(early, this->answer_, this->t0_));
  ASSERT_TRUE(store->claim(late, this->t0_ + Seconds{10}, kIdempotencyStaleAfter));
  auto purged = store->purge(this->t0_ + Seconds{10});  // claimed before: strictly
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 1u);
  EXPECT_EQ(this->outcome(store->claim(early, this->t0_ + Seconds{11}, kIdempotencyStaleAfter)),
            ClaimOutcome::kClaimed);
  EXPECT_EQ(this->outcome(store->claim(late, this->t0_ + Seconds{11}, kIdempotencyStaleAfter)),
            ClaimOutcome::kInProgress);
  EXPECT_EQ(*store->purge(this->t0_), 0u);
}

TYPED_TEST_P(IdempotencyStoreContract, SEC_1_StoredAnswersAreSealedAtRest) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_EQ(this->outcome(store->claim(this->scope_, this->t0_, kIdempotencyStaleAfter)),
            ClaimOutcome::kClaimed);
  ASSERT_TRUE(store->complete(this->scope_, this->answer_, this->t0_));
  store.reset();
  const std::string bytes = this->factory_.at_rest();
  EXPECT_NE(bytes.find("retry-1"), std::string::npos);      // the key is there…
  EXPECT_EQ(bytes.find("13812345678"), std::string::npos);  // …its answer's personal data not
  EXPECT_EQ(bytes.find("陈小明"), std::string::npos);
}

TYPED_TEST_P(IdempotencyStoreContract, SEC_1_PlainAnswersOfAnOlderVersionAreSealedAtOpen) {
  {
    auto plain = this->open(nullptr);  // as before sealing existed
    ASSERT_TRUE(plain);
    ASSERT_TRUE(plain->claim(this->scope_, this->t0_, kIdempotencyStaleAfter));
    ASSERT_TRUE(plain->complete(this->scope_, this->answer_, this->t0_));
  }
  EXPECT_NE(this->factory_.at_rest().find("13812345678"), std::string::npos);
  {
    auto sealed = this->open();
    ASSERT_TRUE(sealed);
    auto claim = sealed->claim(this->scope_, this->t0_ + Seconds{1}, kIdempotencyStaleAfter);
    ASSERT_TRUE(claim);
    ASSERT_EQ(claim->outcome, ClaimOutcome::kReplay);
    EXPECT_EQ(claim->response->body, this->answer_.body);
  }
  EXPECT_EQ(this->factory_.at_rest().find("13812345678"), std::string::npos);
}

TYPED_TEST_P(IdempotencyStoreContract, SEC_1_ASealedAnswerMovedToAnotherKeyDoesNotOpen) {
  auto store = this->open();
  ASSERT_TRUE(store);
  const IdempotencyScope theirs{"api.12328", "retry-2", "fp"};
  for (const IdempotencyScope* s : {&this->scope_, &theirs}) {
    ASSERT_TRUE(store->claim(*s, this->t0_, kIdempotencyStaleAfter));
  }
  ASSERT_TRUE(store->complete(this->scope_, this->answer_, this->t0_));
  ASSERT_TRUE(store->complete(theirs, {201, "application/json", "{}"}, this->t0_));
  this->factory_.copy_body("api.12328", "retry-1", "retry-2");
  auto moved = store->claim(theirs, this->t0_ + Seconds{1}, kIdempotencyStaleAfter);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code, ErrorCode::kStorage);
  EXPECT_EQ(moved.error().message.find("13812345678"), std::string::npos);
}

TYPED_TEST_P(IdempotencyStoreContract, TextThatIsNotUtf8OrHoldsNulIsRefusedBeforeWriting) {
  auto store = this->open();
  ASSERT_TRUE(store);
  using std::string_literals::operator""s;
  const IdempotencyScope nul_key{"api.12328", "retry\0-1"s, "fp"};
  auto refused = store->claim(nul_key, this->t0_, kIdempotencyStaleAfter);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field, "key");
  const IdempotencyScope bad_principal{"api.\xff", "retry-1", "fp"};
  auto bad = store->claim(bad_principal, this->t0_, kIdempotencyStaleAfter);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "principal");
  const IdempotencyScope nul_fingerprint{"api.12328", "retry-1", "f\0p"s};
  EXPECT_EQ(store->release(nul_fingerprint).error().field, "fingerprint");
  // Nothing was claimed under a cut key: "retry" and "retry-1" are free.
  EXPECT_EQ(
      this->outcome(store->claim({"api.12328", "retry", "fp"}, this->t0_, kIdempotencyStaleAfter)),
      ClaimOutcome::kClaimed);
  ASSERT_EQ(this->outcome(store->claim(this->scope_, this->t0_, kIdempotencyStaleAfter)),
            ClaimOutcome::kClaimed);
  // Nor is an answer with NUL stored, sealed or not.
  StoredResponse nul_body = this->answer_;
  nul_body.body = "{\"a\":\"\0\"}"s;
  auto body = store->complete(this->scope_, nul_body, this->t0_);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().field, "body");
  StoredResponse bad_type = this->answer_;
  bad_type.content_type = "text/\xc3";
  EXPECT_EQ(store->complete(this->scope_, bad_type, this->t0_).error().field, "content_type");
  EXPECT_EQ(
      this->outcome(store->claim(this->scope_, this->t0_ + Seconds{1}, kIdempotencyStaleAfter)),
      ClaimOutcome::kInProgress);  // still only claimed
}

REGISTER_TYPED_TEST_SUITE_P(
    IdempotencyStoreContract, INT_4_AClaimedKeyReplaysItsAnswerInFullAfterARestart,
    INT_4_AKeyUsedForAnotherRequestIsAMismatchAndShowsNothing,
    INT_4_AClaimRunningIsInProgressAndAnAbandonedOneIsFreeAfter120s,
    INT_4_AReleasedClaimFreesTheKeyForTheRetry, INT_4_CompletingAKeyNotClaimedIsAConflict,
    INT_4_KeysBelongToTheirPrincipal, SEC_1_KeysArePurgedAfterTheReplayWindow,
    SEC_1_PurgeForgetsTheKeysClaimedBeforeAnInstant, SEC_1_StoredAnswersAreSealedAtRest,
    SEC_1_PlainAnswersOfAnOlderVersionAreSealedAtOpen,
    SEC_1_ASealedAnswerMovedToAnotherKeyDoesNotOpen,
    TextThatIsNotUtf8OrHoldsNulIsRefusedBeforeWriting);

}  // namespace hotline::testing
