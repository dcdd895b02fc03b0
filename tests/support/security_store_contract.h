#pragma once
// The contract of the security store: the SecurityStore port
// (core/ports/security_store.h) and the AuditLog port it keeps too
// (core/ports/audit_log.h), as a typed gtest suite every implementation
// runs: SQLite in adapter_tests (tests/adapters/security_store_contract_sqlite_test.cc),
// PostgreSQL in pg_tests (tests/postgresql/pg_security_store_contract_test.cc).
// What only one implementation shows (several nodes on one database, a lost
// connection) stays in its own tests.
//
// An implementation instantiates it with a factory type:
//   struct MyFactory {
//     using Store = MySecurityStore;  // SecurityStore + AuditLog + verify_audit()
//     void set_up();                  // an empty database
//     // A store on that database (again: another connection, as another
//     // process or node would open it), chaining the audit log with `hasher`.
//     std::unique_ptr<Store> open(std::shared_ptr<const AuditHasher> hasher);
//     // The work-order store on the same database, its audit entries on the
//     // same chain.
//     std::unique_ptr<WorkOrderStore> open_work_orders(std::shared_ptr<const AuditHasher> hasher);
//     std::string stored_bytes();           // all the database holds (stores closed)
//     bool try_sql(const std::string& sql); // as a client of the database; false if refused
//     void tamper(const std::string& sql);  // the same, the log's triggers dropped first
//     void tear_down();
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(My, SecurityStoreContract, ::testing::Types<MyFactory>);
//
// SPEC: SEC-2 (accounts, sessions and API keys stored as hashes; throttled
// sign-in; the audit log append-only and hash-chained; a change and its entry
// commit together); INT-5 (applicants sign in with number and phone).

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/sodium/data_key.h"
#include "adapters/sodium/sodium_cipher.h"
#include "adapters/sodium/sodium_credentials.h"
#include "application/accounts.h"
#include "core/clock.h"
#include "core/ports/audit_log.h"
#include "core/ports/security_store.h"
#include "core/ports/work_order_store.h"
#include "core/security/applicant_lookup.h"
#include "core/security/authenticator.h"
#include "core/security/privacy_guard.h"
#include "support/event_samples.h"
#include "support/test_audit_hasher.h"

namespace hotline::testing {

inline DataKey contract_key(unsigned char fill) {
  std::array<unsigned char, DataKey::kSize> bytes{};
  bytes.fill(fill);
  return DataKey(bytes);
}

inline Organisation security_contract_org() {
  Unit office{"office", "天津市便民专线服务中心", UnitKind::kHotlineOffice, {}, "", "", true};
  Unit heping{"district.heping", "和平区人民政府", UnitKind::kDistrictGovernment, {}, "", "", true};
  Unit housing{"housing", "住建委𠮷", UnitKind::kMunicipalDepartment, {}, "", "", true};
  return *Organisation::create({office, heping, housing});
}

template <typename Factory>
class SecurityStoreContract : public ::testing::Test {
 protected:
  using Store = typename Factory::Store;

  void SetUp() override {
    factory_.set_up();
    open();
  }
  void TearDown() override {
    close();
    factory_.tear_down();
  }

  // (Re)opens the store; null: BLAKE2b unkeyed.
  void open(std::shared_ptr<const AuditHasher> hasher = nullptr) {
    store_.reset();
    if (!hasher) hasher = blake2b_;
    store_ = factory_.open(std::move(hasher));
    ASSERT_NE(store_, nullptr);
  }
  void close() {
    work_orders_.reset();
    store_.reset();
  }
  // The store with a keyed chain (key `fill`), as the platform runs it.
  void open_keyed(unsigned char fill = 3) {
    auto cipher = SodiumPersonalDataCipher::create(contract_key(fill));
    ASSERT_TRUE(cipher) << cipher.error().message;
    open(std::shared_ptr<const AuditHasher>((*cipher)->audit_hasher()));
  }

  Store& store() { return *store_; }

  // ---- Sign-in (the Authenticator over the store) ----------------------------
  void add_agent() {
    Account a;
    a.username = "agent.wang";
    a.display_name = "王芳𠮷";
    a.role = Role::kAgent;
    a.unit = "office";
    auto added = add_account(*store_, credentials_, org_, a,
                             std::string_view("correct horse battery"), clock_.now());
    ASSERT_TRUE(added) << added.error().message;
  }
  Authenticator authenticator(SecurityPolicy policy = {}) {
    return Authenticator(*store_, credentials_, clock_, store_.get(), policy);
  }

  // ---- Direct use of the port -------------------------------------------------
  static Account account(std::string id, std::string username, Role role = Role::kAgent,
                         std::string unit = "office") {
    Account a;
    a.id = std::move(id);
    a.username = std::move(username);
    a.display_name = "吉𠮷 " + a.id;
    a.role = role;
    a.unit = std::move(unit);
    return a;
  }
  static SessionRecord session(std::string token_hash, std::string account_id, Instant at,
                               Seconds lifetime = Seconds{3600}) {
    SessionRecord s;
    s.token_hash = std::move(token_hash);
    s.actor = Actor{account_id.empty() ? "applicant" : account_id,
                    account_id.empty() ? Role::kApplicant : Role::kAgent, "office"};
    s.account_id = std::move(account_id);
    s.scope = s.account_id.empty() ? "R2026030200000001" : "";
    s.remote = "10.0.0.1";
    s.created_at = at;
    s.expires_at = at + lifetime;
    s.last_seen = at;
    return s;
  }
  static ApiKeyRecord api_key(std::string id, std::string key_hash, std::string account_id,
                              Instant at) {
    ApiKeyRecord k;
    k.id = std::move(id);
    k.key_hash = std::move(key_hash);
    k.account_id = std::move(account_id);
    k.name = "和平区系统𡒄";
    k.created_at = at;
    return k;
  }

  // ---- The audit log ------------------------------------------------------------
  static AuditRecord audit_record(int i) {
    AuditRecord r;
    r.at = Instant{Seconds{1'772'400'000 + i}};
    r.actor = Actor{"agent.wang", Role::kAgent, "office"};
    r.action = "read-personal-data";
    r.target = "R202603020000000" + std::to_string(i);
    r.detail = "disclosure=full 吉𠮷";
    r.remote = "10.0.0.1";
    return r;
  }
  void append(int n) {
    for (int i = 1; i <= n; ++i) {
      auto e = store_->append(audit_record(i));
      ASSERT_TRUE(e) << e.error().message;
      EXPECT_EQ(e->sequence, i);
    }
  }
  std::vector<AuditEntry> entries() {
    auto read = store_->read(0, 1000);
    EXPECT_TRUE(read) << read.error().message;
    return read ? *read : std::vector<AuditEntry>{};
  }
  AuditVerification verify() {
    auto v = store_->verify_audit();
    EXPECT_TRUE(v) << v.error().message;
    return v ? *v : AuditVerification{};
  }

  Factory factory_;
  std::shared_ptr<const AuditHasher> blake2b_ = std::make_shared<Blake2bAuditHasher>();
  std::unique_ptr<Store> store_;
  std::unique_ptr<WorkOrderStore> work_orders_;
  FakeClock clock_{at("2026-03-02T08:00:00+08:00")};
  SodiumCredentials credentials_ = *SodiumCredentials::create(Argon2Limits::fastest_for_tests());
  Organisation org_ = security_contract_org();
};

TYPED_TEST_SUITE_P(SecurityStoreContract);

// ---- Sign-in: sessions, passwords, throttling, API keys ----------------------------

TYPED_TEST_P(SecurityStoreContract, SEC_2_LoginGivesATokenThatAuthenticates) {
  this->add_agent();
  auto auth = this->authenticator();
  auto login = auth.login("agent.wang", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(login) << login.error().message;
  EXPECT_TRUE(login->token.starts_with(kSessionTokenPrefix));
  EXPECT_EQ(login->principal.actor.id, "agent.wang");
  EXPECT_EQ(login->principal.actor.role, Role::kAgent);
  auto who = auth.authenticate(login->token, "10.0.0.1");
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ(who->actor.unit, "office");
  EXPECT_EQ(who->display_name, "王芳𠮷");
  ASSERT_TRUE(auth.logout(login->token, "10.0.0.1"));
  auto after = auth.authenticate(login->token, "10.0.0.1");
  ASSERT_FALSE(after);
  EXPECT_TRUE(is_authentication_failure(after.error()));
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_TokensAndPasswordsAreNeverStoredInPlaintext) {
  this->add_agent();
  auto auth = this->authenticator();
  auto login = auth.login("agent.wang", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(login);
  auto key = create_api_key(this->store(), this->credentials_, this->org_, "12328", "office",
                            this->clock_.now());
  ASSERT_TRUE(key);
  this->close();
  const std::string bytes = this->factory_.stored_bytes();
  ASSERT_NE(bytes.find("agent.wang"), std::string::npos) << "the dump holds the accounts";
  EXPECT_EQ(bytes.find(login->token.substr(kSessionTokenPrefix.size())), std::string::npos);
  EXPECT_EQ(bytes.find(key->key.substr(kApiKeyPrefix.size())), std::string::npos);
  EXPECT_EQ(bytes.find("correct horse battery"), std::string::npos);
  EXPECT_NE(bytes.find(this->credentials_.secret_hash(login->token)), std::string::npos);
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_WrongPasswordAndUnknownUserAnswerAlike) {
  this->add_agent();
  auto auth = this->authenticator();
  auto wrong = auth.login("agent.wang", "wrong password!", "10.0.0.1");
  auto unknown = auth.login("agent.nobody", "wrong password!", "10.0.0.1");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_TRUE(is_authentication_failure(wrong.error()));
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_RepeatedFailuresLockTheUsernameFromThatSourceOnly) {
  this->add_agent();
  auto auth = this->authenticator();
  for (int i = 0; i < 5; ++i) {
    ASSERT_FALSE(auth.login("agent.wang", "wrong password!", "10.0.0.9"));
    this->clock_.advance(Seconds{10});
  }
  auto locked = auth.login("agent.wang", "correct horse battery", "10.0.0.9");
  ASSERT_FALSE(locked);
  EXPECT_TRUE(is_throttled(locked.error()));
  // The agent at their own desk still signs in: no lock-out for everyone.
  EXPECT_TRUE(auth.login("agent.wang", "correct horse battery", "10.0.0.1"));
  this->clock_.advance(Seconds{15 * 60});
  EXPECT_TRUE(auth.login("agent.wang", "correct horse battery", "10.0.0.9"));
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_ASuccessfulSignInClearsEarlierFailures) {
  this->add_agent();
  auto auth = this->authenticator();
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(auth.login("agent.wang", "wrong password!", "h"));
  ASSERT_TRUE(auth.login("agent.wang", "correct horse battery", "h"));
  ASSERT_FALSE(auth.login("agent.wang", "wrong password!", "h"));
  EXPECT_TRUE(auth.login("agent.wang", "correct horse battery", "h"));
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_SessionsExpireAndDisabledAccountsAreSignedOut) {
  this->add_agent();
  auto auth = this->authenticator();
  auto login = auth.login("agent.wang", "correct horse battery", "h");
  ASSERT_TRUE(login);
  this->clock_.advance(auth.policy().session.idle_timeout);
  EXPECT_FALSE(auth.authenticate(login->token, "h"));  // idle too long

  login = auth.login("agent.wang", "correct horse battery", "h");
  ASSERT_TRUE(login);
  ASSERT_TRUE(this->store().set_active("agent.wang", false, this->clock_.now()));
  EXPECT_FALSE(auth.authenticate(login->token, "h"));
  EXPECT_FALSE(auth.login("agent.wang", "correct horse battery", "h"));
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_ApiKeysAuthenticateUntilRevoked) {
  auto auth = this->authenticator();
  auto key = create_api_key(this->store(), this->credentials_, this->org_, "heping-system",
                            "district.heping", this->clock_.now());
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
  ASSERT_TRUE(this->store().revoke_api_key(key->record.id, this->clock_.now()));
  EXPECT_FALSE(auth.authenticate_api_key(key->key, "h"));
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_SignInsAreAuditedWithoutSecrets) {
  this->add_agent();
  auto auth = this->authenticator();
  ASSERT_FALSE(auth.login("agent.wang", "wrong password!", "10.0.0.1"));
  ASSERT_TRUE(auth.login("agent.wang", "correct horse battery", "10.0.0.1"));
  const auto log = this->entries();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].record.action, "login");
  EXPECT_FALSE(log[0].record.success);
  EXPECT_TRUE(log[1].record.success);
  EXPECT_EQ(log[1].record.actor.id, "agent.wang");
  EXPECT_EQ(log[1].record.remote, "10.0.0.1");
  for (const auto& e : log) {
    EXPECT_EQ(canonical_audit_entry(e.record).find("password"), std::string::npos);
  }
}

TYPED_TEST_P(SecurityStoreContract, INT_5_ApplicantsSignInWithNumberAndPhone) {
  this->work_orders_ = this->factory_.open_work_orders(this->blake2b_);
  ASSERT_NE(this->work_orders_, nullptr);
  RequestRegistered registered{"R2026030200000001", sample_details(), std::nullopt};
  ASSERT_TRUE(this->work_orders_->append(
      {StreamAppend{"R2026030200000001", 0, {make_event("R2026030200000001", 1, registered)}}},
      {}));
  ApplicantLookup lookup(*this->work_orders_, nullptr, nullptr);
  auto auth = this->authenticator();
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

// ---- Accounts, sessions, keys and attempts, through the port alone ----------------

TYPED_TEST_P(SecurityStoreContract, SEC_2_AccountsRoundTripAndListInByteOrder) {
  auto& s = this->store();
  const Instant t = this->clock_.now();
  // Byte order, whatever the database's collation: upper case before lower,
  // '-' before '.', CJK last.
  for (const char* name : {"zhang.san", "王𠮷", "agent.a", "Zhao.li", "agent-b"}) {
    ASSERT_TRUE(s.create_account(this->account(std::string("id.") + name, name), "$argon2id$x", t));
  }
  Account client = this->account("api.12328", "api.12328", Role::kApiClient, "district.heping");
  client.is_api_client = true;
  ASSERT_TRUE(s.create_account(client, "", t));
  auto listed = s.list_accounts();
  ASSERT_TRUE(listed) << listed.error().message;
  std::vector<std::string> names;
  for (const Account& a : *listed) names.push_back(a.username);
  EXPECT_EQ(names, (std::vector<std::string>{"Zhao.li", "agent-b", "agent.a", "api.12328",
                                             "zhang.san", "王𠮷"}));
  auto found = s.find_account_by_username("王𠮷");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, "id.王𠮷");
  EXPECT_EQ((*found)->display_name, "吉𠮷 id.王𠮷");
  EXPECT_TRUE((*found)->active);
  EXPECT_FALSE((*found)->is_api_client);
  auto by_id = s.find_account("api.12328");
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->role, Role::kApiClient);
  EXPECT_EQ((*by_id)->unit, "district.heping");
  EXPECT_TRUE((*by_id)->is_api_client);
  EXPECT_FALSE(*s.find_account("nobody"));
  EXPECT_FALSE(*s.find_account_by_username("Agent.a"));  // exact, case and all
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_ATakenIdOrUsernameIsAConflict) {
  auto& s = this->store();
  const Instant t = this->clock_.now();
  ASSERT_TRUE(s.create_account(this->account("a1", "agent.li"), "h1", t));
  auto same_id = s.create_account(this->account("a1", "agent.zhou"), "h2", t);
  ASSERT_FALSE(same_id);
  EXPECT_EQ(same_id.error().code, ErrorCode::kConflict);
  auto same_name = s.create_account(this->account("a2", "agent.li"), "h2", t);
  ASSERT_FALSE(same_name);
  EXPECT_EQ(same_name.error().code, ErrorCode::kConflict);
  EXPECT_EQ(s.list_accounts()->size(), 1u);
  EXPECT_EQ(*s.password_hash("a1"), "h1");
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_AnUnknownAccountCannotBeChangedOrDisabled) {
  auto& s = this->store();
  auto updated = s.update_account(this->account("ghost", "ghost"), this->clock_.now());
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
  auto disabled = s.set_active("ghost", false, this->clock_.now());
  ASSERT_FALSE(disabled);
  EXPECT_EQ(disabled.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*s.password_hash("ghost"), "");
  EXPECT_TRUE(s.list_accounts()->empty());
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_AChangedAccountKeepsItsNameAndLosesItsSessions) {
  auto& s = this->store();
  const Instant t = this->clock_.now();
  ASSERT_TRUE(s.create_account(this->account("a1", "agent.li"), "h1", t));
  ASSERT_TRUE(s.create_session(this->session("tok-1", "a1", t)));
  ASSERT_TRUE(s.create_session(this->session("tok-applicant", "", t)));
  Account changed = this->account("a1", "renamed.ignored", Role::kUnitStaff, "housing");
  changed.display_name = "李𡒄";
  changed.is_api_client = true;  // the kind stays
  ASSERT_TRUE(s.update_account(changed, t + Seconds{60}));
  auto a = *s.find_account("a1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->username, "agent.li");
  EXPECT_EQ(a->display_name, "李𡒄");
  EXPECT_EQ(a->role, Role::kUnitStaff);
  EXPECT_EQ(a->unit, "housing");
  EXPECT_FALSE(a->is_api_client);
  EXPECT_FALSE(*s.find_session("tok-1"));
  EXPECT_TRUE(*s.find_session("tok-applicant"));  // not the account's
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_DisablingEndsSessionsAndRevokesKeysForGood) {
  auto& s = this->store();
  const Instant t = this->clock_.now();
  ASSERT_TRUE(s.create_account(this->account("a1", "agent.li"), "h1", t));
  ASSERT_TRUE(s.create_account(this->account("a2", "agent.zhou"), "h2", t));
  ASSERT_TRUE(s.create_session(this->session("tok-1", "a1", t)));
  ASSERT_TRUE(s.create_session(this->session("tok-2", "a2", t)));
  ASSERT_TRUE(s.create_api_key(this->api_key("key-1", "kh-1", "a1", t)));
  ASSERT_TRUE(s.create_api_key(this->api_key("key-2", "kh-2", "a2", t)));
  const Instant off = t + Seconds{300};
  ASSERT_TRUE(s.set_active("a1", false, off));
  EXPECT_FALSE((*s.find_account("a1"))->active);
  EXPECT_FALSE(*s.find_session("tok-1"));
  EXPECT_TRUE(*s.find_session("tok-2"));
  auto revoked = *s.find_api_key("kh-1");
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->revoked_at, off);
  EXPECT_FALSE((*s.find_api_key("kh-2"))->revoked_at);
  // Enabling again does not bring a revoked key back.
  ASSERT_TRUE(s.set_active("a1", true, off + Seconds{60}));
  EXPECT_TRUE((*s.find_account("a1"))->active);
  EXPECT_EQ((*s.find_api_key("kh-1"))->revoked_at, off);
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_PasswordHashesAreReplacedAndSessionsEndedOnRequest) {
  auto& s = this->store();
  const Instant t = this->clock_.now();
  ASSERT_TRUE(s.create_account(this->account("a1", "agent.li"), "$argon2id$old", t));
  ASSERT_TRUE(s.create_session(this->session("tok-1", "a1", t)));
  ASSERT_TRUE(s.create_session(this->session("tok-2", "a1", t)));
  ASSERT_TRUE(s.set_password_hash("a1", "$argon2id$new"));
  EXPECT_EQ(*s.password_hash("a1"), "$argon2id$new");
  EXPECT_TRUE(*s.find_session("tok-1"));  // a new hash alone signs nobody out
  ASSERT_TRUE(s.end_sessions("a1"));
  EXPECT_FALSE(*s.find_session("tok-1"));
  EXPECT_FALSE(*s.find_session("tok-2"));
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_SessionsAreFoundTouchedAndExpired) {
  auto& s = this->store();
  const Instant t = this->clock_.now();
  ASSERT_TRUE(s.create_account(this->account("a1", "agent.li"), "h", t));
  ASSERT_TRUE(s.create_session(this->session("tok-short", "a1", t, Seconds{60})));
  ASSERT_TRUE(s.create_session(this->session("tok-mid", "a1", t, Seconds{120})));
  ASSERT_TRUE(s.create_session(this->session("tok-applicant", "", t, Seconds{3600})));
  auto again = s.create_session(this->session("tok-short", "a1", t));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);

  auto applicant = *s.find_session("tok-applicant");
  ASSERT_TRUE(applicant);
  EXPECT_EQ(applicant->account_id, "");
  EXPECT_EQ(applicant->actor.role, Role::kApplicant);
  EXPECT_EQ(applicant->scope, "R2026030200000001");
  EXPECT_EQ(applicant->remote, "10.0.0.1");
  EXPECT_EQ(applicant->created_at, t);
  EXPECT_EQ(applicant->expires_at, t + Seconds{3600});

  ASSERT_TRUE(s.touch_session("tok-applicant", t + Seconds{30}));
  EXPECT_EQ((*s.find_session("tok-applicant"))->last_seen, t + Seconds{30});
  ASSERT_TRUE(s.touch_session("tok-unknown", t));  // nothing to touch

  // Expired at `now` when expires_at <= now.
  auto expired = s.delete_expired_sessions(t + Seconds{120});
  ASSERT_TRUE(expired) << expired.error().message;
  EXPECT_EQ(*expired, 2);
  EXPECT_FALSE(*s.find_session("tok-short"));
  EXPECT_FALSE(*s.find_session("tok-mid"));
  EXPECT_EQ(*s.delete_expired_sessions(t + Seconds{120}), 0);
  ASSERT_TRUE(s.delete_session("tok-applicant"));
  EXPECT_FALSE(*s.find_session("tok-applicant"));
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_ApiKeysListInCreationOrderAndAreRevokedOnce) {
  auto& s = this->store();
  const Instant t = this->clock_.now();
  ASSERT_TRUE(s.create_account(this->account("api.a", "api.a", Role::kApiClient), "", t));
  ASSERT_TRUE(s.create_api_key(this->api_key("key-a", "kh-a", "api.a", t)));
  ASSERT_TRUE(s.create_api_key(this->api_key("key-B", "kh-B", "api.a", t)));
  ASSERT_TRUE(s.create_api_key(this->api_key("key-0", "kh-0", "api.a", t - Seconds{1})));
  auto same_hash = s.create_api_key(this->api_key("key-c", "kh-a", "api.a", t));
  ASSERT_FALSE(same_hash);
  EXPECT_EQ(same_hash.error().code, ErrorCode::kConflict);
  // A key for no account is refused.
  EXPECT_FALSE(s.create_api_key(this->api_key("key-d", "kh-d", "nobody", t)));

  auto listed = s.list_api_keys();
  ASSERT_TRUE(listed) << listed.error().message;
  std::vector<std::string> ids;
  for (const ApiKeyRecord& k : *listed) ids.push_back(k.id);
  // By time, then id in byte order (upper case first).
  EXPECT_EQ(ids, (std::vector<std::string>{"key-0", "key-B", "key-a"}));
  EXPECT_EQ((*listed)[1].name, "和平区系统𡒄");
  EXPECT_EQ((*listed)[1].account_id, "api.a");
  EXPECT_EQ((*listed)[1].created_at, t);
  EXPECT_FALSE((*listed)[1].revoked_at);

  ASSERT_TRUE(s.revoke_api_key("key-B", t + Seconds{5}));
  EXPECT_EQ((*s.find_api_key("kh-B"))->revoked_at, t + Seconds{5});
  auto twice = s.revoke_api_key("key-B", t + Seconds{9});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kNotFound);
  EXPECT_EQ((*s.find_api_key("kh-B"))->revoked_at, t + Seconds{5});
  auto unknown = s.revoke_api_key("key-none", t);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(*s.find_api_key("kh-none"));
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_FailuresCountSinceTheLastSuccessOfThePair) {
  auto& s = this->store();
  const Instant t = this->clock_.now();
  auto attempt = [&](const char* subject, const char* remote, int second, bool ok) {
    ASSERT_TRUE(s.record_attempt(subject, remote, t + Seconds{second}, ok));
  };
  attempt("agent.li", "10.0.0.1", 1, false);
  attempt("agent.li", "10.0.0.1", 2, true);
  attempt("agent.li", "10.0.0.1", 3, false);
  attempt("agent.li", "10.0.0.1", 4, false);
  attempt("agent.li", "10.0.0.2", 5, false);
  attempt("request:R1", "10.0.0.1", 6, false);
  attempt("王𠮷", "10.0.0.1", 7, false);

  EXPECT_EQ(*s.failures("agent.li", "10.0.0.1", t),
            (std::vector<Instant>{t + Seconds{3}, t + Seconds{4}}));
  EXPECT_EQ(*s.failures("agent.li", "10.0.0.1", t + Seconds{4}),
            (std::vector<Instant>{t + Seconds{4}}));
  EXPECT_EQ(*s.failures("王𠮷", "10.0.0.1", t), (std::vector<Instant>{t + Seconds{7}}));
  EXPECT_TRUE(s.failures("agent.zhou", "10.0.0.1", t)->empty());
  EXPECT_EQ(*s.failures_from("10.0.0.1", t + Seconds{2}),
            (std::vector<Instant>{t + Seconds{3}, t + Seconds{4}, t + Seconds{6}, t + Seconds{7}}));
  EXPECT_EQ(*s.failures_from("10.0.0.2", t), (std::vector<Instant>{t + Seconds{5}}));

  ASSERT_TRUE(s.prune_attempts(t + Seconds{4}));
  EXPECT_EQ(*s.failures_from("10.0.0.1", t),
            (std::vector<Instant>{t + Seconds{4}, t + Seconds{6}, t + Seconds{7}}));
  // The success at 2 is gone too: what remains counts for the pair.
  EXPECT_EQ(*s.failures("agent.li", "10.0.0.1", t), (std::vector<Instant>{t + Seconds{4}}));
}

// Every store refuses text PostgreSQL cannot hold, before writing; a look-up
// by such a key finds nothing (PostgreSQL would cut it at the NUL).
TYPED_TEST_P(SecurityStoreContract, SEC_2_TextThatIsNotUtf8OrHoldsNulIsRefusedBeforeWriting) {
  auto& s = this->store();
  const Instant t = this->clock_.now();
  ASSERT_TRUE(s.create_account(this->account("a1", "agent.li"), "h", t));
  const std::string nul("agent.li\0x", 10);
  const std::string bad_utf8 = "agent.\xC3\x28";
  auto expect_refused = [](const Status& st) {
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(st.error().field, "text");
  };
  expect_refused(s.create_account(this->account("a2", nul), "h", t));
  expect_refused(s.create_account(this->account("a3", bad_utf8), "h", t));
  Account named = this->account("a1", "agent.li");
  named.display_name = std::string("李\0四", 7);
  expect_refused(s.update_account(named, t));
  expect_refused(s.set_password_hash("a1", std::string("h\0", 2)));
  SessionRecord with_nul = this->session("tok-1", "a1", t);
  with_nul.remote = std::string("10.0.0.1\0", 9);
  expect_refused(s.create_session(with_nul));
  expect_refused(s.create_api_key(this->api_key("key-1", std::string("kh\0", 3), "a1", t)));
  expect_refused(s.record_attempt(nul, "10.0.0.1", t, false));
  AuditRecord record = this->audit_record(1);
  record.detail = bad_utf8;
  auto appended = s.append(record);
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().code, ErrorCode::kInvalidArgument);

  EXPECT_EQ(s.list_accounts()->size(), 1u);
  EXPECT_EQ((*s.find_account("a1"))->display_name, "吉𠮷 a1");
  EXPECT_EQ(*s.password_hash("a1"), "h");
  EXPECT_FALSE(*s.find_session("tok-1"));
  EXPECT_TRUE(s.list_api_keys()->empty());
  EXPECT_TRUE(s.failures_from("10.0.0.1", t)->empty());
  EXPECT_TRUE(this->entries().empty());
  // Look-ups: nothing by such a key, and no error.
  auto by_name = s.find_account_by_username(nul);
  ASSERT_TRUE(by_name) << by_name.error().message;
  EXPECT_FALSE(*by_name);
  auto by_bad = s.find_account_by_username(bad_utf8);
  ASSERT_TRUE(by_bad) << by_bad.error().message;
  EXPECT_FALSE(*by_bad);
  auto by_id = s.find_account(std::string("a1\0", 3));
  ASSERT_TRUE(by_id) << by_id.error().message;
  EXPECT_FALSE(*by_id);
  EXPECT_EQ(*s.password_hash(std::string("a1\0", 3)), "");
}

// ---- The audit log (SEC-2) ----------------------------------------------------------

TYPED_TEST_P(SecurityStoreContract, SEC_2_AnIntactLogVerifies) {
  this->open_keyed();
  this->append(5);
  const auto v = this->verify();
  EXPECT_TRUE(v.intact()) << v.explanation;
  EXPECT_EQ(v.entries, 5);
  const auto log = this->entries();
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[4].record.detail, "disclosure=full 吉𠮷");
  EXPECT_EQ(log[4].record.at, this->audit_record(5).at);
  EXPECT_EQ(log[3].hash, log[4].prev_hash);
  auto page = this->store().read(2, 2);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].sequence, 3);
  EXPECT_EQ((*page)[1].sequence, 4);
  EXPECT_NE(*this->store().chain_algorithm(), this->blake2b_->algorithm());  // keyed
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_AnEmptyLogHasNoAlgorithmYet) {
  EXPECT_EQ(*this->store().chain_algorithm(), "");
  EXPECT_TRUE(this->verify().intact());
  this->append(1);
  EXPECT_EQ(*this->store().chain_algorithm(), this->blake2b_->algorithm());
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_TheLogRefusesUpdateAndDelete) {
  this->open_keyed();
  this->append(2);
  EXPECT_FALSE(this->factory_.try_sql("UPDATE audit_log SET target = 'x'"));
  EXPECT_FALSE(this->factory_.try_sql("DELETE FROM audit_log"));
  EXPECT_EQ(this->entries().size(), 2u);
  EXPECT_TRUE(this->verify().intact());
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_AnEditedEntryIsFound) {
  this->open_keyed();
  this->append(5);
  this->factory_.tamper("UPDATE audit_log SET actor_id = 'agent.li' WHERE sequence = 3");
  const auto v = this->verify();
  EXPECT_EQ(v.problem, AuditProblem::kEdited);
  EXPECT_EQ(v.bad_sequence, 3);
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_ADeletedEntryIsFound) {
  this->open_keyed();
  this->append(5);
  this->factory_.tamper("DELETE FROM audit_log WHERE sequence = 2");
  const auto v = this->verify();
  EXPECT_EQ(v.problem, AuditProblem::kRemoved);
  EXPECT_EQ(v.bad_sequence, 2);
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_ASwappedPairIsFound) {
  this->open_keyed();
  this->append(5);
  // Swap every column but the sequence of entries 2 and 3.
  this->factory_.tamper(
      "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE sequence IN (2, 3);"
      "UPDATE audit_log SET (at, actor_id, actor_role, actor_unit, action, target, detail, "
      "remote, success, prev_hash, hash) = (SELECT at, actor_id, actor_role, actor_unit, action, "
      "target, detail, remote, success, prev_hash, hash FROM t WHERE t.sequence = 5 - "
      "audit_log.sequence) WHERE sequence IN (2, 3);");
  const auto v = this->verify();
  EXPECT_EQ(v.problem, AuditProblem::kReordered);
  EXPECT_EQ(v.bad_sequence, 2);
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_AnEditWithARecomputedUnkeyedHashStillNeedsTheKey) {
  this->open_keyed();
  this->append(3);
  // The intruder recomputes entry 3's hash without the key: it does not match.
  const Blake2bAuditHasher unkeyed;
  const auto log = this->entries();
  ASSERT_EQ(log.size(), 3u);
  AuditRecord edited = log[2].record;
  edited.target = "R0";
  const std::string forged = unkeyed.chain(log[2].prev_hash, canonical_audit_entry(edited));
  this->factory_.tamper("UPDATE audit_log SET target = 'R0', hash = '" + forged +
                        "' WHERE sequence = 3");
  EXPECT_EQ(this->verify().problem, AuditProblem::kEdited);
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_VerifyingWithAnotherKeySaysSo) {
  this->open_keyed(3);
  this->append(1);
  this->open_keyed(4);
  auto verified = this->store().verify_audit();
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().field, "key");
  AuditRecord r;
  r.action = "x";
  EXPECT_FALSE(this->store().append(r));  // and appending would fork the chain
  EXPECT_EQ(this->entries().size(), 1u);
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_PersonalDataReadsAreAuditedBeforeDisclosure) {
  this->open_keyed();
  FakeClock clock(Instant{Seconds{1'772'400'000}});
  PrivacyGuard guard(this->store(), clock, this->org_);
  RequestDetails d;
  d.applicant = Applicant{false, "张𠮷", "13812345678", "南京路1号", std::string("housing")};
  auto full = guard.read_request(Actor{"agent.wang", Role::kAgent, "office"}, "10.0.0.1", "R1", d);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->applicant.phone, "13812345678");
  auto withheld =
      guard.read_request(Actor{"h.li", Role::kUnitStaff, "housing"}, "10.0.0.2", "R1", d);
  ASSERT_TRUE(withheld);
  EXPECT_EQ(withheld->applicant.phone, "");
  ASSERT_TRUE(guard.record_change(Actor{"h.li", Role::kUnitStaff, "housing"}, "10.0.0.2",
                                  "command:accept", "R1-1", true));
  const auto log = this->entries();
  ASSERT_EQ(log.size(), 2u);  // the withheld read disclosed nothing
  EXPECT_EQ(log[0].record.action, "read-personal-data");
  EXPECT_EQ(log[0].record.detail, "disclosure=full");
  EXPECT_EQ(log[0].record.remote, "10.0.0.1");
  EXPECT_EQ(log[1].record.action, "command:accept");
  EXPECT_EQ(log[1].record.actor.unit, "housing");
  EXPECT_TRUE(this->verify().intact());
}

// The work-order store's entries, committed with its events, and the
// security store's make one chain; an entry that cannot be chained keeps its
// events out.
TYPED_TEST_P(SecurityStoreContract, SEC_2_TheWorkOrderStoreAndTheSecurityStoreKeepOneChain) {
  this->work_orders_ = this->factory_.open_work_orders(this->blake2b_);
  ASSERT_NE(this->work_orders_, nullptr);
  ASSERT_TRUE(this->store().append(this->audit_record(1)));
  AuditRecord command = this->audit_record(2);
  command.action = "command:accept";
  command.target = "W1-1";
  auto appended = this->work_orders_->append(
      {StreamAppend{"W1-1", 0, {make_event("W1-1", 1, sample_body<WorkOrderAccepted>())}}}, {},
      {command});
  ASSERT_TRUE(appended) << appended.error().message;
  ASSERT_TRUE(this->store().append(this->audit_record(3)));
  const auto log = this->entries();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].record.action, "command:accept");
  EXPECT_EQ(log[1].prev_hash, log[0].hash);
  EXPECT_EQ(log[2].prev_hash, log[1].hash);
  EXPECT_TRUE(this->verify().intact());

  // A work-order store chaining with another function cannot write its
  // entry: the events do not stand.
  this->work_orders_.reset();
  this->work_orders_ = this->factory_.open_work_orders(std::make_shared<TestAuditHasher>());
  ASSERT_NE(this->work_orders_, nullptr);
  command.target = "W2-1";
  EXPECT_FALSE(this->work_orders_->append(
      {StreamAppend{"W2-1", 0, {make_event("W2-1", 1, sample_body<WorkOrderAccepted>())}}}, {},
      {command}));
  EXPECT_TRUE(this->work_orders_->load("W2-1")->empty());
  EXPECT_EQ(this->entries().size(), 3u);
}

// ---- A change and its entry commit together (atomically) -------------------------

TYPED_TEST_P(SecurityStoreContract, SEC_2_AtomicallyCommitsTheBodysCallsTogetherOrNotAtAll) {
  auto& s = this->store();
  const Instant t = this->clock_.now();
  // Committed: the account and the entry; the body reads its own writes.
  ASSERT_TRUE(s.atomically([&]() -> Status {
    if (auto st = s.create_account(this->account("a1", "agent.li"), "h", t); !st) return st;
    auto seen = s.find_account_by_username("agent.li");
    if (!seen || !*seen) return fail(Error::internal("the body does not see its own account"));
    auto entry = s.append(this->audit_record(1));
    if (!entry) return fail(entry.error());
    return {};
  }));
  EXPECT_TRUE(*s.find_account("a1"));
  EXPECT_EQ(this->entries().size(), 1u);

  // Rolled back: the body fails after both calls succeeded.
  auto failed = s.atomically([&]() -> Status {
    if (auto st = s.create_account(this->account("a2", "agent.zhou"), "h", t); !st) return st;
    if (auto entry = s.append(this->audit_record(2)); !entry) return fail(entry.error());
    return fail(Error::conflict("changed my mind"));
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(*s.find_account("a2"));
  EXPECT_EQ(this->entries().size(), 1u);

  // A call that fails inside the body is undone alone; the rest commits.
  ASSERT_TRUE(s.atomically([&]() -> Status {
    auto taken = s.create_account(this->account("a1", "agent.li"), "h", t);
    if (taken || taken.error().code != ErrorCode::kConflict) {
      return fail(Error::internal("a taken id was not a conflict"));
    }
    if (auto st = s.create_account(this->account("a3", "agent.sun"), "h", t); !st) return st;
    return s.atomically([&]() -> Status {  // nested: part of the same transaction
      return s.set_active("a3", false, t);
    });
  }));
  auto a3 = *s.find_account("a3");
  ASSERT_TRUE(a3);
  EXPECT_FALSE(a3->active);
  EXPECT_EQ(s.list_accounts()->size(), 2u);
  const auto log = this->entries();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_TRUE(this->verify().intact());
}

// The Accounts use case: an account and its entry commit in one transaction
// of the store that holds the audit log too (issue 9, item 7).
TYPED_TEST_P(SecurityStoreContract, SEC_2_AnAccountAndItsEntryCommitTogether) {
  PrivacyGuard guard(this->store(), this->clock_, this->org_);
  Accounts accounts(
      AccountsContext{this->store(), this->credentials_, this->org_, this->clock_, {}}, &guard);
  auto create = [&](const std::string& username) {
    OperationCall call;
    call.actor = Actor{"admin", Role::kAdministrator, "office"};
    call.remote = "10.0.0.9";
    call.body = {{"username", username},
                 {"display_name", "王𠮷"},
                 {"role", "agent"},
                 {"unit", "office"},
                 {"password", "Correct-Horse-2026"}};
    return accounts.execute(account_ops::CreateAccount::kSpec.name, call);
  };
  auto created = create("agent.new");
  ASSERT_TRUE(created) << created.error().describe();
  auto found = this->store().find_account_by_username("agent.new");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->display_name, "王𠮷");
  auto log = this->entries();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].record.action, "command:account-create");
  EXPECT_TRUE(log[0].record.success);
  // A second account by the same name is refused, audited on its own.
  ASSERT_FALSE(create("agent.new"));
  log = this->entries();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_FALSE(log[1].record.success);
  EXPECT_TRUE(this->verify().intact());
}

TYPED_TEST_P(SecurityStoreContract, SEC_2_NoAccountStandsWithoutItsAuditEntry) {
  // The log was started with BLAKE2b; a process chaining with another
  // function cannot write the entry, so the account must not be created.
  AuditRecord first;
  first.at = this->clock_.now();
  first.actor = Actor{"admin", Role::kAdministrator, "office"};
  first.action = "login";
  first.target = "admin";
  ASSERT_TRUE(this->store().append(first));
  this->open(std::make_shared<TestAuditHasher>());
  PrivacyGuard guard(this->store(), this->clock_, this->org_);
  Accounts accounts(
      AccountsContext{this->store(), this->credentials_, this->org_, this->clock_, {}}, &guard);
  OperationCall call;
  call.actor = Actor{"admin", Role::kAdministrator, "office"};
  call.remote = "10.0.0.9";
  call.body = {{"username", "agent.lost"},
               {"display_name", "王𠮷"},
               {"role", "agent"},
               {"unit", "office"},
               {"password", "Correct-Horse-2026"}};
  ASSERT_FALSE(accounts.execute(account_ops::CreateAccount::kSpec.name, call));
  auto found = this->store().find_account_by_username("agent.lost");
  ASSERT_TRUE(found) << found.error().describe();
  EXPECT_FALSE(*found) << "the account stood without its audit entry";
}

REGISTER_TYPED_TEST_SUITE_P(
    SecurityStoreContract, SEC_2_LoginGivesATokenThatAuthenticates,
    SEC_2_TokensAndPasswordsAreNeverStoredInPlaintext, SEC_2_WrongPasswordAndUnknownUserAnswerAlike,
    SEC_2_RepeatedFailuresLockTheUsernameFromThatSourceOnly,
    SEC_2_ASuccessfulSignInClearsEarlierFailures,
    SEC_2_SessionsExpireAndDisabledAccountsAreSignedOut, SEC_2_ApiKeysAuthenticateUntilRevoked,
    SEC_2_SignInsAreAuditedWithoutSecrets, INT_5_ApplicantsSignInWithNumberAndPhone,
    SEC_2_AccountsRoundTripAndListInByteOrder, SEC_2_ATakenIdOrUsernameIsAConflict,
    SEC_2_AnUnknownAccountCannotBeChangedOrDisabled,
    SEC_2_AChangedAccountKeepsItsNameAndLosesItsSessions,
    SEC_2_DisablingEndsSessionsAndRevokesKeysForGood,
    SEC_2_PasswordHashesAreReplacedAndSessionsEndedOnRequest,
    SEC_2_SessionsAreFoundTouchedAndExpired, SEC_2_ApiKeysListInCreationOrderAndAreRevokedOnce,
    SEC_2_FailuresCountSinceTheLastSuccessOfThePair,
    SEC_2_TextThatIsNotUtf8OrHoldsNulIsRefusedBeforeWriting, SEC_2_AnIntactLogVerifies,
    SEC_2_AnEmptyLogHasNoAlgorithmYet, SEC_2_TheLogRefusesUpdateAndDelete,
    SEC_2_AnEditedEntryIsFound, SEC_2_ADeletedEntryIsFound, SEC_2_ASwappedPairIsFound,
    SEC_2_AnEditWithARecomputedUnkeyedHashStillNeedsTheKey, SEC_2_VerifyingWithAnotherKeySaysSo,
    SEC_2_PersonalDataReadsAreAuditedBeforeDisclosure,
    SEC_2_TheWorkOrderStoreAndTheSecurityStoreKeepOneChain,
    SEC_2_AtomicallyCommitsTheBodysCallsTogetherOrNotAtAll,
    SEC_2_AnAccountAndItsEntryCommitTogether, SEC_2_NoAccountStandsWithoutItsAuditEntry);

}  // namespace hotline::testing
