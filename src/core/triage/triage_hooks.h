#pragma once
// Triage wired into the engine (engine_hooks.h): every registered request is
// indexed and clustered as it arrives, and a cluster that crosses the
// policy's threshold puts the open work orders of its requests under
// supervision (SUP-1 [M22(3)]); dispatches that stood and corrections after
// approved returns teach the unit suggestions (DIS-8 [M15, R26]); a unit's
// reply passes the office's reply checks before it is accepted (REP-2, REP-3
// [R13, T16]).
//
// The index and the history are a projection of the work-order event log:
// on every commit the hooks read the log from the position the triage store
// keeps, take the new events in and store the new position. An event
// committed while the triage side was down (a crash between the two
// commits) is taken in at the next start (catch_up), and `hotline reindex
// triage` rebuilds the index from the whole log (rebuild).
//
// Failures after a change was recorded (the index, the history) cannot undo
// it: they are counted and reported through `on_error`, never thrown.
//
// Thread-safety: committed(), catch_up() and rebuild() may be called from
// any thread; one reads the log at a time (mutex_). A supervision raised
// while taking events in commits again on the same thread; that nested
// call returns at once and the running pass reads on to the log's end.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/catch_up_gate.h"
#include "core/engine/engine.h"
#include "core/triage/triage_service.h"

namespace hotline::triage {

// What a rebuild took in (`hotline reindex triage`).
struct RebuildSummary {
  std::size_t events = 0;            // events of the log read
  std::size_t requests = 0;          // requests indexed
  std::size_t dropped_imported = 0;  // imported requests no longer in the index
};

class TriageHooks final : public ReplyReviewer, public EngineListener {
 public:
  // `log` is the engine's store, read from the stored position.
  // `applicant_key` turns a phone's digits into what the index keeps (a
  // keyed hash, so the triage store holds no phone numbers); empty: kept as is.
  TriageHooks(TriageService& service, Engine& engine, WorkOrderStore& log,
              std::function<std::string(std::string_view)> applicant_key = {});

  void on_error(std::function<void(const Error&)> report) { report_ = std::move(report); }

  Result<std::vector<ReplyFindingNote>> review(const WorkOrderState& order,
                                               const RequestDetails& request,
                                               const ReplyContent& reply) const override;
  // Takes in the events just committed (and any before them not yet taken in).
  void committed(const std::vector<Event>& events) override;

  // Takes in every event of the log after the stored position. An index
  // from before positions were kept starts at the log's end (it took the
  // earlier events in as they came); an empty one at its beginning.
  Status catch_up();
  // The same at start, before the node serves (issue 14): each page of the
  // log is taken in as one batch of the triage store (TriageStore::
  // begin_bulk: its index rows, history and position together), and the
  // supervisions the page calls for are raised after the batch, in the
  // order found (the engine commits on the same file, which the batch holds
  // locked). Not for the commits of a serving node: there the batch would
  // hold up every other writer (docs/performance.md).
  Status catch_up_at_start();
  // Empties the index and takes the whole log in again without raising any
  // supervision (those raised the first time stand). Requests imported from
  // outside the log (`hotline clusters import`) cannot come back: refused,
  // naming --drop-imported, unless `drop_imported`.
  Result<RebuildSummary> rebuild(bool drop_imported);

  std::size_t supervisions_raised() const { return supervisions_; }
  std::size_t errors() const { return errors_; }

 private:
  // The catch-up pass; the caller holds mutex_.
  Status catch_up_locked();
  // Reads from position_ to the log's end; the caller holds mutex_.
  Result<std::size_t> take_in_locked();
  // Takes one event in; false when it does not concern the index.
  bool apply(const Event& e);
  void registered(const RequestRegistered& r);
  void dispatched(const Event& e, const WorkOrderDispatched& d);
  void redispatched(const Event& e, const WorkOrderRedispatched& r);
  void supervise_cluster(const ClusterAlert& alert);
  // Runs `raise` (which raises supervisions) now, or after the page's batch.
  void raise_now_or_after_batch(std::function<void()> raise);
  // Raises what the page's batch left; the caller holds mutex_.
  void raise_deferred();
  // One work order of an alerted cluster, unless the unit has handled it.
  void supervise_order(const std::string& id, std::size_t applicants, int threshold);
  void report(const Error& e);

  TriageService& service_;
  Engine& engine_;
  WorkOrderStore& log_;
  std::recursive_mutex mutex_;
  CatchUpGate gate_;         // a committing thread never waits for another's pass
  bool taking_in_ = false;   // GUARDED_BY(mutex_): a pass is running on this thread
  bool replaying_ = false;   // GUARDED_BY(mutex_): a rebuild; no supervision
  bool in_batches_ = false;  // GUARDED_BY(mutex_): catch_up_at_start
  // GUARDED_BY(mutex_): supervisions to raise after the page's batch.
  std::vector<std::function<void()>> deferred_;
  // GUARDED_BY(mutex_): how far the log is taken in (stored when it changed
  // the index); read from the store on the first pass.
  std::optional<std::int64_t> position_;
  std::function<std::string(std::string_view)> applicant_key_;
  std::function<void(const Error&)> report_;
  std::atomic<std::size_t> supervisions_{0};
  std::atomic<std::size_t> errors_{0};
};

}  // namespace hotline::triage
