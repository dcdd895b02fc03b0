#pragma once
// Dispatch learned from history (DIS-8 [M15, R26]): how often each unit was
// the right lead for a category in a district. A dispatch that stood counts
// for its unit; an approved return (RET-2) is a correction — it counts
// against the unit that returned it and for the unit it went to instead.

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace hotline::triage {

struct HistoryRecord {
  std::string category;
  std::string district;  // empty: unknown
  std::string unit;
  double weight = 0;
};

struct LearnedUnit {
  std::string unit;
  double share = 0;      // of the weight for this category and district
  double support = 0;    // total weight seen
  std::string category;  // the category level it was learned at
};

class DispatchHistory {
 public:
  void add(const HistoryRecord& r);
  // A dispatch that stood.
  HistoryRecord dispatched(std::string category, std::string district, std::string unit);
  // A correction: `from` returned it, `to` took it. Two records.
  std::vector<HistoryRecord> corrected(const std::string& category, const std::string& district,
                                       const std::string& from, const std::string& to);

  // The best unit for the category (or its parents) in the district (or
  // anywhere), when at least `min_support` weight was seen there.
  std::vector<LearnedUnit> suggest(std::string_view category, std::string_view district,
                                   double min_support = 3.0) const;

 private:
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::map<std::string, double>> weights_;
};

}  // namespace hotline::triage
