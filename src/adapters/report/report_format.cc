#include "adapters/report/report_format.h"

#include <cstdio>

namespace hotline::report {

std::string percent(const std::optional<double>& rate) {
  if (!rate) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", *rate * 100.0);
  return buf;
}

std::string hours(const std::optional<double>& seconds) {
  if (!seconds) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f 小时", *seconds / 3600.0);
  return buf;
}

std::string period_text(const analysis::Period& p) {
  return format_date(p.from) + " 至 " + format_date(p.to);
}

std::string score_text(const std::optional<double>& score) {
  if (!score) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", *score);
  return buf;
}

std::optional<double> overall_rate(const analysis::MonthlyReport& r, AssessmentIndicator i) {
  return analysis::indicator_figure(i, r.totals, 0, true).rate;
}

}  // namespace hotline::report
