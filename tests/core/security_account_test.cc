// SPEC: SEC-2 — accounts fit their role and unit; sessions expire.
#include <gtest/gtest.h>

#include "core/security/account.h"
#include "core/security_test_org.h"

namespace hotline {
namespace {

using testing::security_org;

Account account(std::string username, Role role, std::string unit) {
  Account a;
  a.id = username;
  a.username = std::move(username);
  a.display_name = "王芳";
  a.role = role;
  a.unit = std::move(unit);
  a.is_api_client = role == Role::kApiClient;
  return a;
}

TEST(SecurityAccount, SEC_2_RolesMustFitTheirUnit) {
  const Organisation org = security_org();
  EXPECT_TRUE(validate_account(account("agent.wang", Role::kAgent, "office"), org));
  EXPECT_TRUE(validate_account(account("analyst.zhao", Role::kAnalyst, "office"), org));
  EXPECT_TRUE(validate_account(account("hp.li", Role::kUnitStaff, "district.heping"), org));
  EXPECT_TRUE(validate_account(account("api.12328", Role::kApiClient, "office"), org));
  EXPECT_FALSE(validate_account(account("agent.x", Role::kAgent, "housing"), org));
  EXPECT_FALSE(validate_account(account("hp.x", Role::kUnitStaff, "office"), org));
  EXPECT_FALSE(validate_account(account("hp.y", Role::kUnitStaff, "nowhere"), org));
  EXPECT_FALSE(validate_account(account("app.z", Role::kApplicant, ""), org));
  auto not_flagged = account("api.w", Role::kApiClient, "water");
  not_flagged.is_api_client = false;
  EXPECT_FALSE(validate_account(not_flagged, org));
}

TEST(SecurityAccount, SEC_2_UsernamesAndPasswordsAreChecked) {
  EXPECT_TRUE(validate_username("agent.wang"));
  EXPECT_FALSE(validate_username("Agent"));
  EXPECT_FALSE(validate_username("王芳"));
  EXPECT_FALSE(validate_username(".x"));
  EXPECT_FALSE(validate_username("a"));
  EXPECT_TRUE(validate_password("𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷"));  // ten code points
  EXPECT_FALSE(validate_password("short"));
  EXPECT_FALSE(validate_password(std::string(2000, 'x')));
}

TEST(SecurityAccount, SEC_2_SessionsEndAtExpiryOrWhenIdle) {
  const SessionPolicy p;
  const Instant t0 = *parse_iso8601("2026-03-02T08:00:00+08:00");
  SessionRecord s;
  s.created_at = s.last_seen = t0;
  s.expires_at = t0 + p.lifetime;
  EXPECT_TRUE(session_is_live(s, t0 + Seconds{60}, p));
  EXPECT_FALSE(session_is_live(s, t0 + p.idle_timeout, p));
  s.last_seen = t0 + p.lifetime - Seconds{10};
  EXPECT_FALSE(session_is_live(s, t0 + p.lifetime, p));
}

}  // namespace
}  // namespace hotline
