// SPEC: SEC-1, SEC-4 — what of an applicant's identity each role sees.
#include <gtest/gtest.h>

#include "core/security/masking.h"
#include "core/security_test_org.h"

namespace hotline {
namespace {

using testing::security_org;

RequestDetails complaint_about(std::optional<std::string> complained) {
  RequestDetails d;
  d.applicant = Applicant{false, "张三", "13812345678", "和平区南京路100号3门", complained};
  d.subject = "维修拖延";
  d.detail = "报修两周无人处理";
  d.type = RequestType::kComplaint;
  d.attachments = {{"s3://a.amr", "audio/amr", "录音", ""},
                   {"s3://b.jpg", "image/jpeg", "照片", ""}};
  d.external_ref = "wx-openid-123";
  d.applicant.email = "zhang@example.cn";
  d.applicant.source_account = "acct-20261207";
  return d;
}

Actor unit_staff(std::string unit) { return Actor{"u.1", Role::kUnitStaff, std::move(unit)}; }

void expect_no_identity(const RequestDetails& seen) {
  EXPECT_EQ(seen.applicant.name, "");
  EXPECT_EQ(seen.applicant.phone, "");
  EXPECT_EQ(seen.applicant.address, "");
  EXPECT_EQ(seen.applicant.email, "");
  EXPECT_EQ(seen.applicant.source_account, "");
  EXPECT_EQ(seen.external_ref, "");
  ASSERT_EQ(seen.attachments.size(), 1u);  // the voice recording is gone
  EXPECT_EQ(seen.attachments[0].media_type, "image/jpeg");
}

TEST(SecurityMasking, SEC_4_TheComplainedUnitSeesNoIdentity) {
  const Organisation org = security_org();
  const auto d = complaint_about("housing");
  const auto seen = mask_for(unit_staff("housing"), d, org);
  EXPECT_EQ(disclosure_for(unit_staff("housing"), d, org), Disclosure::kWithheld);
  expect_no_identity(seen);
  EXPECT_EQ(seen.detail, d.detail);  // the matter itself stays: it must be handled
}

TEST(SecurityMasking, SEC_4_UnitsBelowTheComplainedUnitSeeNoIdentityEither) {
  const Organisation org = security_org();
  const auto d = complaint_about("housing");
  for (Role role : {Role::kUnitStaff, Role::kUnitAdministrator, Role::kApiClient}) {
    const Actor a{"x", role, "housing.repairs"};
    EXPECT_EQ(disclosure_for(a, d, org), Disclosure::kWithheld) << to_string(role);
    expect_no_identity(mask_for(a, d, org));
  }
}

TEST(SecurityMasking, SEC_4_OtherUnitsSeeMaskedIdentity) {
  const Organisation org = security_org();
  const auto seen = mask_for(unit_staff("district.heping"), complaint_about("housing"), org);
  EXPECT_EQ(seen.applicant.name, "张*");
  EXPECT_EQ(seen.applicant.phone, "138****5678");
  EXPECT_EQ(seen.applicant.address, "和平区南****");  // a third of 13 characters
  EXPECT_EQ(seen.applicant.email, "z****@example.cn");
  EXPECT_EQ(seen.applicant.source_account, "acct****");
  EXPECT_EQ(seen.attachments.size(), 2u);
}

TEST(SecurityMasking, SEC_1_MaskingPerRole) {
  const Organisation org = security_org();
  const auto d = complaint_about("housing");
  struct Row {
    Role role;
    std::string unit;
    Disclosure expected;
  };
  const std::vector<Row> table = {
      {Role::kAgent, "office", Disclosure::kFull},
      {Role::kDispatcher, "office", Disclosure::kFull},
      {Role::kVisitAgent, "office", Disclosure::kFull},
      {Role::kSupervisor, "office", Disclosure::kFull},
      {Role::kSystem, "office", Disclosure::kFull},
      {Role::kApplicant, "", Disclosure::kFull},
      {Role::kAdministrator, "office", Disclosure::kMasked},
      {Role::kAnalyst, "office", Disclosure::kNone},
      {Role::kSocialSupervisor, "office",
       Disclosure::kNone},  // EVA-4: the matter, never the person
      {Role::kUnitStaff, "water", Disclosure::kMasked},
      {Role::kUnitAdministrator, "water", Disclosure::kMasked},
      {Role::kApiClient, "water", Disclosure::kMasked},
      {Role::kUnitStaff, "housing", Disclosure::kWithheld},
  };
  for (const Row& row : table) {
    const Actor a{"x", row.role, row.unit};
    EXPECT_EQ(disclosure_for(a, d, org), row.expected) << to_string(row.role) << "@" << row.unit;
    const auto seen = mask_for(a, d, org);
    switch (row.expected) {
      case Disclosure::kFull:
        EXPECT_EQ(seen.applicant.phone, "13812345678");
        EXPECT_EQ(seen.applicant.name, "张三");
        break;
      case Disclosure::kMasked:
        EXPECT_EQ(seen.applicant.phone, "138****5678");
        EXPECT_EQ(seen.applicant.name, "张*");
        break;
      case Disclosure::kWithheld:
      case Disclosure::kNone:
        EXPECT_EQ(seen.applicant.phone, "");
        EXPECT_EQ(seen.applicant.name, "");
        EXPECT_EQ(seen.applicant.address, "");
        break;
    }
  }
}

TEST(SecurityMasking, SEC_1_ConfidentialRequestsWithholdIdentityFromUnits) {
  const Organisation org = security_org();
  auto d = complaint_about(std::nullopt);
  d.confidential = true;
  EXPECT_EQ(disclosure_for(unit_staff("water"), d, org), Disclosure::kWithheld);
  EXPECT_EQ(disclosure_for(Actor{"a", Role::kAgent, "office"}, d, org), Disclosure::kFull);
}

TEST(SecurityMasking, SEC_4_RegistrationEventsAreMaskedToo) {
  const Organisation org = security_org();
  Event e;
  e.body = RequestRegistered{"R1", complaint_about("housing"), std::nullopt};
  const Event seen = mask_event(unit_staff("housing"), e, org);
  EXPECT_EQ(std::get<RequestRegistered>(seen.body).details.applicant.phone, "");
}

TEST(SecurityMasking, MasksCountCodePointsNotBytes) {
  EXPECT_EQ(mask_name("吉𠮷"), "吉*");
  EXPECT_EQ(mask_name("𠮷"), "*");
  EXPECT_EQ(mask_name("欧阳娜娜"), "欧***");
  EXPECT_EQ(mask_name("Li"), "L*");
  EXPECT_EQ(mask_name(""), "");
  EXPECT_EQ(mask_phone("13800000000"), "138****0000");
  EXPECT_EQ(mask_phone("022-23456789"), "022****6789");
  EXPECT_EQ(mask_phone("12345"), "****45");
  EXPECT_EQ(mask_address("𡒄𡒄𡒄𡒄𡒄𡒄"), "𡒄𡒄****");
  EXPECT_EQ(mask_email("𠮷wang@example.cn"), "𠮷****@example.cn");
  EXPECT_EQ(mask_email("not-an-address"), "****");
  EXPECT_EQ(mask_email(""), "");
}

TEST(SecurityMasking, INT_5_PhoneNumbersAreNormalisedForLookUp) {
  EXPECT_EQ(normalize_phone("138 0000 0000"), "13800000000");
  EXPECT_EQ(normalize_phone("+86-13800000000"), "13800000000");
  EXPECT_EQ(normalize_phone("008613800000000"), "13800000000");
  EXPECT_EQ(normalize_phone("(022) 2345-6789"), "02223456789");
  EXPECT_EQ(normalize_phone("138abc"), "");
  EXPECT_EQ(normalize_phone("12"), "");
}

TEST(SecurityMasking, HND_4_OnlyTheHandlingUnitMayRevealTheContact) {
  const Organisation org = security_org();
  WorkOrderState wo;
  wo.id = "R1-1";
  wo.request = "R1";
  wo.lead_unit = "district.heping";
  wo.assisting_units = {"water"};
  const auto d = complaint_about("housing");
  EXPECT_TRUE(may_reveal_contact(unit_staff("district.heping"), d, wo, org));
  EXPECT_FALSE(may_reveal_contact(unit_staff("water"), d, wo, org));  // assisting only
  EXPECT_FALSE(may_reveal_contact(unit_staff("housing"), d, wo, org));
  auto anonymous = d;
  anonymous.applicant.anonymous = true;
  EXPECT_FALSE(may_reveal_contact(unit_staff("district.heping"), anonymous, wo, org));
  wo.lead_unit = "housing";  // a complaint dispatched to the unit complained about
  EXPECT_FALSE(may_reveal_contact(unit_staff("housing"), d, wo, org));
}

}  // namespace
}  // namespace hotline
