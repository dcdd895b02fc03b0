// SPEC: SEC-1, INT-5 — applicants' names, phones and addresses are encrypted
// at rest in the work-order store and found again by phone through a keyed
// hash; the wrong key fails cleanly; characters beyond the BMP survive.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "adapters/security_fixture.h"
#include "core/security/applicant_lookup.h"
#include "support/event_samples.h"

namespace hotline {
namespace {

using testing::make_event;
using testing::sample_details;
using testing::test_key;

constexpr const char* kNumber = "R2026030200000001";

class SecurityStoreEncryption : public testing::SecurityFixture {
 protected:
  void register_sample(const std::string& number = kNumber) {
    RequestRegistered r{number, sample_details(), std::nullopt};
    auto st = work_orders_->append({StreamAppend{number, 0, {make_event(number, 1, r)}}}, {});
    ASSERT_TRUE(st) << st.error().message;
  }
  std::unique_ptr<SodiumPersonalDataCipher> cipher_ =
      *SodiumPersonalDataCipher::create(test_key(7));
};

TEST_F(SecurityStoreEncryption, SEC_1_TheFileHoldsNoPlaintextYetLoadReturnsIt) {
  open(cipher_.get());
  register_sample();
  auto events = work_orders_->load(kNumber);
  ASSERT_TRUE(events) << events.error().message;
  const auto& a = std::get<RequestRegistered>((*events)[0].body).details.applicant;
  EXPECT_EQ(a.name, "吉𠮷");  // beyond the BMP
  EXPECT_EQ(a.phone, "13800000000");
  EXPECT_EQ(a.address, "和平区𡒄路1号");
  EXPECT_EQ(a.complained_unit, "dept.heping.housing");
  close();
  const std::string bytes = file_bytes();
  EXPECT_EQ(bytes.find("13800000000"), std::string::npos);
  EXPECT_EQ(bytes.find("吉𠮷"), std::string::npos);
  EXPECT_EQ(bytes.find("和平区𡒄路1号"), std::string::npos);
  EXPECT_NE(bytes.find("小区供暖不热"), std::string::npos);  // the matter is not encrypted
}

TEST_F(SecurityStoreEncryption, SEC_1_AnEmailAndAnAccountElsewhereAreSealedToo) {
  open(cipher_.get());
  RequestDetails d = sample_details();
  d.applicant.email = "wang𠮷@example.cn";
  d.applicant.source_account = "wx-openid-20261207";
  RequestRegistered r{kNumber, d, std::nullopt};
  ASSERT_TRUE(work_orders_->append({StreamAppend{kNumber, 0, {make_event(kNumber, 1, r)}}}, {}));
  auto events = work_orders_->load(kNumber);
  ASSERT_TRUE(events) << events.error().message;
  const auto& a = std::get<RequestRegistered>((*events)[0].body).details.applicant;
  EXPECT_EQ(a.email, "wang𠮷@example.cn");
  EXPECT_EQ(a.source_account, "wx-openid-20261207");
  close();
  const std::string bytes = file_bytes();
  EXPECT_EQ(bytes.find("example.cn"), std::string::npos);
  EXPECT_EQ(bytes.find("wx-openid-20261207"), std::string::npos);
}

TEST_F(SecurityStoreEncryption, SEC_1_WithoutACipherNothingChanges) {
  open();
  register_sample();
  close();
  EXPECT_NE(file_bytes().find("13800000000"), std::string::npos);
  open();
  EXPECT_FALSE(work_orders_->indexes_applicants());
}

TEST_F(SecurityStoreEncryption, SEC_1_TheWrongKeyOrNoKeyFailsCleanlyAtOpen) {
  open(cipher_.get());
  register_sample();
  close();
  auto other = *SodiumPersonalDataCipher::create(test_key(8));
  SqliteWorkOrderStore::Options options;
  options.cipher = other.get();
  auto wrong = SqliteWorkOrderStore::open(file_, options);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kStorage);
  EXPECT_NE(wrong.error().message.find(other->key_id()), std::string::npos);
  auto none = SqliteWorkOrderStore::open(file_);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("HOTLINE_KEY_FILE"), std::string::npos);
}

TEST_F(SecurityStoreEncryption, SEC_1_AnAlteredCiphertextFailsTheLoadNotTheProcess) {
  open(cipher_.get());
  register_sample();
  close();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
  // Move the sealed phone into the name field: it no longer opens there.
  const char* sql =
      "UPDATE events SET data = json_set(data, '$.details.applicant.name', "
      "json_extract(data, '$.details.applicant.phone')) WHERE version = 1";
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  open(cipher_.get());
  auto events = work_orders_->load(kNumber);
  ASSERT_FALSE(events);
  EXPECT_EQ(events.error().code, ErrorCode::kStorage);
  EXPECT_NE(events.error().message.find("could not be decrypted"), std::string::npos);
}

TEST_F(SecurityStoreEncryption, INT_5_RequestsAreFoundByTheKeyedHashOfThePhone) {
  open(cipher_.get());
  register_sample("R2026030200000001");
  register_sample("R2026030200000002");
  EXPECT_TRUE(work_orders_->indexes_applicants());
  ApplicantLookup lookup(*work_orders_, cipher_.get(), work_orders_.get());
  auto mine = lookup.requests_of("138 0000 0000");
  ASSERT_TRUE(mine) << mine.error().message;
  EXPECT_EQ(*mine, (std::vector<std::string>{"R2026030200000001", "R2026030200000002"}));
  EXPECT_TRUE(*lookup.matches("R2026030200000002", "+8613800000000"));
  EXPECT_FALSE(*lookup.matches("R2026030200000002", "13800000001"));
  EXPECT_FALSE(*lookup.matches("R2026030200000009", "13800000000"));
  close();
  EXPECT_EQ(file_bytes().find(cipher_->lookup_hash("13800000000")) == std::string::npos, false);
}

TEST_F(SecurityStoreEncryption, INT_5_AnonymousRequestsAreNotIndexed) {
  open(cipher_.get());
  auto d = sample_details();
  d.applicant.anonymous = true;
  RequestRegistered r{kNumber, d, std::nullopt};
  ASSERT_TRUE(work_orders_->append({StreamAppend{kNumber, 0, {make_event(kNumber, 1, r)}}}, {}));
  ApplicantLookup lookup(*work_orders_, cipher_.get(), work_orders_.get());
  EXPECT_TRUE(lookup.requests_of("13800000000")->empty());
  EXPECT_FALSE(*lookup.matches(kNumber, "13800000000"));
}

}  // namespace
}  // namespace hotline
