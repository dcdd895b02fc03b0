#pragma once
// ANA-6 [R26, C27]: the record of which model made each suggestion. Told of
// every committed change (EngineListener), it keeps for each registered
// request the suggestion the agent's screen shows for its text — top
// category and lead unit, with confidence — and the model version that made
// it, then follows the office's decisions on that request: the category of
// item 0 as registered and as reclassified (RequestReclassified, M15), and
// the lead unit of item 0's work order as dispatched and re-dispatched
// (RET-2). The figures and drift warnings are computed from these records
// (core/analysis/model_accuracy.h).
//
// Attach it before the triage hooks: the suggestion must be made before the
// request itself is indexed, or its own registered category would vote for
// itself. Failures are reported, never thrown: the change already stands.
//
// With the event log (`log`), the records are a projection of it (as the
// triage index is, triage_hooks.h): on every commit the recorder reads the
// log from the position the suggestion store keeps, takes the new events in
// and stores the new position, so a change committed while the recorder was
// down (a crash between the work-order commit and its record) is taken in at
// the next start (catch_up) and the office's decision is not lost for the
// accuracy figures. Taking an event in twice changes nothing (the first
// suggestion is kept; decisions replayed in log order end the same). A
// suggestion made at catch-up sees the index as it is then (later requests
// included). Without a log it records the events it is told of (tests).
//
// Thread-safety: committed() and catch_up() may be called from any thread;
// one reads the log at a time.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "core/analysis/model_accuracy.h"
#include "core/engine/catch_up_gate.h"
#include "core/engine/engine_hooks.h"
#include "core/ports/suggestion_store.h"
#include "core/ports/work_order_store.h"
#include "core/triage/triage_service.h"

namespace hotline::triage {

class SuggestionRecorder final : public EngineListener {
 public:
  SuggestionRecorder(const TriageService& service, SuggestionStore& store,
                     analysis::ModelVersion model, WorkOrderStore* log = nullptr);

  void on_error(std::function<void(const Error&)> report) { report_ = std::move(report); }
  void committed(const std::vector<Event>& events) override;
  // Takes in every event of the log after the stored position. A store from
  // before positions were kept starts at the log's end (it recorded the
  // earlier events as they came); an empty one at the log's beginning.
  Status catch_up();

  const analysis::ModelVersion& model() const { return model_; }
  std::size_t errors() const { return errors_; }

  // The record a registration gives (the suggestion for its text, now).
  Result<analysis::SuggestionRecord> suggest_for(const RequestRegistered& r, Instant at) const;

 private:
  void report(const Error& e);
  Status record(const Event& e);  // one event's part in the records
  Status catch_up_locked();       // the pass; the caller holds mutex_

  const TriageService& service_;
  SuggestionStore& store_;
  analysis::ModelVersion model_;
  WorkOrderStore* log_;
  std::mutex mutex_;
  CatchUpGate gate_;                      // a committing thread never waits for another's pass
  std::optional<std::int64_t> position_;  // GUARDED_BY(mutex_)
  std::function<void(const Error&)> report_;
  std::atomic<std::size_t> errors_{0};
};

}  // namespace hotline::triage
