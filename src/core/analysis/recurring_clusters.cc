#include "core/analysis/recurring_clusters.h"

#include <cstdio>
#include <map>
#include <set>

namespace hotline::analysis {

std::string month_of(Instant t) {
  const std::chrono::year_month_day ymd{local_date(t)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()));
  return buf;
}

bool recurs(const std::vector<ClusterMemberInfo>& members, const RecurringSettings& settings,
            Instant now, RecurringCluster& out) {
  using namespace std::chrono;
  const year_month current{year_month_day{local_date(now)}.year(),
                           year_month_day{local_date(now)}.month()};
  const year_month first_month = current - months{settings.months - 1};
  const Instant from = at_local(sys_days{first_month / 1});
  std::map<std::string, std::int64_t> per_month;
  std::map<std::string, int> districts;
  std::set<std::string> applicants;
  out.requests = 0;
  bool any = false;
  for (const ClusterMemberInfo& m : members) {
    if (m.at < from || m.at > now) continue;
    ++per_month[month_of(m.at)];
    ++out.requests;
    applicants.insert(m.applicant);
    if (!m.district.empty()) ++districts[m.district];
    if (!any || m.at < out.first_at) out.first_at = m.at;
    if (!any || m.at > out.last_at) out.last_at = m.at;
    any = true;
  }
  if (static_cast<int>(per_month.size()) < settings.min_months) return false;
  out.applicants = static_cast<std::int64_t>(applicants.size());
  out.months.clear();
  for (const auto& [month, n] : per_month) out.months.push_back({month, n});
  int best = 0;
  for (const auto& [d, n] : districts) {
    if (n > best) {
      best = n;
      out.district = d;
    }
  }
  return true;
}

}  // namespace hotline::analysis
