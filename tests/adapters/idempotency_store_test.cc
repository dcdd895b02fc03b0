// SPEC: SEC-1 — what only the SQLite idempotency store shows: in the
// platform's one file, beside the work-order and security stores (issue 9),
// the answers kept for Idempotency-Key replays are sealed in every byte of
// the file and its WAL. The port's contract (claim, replay, mismatch, in
// progress, the 120 s limit, release, purge, sealing) is in
// idempotency_store_contract_sqlite_test.cc.
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

TEST_F(IdempotencyStoreTest, SEC_1_InThePlatformFileTheStoredAnswerIsSealedAndReplaysInFull) {
  auto store = SqliteIdempotencyStore::open(file_, cipher_.get());
  ASSERT_TRUE(store) << store.error().message;
  auto claim = (*store)->claim(scope_, t0_, kIdempotencyStaleAfter);
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->outcome, ClaimOutcome::kClaimed);
  ASSERT_TRUE((*store)->complete(scope_, answer_, t0_));
  // Read while the other stores still hold the file open (WAL not checkpointed).
  EXPECT_EQ(file_bytes().find("13812345678"), std::string::npos);
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

}  // namespace
}  // namespace hotline
