#include "core/analysis/analysis_service.h"

#include <algorithm>
#include <mutex>

#include "core/analysis/checkpoint.h"
#include "core/security/visibility.h"

namespace hotline::analysis {
namespace {

Error not_found_unit(std::string_view unit) {
  return Error::not_found("unit " + std::string(unit), "未找到该单位");
}

Error no_figures() {
  return Error::forbidden("ANA-4", "C29", "this role sees no analysis figures",
                          "该角色无权查看分析数据");
}

bool is_office(const Actor& a) { return sees_all_work_orders(a.role); }

}  // namespace

std::int32_t eviction_days(const PolicySet& policies) {
  constexpr std::int32_t kLongestMonth = 31;
  int deadline_day = 0;
  for (const auto& [name, policy] : policies.profiles) {
    if (policy.appeal.monthly_deadline_day) {
      deadline_day = std::max(deadline_day, policy.appeal.monthly_deadline_day->value);
    }
  }
  // Without any appeal deadline, a month after the closing month.
  return kLongestMonth + deadline_day + kLongestMonth;
}

AnalysisService::AnalysisService(WorkOrderStore& store, AnalysisCheckpointStore* checkpoints,
                                 const PolicySet& policies, const Organisation& organisation,
                                 const Clock& clock, AnalysisOptions options,
                                 AnalysisArchive* archive)
    : store_(store),
      checkpoints_(checkpoints),
      archive_(archive),
      policies_(policies),
      organisation_(organisation),
      clock_(clock),
      options_(options),
      projection_(WarningSettings{policies.default_policy().assessment.hotspot, {}}, eviction()) {}

EvictionSettings AnalysisService::eviction() const {
  return EvictionSettings{archive_, options_.keep_days.value_or(eviction_days(policies_))};
}

Status AnalysisService::save_checkpoint_locked() {
  // The archive first: a checkpoint never names facts the archive lacks.
  if (auto st = projection_.flush(); !st) return st;
  if (checkpoints_ == nullptr) return {};
  auto st = checkpoints_->save({projection_.cursor(), CheckpointCodec::encode(projection_)});
  if (st) since_checkpoint_ = 0;
  return st;
}

Status AnalysisService::start() {
  std::unique_lock lock(mutex_);
  if (checkpoints_ != nullptr) {
    auto saved = checkpoints_->load();
    if (!saved) return fail(saved.error());
    if (*saved) {
      // An unreadable checkpoint is dropped: the log is the truth.
      AnalysisProjection restored(
          WarningSettings{policies_.default_policy().assessment.hotspot, {}}, eviction());
      if (CheckpointCodec::decode((*saved)->state, restored)) projection_ = std::move(restored);
    }
    auto words = checkpoints_->load_watch_list();
    if (!words) return fail(words.error());
    projection_.mutable_warnings().set_watch_list(*words);
  }
  if (archive_ != nullptr) {
    // The cursor decides: what was archived after it is archived again by
    // the replay (and was lost with the memory that held it).
    if (auto st = archive_->discard_after(projection_.cursor()); !st) return st;
  }
  auto applied = refresh_locked();
  if (!applied) return fail(applied.error());
  return {};
}

Result<std::size_t> AnalysisService::refresh() {
  std::unique_lock lock(mutex_);
  return refresh_locked();
}

Result<std::size_t> AnalysisService::refresh_locked() {
  std::size_t applied = 0;
  for (;;) {
    auto batch = store_.read_log(projection_.cursor(), options_.read_batch);
    if (!batch) return fail(batch.error());
    if (batch->empty()) break;
    const std::size_t before = projection_.warnings().records().size();
    std::vector<std::pair<std::string, std::int64_t>> counts;
    if (listener_) {
      for (const WarningRecord& w : projection_.warnings().records())
        counts.emplace_back(w.id, w.count);
    }
    for (const LoggedEvent& e : *batch) {
      if (auto st = projection_.apply(e); !st) return fail(st.error());
      ++applied;
      ++since_checkpoint_;
    }
    if (listener_) {
      const auto& records = projection_.warnings().records();
      for (std::size_t i = 0; i < records.size(); ++i) {
        if (i >= before || records[i].count != counts[i].second) listener_(records[i]);
      }
    }
    if (checkpoints_ != nullptr && since_checkpoint_ >= options_.checkpoint_every) {
      if (auto st = save_checkpoint_locked(); !st) return fail(st.error());
    } else if (auto st = projection_.flush(); !st) {
      return fail(st.error());
    }
    if (batch->size() < options_.read_batch) break;
  }
  return applied;
}

Status AnalysisService::checkpoint() {
  std::unique_lock lock(mutex_);
  return save_checkpoint_locked();
}

void AnalysisService::on_warning(std::function<void(const WarningRecord&)> listener) {
  std::unique_lock lock(mutex_);
  listener_ = std::move(listener);
}

std::int64_t AnalysisService::cursor() const {
  std::shared_lock lock(mutex_);
  return projection_.cursor();
}

Result<Scope> AnalysisService::scope_of(const Actor& actor) const {
  if (is_office(actor)) return Scope::all();
  if (is_unit_role(actor.role) && organisation_.find(actor.unit) != nullptr) {
    return Scope::of_unit(organisation_, actor.unit);
  }
  return fail(no_figures());
}

Result<std::vector<CirculationNote>> AnalysisService::circulations_of(const Period& period) {
  if (circulations_ == nullptr) return std::vector<CirculationNote>{};
  return circulations_->circulations(period);
}

Result<Dashboard> AnalysisService::dashboard(const Actor& actor, const Period& period) {
  auto scope = scope_of(actor);
  if (!scope) return fail(scope.error());
  auto notes = circulations_of(period);
  if (!notes) return fail(notes.error());
  if (auto r = refresh(); !r) return fail(r.error());
  // The volumes, the hot spots and the assessment read the rollup only.
  return with_days(period, DayDetail::kCoarse, [&]() -> Result<Dashboard> {
    DashboardInput in{projection_, policies_, organisation_, period, *scope, clock_.now()};
    in.circulations = criticisms_by_unit(*notes);
    return build_dashboard(in);
  });
}

Result<std::vector<UnitAssessment>> AnalysisService::assessment(const Actor& actor,
                                                                const Period& period) {
  auto scope = scope_of(actor);
  if (!scope) return fail(scope.error());
  auto notes = circulations_of(period);
  if (!notes) return fail(notes.error());
  if (auto r = refresh(); !r) return fail(r.error());
  return with_days(period, DayDetail::kCoarse, [&]() -> Result<std::vector<UnitAssessment>> {
    auto out = assess_units(
        AssessmentInput{projection_, policies_, organisation_, period, criticisms_by_unit(*notes)});
    // Ranks are the city's (within each profile); a unit sees its own rows only.
    std::erase_if(out, [&](const UnitAssessment& u) { return !scope->has_unit(u.unit); });
    attach_circulations(out, *notes);
    return out;
  });
}

Result<std::vector<DrillDownRow>> AnalysisService::drill_down(const Actor& actor,
                                                              std::string_view unit,
                                                              const Period& period,
                                                              AssessmentIndicator indicator) {
  auto scope = scope_of(actor);
  if (!scope) return fail(scope.error());
  if (!scope->has_unit(unit) || organisation_.find(unit) == nullptr) {
    return fail(not_found_unit(unit));
  }
  if (auto r = refresh(); !r) return fail(r.error());
  std::string profile = organisation_.profile_for(unit);
  if (profile.empty()) profile = policies_.default_profile;
  auto policy = policies_.find(profile);
  if (!policy) return fail(policy.error());
  std::shared_lock lock(mutex_);
  return analysis::drill_down_all(projection_, unit, period, indicator, (*policy)->assessment);
}

Result<std::vector<BreakdownRow>> AnalysisService::monitoring(const Actor& actor,
                                                              const Period& period, Dimension by) {
  auto scope = scope_of(actor);
  if (!scope) return fail(scope.error());
  if (auto r = refresh(); !r) return fail(r.error());
  return with_days(period, DayDetail::kCells, [&]() -> Result<std::vector<BreakdownRow>> {
    return breakdown(projection_, organisation_, period, by, *scope);
  });
}

Result<std::vector<WarningRecord>> AnalysisService::warnings(const Actor& actor,
                                                             const Period& period) {
  auto scope = scope_of(actor);
  if (!scope) return fail(scope.error());
  if (auto r = refresh(); !r) return fail(r.error());
  std::shared_lock lock(mutex_);
  std::vector<WarningRecord> out;
  for (const WarningRecord& w : projection_.warnings().records()) {
    if (w.day >= period.first() && w.day <= period.last() && scope->has_district(w.district)) {
      out.push_back(w);
    }
  }
  return out;
}

Result<PublicFigures> AnalysisService::public_figures(const Period& period) {
  if (auto r = refresh(); !r) return fail(r.error());
  return with_days(period, DayDetail::kCoarse,
                   [&]() -> Result<PublicFigures> { return public_figures_locked(period); });
}

PublicFigures AnalysisService::public_figures_locked(const Period& period) const {
  PublicFigures f;
  f.period = period;
  projection_.cube().for_each_total(period.first(), period.last(),
                                    [&](const Dims& d, const Counters& c) {
                                      f.registered += c[Measure::kRegistered];
                                      if (d.unit == 0) return;
                                      f.dispatched += c[Measure::kDispatched];
                                      f.replied += c[Measure::kReplied];
                                      f.closed += c[Measure::kClosed];
                                    });
  auto assessed = assess_units(AssessmentInput{projection_, policies_, organisation_, period, {}});
  for (const UnitRow& r : unit_rows(assessed)) {
    f.units.push_back(PublicUnitFigures{r.unit, r.name, r.work_orders, r.on_time_acceptance,
                                        r.on_time_reply, r.satisfaction});
  }
  std::sort(f.units.begin(), f.units.end(),
            [](const auto& a, const auto& b) { return a.unit < b.unit; });
  return f;
}

Result<MonthlyReport> AnalysisService::monthly_report(const Actor& actor, const Period& period,
                                                      std::string_view unit) {
  auto scope = scope_of(actor);
  if (!scope) return fail(scope.error());
  if (unit.empty() && !scope->everything) {
    return fail(Error::invalid("unit", "a unit asks for its own report", "承办单位请指定本单位"));
  }
  if (!unit.empty() && (!scope->has_unit(unit) || organisation_.find(unit) == nullptr)) {
    return fail(not_found_unit(unit));
  }
  const Scope report_scope = unit.empty() ? Scope::all() : Scope::of_unit(organisation_, unit);
  auto notes = circulations_of(period);
  if (!notes) return fail(notes.error());
  if (auto r = refresh(); !r) return fail(r.error());
  // The breakdowns by channel, type and category read every cell.
  return with_days(period, DayDetail::kCells, [&]() -> Result<MonthlyReport> {
    return build_monthly_report(projection_, policies_, organisation_, period, report_scope,
                                std::string(unit), clock_.now(), *notes);
  });
}

Result<std::vector<std::string>> AnalysisService::watch_list(const Actor& actor) {
  if (!is_office(actor)) return fail(no_figures());
  std::shared_lock lock(mutex_);
  return projection_.warnings().settings().watch_list;
}

Status AnalysisService::set_watch_list(const Actor& actor, std::vector<std::string> words) {
  if (!is_office(actor) || actor.role == Role::kSystem) {
    return fail(Error::forbidden("ANA-2", "R27", "only the office maintains the watch list",
                                 "敏感词监测清单由热线工作机构维护"));
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i].empty() || words[i].size() > 64) {
      return fail(Error::invalid("words[" + std::to_string(i) + "]", "a word must be 1 to 64 bytes",
                                 "敏感词长度须为1至64字节"));
    }
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  std::unique_lock lock(mutex_);
  if (checkpoints_ != nullptr) {
    if (auto st = checkpoints_->save_watch_list(words); !st) return st;
  }
  // Applies to registrations from now on; earlier ones are not re-read.
  projection_.mutable_warnings().set_watch_list(std::move(words));
  return {};
}

}  // namespace hotline::analysis
