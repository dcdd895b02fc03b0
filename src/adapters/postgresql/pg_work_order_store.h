#pragma once
// The work-order store on PostgreSQL 15 (issue 14): the same port, and the
// same contract suite, as SqliteWorkOrderStore, for a platform that runs on
// several nodes against one database.
//
// - Appends are group-committed (adapters/storage/group_commit.h): each
//   node's writer commits what waits in its queue in one transaction, each
//   append in its own savepoint.
// - Log positions follow commit order across nodes: a writer's transaction
//   locks the `log_head` row first and holds it until it commits, so the
//   next transaction, on any node, numbers its events after it, and a reader
//   never sees a later position before an earlier one commits (ANA-1).
// - Personal data is sealed with the cipher as in SQLite (SEC-1,
//   adapters/json/stored_event.h); a command's audit entries chain onto the
//   audit log in the append's transaction (SEC-2, pg_audit_table.h).
// - Reads use a small pool of connections of their own; a lost connection
//   is reopened at the next call.

#include <memory>

#include "adapters/postgresql/pg_session.h"
#include "core/ports/applicant_index.h"
#include "core/ports/audit_log.h"
#include "core/ports/personal_data_cipher.h"
#include "core/ports/work_order_store.h"

namespace hotline {

class PgWorkOrderStore final : public WorkOrderStore, public ApplicantIndex {
 public:
  struct Options {
    bool group_commit = true;
    std::size_t max_batch = 256;
    // Not owned; must outlive the store. Null: personal data stored as given.
    const PersonalDataCipher* cipher = nullptr;
    // Chains the commands' audit entries that commit with their events;
    // null: an append carrying entries fails.
    std::shared_ptr<const AuditHasher> audit_hasher = nullptr;
  };
  // Creates the tables when missing; fails when the database is not UTF-8,
  // of a newer schema version, or bound to another data key.
  static Result<std::unique_ptr<PgWorkOrderStore>> open(const pg::Target& target, Options options);
  ~PgWorkOrderStore() override;

  Result<std::vector<Event>> load(std::string_view stream) override;
  Result<std::vector<LoggedEvent>> read_log(std::int64_t position, std::size_t limit) override;
  Result<LogPage> read_log_of(std::int64_t position, std::size_t limit,
                              const EventKinds& kinds) override;
  Result<std::int64_t> log_head() override;
  Status append(const std::vector<StreamAppend>& batch,
                const std::vector<WorkOrderSummary>& summaries,
                const std::vector<AuditRecord>& audit = {}) override;
  Result<std::int64_t> next_sequence(std::string_view counter) override;
  Result<std::optional<std::string>> request_for_intake_key(std::string_view key) override;
  Result<std::vector<std::string>> due_for_check(Instant now, std::size_t limit) override;
  Result<std::vector<WorkOrderSummary>> list_work_orders(const WorkOrderFilter& filter) override;
  Result<std::size_t> count_work_orders(const WorkOrderFilter& filter) override;
  Status save_units(const std::vector<Unit>& units) override;
  Result<std::vector<Unit>> load_units() override;

  // One audit entry through the group-committed writer, as
  // SqliteWorkOrderStore::append_audit.
  Result<AuditEntry> append_audit(const AuditRecord& record);

  // ApplicantIndex (kept only with a cipher).
  Result<std::vector<std::string>> requests_for_phone_hash(std::string_view phone_hash) override;
  bool indexes_applicants() const override;

  class Impl;

 private:
  explicit PgWorkOrderStore(std::unique_ptr<Impl> impl);
  Result<LogPage> read_page(std::int64_t position, std::size_t limit, const EventKinds* kinds);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
