// SPEC: SEC-1 — personal data sealed with XChaCha20-Poly1305 under a derived
// key; keyed look-up hashes; the audit chain hash.
#include "adapters/sodium/sodium_cipher.h"

#include <gtest/gtest.h>

#include "adapters/security_fixture.h"

namespace hotline {
namespace {

using testing::test_key;

TEST(SodiumCipher, SEC_1_SealedValuesOpenOnlyWithTheirKeyAndContext) {
  auto cipher = *SodiumPersonalDataCipher::create(test_key(1));
  auto other = *SodiumPersonalDataCipher::create(test_key(2));
  auto sealed = cipher->seal("吉𠮷 13800000000", "R1/applicant.name");
  ASSERT_TRUE(sealed);
  EXPECT_TRUE(PersonalDataCipher::is_sealed(*sealed));
  EXPECT_EQ(sealed->find("13800000000"), std::string::npos);
  EXPECT_NE(*sealed, *cipher->seal("吉𠮷 13800000000", "R1/applicant.name"));  // fresh nonce
  auto opened = cipher->open(*sealed, "R1/applicant.name");
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "吉𠮷 13800000000");
  EXPECT_FALSE(cipher->open(*sealed, "R2/applicant.name"));   // moved to another request
  EXPECT_FALSE(cipher->open(*sealed, "R1/applicant.phone"));  // moved to another field
  auto wrong_key = other->open(*sealed, "R1/applicant.name");
  ASSERT_FALSE(wrong_key);
  EXPECT_EQ(wrong_key.error().code, ErrorCode::kStorage);
  std::string altered = *sealed;
  altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(cipher->open(altered, "R1/applicant.name"));
  EXPECT_FALSE(cipher->open("enc:v1:", "R1/applicant.name"));
  EXPECT_FALSE(cipher->open("plain", "R1/applicant.name"));
  EXPECT_EQ(*cipher->open(*cipher->seal("", "c"), "c"), "");
}

TEST(SodiumCipher, INT_5_LookupHashesAreKeyedAndDistinctFromTheKeyId) {
  auto a = *SodiumPersonalDataCipher::create(test_key(1));
  auto b = *SodiumPersonalDataCipher::create(test_key(2));
  EXPECT_EQ(a->lookup_hash("13800000000"), a->lookup_hash("13800000000"));
  EXPECT_NE(a->lookup_hash("13800000000"), a->lookup_hash("13800000001"));
  EXPECT_NE(a->lookup_hash("13800000000"), b->lookup_hash("13800000000"));
  EXPECT_EQ(a->lookup_hash("x").size(), 64u);
  EXPECT_EQ(a->key_id().size(), 16u);
  EXPECT_NE(a->key_id(), b->key_id());
}

TEST(SodiumCipher, SEC_2_TheAuditChainHashIsKeyedWithItsOwnSubkey) {
  auto a = *SodiumPersonalDataCipher::create(test_key(1));
  auto b = *SodiumPersonalDataCipher::create(test_key(2));
  const Blake2bAuditHasher plain;
  const auto ha = a->audit_hasher();
  const auto hb = b->audit_hasher();
  EXPECT_EQ(plain.algorithm(), "blake2b-256");
  EXPECT_EQ(ha->algorithm(), "blake2b-256-keyed:" + a->key_id());
  EXPECT_NE(ha->chain("0", "x"), hb->chain("0", "x"));
  EXPECT_NE(ha->chain("0", "x"), plain.chain("0", "x"));
  EXPECT_EQ(plain.chain("0", "x"), Blake2bAuditHasher().chain("0", "x"));
  EXPECT_NE(plain.chain("0", "x"), plain.chain("1", "x"));
  EXPECT_EQ(plain.chain("0", "x").size(), 64u);
}

}  // namespace
}  // namespace hotline
