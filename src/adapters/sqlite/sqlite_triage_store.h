#pragma once
// The triage store in SQLite: its own file beside the work-order database
// ("hotline.db" → "hotline.triage.db"), WAL mode with synchronous=FULL. It
// keeps the dispatch catalogue's change log (entries as JSON before and
// after), one row per indexed request (its fingerprint as a blob and its
// cluster link), the clusters' supervision records, the term statistics and
// the dispatch history, and the event-log position the index has taken in
// (a table added to existing files on open). One connection under a mutex.

#include <filesystem>
#include <memory>

#include "core/triage/triage_store.h"

namespace hotline {

class SqliteTriageStore final : public triage::TriageStore {
 public:
  static Result<std::unique_ptr<SqliteTriageStore>> open(const std::filesystem::path& file);
  // "var/hotline.db" → "var/hotline.triage.db"
  static std::filesystem::path beside(const std::filesystem::path& work_order_db);
  ~SqliteTriageStore() override;

  Result<std::vector<triage::CatalogueChange>> catalogue_changes() override;
  Status append_catalogue_change(const triage::CatalogueChange& change) override;
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

  // Many observations in one transaction (imports): durable at end_bulk().
  Status begin_bulk();
  Status end_bulk();

 private:
  struct Impl;
  explicit SqliteTriageStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
