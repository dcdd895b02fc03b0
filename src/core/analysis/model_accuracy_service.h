#pragma once
// ANA-6 [R26, C27]: the use case over the suggestion records — accuracy of
// the models' suggestions against the office's final decisions per week or
// month and model version, and drift warnings. These are the office's
// figures about its own tools: office roles and analysts see them; other
// roles are refused (403).

#include <functional>
#include <mutex>
#include <vector>

#include "core/analysis/model_accuracy.h"
#include "core/clock.h"
#include "core/ports/suggestion_store.h"
#include "core/work_order/actor.h"

namespace hotline::analysis {

class ModelAccuracyService {
 public:
  ModelAccuracyService(SuggestionStore& store, DriftSettings settings, const Clock& clock);

  Result<std::vector<AccuracyFigure>> accuracy(const Actor& actor, const Period& period,
                                               Granularity by);
  Result<std::vector<DriftWarning>> drift_warnings(const Actor& actor, const Period& period);
  // Looks for drift as of now; saves and returns the warnings not raised
  // before (one per model × measure × day), telling the listener of each.
  Result<std::vector<DriftWarning>> check_drift();
  void on_drift(std::function<void(const DriftWarning&)> listener);
  const DriftSettings& settings() const { return settings_; }

 private:
  Status allowed(const Actor& actor) const;
  SuggestionStore& store_;
  DriftSettings settings_;
  const Clock& clock_;
  std::mutex mutex_;  // one drift check at a time
  std::function<void(const DriftWarning&)> listener_;
};

}  // namespace hotline::analysis
