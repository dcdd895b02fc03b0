#pragma once
// ANA-3 [C25, C26]: long-lasting, hard problems. C25: 对持续时间长、解决难度大
// 的诉求事项开展专题研究. A cluster of requests on one problem (the triage
// clusters of SUP-1/ANA-2, docs/triage.md) "lasts" when it recurs: it has
// requests in at least `min_months` of the last `months` calendar months
// (data/triage/settings.toml [recurring_clusters], the office's setting
// under C25). The list names each such cluster with its months and request
// counts, so the office can open a special research (special_research.h).

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"

namespace hotline::analysis {

struct RecurringSettings {
  int months = 6;      // M: the last M calendar months, the current one included
  int min_months = 3;  // N: with requests in at least N of them
  std::string article = "C25";
};

// A cluster's member as indexed.
struct ClusterMemberInfo {
  std::string number;
  Instant at{};
  std::string district;
  std::string applicant;  // the index's applicant key; "" anonymous
};

struct MonthCount {
  std::string month;  // "2026-11"
  std::int64_t requests = 0;
};

struct RecurringCluster {
  std::string cluster;          // the number of its first request (names the cluster)
  std::int64_t requests = 0;    // within the M months
  std::int64_t applicants = 0;  // distinct, within the M months (anonymous ones count as one)
  std::string district;         // most frequent, if any
  std::string category;
  Instant first_at{}, last_at{};
  std::vector<MonthCount> months;      // the months with requests, oldest first
  std::vector<std::string> numbers;    // every member, in arrival order
  std::vector<std::string> districts;  // the district of each member as indexed
};

// The months of a cluster's members within the last `settings.months`
// months ending with the month of `now`; a cluster recurs when at least
// `min_months` of them have requests.
bool recurs(const std::vector<ClusterMemberInfo>& members, const RecurringSettings& settings,
            Instant now, RecurringCluster& out);

// "2026-11" of the local date of `t`.
std::string month_of(Instant t);

}  // namespace hotline::analysis
