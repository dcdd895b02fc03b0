#include "core/analysis/assessment.h"

#include <algorithm>

namespace hotline::analysis {
namespace {

std::int64_t excluded(const AssessmentPolicy& policy, const std::string& category,
                      std::int64_t proper, std::int64_t exempted_proper) {
  if (!policy.judged_not_by_satisfaction_alone(category)) return 0;
  return std::max<std::int64_t>(0, proper - (policy.exempt_upheld_appeals ? exempted_proper : 0));
}

const Policy* policy_of(const PolicySet& policies, const Organisation& org, std::string_view unit) {
  std::string profile = org.profile_for(unit);
  if (profile.empty()) profile = policies.default_profile;
  auto p = policies.find(profile);
  return p ? *p : nullptr;
}

}  // namespace

Result<Period> month_period(std::string_view month) {
  if (month.size() != 7 || month[4] != '-') {
    return fail(Error::invalid("month", "expected YYYY-MM", "月份格式应为 YYYY-MM"));
  }
  auto first = parse_date(std::string(month) + "-01");
  if (!first) return fail(Error::invalid("month", "expected YYYY-MM", "月份格式应为 YYYY-MM"));
  const std::chrono::year_month_day ymd{*first};
  const std::chrono::year_month_day_last last{ymd.year(), ymd.month() / std::chrono::last};
  return Period{*first, LocalDate{last}};
}

Result<Period> make_period(std::string_view from, std::string_view to, int max_days) {
  auto f = parse_date(from);
  if (!f)
    return fail(Error::invalid("from", "expected a date YYYY-MM-DD", "日期格式应为 YYYY-MM-DD"));
  auto t = parse_date(to);
  if (!t)
    return fail(Error::invalid("to", "expected a date YYYY-MM-DD", "日期格式应为 YYYY-MM-DD"));
  Period p{*f, *t};
  if (p.last() < p.first()) {
    return fail(Error::invalid("to", "must not be before from", "结束日期不能早于开始日期"));
  }
  if (p.days() > max_days) {
    return fail(Error::invalid("to",
                               "the period is longer than " + std::to_string(max_days) + " days",
                               "统计期不能超过" + std::to_string(max_days) + "天"));
  }
  return p;
}

std::vector<Measure> indicator_measures(AssessmentIndicator indicator) {
  switch (indicator) {
    case AssessmentIndicator::kOnTimeAcceptance:
      return {Measure::kAccepted, Measure::kAcceptedOnTime};
    case AssessmentIndicator::kOnTimeReply:
      return {Measure::kReplied, Measure::kRepliedOnTime};
    case AssessmentIndicator::kReplyQuality:
      return {Measure::kReplied, Measure::kReplyFindings};
    case AssessmentIndicator::kHandlingQuality:
      return {Measure::kReplied, Measure::kSentBack, Measure::kFakeCompletion};
    case AssessmentIndicator::kSatisfaction:
      return {Measure::kEvaluated,     Measure::kSatisfied,          Measure::kBasicallySatisfied,
              Measure::kDissatisfied,  Measure::kDissatisfiedProper, Measure::kExempted,
              Measure::kExemptedProper};
    case AssessmentIndicator::kFirstContact:
      return {Measure::kDispatched, Measure::kReturnsApproved};
  }
  return {};
}

IndicatorFigure indicator_figure(AssessmentIndicator indicator, const Counters& c,
                                 std::int64_t excluded_not_alone, bool exempt_appeals) {
  IndicatorFigure f;
  f.indicator = indicator;
  switch (indicator) {
    case AssessmentIndicator::kOnTimeAcceptance:
      f.numerator = c[Measure::kAcceptedOnTime];
      f.denominator = c[Measure::kAccepted];
      break;
    case AssessmentIndicator::kOnTimeReply:
      f.numerator = c[Measure::kRepliedOnTime];
      f.denominator = c[Measure::kReplied];
      break;
    case AssessmentIndicator::kReplyQuality:
      f.denominator = c[Measure::kReplied];
      f.numerator = f.denominator - c[Measure::kReplyFindings];
      break;
    case AssessmentIndicator::kHandlingQuality:
      f.denominator = c[Measure::kReplied];
      f.numerator = f.denominator - c[Measure::kSentBack] - c[Measure::kFakeCompletion];
      break;
    case AssessmentIndicator::kSatisfaction:
      f.numerator = c[Measure::kSatisfied] + c[Measure::kBasicallySatisfied];
      f.denominator = c[Measure::kEvaluated] - (exempt_appeals ? c[Measure::kExempted] : 0) -
                      excluded_not_alone;
      break;
    case AssessmentIndicator::kFirstContact:
      f.denominator = c[Measure::kDispatched];
      f.numerator = f.denominator - c[Measure::kReturnsApproved];
      break;
  }
  f.numerator = std::clamp<std::int64_t>(f.numerator, 0, std::max<std::int64_t>(f.denominator, 0));
  if (f.denominator > 0) {
    f.rate = static_cast<double>(f.numerator) / static_cast<double>(f.denominator);
  }
  return f;
}

void attach_circulations(std::vector<UnitAssessment>& assessed,
                         const std::vector<CirculationNote>& notes) {
  for (UnitAssessment& u : assessed) {
    u.circulations.clear();
    for (const CirculationNote& n : notes) {
      if (n.unit == u.unit) u.circulations.push_back(n);
    }
  }
}

Counters unit_counters(const AnalysisProjection& projection, std::string_view unit,
                       const Period& period) {
  Counters out;
  auto id = projection.units().find(unit);
  if (!id) return out;
  projection.cube().for_each_total(period.first(), period.last(),
                                   [&](const Dims& d, const Counters& c) {
                                     if (d.unit == *id) out.add(c);
                                   });
  return out;
}

std::vector<UnitAssessment> assess_units(const AssessmentInput& in) {
  struct Acc {
    Counters totals;
    std::map<std::uint16_t, std::pair<std::int64_t, std::int64_t>> proper;  // category → counts
  };
  std::map<std::uint16_t, Acc> acc;
  in.projection.cube().for_each_total(
      in.period.first(), in.period.last(), [&](const Dims& d, const Counters& c) {
        if (d.unit == 0) return;  // request-level cells
        Acc& a = acc[d.unit];
        a.totals.add(c);
        if (c[Measure::kDissatisfiedProper] != 0 || c[Measure::kExemptedProper] != 0) {
          auto& p = a.proper[d.category];
          p.first += c[Measure::kDissatisfiedProper];
          p.second += c[Measure::kExemptedProper];
        }
      });

  std::vector<UnitAssessment> out;
  for (const auto& [id, a] : acc) {
    UnitAssessment u;
    u.unit = in.projection.units().name(id);
    const Unit* unit = in.organisation.find(u.unit);
    u.name = unit ? unit->name : u.unit;
    u.totals = a.totals;
    const Policy* policy = policy_of(in.policies, in.organisation, u.unit);
    if (policy) u.profile = policy->name;
    if (policy == nullptr || !policy->assessment.present) {
      out.push_back(std::move(u));
      continue;
    }
    const AssessmentPolicy& ap = policy->assessment;
    std::int64_t not_alone = 0;
    for (const auto& [category, counts] : a.proper) {
      not_alone +=
          excluded(ap, in.projection.categories().name(category), counts.first, counts.second);
    }
    double weighted = 0, weights = 0;
    for (const WeightedIndicator& w : ap.indicators) {
      IndicatorFigure f =
          indicator_figure(w.indicator, a.totals, not_alone, ap.exempt_upheld_appeals);
      f.weight = w.weight;
      f.article = w.article;
      if (f.rate) {
        weighted += w.weight * *f.rate;
        weights += w.weight;
      }
      u.indicators.push_back(std::move(f));
    }
    double deducted = 0;
    for (const Deduction& d : ap.deductions) {
      DeductionFigure f;
      f.basis = d.basis;
      f.article = d.article;
      if (d.basis == DeductionBasis::kCirculation) {
        auto it = in.circulations.find(u.unit);
        f.records = it == in.circulations.end() ? 0 : it->second;
      } else {
        f.records = a.totals[Measure::kKeySupervised];
      }
      f.points = static_cast<double>(f.records) * d.points;
      if (d.cap > 0) f.points = std::min(f.points, d.cap);
      deducted += f.points;
      u.deductions.push_back(f);
    }
    if (weights > 0) u.score = std::max(0.0, ap.scale * weighted / weights - deducted);
    out.push_back(std::move(u));
  }
  // Rank within each profile: best score first; equal scores share a rank.
  std::sort(out.begin(), out.end(), [](const UnitAssessment& x, const UnitAssessment& y) {
    if (x.profile != y.profile) return x.profile < y.profile;
    const double sx = x.score.value_or(-1), sy = y.score.value_or(-1);
    if (sx != sy) return sx > sy;
    return x.unit < y.unit;
  });
  int position = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    position = (i > 0 && out[i - 1].profile == out[i].profile) ? position + 1 : 1;
    if (!out[i].score) continue;
    const bool tie =
        i > 0 && out[i - 1].profile == out[i].profile && out[i - 1].score == out[i].score;
    out[i].rank = tie ? out[i - 1].rank : position;
  }
  return out;
}

namespace {

// Whether a work order with these summed measures counts against the unit.
bool counts_against(AssessmentIndicator indicator, const std::map<Measure, std::int64_t>& measures,
                    const std::string& category, const AssessmentPolicy& policy) {
  auto m = [&](Measure x) {
    auto it = measures.find(x);
    return it == measures.end() ? std::int64_t{0} : it->second;
  };
  switch (indicator) {
    case AssessmentIndicator::kOnTimeAcceptance:
      return m(Measure::kAccepted) > m(Measure::kAcceptedOnTime);
    case AssessmentIndicator::kOnTimeReply:
      return m(Measure::kReplied) > m(Measure::kRepliedOnTime);
    case AssessmentIndicator::kReplyQuality:
      return m(Measure::kReplyFindings) > 0;
    case AssessmentIndicator::kHandlingQuality:
      return m(Measure::kSentBack) + m(Measure::kFakeCompletion) > 0;
    case AssessmentIndicator::kSatisfaction: {
      const std::int64_t exempted = policy.exempt_upheld_appeals ? m(Measure::kExempted) : 0;
      const std::int64_t alone =
          excluded(policy, category, m(Measure::kDissatisfiedProper), m(Measure::kExemptedProper));
      return m(Measure::kDissatisfied) - exempted - alone > 0;
    }
    case AssessmentIndicator::kFirstContact:
      return m(Measure::kReturnsApproved) > 0;
  }
  return false;
}

}  // namespace

std::vector<DrillDownRow> drill_down(const AnalysisProjection& projection, std::string_view unit,
                                     const Period& period, AssessmentIndicator indicator,
                                     const AssessmentPolicy& policy) {
  std::vector<DrillDownRow> rows;
  auto id = projection.units().find(unit);
  if (!id) return rows;
  const std::vector<Measure> wanted = indicator_measures(indicator);
  for (const WorkOrderFacts& w : projection.work_orders()) {
    std::map<Measure, std::int64_t> measures;
    for (const Contribution& c : w.contributions) {
      if (c.unit != *id || c.day < period.first() || c.day > period.last()) continue;
      if (std::find(wanted.begin(), wanted.end(), c.measure) == wanted.end()) continue;
      measures[c.measure] += c.delta;
    }
    // Only work orders in the figure's denominator.
    if (!measures.contains(wanted.front())) continue;
    DrillDownRow row;
    row.work_order = projection.id_of(w);
    row.request = projection.request_of(w);
    row.category = projection.categories().name(w.dims.category);
    row.district = projection.districts().name(w.dims.district);
    row.counts_against = counts_against(indicator, measures, row.category, policy);
    row.measures = std::move(measures);
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<DrillDownRow>> drill_down_all(const AnalysisProjection& projection,
                                                 std::string_view unit, const Period& period,
                                                 AssessmentIndicator indicator,
                                                 const AssessmentPolicy& policy) {
  std::vector<DrillDownRow> rows = drill_down(projection, unit, period, indicator, policy);
  if (AnalysisArchive* archive = projection.archive(); archive != nullptr) {
    const std::vector<Measure> wanted = indicator_measures(indicator);
    std::vector<std::uint8_t> numbers;
    numbers.reserve(wanted.size());
    for (Measure m : wanted) numbers.push_back(static_cast<std::uint8_t>(m));
    auto archived = archive->contributions(unit, period.first(), period.last(), numbers);
    if (!archived) return fail(archived.error());
    for (ArchivedFigureRow& a : *archived) {
      // Facts brought back into memory are newer than their archived copy.
      if (projection.work_order(a.work_order) != nullptr) continue;
      std::map<Measure, std::int64_t> measures;
      for (const auto& [m, sum] : a.measures) {
        if (m < kMeasureCount) measures[static_cast<Measure>(m)] += sum;
      }
      if (!measures.contains(wanted.front())) continue;
      DrillDownRow row;
      row.work_order = std::move(a.work_order);
      row.request = std::move(a.request);
      row.category = std::move(a.category);
      row.district = std::move(a.district);
      row.counts_against = counts_against(indicator, measures, row.category, policy);
      row.measures = std::move(measures);
      rows.push_back(std::move(row));
    }
  }
  std::sort(rows.begin(), rows.end(), [](const DrillDownRow& a, const DrillDownRow& b) {
    return a.work_order < b.work_order;
  });
  return rows;
}

}  // namespace hotline::analysis
