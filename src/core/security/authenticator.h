#pragma once
// Sign-in and per-request authentication (issue 3, SEC-2 [M27]).
//
//   login            username + password → a session token (shown once) and
//                    the Principal; throttled per username and source
//                    (throttle.h); answers the same for an unknown user and
//                    a wrong password, after the same work.
//   authenticate     a session token → the Principal, or an authentication
//                    failure when unknown, expired, idle too long or the
//                    account is disabled.
//   authenticate_api_key  an API key of another system → its Principal.
//   applicant_login  INT-5: request number + the phone given at registration
//                    → a short session scoped to that request.
//
// Tokens and keys are stored only as hashes (credentials.h). Sign-ins,
// failures, lock-outs and sign-outs go to the audit log; no secret does.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/org/organisation.h"
#include "core/ports/audit_log.h"
#include "core/ports/credentials.h"
#include "core/ports/security_store.h"
#include "core/result.h"
#include "core/security/account.h"
#include "core/security/throttle.h"

namespace hotline {

class ApplicantLookup;

struct SecurityPolicy {
  ThrottlePolicy throttle;
  SessionPolicy session;
  PasswordPolicy password;
};

struct LoginResult {
  std::string token;  // hand to the client once; never log or store it
  Principal principal;
};

// Errors of this module, for the HTTP layer: authentication failures are
// 401, throttled attempts 429 (Error::field says which; see the .cc).
bool is_authentication_failure(const Error& e);
bool is_throttled(const Error& e);
// When a throttled attempt may be tried again (for Retry-After).
std::optional<Instant> throttled_until(const Error& e);

class Authenticator {
 public:
  // `audit` may be null only in tests of throttling alone.
  Authenticator(SecurityStore& store, const Credentials& credentials, const Clock& clock,
                AuditLog* audit, SecurityPolicy policy = {});

  Result<LoginResult> login(std::string_view username, std::string_view password,
                            std::string_view remote);
  Result<Principal> authenticate(std::string_view token, std::string_view remote);
  Result<Principal> authenticate_api_key(std::string_view key, std::string_view remote);
  Status logout(std::string_view token, std::string_view remote);

  Result<LoginResult> applicant_login(ApplicantLookup& lookup, std::string_view request_number,
                                      std::string_view phone, std::string_view remote);
  // INT-5 without a session: does `phone` belong to request `number`?
  // Throttled and audited like applicant_login; false for no match.
  Result<bool> verify_applicant(ApplicantLookup& lookup, std::string_view request_number,
                                std::string_view phone, std::string_view remote);

  const SecurityPolicy& policy() const { return policy_; }
  const Clock& clock() const { return clock_; }

 private:
  Status check_throttle(std::string_view subject, std::string_view remote, Instant now);
  Status audit(const Actor& actor, std::string_view action, std::string_view target,
               std::string_view remote, bool success, std::string detail = {});
  Result<LoginResult> open_session(Principal principal, std::string account_id,
                                   std::string_view remote, Seconds lifetime, Instant now);

  SecurityStore& store_;
  const Credentials& credentials_;
  const Clock& clock_;
  AuditLog* audit_;
  SecurityPolicy policy_;
  std::optional<std::string> dummy_hash_;  // for unknown usernames: same work as a real check
};

// ---- Administration (CLI `hotline user …`, `hotline apikey …`) ------------

// Creates an account after validating it against the organisation; a
// password is required for people and refused for API clients.
Result<Account> add_account(SecurityStore& store, const Credentials& credentials,
                            const Organisation& organisation, Account account,
                            std::optional<std::string_view> password, Instant at,
                            const PasswordPolicy& policy = {});

struct CreatedApiKey {
  std::string key;  // shown once
  ApiKeyRecord record;
  Account account;
};
// A new API key for `account_id` (an API-client account), or for a new
// API-client account "api.<name>" of `unit` when it does not exist yet.
Result<CreatedApiKey> create_api_key(SecurityStore& store, const Credentials& credentials,
                                     const Organisation& organisation, std::string_view name,
                                     std::string_view unit, Instant at);

inline constexpr std::string_view kSessionTokenPrefix = "hls_";
inline constexpr std::string_view kApiKeyPrefix = "hlk_";

}  // namespace hotline
