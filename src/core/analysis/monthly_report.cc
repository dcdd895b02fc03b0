#include "core/analysis/monthly_report.h"

#include <algorithm>
#include <map>

namespace hotline::analysis {

MonthlyReport build_monthly_report(const AnalysisProjection& projection, const PolicySet& policies,
                                   const Organisation& organisation, const Period& period,
                                   const Scope& scope, std::string unit, Instant now,
                                   const std::vector<CirculationNote>& circulations) {
  MonthlyReport r;
  r.unit = std::move(unit);
  r.period = period;
  r.generated_at = now;
  const Unit* u = r.unit.empty() ? nullptr : organisation.find(r.unit);
  r.unit_name = u ? u->name : "12345政务服务便民热线";
  const std::chrono::year_month_day ymd{period.from};
  r.title = std::to_string(static_cast<int>(ymd.year())) + "年" +
            std::to_string(static_cast<unsigned>(ymd.month())) + "月" + r.unit_name +
            (r.unit.empty() ? "运行月报" : "诉求办理月报");
  const auto criticisms = criticisms_by_unit(circulations);
  for (const CirculationNote& n : circulations) {
    if (!scope.has_unit(n.unit)) continue;
    r.circulations.push_back(n);
    const Unit* named = organisation.find(n.unit);
    r.circulations.back().unit_name = named ? named->name : n.unit;
  }
  std::stable_sort(
      r.circulations.begin(), r.circulations.end(),
      [](const CirculationNote& a, const CirculationNote& b) { return a.unit < b.unit; });
  DashboardInput dashboard{projection, policies, organisation, period, scope, now};
  dashboard.circulations = criticisms;
  r.dashboard = build_dashboard(dashboard);
  for (const DayVolume& v : r.dashboard.volumes) r.registered += v.registered;
  for (const BreakdownRow& row :
       breakdown(projection, organisation, period, Dimension::kUnit, scope)) {
    r.totals.add(row.counters);
  }
  r.by_channel = breakdown(projection, organisation, period, Dimension::kChannel, scope);
  r.by_type = breakdown(projection, organisation, period, Dimension::kType, scope);
  r.by_category = breakdown(projection, organisation, period, Dimension::kCategory, scope);
  std::sort(r.by_category.begin(), r.by_category.end(), [](const auto& a, const auto& b) {
    return a.counters[Measure::kRegistered] > b.counters[Measure::kRegistered];
  });
  if (r.by_category.size() > 15) r.by_category.resize(15);
  r.assessment =
      assess_units(AssessmentInput{projection, policies, organisation, period, criticisms});
  std::erase_if(r.assessment, [&](const UnitAssessment& a) { return !scope.has_unit(a.unit); });
  attach_circulations(r.assessment, r.circulations);
  // The laggards (后进单位): the last three ranked of each profile.
  std::map<std::string, std::vector<const UnitAssessment*>> by_profile;
  for (const UnitAssessment& a : r.assessment) {
    if (a.score) by_profile[a.profile].push_back(&a);
  }
  for (auto& [profile, list] : by_profile) {
    if (list.size() < 4) continue;  // too few units to name laggards
    for (std::size_t i = list.size() - 3; i < list.size(); ++i) r.laggards.push_back(list[i]->unit);
  }
  return r;
}

}  // namespace hotline::analysis
