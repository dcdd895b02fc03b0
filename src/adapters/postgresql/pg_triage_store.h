#pragma once
// The triage store on PostgreSQL 15 (issue 14): the same port, tables and
// contract suite as SqliteTriageStore — the dispatch catalogue's change log,
// one row per indexed request (fingerprint as bytes, cluster link), the
// clusters' supervision records, the term statistics, the dispatch history
// and the event-log position the index has taken in.
//
// - A catalogue change's audit entries are appended in the change's own
//   transaction (SEC-2, pg_audit_table.h): no change stands without them.
// - One connection of its own, under a mutex, as in SQLite: TriageService
//   serialises its writes anyway, and an import's bulk transaction must be
//   the one every call of the store sees. Lost, it is reopened at the next
//   call.
// - Several nodes on one schema: a change's sequence is the primary key, so
//   of two nodes recording the same sequence one commits and the other gets
//   kConflict, and its audit entry is rolled back with it. A request is
//   indexed once: its number (and its row id) are unique, so a node
//   indexing a request another node has indexed gets kConflict and writes
//   nothing of the observation (TriageHooks skips it as a request taken in
//   already). The log position is stored after the rows it covers have
//   committed, never before.

#include <memory>

#include "adapters/postgresql/pg_session.h"
#include "core/ports/audit_log.h"
#include "core/triage/triage_store.h"

namespace hotline {

class PgTriageStore final : public triage::TriageStore {
 public:
  struct Options {
    // Chains the catalogue changes' audit entries onto the audit log (the
    // platform's hasher); null: entries are refused.
    std::shared_ptr<const AuditHasher> audit_hasher = nullptr;
  };
  // Creates the tables when missing; fails when the database is not UTF-8
  // or of a newer schema version.
  static Result<std::unique_ptr<PgTriageStore>> open(const pg::Target& target, Options options);
  static Result<std::unique_ptr<PgTriageStore>> open(const pg::Target& target);
  ~PgTriageStore() override;

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

  // Many observations in few transactions (imports), as in SQLite: one
  // commit per 500 writes, the rest at end_bulk(). Other nodes see a batch
  // when it commits. A write that fails is
  // undone alone (a savepoint each). A catalogue change commits what is
  // pending and then commits on its own, so the audit log's head is never
  // held for a batch. If the connection is lost, the writes since the last
  // batch are lost, and that write and end_bulk() say so.
  Status begin_bulk() override;
  Status end_bulk() override;

  struct Impl;

 private:
  explicit PgTriageStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
