#pragma once
// The triage port: where the dispatch catalogue's change log, the request
// index (fingerprints, clusters, term statistics), the clusters' supervision
// records and the dispatch history are kept. SqliteTriageStore implements it.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "core/security/audit.h"
#include "core/triage/catalogue.h"
#include "core/triage/dispatch_history.h"
#include "core/triage/request_index.h"

namespace hotline::triage {

class TriageStore {
 public:
  virtual ~TriageStore() = default;

  // DIS-2: the catalogue is the replay of its changes, oldest first.
  virtual Result<std::vector<CatalogueChange>> catalogue_changes() = 0;
  // Appends one change, and `audit` to the audit log in the same
  // transaction (SEC-2 [M27]: no change stands without its entry); a store
  // without an audit log refuses entries. kConflict when the change's
  // sequence is taken.
  virtual Status append_catalogue_change(const CatalogueChange& change,
                                         const std::vector<AuditRecord>& audit) = 0;

  // Restores every stored request, its cluster links, the term statistics
  // and the clusters' supervision records into an empty index.
  virtual Status load_index(RequestIndex& index) = 0;
  // Records one observed request: its row, the cluster links that changed,
  // and the supervision record it raised, if any, in one transaction.
  virtual Status save_observation(const RequestIndex& index, const Observation& observation) = 0;
  // The term statistics (saved now and then, and on close).
  virtual Status save_statistics(const TermStatistics& statistics) = 0;
  virtual Result<std::vector<ClusterAlert>> cluster_alerts() = 0;

  virtual Status save_history(const std::vector<HistoryRecord>& records) = 0;
  virtual Result<std::vector<HistoryRecord>> history() = 0;

  // The index is a projection of the work-order event log (TriageHooks): the
  // log position up to which it has taken events in; none before the first.
  virtual Result<std::optional<std::int64_t>> log_position() = 0;
  virtual Status save_log_position(std::int64_t position) = 0;
  // Empties the index, the clusters' records, the term statistics, the
  // dispatch history and the log position (the catalogue stays), in one
  // transaction, for a rebuild from the log.
  virtual Status clear_index() = 0;

  // Many observations in few transactions (imports): a store may commit them
  // in groups, the rest durable at end_bulk(). By default each write commits.
  virtual Status begin_bulk() { return {}; }
  virtual Status end_bulk() { return {}; }
};

}  // namespace hotline::triage
