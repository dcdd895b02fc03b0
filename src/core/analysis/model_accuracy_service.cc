#include "core/analysis/model_accuracy_service.h"

#include "core/security/visibility.h"

namespace hotline::analysis {

ModelAccuracyService::ModelAccuracyService(SuggestionStore& store, DriftSettings settings,
                                           const Clock& clock)
    : store_(store), settings_(std::move(settings)), clock_(clock) {}

Status ModelAccuracyService::allowed(const Actor& actor) const {
  if (sees_all_work_orders(actor.role)) return {};
  return fail(Error::forbidden("ANA-6", "R26", "only the office sees the models' figures",
                               "模型准确率仅供热线工作机构查看"));
}

Result<std::vector<AccuracyFigure>> ModelAccuracyService::accuracy(const Actor& actor,
                                                                   const Period& period,
                                                                   Granularity by) {
  if (auto st = allowed(actor); !st) return fail(st.error());
  auto records =
      store_.suggestions(at_local(period.from), at_local(period.to + std::chrono::days{1}));
  if (!records) return fail(records.error());
  return analysis::accuracy(*records, period, by);
}

Result<std::vector<DriftWarning>> ModelAccuracyService::drift_warnings(const Actor& actor,
                                                                       const Period& period) {
  if (auto st = allowed(actor); !st) return fail(st.error());
  return store_.drift_warnings(at_local(period.from), at_local(period.to + std::chrono::days{1}));
}

Result<std::vector<DriftWarning>> ModelAccuracyService::check_drift() {
  std::lock_guard lock(mutex_);
  const Instant now = clock_.now();
  // Bounded: the store sums the two windows per model (a few rows), instead
  // of the 35 days of records being read and folded here every check.
  const DriftWindows windows = drift_windows(settings_, now);
  auto baseline = store_.tally(windows.baseline.first, windows.baseline.second);
  if (!baseline) return fail(baseline.error());
  auto recent = store_.tally(windows.recent.first, windows.recent.second);
  if (!recent) return fail(recent.error());
  std::vector<DriftWarning> raised;
  for (DriftWarning& w : detect_drift(*baseline, *recent, settings_, now)) {
    auto fresh = store_.save_drift_warning(w);
    if (!fresh) return fail(fresh.error());
    if (!*fresh) continue;
    if (listener_) listener_(w);
    raised.push_back(std::move(w));
  }
  return raised;
}

void ModelAccuracyService::on_drift(std::function<void(const DriftWarning&)> listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
}

}  // namespace hotline::analysis
