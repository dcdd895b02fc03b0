#include "core/oversight/sample.h"

#include <algorithm>
#include <cmath>

#include "core/analysis/assessment.h"

namespace hotline::oversight {

Status validate(const SamplingRule& rule) {
  if (!(rule.rate > 0 && rule.rate <= 1)) {
    return fail(Error::invalid("sample_rate", "must be more than 0 and at most 1",
                               "抽样比例须大于0且不超过1"));
  }
  if (rule.minimum < 0) {
    return fail(Error::invalid("sample_minimum", "must not be negative", "最少抽样数不能为负"));
  }
  if (rule.maximum < rule.minimum || rule.maximum < 1) {
    return fail(Error::invalid("sample_maximum", "must be at least 1 and at least sample_minimum",
                               "最多抽样数须不少于1且不少于最少抽样数"));
  }
  if (rule.seed.empty()) {
    return fail(Error::invalid("seed", "must not be empty", "抽样种子不能为空"));
  }
  return {};
}

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::vector<std::string> choose_sample(std::vector<std::string> closed, std::string_view month,
                                       const SamplingRule& rule) {
  const auto total = static_cast<std::int64_t>(closed.size());
  auto n = static_cast<std::int64_t>(std::ceil(rule.rate * static_cast<double>(total)));
  n = std::clamp(n, rule.minimum, rule.maximum);
  n = std::min(n, total);
  const std::string prefix = rule.seed + "\n" + std::string(month) + "\n";
  std::vector<std::pair<std::uint64_t, std::string>> keyed;
  keyed.reserve(closed.size());
  for (std::string& id : closed) keyed.emplace_back(stable_hash(prefix + id), std::move(id));
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::string> out;
  for (std::int64_t i = 0; i < n; ++i)
    out.push_back(std::move(keyed[static_cast<std::size_t>(i)].second));
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<std::string>> sample_closed(const analysis::AnalysisProjection& projection,
                                               std::string_view month, const SamplingRule& rule) {
  auto period = analysis::month_period(month);
  if (!period) return std::vector<std::string>{};
  std::vector<std::string> closed;
  for (const analysis::WorkOrderFacts& w : projection.work_orders()) {
    if (!w.closed_at) continue;
    const std::int32_t day = analysis::day_number(local_date(*w.closed_at));
    if (day >= period->first() && day <= period->last()) closed.push_back(projection.id_of(w));
  }
  if (AnalysisArchive* archive = projection.archive(); archive != nullptr) {
    auto archived = archive->closed_between(period->first(), period->last());
    if (!archived) return fail(archived.error());
    for (std::string& id : *archived) {
      // Facts back in memory are newer: they were counted above (or left the month).
      if (projection.work_order(id) == nullptr) closed.push_back(std::move(id));
    }
  }
  return choose_sample(std::move(closed), month, rule);
}

}  // namespace hotline::oversight
