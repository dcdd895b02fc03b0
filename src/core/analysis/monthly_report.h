#pragma once
// ANA-1 [M28, D30]: the content of the periodic (monthly) report — the
// office's for the whole city, or a unit's for its own area — assembled from
// the projection; adapters/report renders it as Excel and PDF. No personal
// data: figures, unit names, categories and districts only.

#include <string>
#include <vector>

#include "core/analysis/monitoring.h"

namespace hotline::analysis {

struct MonthlyReport {
  std::string title;      // zh-CN
  std::string unit;       // empty: the office's report
  std::string unit_name;  // 天津市12345政务服务便民热线 / the unit's name
  Period period;
  Instant generated_at{};
  Counters totals;  // work-order measures of the scope
  std::int64_t registered = 0;
  Dashboard dashboard;
  std::vector<UnitAssessment> assessment;  // the scope's units, best first
  std::vector<BreakdownRow> by_channel, by_type, by_category;
  std::vector<std::string> laggards;  // units ranked last in their profile (up to 3 each)
  // EVA-2: the month's circulations of the scope's units (a unit's report:
  // its own and those of the units below it), by unit.
  std::vector<CirculationNote> circulations;
};

MonthlyReport build_monthly_report(const AnalysisProjection& projection, const PolicySet& policies,
                                   const Organisation& organisation, const Period& period,
                                   const Scope& scope, std::string unit, Instant now,
                                   const std::vector<CirculationNote>& circulations = {});

}  // namespace hotline::analysis
