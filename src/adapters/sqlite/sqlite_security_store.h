#pragma once
// Accounts, sessions, API keys, sign-in attempts and the audit log, in the
// same SQLite file as the work orders (a connection of its own, or one
// shared with the knowledge base so that a change there commits with its
// audit entry: sqlite_shared_connection.h; WAL lets it work beside the
// work-order store and other processes). Open the work-order store on the
// file first: it creates the file and marks it as ours.
//
// The audit log is append-only twice over: triggers refuse UPDATE and DELETE
// on it, and each entry is hash-chained to the one before (core/security/
// audit.h), so rows changed around the triggers are found by verification.
// An append reads the last entry and inserts the next in one IMMEDIATE
// transaction, so concurrent writers (server, CLI) cannot fork the chain.

#include <filesystem>
#include <memory>

#include "adapters/sqlite/sqlite_shared_connection.h"
#include "core/ports/audit_log.h"
#include "core/ports/security_store.h"

namespace hotline {

class SqliteSecurityStore final : public SecurityStore, public AuditLog {
 public:
  // `hasher` makes the audit chain (adapters/sodium: Blake2bAuditHasher);
  // required. Fails if the file is not a hotline store.
  static Result<std::unique_ptr<SqliteSecurityStore>> open(
      const std::filesystem::path& file, std::shared_ptr<const AuditHasher> hasher);
  // On a connection shared with other stores; `file` names it in errors.
  static Result<std::unique_ptr<SqliteSecurityStore>> open(
      std::shared_ptr<sqlite::SharedConnection> db, const std::filesystem::path& file,
      std::shared_ptr<const AuditHasher> hasher);
  ~SqliteSecurityStore() override;

  // SecurityStore
  // One IMMEDIATE transaction on this store's connection, held by this
  // thread: the body's calls (and audit appends, and the calls of the other
  // stores sharing the connection) nest in it as savepoints.
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
  explicit SqliteSecurityStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
