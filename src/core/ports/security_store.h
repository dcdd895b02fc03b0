#pragma once
// Storage of accounts, sessions, API keys and sign-in attempts (issue 3).
// Secrets are never stored: passwords as Argon2id hashes, session tokens and
// API keys as hashes (ports/credentials.h). Adapters: SqliteSecurityStore.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/security/account.h"

namespace hotline {

class SecurityStore {
 public:
  virtual ~SecurityStore() = default;

  // Runs `body` — its calls of this store, and audit entries the store
  // appends as the AuditLog too — as one transaction where the store can:
  // an administrative change and its audit entry commit together (SEC-2).
  virtual Status atomically(const std::function<Status()>& body) { return body(); }

  // ---- Accounts ---------------------------------------------------------
  // kConflict when the id or username is taken. `password_hash` is empty for
  // API clients (they sign in with keys only).
  virtual Status create_account(const Account& account, std::string_view password_hash,
                                Instant at) = 0;
  virtual Result<std::optional<Account>> find_account_by_username(std::string_view username) = 0;
  virtual Result<std::optional<Account>> find_account(std::string_view id) = 0;
  virtual Result<std::vector<Account>> list_accounts() = 0;
  // The stored password hash; empty when the account has none.
  virtual Result<std::string> password_hash(std::string_view account_id) = 0;
  virtual Status set_password_hash(std::string_view account_id, std::string_view hash) = 0;
  // Disabling also ends the account's sessions and revokes its API keys.
  virtual Status set_active(std::string_view account_id, bool active, Instant at) = 0;
  // Replaces display name, role and unit (id, username and the kind stay);
  // ends the account's sessions, so a new role or unit applies at the next
  // sign-in. kNotFound for an unknown id.
  virtual Status update_account(const Account& account, Instant at) = 0;
  // Ends every session of the account (after a password reset).
  virtual Status end_sessions(std::string_view account_id) = 0;

  // ---- Sessions ---------------------------------------------------------
  virtual Status create_session(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> find_session(std::string_view token_hash) = 0;
  virtual Status touch_session(std::string_view token_hash, Instant at) = 0;
  virtual Status delete_session(std::string_view token_hash) = 0;
  // Removes sessions expired at `now`; returns how many.
  virtual Result<std::int64_t> delete_expired_sessions(Instant now) = 0;

  // ---- API keys ---------------------------------------------------------
  virtual Status create_api_key(const ApiKeyRecord& key) = 0;
  virtual Result<std::optional<ApiKeyRecord>> find_api_key(std::string_view key_hash) = 0;
  virtual Result<std::vector<ApiKeyRecord>> list_api_keys() = 0;
  virtual Status revoke_api_key(std::string_view id, Instant at) = 0;

  // ---- Sign-in attempts (throttle.h) -------------------------------------
  virtual Status record_attempt(std::string_view subject, std::string_view remote, Instant at,
                                bool success) = 0;
  // Failures for `subject` from `remote` at or after `since` and after the
  // last success of that pair.
  virtual Result<std::vector<Instant>> failures(std::string_view subject, std::string_view remote,
                                                Instant since) = 0;
  // Failures from `remote` for any subject at or after `since`.
  virtual Result<std::vector<Instant>> failures_from(std::string_view remote, Instant since) = 0;
  // Forgets attempts before `before`.
  virtual Status prune_attempts(Instant before) = 0;
};

}  // namespace hotline
