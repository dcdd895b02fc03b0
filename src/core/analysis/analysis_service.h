#pragma once
// The `Analysis` use case: what the office and the units ask of the figures
// (EVA-1, EVA-3, ANA-1, ANA-2, ANA-4, ANA-5), over the projection kept
// current from the event log. Before each question the projection catches
// up with the log (reads after its cursor); every `checkpoint_every` events
// it saves a checkpoint, so a restart resumes instead of replaying.
//
// Who sees what: office roles and analysts see everything; a unit's staff see
// their unit and the units below it (Scope::of_unit), and a district
// government also the requests registered in its district; anyone else is
// refused. A figure of a unit outside the caller's scope is "not found", the
// same answer as a unit that does not exist. Drill-downs list work-order and
// request numbers, never applicants.

#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "core/analysis/assessment.h"
#include "core/analysis/monitoring.h"
#include "core/analysis/monthly_report.h"
#include "core/clock.h"
#include "core/ports/analysis_archive.h"
#include "core/ports/analysis_checkpoint.h"
#include "core/ports/work_order_store.h"
#include "core/work_order/actor.h"

namespace hotline::analysis {

struct AnalysisOptions {
  std::size_t read_batch = 20000;
  std::size_t checkpoint_every = 200000;  // events applied between checkpoints
  // Tests and benchmarks only: overrides eviction_days(policies).
  std::optional<std::int32_t> keep_days;
};

// Bounded memory: how many days after its last event a closed work order's
// facts stay in memory — the longest appeal window of the loaded profiles
// (APL-2 [T28]: last month's dissatisfied work orders are appealed by the
// Nth of this month, postponed past holidays: the closing month (≤ 31
// days), N days, and a postponement that never reaches the next month's end
// (≤ 31 days)). R and C set no appeal deadline (APL-1 [R24, M23]), so T28's,
// the only one, is used for every profile; a later appeal still counts
// because its facts come back from the archive (projection.h).
std::int32_t eviction_days(const PolicySet& policies);

// EVA-3: a unit's public figures (no score, no personal data).
struct PublicUnitFigures {
  std::string unit, name;
  std::int64_t work_orders = 0;
  std::optional<double> on_time_acceptance, on_time_reply, satisfaction;
};
struct PublicFigures {
  Period period;
  std::int64_t registered = 0, dispatched = 0, replied = 0, closed = 0;
  std::vector<PublicUnitFigures> units;
};

class AnalysisService {
 public:
  // `checkpoints` may be null (no checkpoints: the projection replays the
  // log); `archive` may be null (every work order's facts stay in memory).
  AnalysisService(WorkOrderStore& store, AnalysisCheckpointStore* checkpoints,
                  const PolicySet& policies, const Organisation& organisation, const Clock& clock,
                  AnalysisOptions options = {}, AnalysisArchive* archive = nullptr);

  // Restores the checkpoint and the watch list, then catches up with the log.
  Status start();
  // Applies the events committed since the cursor; returns how many.
  Result<std::size_t> refresh();
  // Saves a checkpoint now.
  Status checkpoint();
  // EVA-2: where the circulations come from (the oversight store); none: the
  // scores have no T24 deductions and nothing lists circulations.
  void set_circulations(CirculationSource* source) { circulations_ = source; }
  // Called (inside refresh) with each warning created or changed.
  void on_warning(std::function<void(const WarningRecord&)> listener);

  Result<Dashboard> dashboard(const Actor& actor, const Period& period);
  Result<std::vector<UnitAssessment>> assessment(const Actor& actor, const Period& period);
  Result<std::vector<DrillDownRow>> drill_down(const Actor& actor, std::string_view unit,
                                               const Period& period, AssessmentIndicator indicator);
  Result<std::vector<BreakdownRow>> monitoring(const Actor& actor, const Period& period,
                                               Dimension by);
  Result<std::vector<WarningRecord>> warnings(const Actor& actor, const Period& period);
  Result<PublicFigures> public_figures(const Period& period);
  // ANA-1: the monthly report of the office (`unit` empty) or of a unit in
  // the actor's scope.
  Result<MonthlyReport> monthly_report(const Actor& actor, const Period& period,
                                       std::string_view unit);

  // ANA-2: the office's watch list of sensitive words.
  Result<std::vector<std::string>> watch_list(const Actor& actor);
  Status set_watch_list(const Actor& actor, std::vector<std::string> words);

  // The scope of an actor; an error for roles that see no figures.
  Result<Scope> scope_of(const Actor& actor) const;
  std::int64_t cursor() const;

  // Read access for what needs no cube days (the facts, the archive), with
  // the projection locked for reading.
  template <typename Fn>
  auto read(Fn&& fn) const {
    std::shared_lock lock(mutex_);
    return fn(projection_);
  }
  // Read access for reports over a period (with the projection locked). The
  // days of `period` (and the hot spots' baseline before it) that left memory
  // are paged in from the archive first, in `detail` (Cube::for_each needs
  // kCells); fn returns a Result.
  template <typename Fn>
  auto read(const Period& period, DayDetail detail, Fn&& fn) {
    return with_days(period, detail, [&]() { return fn(projection_); });
  }
  const PolicySet& policies() const { return policies_; }
  const Organisation& organisation() const { return organisation_; }
  const Clock& clock() const { return clock_; }

 private:
  Result<std::size_t> refresh_locked();
  // Runs fn() (which returns a Result) with the projection locked: shared
  // when every day of the period and of the hot spots' baseline before it is
  // in memory, else exclusive with those days paged in from the archive
  // (paging writes the cube's read-only copies).
  template <typename Fn>
  auto with_days(const Period& period, DayDetail detail, Fn&& fn) -> std::invoke_result_t<Fn> {
    const std::int32_t from =
        period.first() - policies_.default_policy().assessment.hotspot.baseline_days;
    {
      std::shared_lock lock(mutex_);
      if (archive_ == nullptr || from >= projection_.cube_floor()) return fn();
    }
    std::unique_lock lock(mutex_);
    if (auto st = projection_.page_in(from, period.last(), detail); !st) return fail(st.error());
    return fn();
  }
  Status save_checkpoint_locked();
  PublicFigures public_figures_locked(const Period& period) const;
  EvictionSettings eviction() const;
  Result<std::vector<CirculationNote>> circulations_of(const Period& period);
  WorkOrderStore& store_;
  AnalysisCheckpointStore* checkpoints_;
  AnalysisArchive* archive_;
  const PolicySet& policies_;
  const Organisation& organisation_;
  const Clock& clock_;
  AnalysisOptions options_;
  mutable std::shared_mutex mutex_;
  AnalysisProjection projection_;     // guarded by mutex_
  std::size_t since_checkpoint_ = 0;  // guarded by mutex_
  std::function<void(const WarningRecord&)> listener_;
  CirculationSource* circulations_ = nullptr;
};

}  // namespace hotline::analysis
