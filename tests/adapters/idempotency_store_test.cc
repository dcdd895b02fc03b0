// SPEC: SEC-1 — the answers kept for Idempotency-Key replays hold personal
// data: they are sealed at rest and forgotten after the replay window
// (issue 9, item 1). A crash's claim blocks retries no longer than the
// documented 120 s (item 9).
#include <gtest/gtest.h>

#include "adapters/security_fixture.h"
#include "adapters/sqlite/sqlite_idempotency_store.h"

namespace hotline {
namespace {

class IdempotencyStoreTest : public testing::SecurityFixture {
 protected:
  void SetUp() override {
    SecurityFixture::SetUp();
    cipher_ = std::move(*SodiumPersonalDataCipher::create(testing::test_key(7)));
    open(cipher_.get());
  }
  std::unique_ptr<SodiumPersonalDataCipher> cipher_;
  const Instant t0_ = Instant{Seconds{1'780'000'000}};
  const IdempotencyScope scope_{"api.12328", "retry-1", "fp"};
  const StoredResponse answer_{
      201, "application/json",
      R"({"number":"1","applicant":{"name":"陈小明","phone":"13812345678"}})"};
};

TEST_F(IdempotencyStoreTest, SEC_1_StoredAnswerIsSealedAndReplaysInFull) {
  auto store = SqliteIdempotencyStore::open(file_, cipher_.get());
  ASSERT_TRUE(store) << store.error().message;
  auto claim = (*store)->claim(scope_, t0_, kIdempotencyStaleAfter);
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->outcome, ClaimOutcome::kClaimed);
  ASSERT_TRUE((*store)->complete(scope_, answer_, t0_));
  store->reset();
  close();
  const std::string bytes = file_bytes();
  EXPECT_EQ(bytes.find("13812345678"), std::string::npos);
  EXPECT_EQ(bytes.find("陈小明"), std::string::npos);

  store = SqliteIdempotencyStore::open(file_, cipher_.get());
  ASSERT_TRUE(store);
  claim = (*store)->claim(scope_, t0_ + Seconds{60}, kIdempotencyStaleAfter);
  ASSERT_TRUE(claim);
  ASSERT_EQ(claim->outcome, ClaimOutcome::kReplay);
  EXPECT_EQ(claim->response->body, answer_.body);
}

TEST_F(IdempotencyStoreTest, SEC_1_KeysArePurgedAfterTheReplayWindow) {
  auto store = SqliteIdempotencyStore::open(file_, cipher_.get(), Seconds{3600});
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->claim(scope_, t0_, kIdempotencyStaleAfter));
  ASSERT_TRUE((*store)->complete(scope_, answer_, t0_));
  // Another key, an hour and a bit later: the first one is gone with its answer.
  const IdempotencyScope other{"api.12328", "retry-2", "fp2"};
  ASSERT_TRUE((*store)->claim(other, t0_ + Seconds{3700}, kIdempotencyStaleAfter));
  auto again = (*store)->claim(scope_, t0_ + Seconds{3700}, kIdempotencyStaleAfter);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->outcome, ClaimOutcome::kClaimed);
}

TEST_F(IdempotencyStoreTest, SEC_1_PlainRowsOfAnOlderVersionAreSealedAtOpen) {
  {
    auto plain = SqliteIdempotencyStore::open(file_);  // as before sealing existed
    ASSERT_TRUE(plain);
    ASSERT_TRUE((*plain)->claim(scope_, t0_, kIdempotencyStaleAfter));
    ASSERT_TRUE((*plain)->complete(scope_, answer_, t0_));
  }
  {
    auto sealed = SqliteIdempotencyStore::open(file_, cipher_.get());
    ASSERT_TRUE(sealed);
    auto claim = (*sealed)->claim(scope_, t0_ + Seconds{1}, kIdempotencyStaleAfter);
    ASSERT_TRUE(claim);
    ASSERT_EQ(claim->outcome, ClaimOutcome::kReplay);
    EXPECT_EQ(claim->response->body, answer_.body);
  }
  close();
  EXPECT_EQ(file_bytes().find("13812345678"), std::string::npos);
}

TEST_F(IdempotencyStoreTest, INT_4_AnAbandonedClaimIsFreeAfterTheDocumented120Seconds) {
  EXPECT_EQ(kIdempotencyStaleAfter, Seconds{120});
  auto store = SqliteIdempotencyStore::open(file_, cipher_.get());
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->claim(scope_, t0_, kIdempotencyStaleAfter));
  auto busy = (*store)->claim(scope_, t0_ + Seconds{119}, kIdempotencyStaleAfter);
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->outcome, ClaimOutcome::kInProgress);
  auto taken = (*store)->claim(scope_, t0_ + Seconds{121}, kIdempotencyStaleAfter);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->outcome, ClaimOutcome::kClaimed);
}

}  // namespace
}  // namespace hotline
