#pragma once
// ANA-1 [M28, D30] and the dashboard: volumes per day, units' rates and
// scores, hot spots (ANA-2), warnings and the backlog by age, for a period
// and a scope. A scope of "everything" is the office's; a unit's scope is
// itself and the units below it (ANA-4, ANA-5 [C29, D23]), and for a
// district government also the requests registered in its district. Nothing
// here carries personal data.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/analysis/assessment.h"

namespace hotline::analysis {

struct Scope {
  bool everything = true;
  std::set<std::string> units;      // the unit and those below it
  std::set<std::string> districts;  // districts the scope covers (registrations)

  static Scope all() { return Scope{}; }
  // The unit's own area, by the unit hierarchy.
  static Scope of_unit(const Organisation& organisation, std::string_view unit);
  bool has_unit(std::string_view unit) const {
    return everything || units.contains(std::string(unit));
  }
  bool has_district(std::string_view d) const {
    return everything || districts.contains(std::string(d));
  }
};

struct DayVolume {
  LocalDate day{};
  std::int64_t registered = 0, dispatched = 0, replied = 0, closed = 0;
};

struct UnitRow {
  std::string unit, name, profile;
  std::int64_t work_orders = 0;  // dispatched to it in the period
  std::optional<double> on_time_acceptance, on_time_reply, satisfaction, score;
  int rank = 0;
};

struct Hotspot {
  std::string district, district_name, category;
  std::int64_t count = 0;
  double baseline = 0;  // expected count for the period from the days before it
  bool surge = false;
};

struct BacklogBucket {
  std::string age;  // "0-1d", "1-3d", "3-7d", "7-15d", "15d+"
  std::int64_t count = 0;
};

struct Dashboard {
  Period period;
  std::vector<DayVolume> volumes;
  std::vector<UnitRow> units;
  std::vector<Hotspot> hotspots;
  std::vector<WarningRecord> warnings;
  std::vector<BacklogBucket> backlog;
};

struct DashboardInput {
  const AnalysisProjection& projection;
  const PolicySet& policies;
  const Organisation& organisation;
  Period period;
  Scope scope;
  Instant now{};  // the backlog is counted at the end of the period, or now if earlier
  std::size_t max_hotspots = 20;
  // EVA-2: criticisms per unit in the period (T24 deductions of the scores).
  std::map<std::string, std::int64_t> circulations = {};
};

Dashboard build_dashboard(const DashboardInput& in);

// Units' rows from an assessment (shared with the public figures, EVA-3).
std::vector<UnitRow> unit_rows(const std::vector<UnitAssessment>& assessed);

// Hot spots of a period: district × category counts against their own
// baseline (the hotspot settings of the default profile).
std::vector<Hotspot> hotspots(const AnalysisProjection& projection, const Organisation& org,
                              const HotspotSettings& settings, const Period& period,
                              const Scope& scope, std::size_t max);

// Open work orders at the end of the local day of `at` (the end of a period,
// or now: nothing is dispatched after now), by age in calendar days since
// their first dispatch (0-1d: dispatched that day).
std::vector<BacklogBucket> backlog(const AnalysisProjection& projection, Instant at,
                                   const Scope& scope);

// ANA-1: figures by one dimension.
enum class Dimension { kUnit, kCategory, kDistrict, kChannel, kType };
std::optional<Dimension> parse_dimension(std::string_view s);
struct BreakdownRow {
  std::string key;
  std::string name;  // zh-CN where known
  Counters counters;
  // Mean waiting time per stage in seconds (none without data).
  std::optional<double> dispatch_wait, accept_wait, handle_wait, visit_wait;
};
std::vector<BreakdownRow> breakdown(const AnalysisProjection& projection, const Organisation& org,
                                    const Period& period, Dimension by, const Scope& scope);

}  // namespace hotline::analysis
