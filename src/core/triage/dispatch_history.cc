#include "core/triage/dispatch_history.h"

#include <algorithm>

namespace hotline::triage {

void DispatchHistory::add(const HistoryRecord& r) {
  auto& w = weights_[{r.category, r.district}][r.unit];
  w = std::max(0.0, w + r.weight);
}

HistoryRecord DispatchHistory::dispatched(std::string category, std::string district,
                                          std::string unit) {
  HistoryRecord r{std::move(category), std::move(district), std::move(unit), 1.0};
  add(r);
  return r;
}

std::vector<HistoryRecord> DispatchHistory::corrected(const std::string& category,
                                                      const std::string& district,
                                                      const std::string& from,
                                                      const std::string& to) {
  std::vector<HistoryRecord> out{{category, district, from, -1.0}, {category, district, to, 1.0}};
  for (const auto& r : out) add(r);
  return out;
}

std::vector<LearnedUnit> DispatchHistory::suggest(std::string_view category,
                                                  std::string_view district,
                                                  double min_support) const {
  // Most specific first: the category and its parents, in the district, then anywhere.
  std::vector<std::string> levels;
  std::string c(category);
  while (!c.empty()) {
    levels.push_back(c);
    const auto slash = c.rfind('/');
    if (slash == std::string::npos) break;
    c.resize(slash);
  }
  auto rank = [&](const std::map<std::string, double>& units,
                  const std::string& level) -> std::vector<LearnedUnit> {
    double total = 0;
    for (const auto& [unit, w] : units) total += w;
    if (total < min_support) return {};
    std::vector<LearnedUnit> out;
    for (const auto& [unit, w] : units) {
      if (w > 0) out.push_back({unit, w / total, total, level});
    }
    std::sort(out.begin(), out.end(), [](const LearnedUnit& a, const LearnedUnit& b) {
      return a.share != b.share ? a.share > b.share : a.unit < b.unit;
    });
    return out;
  };
  for (const auto& level : levels) {
    if (!district.empty()) {
      const auto it = weights_.find({level, std::string(district)});
      if (it != weights_.end()) {
        if (auto out = rank(it->second, level); !out.empty()) return out;
      }
    }
    // Anywhere: every district's record of this category together.
    std::map<std::string, double> all;
    for (auto it = weights_.lower_bound({level, std::string()});
         it != weights_.end() && it->first.first == level; ++it) {
      for (const auto& [unit, w] : it->second) all[unit] += w;
    }
    if (auto out = rank(all, level); !out.empty()) return out;
  }
  return {};
}

}  // namespace hotline::triage
