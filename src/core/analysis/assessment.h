#pragma once
// EVA-1 [R23, M23]: the comprehensive evaluation of each unit for a period,
// from the cube only (no scan of the event log). A unit's figures are those
// of the work orders it led when each measure was decided; the unit's
// profile (its own or its nearest ancestor's binding, else the default)
// chooses the indicators, weights and deductions of [assessment]. Units are
// ranked within their profile. Every figure opens to its work orders
// (drill_down).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/circulation_note.h"
#include "core/analysis/projection.h"
#include "core/org/organisation.h"
#include "core/policy/policy.h"

namespace hotline::analysis {

struct Period {
  LocalDate from{};  // inclusive
  LocalDate to{};    // inclusive
  std::int32_t first() const { return day_number(from); }
  std::int32_t last() const { return day_number(to); }
  std::int32_t days() const { return last() - first() + 1; }
};
// "2026-11" → 2026-11-01..2026-11-30.
Result<Period> month_period(std::string_view month);
// Checks from ≤ to and at most `max_days` long; fields "from", "to".
Result<Period> make_period(std::string_view from, std::string_view to, int max_days = 366);

struct IndicatorFigure {
  AssessmentIndicator indicator = AssessmentIndicator::kOnTimeAcceptance;
  double weight = 0;
  std::string article;
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  std::optional<double> rate;  // none when the denominator is 0 (left out of the score)
};

struct DeductionFigure {
  DeductionBasis basis = DeductionBasis::kCirculation;
  std::int64_t records = 0;
  double points = 0;  // after the cap
  std::string article;
};

struct UnitAssessment {
  std::string unit;
  std::string name;
  std::string profile;
  Counters totals;  // the unit's counters for the period
  std::vector<IndicatorFigure> indicators;
  std::vector<DeductionFigure> deductions;
  std::optional<double> score;  // none when no indicator has data
  int rank = 0;                 // within the profile, 1 = best; 0 when unscored
  std::vector<CirculationNote>
      circulations;  // EVA-2: the unit's in the period (attach_circulations)
};

struct AssessmentInput {
  const AnalysisProjection& projection;
  const PolicySet& policies;
  const Organisation& organisation;
  Period period;
  // EVA-2: circulation records per unit in the period (T24 deductions).
  std::map<std::string, std::int64_t> circulations;
};

// Every unit with a work order in the period (and every active undertaking
// unit in `only`, when given, even with none); sorted by profile and rank.
std::vector<UnitAssessment> assess_units(const AssessmentInput& in);

// EVA-2: gives each assessed unit its own circulations (criticisms and praises).
void attach_circulations(std::vector<UnitAssessment>& assessed,
                         const std::vector<CirculationNote>& notes);

// The counters of `unit` for the period, summed over its cells.
Counters unit_counters(const AnalysisProjection& projection, std::string_view unit,
                       const Period& period);

// A unit's rate for an indicator, from counters alone (shared by assessment,
// dashboard and reports; the not-by-satisfaction-alone exclusion needs the
// category, so it is passed already summed).
IndicatorFigure indicator_figure(AssessmentIndicator indicator, const Counters& c,
                                 std::int64_t excluded_not_alone, bool exempt_appeals);

// One work order behind a figure: its contributions to the indicator's
// measures in the period, and whether it counts against the unit.
struct DrillDownRow {
  std::string work_order;
  std::string request;
  std::string category;
  std::string district;
  std::map<Measure, std::int64_t> measures;
  bool counts_against = false;
};
// The work orders behind unit × period × indicator (each exactly once).
std::vector<DrillDownRow> drill_down(const AnalysisProjection& projection, std::string_view unit,
                                     const Period& period, AssessmentIndicator indicator,
                                     const AssessmentPolicy& policy);

// The same over the facts in memory and the archive's (the work orders
// evicted from memory, projection.h), ordered by work-order id; what the
// Analysis use case answers.
Result<std::vector<DrillDownRow>> drill_down_all(const AnalysisProjection& projection,
                                                 std::string_view unit, const Period& period,
                                                 AssessmentIndicator indicator,
                                                 const AssessmentPolicy& policy);

// The measures an indicator is made of (denominator first).
std::vector<Measure> indicator_measures(AssessmentIndicator indicator);

}  // namespace hotline::analysis
