#include "core/analysis/monitoring.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/work_order/classification.h"

namespace hotline::analysis {
namespace {

// Backlog ages are a presentation of the open work orders, not a rule: the
// deadlines themselves are in the policy files.
struct AgeBucket {
  const char* label;
  std::int64_t up_to_days;  // exclusive; 0: no limit
};
constexpr AgeBucket kAges[] = {{"0-1d", 1}, {"1-3d", 3}, {"3-7d", 7}, {"7-15d", 15}, {"15d+", 0}};

std::set<std::uint16_t> unit_ids(const AnalysisProjection& p, const Scope& scope) {
  std::set<std::uint16_t> ids;
  for (const std::string& u : scope.units) {
    if (auto id = p.units().find(u)) ids.insert(*id);
  }
  return ids;
}

std::optional<double> mean(std::int64_t sum, std::int64_t n) {
  if (n <= 0) return std::nullopt;
  return static_cast<double>(sum) / static_cast<double>(n);
}

}  // namespace

Scope Scope::of_unit(const Organisation& organisation, std::string_view unit) {
  Scope s;
  s.everything = false;
  for (const Unit& u : organisation.units()) {
    if (!organisation.is_within(u.id, unit)) continue;
    s.units.insert(u.id);
    if (u.kind == UnitKind::kDistrictGovernment && !u.district.empty())
      s.districts.insert(u.district);
  }
  return s;
}

std::vector<UnitRow> unit_rows(const std::vector<UnitAssessment>& assessed) {
  std::vector<UnitRow> rows;
  for (const UnitAssessment& a : assessed) {
    UnitRow r;
    r.unit = a.unit;
    r.name = a.name;
    r.profile = a.profile;
    r.work_orders = a.totals[Measure::kDispatched];
    r.on_time_acceptance =
        indicator_figure(AssessmentIndicator::kOnTimeAcceptance, a.totals, 0, true).rate;
    r.on_time_reply = indicator_figure(AssessmentIndicator::kOnTimeReply, a.totals, 0, true).rate;
    // The satisfaction shown is the assessed one (after exemptions) when the
    // profile assesses it, else the plain rate after upheld appeals.
    r.satisfaction = indicator_figure(AssessmentIndicator::kSatisfaction, a.totals, 0, true).rate;
    for (const IndicatorFigure& f : a.indicators) {
      if (f.indicator == AssessmentIndicator::kSatisfaction) r.satisfaction = f.rate;
    }
    r.score = a.score;
    r.rank = a.rank;
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<Hotspot> hotspots(const AnalysisProjection& projection, const Organisation& org,
                              const HotspotSettings& settings, const Period& period,
                              const Scope& scope, std::size_t max) {
  struct Counts {
    std::int64_t period = 0, before = 0;
    std::int32_t first_seen = 0;  // first day with a registration in the window
  };
  std::map<std::pair<std::uint16_t, std::uint16_t>, Counts> counts;
  const std::int32_t base_from = period.first() - settings.baseline_days;
  projection.cube().for_each_rollup_day(
      base_from, period.last(), [&](std::int32_t day, const Dims& d, const Counters& c) {
        if (d.unit != 0 || c[Measure::kRegistered] == 0) return;
        auto [it, fresh] = counts.try_emplace({d.district, d.category});
        Counts& slot = it->second;
        if (fresh || day < slot.first_seen) slot.first_seen = day;
        (day < period.first() ? slot.before : slot.period) += c[Measure::kRegistered];
      });
  std::vector<Hotspot> out;
  for (const auto& [key, value] : counts) {
    if (value.period == 0) continue;
    Hotspot h;
    h.district = projection.districts().name(key.first);
    if (!scope.has_district(h.district)) continue;
    const Unit* unit = org.find(h.district);
    h.district_name = unit ? unit->name : h.district;
    h.category = projection.categories().name(key.second);
    h.count = value.period;
    // Its own baseline: the daily mean over the days observed before the
    // period (up to baseline_days; a place first seen in the period has none),
    // scaled to the period's length.
    const std::int32_t observed = period.first() - std::max(base_from, value.first_seen);
    h.baseline = observed > 0 ? static_cast<double>(value.before) * period.days() / observed : 0;
    const double sd = std::sqrt(std::max(h.baseline, 1.0));
    h.surge = h.count >= settings.min_count &&
              static_cast<double>(h.count) > h.baseline + settings.z * sd;
    out.push_back(std::move(h));
  }
  std::sort(out.begin(), out.end(), [](const Hotspot& a, const Hotspot& b) {
    if (a.surge != b.surge) return a.surge;
    if (a.count != b.count) return a.count > b.count;
    return std::tie(a.district, a.category) < std::tie(b.district, b.category);
  });
  if (out.size() > max) out.resize(max);
  return out;
}

std::vector<BacklogBucket> backlog(const AnalysisProjection& projection, Instant at,
                                   const Scope& scope) {
  std::vector<BacklogBucket> out;
  for (const AgeBucket& b : kAges) out.push_back(BacklogBucket{b.label, 0});
  const std::set<std::uint16_t> ids = unit_ids(projection, scope);
  const std::int32_t day = day_number(local_date(at));
  projection.backlog().for_each_open(
      day, [&](std::int32_t dispatched, std::uint16_t unit, std::int64_t open) {
        if (!scope.everything && !ids.contains(unit)) return;
        const std::int64_t days = day - dispatched;
        std::size_t i = 0;
        while (kAges[i].up_to_days != 0 && days >= kAges[i].up_to_days) ++i;
        out[i].count += open;
      });
  return out;
}

Dashboard build_dashboard(const DashboardInput& in) {
  Dashboard d;
  d.period = in.period;
  const std::set<std::uint16_t> ids = unit_ids(in.projection, in.scope);
  std::map<std::int32_t, DayVolume> days;
  for (std::int32_t n = in.period.first(); n <= in.period.last(); ++n) {
    days[n].day = from_day_number(n);
  }
  in.projection.cube().for_each_rollup_day(
      in.period.first(), in.period.last(),
      [&](std::int32_t day, const Dims& dims, const Counters& c) {
        DayVolume& v = days[day];
        if (dims.unit == 0) {
          if (in.scope.has_district(in.projection.districts().name(dims.district))) {
            v.registered += c[Measure::kRegistered];
          }
          return;
        }
        if (!in.scope.everything && !ids.contains(dims.unit)) return;
        v.dispatched += c[Measure::kDispatched];
        v.replied += c[Measure::kReplied];
        v.closed += c[Measure::kClosed];
      });
  for (auto& [n, v] : days) d.volumes.push_back(v);

  auto assessed = assess_units(
      AssessmentInput{in.projection, in.policies, in.organisation, in.period, in.circulations});
  std::erase_if(assessed, [&](const UnitAssessment& a) { return !in.scope.has_unit(a.unit); });
  d.units = unit_rows(assessed);

  const HotspotSettings& settings = in.policies.default_policy().assessment.hotspot;
  d.hotspots =
      hotspots(in.projection, in.organisation, settings, in.period, in.scope, in.max_hotspots);
  for (const WarningRecord& w : in.projection.warnings().records()) {
    if (w.day < in.period.first() || w.day > in.period.last()) continue;
    if (!in.scope.has_district(w.district)) continue;
    d.warnings.push_back(w);
  }
  std::sort(
      d.warnings.begin(), d.warnings.end(),
      [](const WarningRecord& a, const WarningRecord& b) { return a.created_at > b.created_at; });
  const Instant end = at_local(in.period.to + std::chrono::days{1}) - Seconds{1};
  d.backlog = backlog(in.projection, std::min(end, in.now), in.scope);
  return d;
}

std::optional<Dimension> parse_dimension(std::string_view s) {
  if (s == "unit") return Dimension::kUnit;
  if (s == "category") return Dimension::kCategory;
  if (s == "district") return Dimension::kDistrict;
  if (s == "channel") return Dimension::kChannel;
  if (s == "type") return Dimension::kType;
  return std::nullopt;
}

std::vector<BreakdownRow> breakdown(const AnalysisProjection& projection, const Organisation& org,
                                    const Period& period, Dimension by, const Scope& scope) {
  const std::set<std::uint16_t> ids = unit_ids(projection, scope);
  std::map<std::uint16_t, Counters> groups;
  projection.cube().for_each(period.first(), period.last(),
                             [&](std::int32_t, const Dims& d, const Counters& c) {
                               if (d.unit == 0) {
                                 if (by == Dimension::kUnit) return;
                                 if (!scope.has_district(projection.districts().name(d.district))) {
                                   return;
                                 }
                               } else if (!scope.everything && !ids.contains(d.unit)) {
                                 return;
                               }
                               std::uint16_t key = 0;
                               switch (by) {
                                 case Dimension::kUnit:
                                   key = d.unit;
                                   break;
                                 case Dimension::kCategory:
                                   key = d.category;
                                   break;
                                 case Dimension::kDistrict:
                                   key = d.district;
                                   break;
                                 case Dimension::kChannel:
                                   key = d.channel;
                                   break;
                                 case Dimension::kType:
                                   key = d.type;
                                   break;
                               }
                               groups[key].add(c);
                             });
  std::vector<BreakdownRow> rows;
  for (const auto& [key, c] : groups) {
    BreakdownRow r;
    switch (by) {
      case Dimension::kUnit:
      case Dimension::kDistrict: {
        r.key = by == Dimension::kUnit ? projection.units().name(key)
                                       : projection.districts().name(key);
        const Unit* u = org.find(r.key);
        r.name = u ? u->name : r.key;
        break;
      }
      case Dimension::kCategory:
        r.key = r.name = projection.categories().name(key);
        break;
      case Dimension::kChannel:
        r.key = std::string(to_string(static_cast<Channel>(key)));
        r.name = std::string(to_chinese(static_cast<Channel>(key)));
        break;
      case Dimension::kType:
        r.key = std::string(to_string(static_cast<RequestType>(key)));
        r.name = std::string(to_chinese(static_cast<RequestType>(key)));
        break;
    }
    r.counters = c;
    r.dispatch_wait = mean(c[Measure::kDispatchWaitSeconds], c[Measure::kDispatchWaits]);
    r.accept_wait = mean(c[Measure::kAcceptWaitSeconds], c[Measure::kAcceptWaits]);
    r.handle_wait = mean(c[Measure::kHandleWaitSeconds], c[Measure::kHandleWaits]);
    r.visit_wait = mean(c[Measure::kVisitWaitSeconds], c[Measure::kVisitWaits]);
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace hotline::analysis
