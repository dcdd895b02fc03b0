#pragma once
// Accounts, sessions, API keys, sign-in attempts and the audit log on
// PostgreSQL 15 (issue 14): the same ports, tables and contract suite as
// SqliteSecurityStore, for several nodes on one database.
//
// Thread safety: any thread may call any method. Each call runs on a pooled
// connection of its own, as one statement or one transaction, except inside
// atomically(): its body's calls of this store on the calling thread run in
// the one transaction atomically() holds, each in a savepoint, so that a
// failed call is undone alone and the rest commit or roll back together.
// Other threads wait for it only on the rows it changed and, once it has
// appended to the audit log, for the chain's head. A lost connection (a
// server restart) fails the call in flight; the next call opens a new one.
//
// Several nodes on one schema: the audit chain's head row (pg_audit_table.h)
// is locked FOR UPDATE by every append until its transaction ends, so
// appends from any node, this store's and the work-order store's alike, make
// one chain. Unique keys settle a race for an id, username or key (one
// wins, the other gets kConflict); row locks order changes to one account
// or key (a revoked key cannot be revoked twice). A session or key created
// on another node while an account is being disabled may survive the
// disabling, but is worthless: the Authenticator checks that the account is
// active on every use.

#include <memory>

#include "adapters/postgresql/pg_session.h"
#include "core/ports/audit_log.h"
#include "core/ports/security_store.h"

namespace hotline {

class PgSecurityStore final : public SecurityStore, public AuditLog {
 public:
  // `hasher` makes the audit chain (adapters/sodium: Blake2bAuditHasher);
  // required. Creates the tables when missing; fails when the database is
  // not UTF-8 or of a newer schema version.
  static Result<std::unique_ptr<PgSecurityStore>> open(const pg::Target& target,
                                                       std::shared_ptr<const AuditHasher> hasher);
  ~PgSecurityStore() override;

  // SecurityStore
  // One transaction for the body's calls of this store on this thread,
  // audit appends included (SEC-2). The body must not wait for another
  // store's audit append once it has appended here: it holds the chain's
  // head until it returns.
  Status atomically(const std::function<Status()>& body) override;
  Status create_account(const Account& account, std::string_view password_hash,
                        Instant at) override;
  Result<std::optional<Account>> find_account_by_username(std::string_view username) override;
  Result<std::optional<Account>> find_account(std::string_view id) override;
  Result<std::vector<Account>> list_accounts() override;
  Result<std::string> password_hash(std::string_view account_id) override;
  Status set_password_hash(std::string_view account_id, std::string_view hash) override;
  Status set_active(std::string_view account_id, bool active, Instant at) override;
  Status update_account(const Account& account, Instant at) override;
  Status end_sessions(std::string_view account_id) override;
  Status create_session(const SessionRecord& session) override;
  Result<std::optional<SessionRecord>> find_session(std::string_view token_hash) override;
  Status touch_session(std::string_view token_hash, Instant at) override;
  Status delete_session(std::string_view token_hash) override;
  Result<std::int64_t> delete_expired_sessions(Instant now) override;
  Status create_api_key(const ApiKeyRecord& key) override;
  Result<std::optional<ApiKeyRecord>> find_api_key(std::string_view key_hash) override;
  Result<std::vector<ApiKeyRecord>> list_api_keys() override;
  Status revoke_api_key(std::string_view id, Instant at) override;
  Status record_attempt(std::string_view subject, std::string_view remote, Instant at,
                        bool success) override;
  Result<std::vector<Instant>> failures(std::string_view subject, std::string_view remote,
                                        Instant since) override;
  Result<std::vector<Instant>> failures_from(std::string_view remote, Instant since) override;
  Status prune_attempts(Instant before) override;

  // AuditLog
  Result<AuditEntry> append(const AuditRecord& record) override;
  Result<std::vector<AuditEntry>> read(std::int64_t after_sequence, std::size_t limit) override;
  Result<std::string> chain_algorithm() override;

  // Every entry, then verify_audit_chain with this store's hasher.
  Result<AuditVerification> verify_audit(std::span<const AuditAnchor> anchors = {});

  class Impl;

 private:
  explicit PgSecurityStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
