#pragma once
// The triage store in SQLite: tables in the platform's file, WAL mode with
// synchronous=FULL. It keeps the dispatch catalogue's change log (entries as
// JSON before and after), one row per indexed request (its fingerprint as a
// blob and its cluster link), the clusters' supervision records, the term
// statistics and the dispatch history, and the event-log position the index
// has taken in. A catalogue change's audit entry is appended in the change's
// own transaction (SEC-2). One connection of its own, under a mutex: the
// index is written as work orders change, beside the security store.

#include <filesystem>
#include <memory>

#include "core/ports/audit_log.h"
#include "core/triage/triage_store.h"

namespace hotline {

class SqliteTriageStore final : public triage::TriageStore {
 public:
  struct Options {
    // Chains the catalogue changes' audit entries into the file's audit log
    // (the platform's hasher); null: entries are refused.
    std::shared_ptr<const AuditHasher> audit_hasher = nullptr;
    // A triage database still in its file of its own is moved in first
    // (sqlite::adopt_former_file); empty: none.
    std::filesystem::path former_file;
  };
  static Result<std::unique_ptr<SqliteTriageStore>> open(const std::filesystem::path& file,
                                                         Options options);
  static Result<std::unique_ptr<SqliteTriageStore>> open(const std::filesystem::path& file);
  // Where triage had its own file: "var/hotline.db" → "var/hotline.triage.db".
  static std::filesystem::path former_file(const std::filesystem::path& work_order_db);
  ~SqliteTriageStore() override;

  Result<std::vector<triage::CatalogueChange>> catalogue_changes() override;
  Status append_catalogue_change(const triage::CatalogueChange& change,
                                 const std::vector<AuditRecord>& audit) override;
  Status load_index(triage::RequestIndex& index) override;
  Status save_observation(const triage::RequestIndex& index,
                          const triage::Observation& observation) override;
  Status save_statistics(const triage::TermStatistics& statistics) override;
  Result<std::vector<triage::ClusterAlert>> cluster_alerts() override;
  Status save_history(const std::vector<triage::HistoryRecord>& records) override;
  Result<std::vector<triage::HistoryRecord>> history() override;
  Result<std::optional<std::int64_t>> log_position() override;
  Status save_log_position(std::int64_t position) override;
  Status clear_index() override;

  // Many observations in few transactions (imports): one commit per 500
  // writes, the rest durable at end_bulk().
  Status begin_bulk() override;
  Status end_bulk() override;

 private:
  struct Impl;
  explicit SqliteTriageStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
