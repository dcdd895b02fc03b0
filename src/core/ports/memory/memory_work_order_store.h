#pragma once
// The work-order store in memory (in the spirit of LevelDB's memenv): the
// same contract as SqliteWorkOrderStore — append-only streams with expected
// versions, one atomic batch of appends and summaries, the read model with
// its filters and the sweep's next_check, sequences, the global log with
// positions in commit order, units — and nothing kept after it is gone.
//
// For the core's tests (engine, knowledge, triage) that need storage without
// SQLite, and for tools that want a throw-away platform. The contract suite
// (tests/support/work_order_store_contract.h) runs against it and against
// every durable store, so they cannot drift apart.
//
// Thread-safety: every method may be called from any thread; one mutex
// guards all state (appends are serialised, as the SQLite store's writer).

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/ports/audit_log.h"
#include "core/ports/work_order_store.h"

namespace hotline {

class MemoryWorkOrderStore final : public WorkOrderStore {
 public:
  MemoryWorkOrderStore() = default;
  // `audit`: the log a command's audit entries are chained onto with its
  // events (not owned; must outlive the store). Without one, an append that
  // carries audit entries fails.
  explicit MemoryWorkOrderStore(AuditLog* audit) : audit_(audit) {}

  Result<std::vector<Event>> load(std::string_view stream) override;
  Result<std::optional<std::string>> request_for_intake_key(std::string_view key) override;
  Status append(const std::vector<StreamAppend>& batch,
                const std::vector<WorkOrderSummary>& summaries,
                const std::vector<AuditRecord>& audit = {}) override;
  Result<std::int64_t> next_sequence(std::string_view counter) override;
  Result<std::vector<std::string>> due_for_check(Instant now, std::size_t limit) override;
  Result<std::vector<WorkOrderSummary>> list_work_orders(const WorkOrderFilter& filter) override;
  Result<std::size_t> count_work_orders(const WorkOrderFilter& filter) override;
  Result<std::vector<LoggedEvent>> read_log(std::int64_t position, std::size_t limit) override;
  Result<std::int64_t> log_head() override;
  Status save_units(const std::vector<Unit>& units) override;
  Result<std::vector<Unit>> load_units() override;

 private:
  // The rows matching `filter` in the read model's order (dispatched_at, id).
  std::vector<const WorkOrderSummary*> matching(const WorkOrderFilter& filter) const;

  AuditLog* audit_ = nullptr;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<Event>, std::less<>> streams_;  // GUARDED_BY(mutex_)
  std::vector<LoggedEvent> log_;                                    // GUARDED_BY(mutex_)
  std::map<std::string, WorkOrderSummary> summaries_;               // GUARDED_BY(mutex_)
  std::map<std::string, std::set<std::string>> assisting_;          // GUARDED_BY(mutex_)
  std::map<std::string, std::int64_t, std::less<>> sequences_;      // GUARDED_BY(mutex_)
  std::map<std::string, std::string, std::less<>> intake_keys_;     // GUARDED_BY(mutex_)
  std::vector<Unit> units_;                                         // GUARDED_BY(mutex_)
};

}  // namespace hotline
