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

#include <atomic>
#include <functional>

#include "core/analysis/model_accuracy.h"
#include "core/engine/engine_hooks.h"
#include "core/ports/suggestion_store.h"
#include "core/triage/triage_service.h"

namespace hotline::triage {

class SuggestionRecorder final : public EngineListener {
 public:
  SuggestionRecorder(const TriageService& service, SuggestionStore& store,
                     analysis::ModelVersion model);

  void on_error(std::function<void(const Error&)> report) { report_ = std::move(report); }
  void committed(const std::vector<Event>& events) override;

  const analysis::ModelVersion& model() const { return model_; }
  std::size_t errors() const { return errors_; }

  // The record a registration gives (the suggestion for its text, now).
  Result<analysis::SuggestionRecord> suggest_for(const RequestRegistered& r, Instant at) const;

 private:
  void report(const Error& e);

  const TriageService& service_;
  SuggestionStore& store_;
  analysis::ModelVersion model_;
  std::function<void(const Error&)> report_;
  std::atomic<std::size_t> errors_{0};
};

}  // namespace hotline::triage
