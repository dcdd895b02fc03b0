#pragma once
// Shared wording of the monthly report's renderers (Excel and PDF): the
// Chinese labels and number formats, so both say the same thing.

#include <optional>
#include <string>

#include "core/analysis/monthly_report.h"

namespace hotline::report {

// "93.5%", or "—" without data.
std::string percent(const std::optional<double>& rate);
// "12.3 小时" from seconds, or "—".
std::string hours(const std::optional<double>& seconds);
// "2026-11-01 至 2026-11-30"
std::string period_text(const analysis::Period& p);
std::string score_text(const std::optional<double>& score);
// The whole scope's rate of an indicator, from the report's totals.
std::optional<double> overall_rate(const analysis::MonthlyReport& r, AssessmentIndicator i);

}  // namespace hotline::report
