// SPEC: SEC-2, INT-5 — sign-in with Argon2id passwords, throttling, session
// tokens and API keys stored only as hashes, disabled accounts, applicants'
// look-up by request number and phone.
#include <gtest/gtest.h>

#include "adapters/security_fixture.h"
#include "core/clock.h"
#include "core/security/applicant_lookup.h"
#include "core/security/authenticator.h"
#include "support/event_samples.h"

namespace hotline {
namespace {

using testing::at;

Organisation org() {
  Unit office{"office", "天津市便民专线服务中心", UnitKind::kHotlineOffice, {}, "", "", true};
  Unit heping{"district.heping", "和平区人民政府", UnitKind::kDistrictGovernment, {}, "", "", true};
  return *Organisation::create({office, heping});
}

class SecurityStoreAuth : public testing::SecurityFixture {
 protected:
  void SetUp() override {
    SecurityFixture::SetUp();
    open();
    Account a;
    a.username = "agent.wang";
    a.display_name = "王芳";
    a.role = Role::kAgent;
    a.unit = "office";
    ASSERT_TRUE(add_account(*security_, credentials_, organisation_, a,
                            std::string_view("correct horse battery"), clock_.now()));
  }

  Authenticator authenticator(SecurityPolicy policy = {}) {
    return Authenticator(*security_, credentials_, clock_, security_.get(), policy);
  }

  FakeClock clock_{at("2026-03-02T08:00:00+08:00")};
  SodiumCredentials credentials_ = fast_credentials();
  Organisation organisation_ = org();
};

TEST_F(SecurityStoreAuth, SEC_2_LoginGivesATokenThatAuthenticates) {
  auto auth = authenticator();
  auto login = auth.login("agent.wang", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(login) << login.error().message;
  EXPECT_TRUE(login->token.starts_with(kSessionTokenPrefix));
  EXPECT_EQ(login->principal.actor.id, "agent.wang");
  EXPECT_EQ(login->principal.actor.role, Role::kAgent);
  auto who = auth.authenticate(login->token, "10.0.0.1");
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ(who->actor.unit, "office");
  EXPECT_EQ(who->display_name, "王芳");
  ASSERT_TRUE(auth.logout(login->token, "10.0.0.1"));
  auto after = auth.authenticate(login->token, "10.0.0.1");
  ASSERT_FALSE(after);
  EXPECT_TRUE(is_authentication_failure(after.error()));
}

TEST_F(SecurityStoreAuth, SEC_2_TokensAndPasswordsAreNeverStoredInPlaintext) {
  auto auth = authenticator();
  auto login = auth.login("agent.wang", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(login);
  auto key =
      create_api_key(*security_, credentials_, organisation_, "12328", "office", clock_.now());
  ASSERT_TRUE(key);
  close();
  const std::string bytes = file_bytes();
  const std::string secret_part = login->token.substr(kSessionTokenPrefix.size());
  EXPECT_EQ(bytes.find(secret_part), std::string::npos);
  EXPECT_EQ(bytes.find(key->key.substr(kApiKeyPrefix.size())), std::string::npos);
  EXPECT_EQ(bytes.find("correct horse battery"), std::string::npos);
  EXPECT_NE(bytes.find(credentials_.secret_hash(login->token)), std::string::npos);
}

TEST_F(SecurityStoreAuth, SEC_2_WrongPasswordAndUnknownUserAnswerAlike) {
  auto auth = authenticator();
  auto wrong = auth.login("agent.wang", "wrong password!", "10.0.0.1");
  auto unknown = auth.login("agent.nobody", "wrong password!", "10.0.0.1");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_TRUE(is_authentication_failure(wrong.error()));
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(SecurityStoreAuth, SEC_2_RepeatedFailuresLockTheUsernameFromThatSourceOnly) {
  auto auth = authenticator();
  for (int i = 0; i < 5; ++i) {
    ASSERT_FALSE(auth.login("agent.wang", "wrong password!", "10.0.0.9"));
    clock_.advance(Seconds{10});
  }
  auto locked = auth.login("agent.wang", "correct horse battery", "10.0.0.9");
  ASSERT_FALSE(locked);
  EXPECT_TRUE(is_throttled(locked.error()));
  // The agent at their own desk still signs in: no lock-out for everyone.
  EXPECT_TRUE(auth.login("agent.wang", "correct horse battery", "10.0.0.1"));
  clock_.advance(Seconds{15 * 60});
  EXPECT_TRUE(auth.login("agent.wang", "correct horse battery", "10.0.0.9"));
}

TEST_F(SecurityStoreAuth, SEC_2_ASuccessfulSignInClearsEarlierFailures) {
  auto auth = authenticator();
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(auth.login("agent.wang", "wrong password!", "h"));
  ASSERT_TRUE(auth.login("agent.wang", "correct horse battery", "h"));
  ASSERT_FALSE(auth.login("agent.wang", "wrong password!", "h"));
  EXPECT_TRUE(auth.login("agent.wang", "correct horse battery", "h"));
}

TEST_F(SecurityStoreAuth, SEC_2_SessionsExpireAndDisabledAccountsAreSignedOut) {
  auto auth = authenticator();
  auto login = auth.login("agent.wang", "correct horse battery", "h");
  ASSERT_TRUE(login);
  clock_.advance(auth.policy().session.idle_timeout);
  EXPECT_FALSE(auth.authenticate(login->token, "h"));  // idle too long

  login = auth.login("agent.wang", "correct horse battery", "h");
  ASSERT_TRUE(login);
  ASSERT_TRUE(security_->set_active("agent.wang", false, clock_.now()));
  EXPECT_FALSE(auth.authenticate(login->token, "h"));
  EXPECT_FALSE(auth.login("agent.wang", "correct horse battery", "h"));
}

TEST_F(SecurityStoreAuth, SEC_2_ApiKeysAuthenticateUntilRevoked) {
  auto auth = authenticator();
  auto key = create_api_key(*security_, credentials_, organisation_, "heping-system",
                            "district.heping", clock_.now());
  ASSERT_TRUE(key) << key.error().message;
  auto who = auth.authenticate_api_key(key->key, "10.1.1.1");
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ(who->actor.role, Role::kApiClient);
  EXPECT_EQ(who->actor.unit, "district.heping");
  EXPECT_TRUE(who->via_api_key);
  // An API client has no password to sign in with.
  EXPECT_FALSE(auth.login("api.heping-system", "", "h"));
  EXPECT_FALSE(auth.authenticate_api_key(key->key + "x", "h"));
  EXPECT_FALSE(auth.authenticate_api_key("hls_" + key->key.substr(4), "h"));  // not a key
  ASSERT_TRUE(security_->revoke_api_key(key->record.id, clock_.now()));
  EXPECT_FALSE(auth.authenticate_api_key(key->key, "h"));
}

TEST_F(SecurityStoreAuth, SEC_2_SignInsAreAuditedWithoutSecrets) {
  auto auth = authenticator();
  ASSERT_FALSE(auth.login("agent.wang", "wrong password!", "10.0.0.1"));
  ASSERT_TRUE(auth.login("agent.wang", "correct horse battery", "10.0.0.1"));
  auto entries = security_->read(0, 100);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].record.action, "login");
  EXPECT_FALSE((*entries)[0].record.success);
  EXPECT_TRUE((*entries)[1].record.success);
  EXPECT_EQ((*entries)[1].record.actor.id, "agent.wang");
  EXPECT_EQ((*entries)[1].record.remote, "10.0.0.1");
  for (const auto& e : *entries) {
    EXPECT_EQ(canonical_audit_entry(e.record).find("password"), std::string::npos);
  }
}

TEST_F(SecurityStoreAuth, INT_5_ApplicantsSignInWithNumberAndPhone) {
  RequestRegistered registered{"R2026030200000001", testing::sample_details(), std::nullopt};
  ASSERT_TRUE(work_orders_->append(
      {StreamAppend{
          "R2026030200000001", 0, {testing::make_event("R2026030200000001", 1, registered)}}},
      {}));
  ApplicantLookup lookup(*work_orders_, nullptr, nullptr);
  auto auth = authenticator();
  auto ok = auth.applicant_login(lookup, "R2026030200000001", "+86 138-0000-0000", "1.2.3.4");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->principal.actor.role, Role::kApplicant);
  EXPECT_EQ(ok->principal.scope, "R2026030200000001");
  auto who = auth.authenticate(ok->token, "1.2.3.4");
  ASSERT_TRUE(who);
  EXPECT_EQ(who->scope, "R2026030200000001");
  EXPECT_FALSE(auth.applicant_login(lookup, "R2026030200000001", "13800000001", "1.2.3.4"));
  EXPECT_FALSE(auth.applicant_login(lookup, "R2026030200000002", "13800000000", "1.2.3.4"));
  for (int i = 0; i < 5; ++i) {
    (void)auth.applicant_login(lookup, "R2026030200000001", "13900000000", "6.6.6.6");
  }
  auto locked = auth.applicant_login(lookup, "R2026030200000001", "13800000000", "6.6.6.6");
  ASSERT_FALSE(locked);
  EXPECT_TRUE(is_throttled(locked.error()));
}

}  // namespace
}  // namespace hotline
