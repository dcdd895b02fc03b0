#pragma once
// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so
// a commit is durable once append() returns. Appends from many threads are
// group-committed: a writer thread takes every append waiting in its queue
// and commits them in one transaction (each in its own savepoint, so one
// stale version fails only its own append).
//
// With a PersonalDataCipher, applicants' names, phones and addresses are
// sealed inside the stored event JSON and opened on load (SEC-1, by
// adapters/json/applicant_sealing.h, which every store shares), and each
// registration's phone hash goes to an index in the same transaction
// (INT-5). The store remembers the key's fingerprint: opening it with
// another key, or without one, fails at once instead of at the first read.

#include <filesystem>
#include <memory>

#include "core/ports/applicant_index.h"
#include "core/ports/audit_log.h"
#include "core/ports/personal_data_cipher.h"
#include "core/ports/work_order_store.h"

namespace hotline {

class SqliteWorkOrderStore final : public WorkOrderStore, public ApplicantIndex {
 public:
  struct Options {
    bool group_commit = true;
    std::size_t max_batch = 256;
    // Not owned; must outlive the store. Null: personal data stored as given.
    const PersonalDataCipher* cipher = nullptr;
    // Chains the commands' audit entries that commit with their events
    // (sqlite_audit_table.h); null: an append carrying entries fails.
    std::shared_ptr<const AuditHasher> audit_hasher = nullptr;
  };
  // Creates the schema if the file is new; fails if the file is not ours.
  static Result<std::unique_ptr<SqliteWorkOrderStore>> open(const std::filesystem::path& file,
                                                            Options options);
  static Result<std::unique_ptr<SqliteWorkOrderStore>> open(const std::filesystem::path& file) {
    return open(file, Options{});
  }
  ~SqliteWorkOrderStore() override;

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

  // Appends one audit entry through the group-committed writer (issue 14):
  // it shares a transaction, and its fsync, with the appends waiting beside
  // it (WriterAuditLog). Fails without an audit hasher. Never from inside
  // another connection's write transaction on the file.
  Result<AuditEntry> append_audit(const AuditRecord& record);

  // ApplicantIndex (kept only with a cipher).
  Result<std::vector<std::string>> requests_for_phone_hash(std::string_view phone_hash) override;
  bool indexes_applicants() const override;

  class Impl;

 private:
  explicit SqliteWorkOrderStore(std::unique_ptr<Impl> impl);
  Result<LogPage> read_page(std::int64_t position, std::size_t limit, const EventKinds* kinds);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
