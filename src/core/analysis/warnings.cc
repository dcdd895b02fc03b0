#include "core/analysis/warnings.h"

#include <algorithm>
#include <cmath>

namespace hotline::analysis {

std::string_view to_string(WarningKind k) {
  return k == WarningKind::kSurge ? "surge" : "sensitive";
}

const WarningRecord* Warnings::find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &records_[it->second];
}

WarningRecord& Warnings::upsert(const std::string& id, bool& created) {
  if (auto it = index_.find(id); it != index_.end()) {
    created = false;
    return records_[it->second];
  }
  created = true;
  index_.emplace(id, records_.size());
  records_.push_back(WarningRecord{});
  records_.back().id = id;
  return records_.back();
}

double Warnings::baseline(const Key& key, std::int32_t day) const {
  auto it = daily_.find(key);
  if (it == daily_.end() || it->second.empty()) return 0;
  // The mean over the days observed, up to baseline_days: a place first
  // seen a week ago has a week's baseline, a new one none.
  const std::int32_t first = it->second.begin()->first;
  const std::int32_t n = std::min<std::int32_t>(settings_.hotspot.baseline_days, day - first);
  if (n <= 0) return 0;
  std::int64_t sum = 0;
  for (auto d = it->second.lower_bound(day - n); d != it->second.end() && d->first < day; ++d) {
    sum += d->second;
  }
  return static_cast<double>(sum) / n;
}

void Warnings::forget_before(std::int32_t day) {
  const std::int32_t keep_from = day - settings_.hotspot.baseline_days - 1;
  for (auto& [key, days] : daily_) {
    if (days.empty() || days.begin()->first >= keep_from) continue;
    days.erase(days.begin(), days.lower_bound(keep_from));
    days.try_emplace(keep_from, 0);
  }
}

bool Warnings::is_surge(std::int64_t count, double expected) const {
  const HotspotSettings& h = settings_.hotspot;
  if (count < h.min_count) return false;
  // Poisson: the standard deviation is the square root of the mean; a mean
  // under 1 is taken as 1 so that a quiet place needs more than a few.
  const double sd = std::sqrt(std::max(expected, 1.0));
  return static_cast<double>(count) > expected + h.z * sd;
}

std::vector<std::string> Warnings::on_registration(const std::string& request, Instant at,
                                                   std::int32_t day, const std::string& district,
                                                   const std::string& category,
                                                   std::string_view text) {
  std::vector<std::string> touched;
  const std::string date = format_date(LocalDate{std::chrono::days{day}});
  const Key key{district, category};
  const std::int64_t count = ++daily_[key][day];
  const double expected = baseline(key, day);
  const std::string surge_id = "surge-" + date + "-" + district + "-" + category;
  const bool known = index_.contains(surge_id);
  if (known || is_surge(count, expected)) {
    bool created = false;
    WarningRecord& w = upsert(surge_id, created);
    if (created) {
      w.kind = WarningKind::kSurge;
      w.created_at = at;
      w.day = day;
      w.district = district;
      w.category = category;
      w.baseline = expected;
      w.article = settings_.hotspot.article;
      // `requests` lists those from the crossing on; the drill-down finds
      // every request of the day from the projection's request facts.
    }
    w.count = count;
    w.title = date + " " + (category.empty() ? std::string("未分类") : category) + "诉求激增：" +
              std::to_string(count) + "件（基线" +
              std::to_string(static_cast<long long>(std::llround(w.baseline))) + "件）";
    if (w.requests.size() < WarningRecord::kMaxRequests) w.requests.push_back(request);
    touched.push_back(surge_id);
  }
  for (const std::string& word : settings_.watch_list) {
    if (word.empty() || text.find(word) == std::string_view::npos) continue;
    std::string id = "sensitive-";
    id.append(date).append("-").append(district).append("-").append(word);
    bool created = false;
    WarningRecord& w = upsert(id, created);
    if (created) {
      w.kind = WarningKind::kSensitive;
      w.created_at = at;
      w.day = day;
      w.district = district;
      w.category = category;
      w.word = word;
      w.article = settings_.hotspot.article;
    }
    ++w.count;
    w.title = date;
    w.title.append(" 敏感词“")
        .append(word)
        .append("”：")
        .append(std::to_string(w.count))
        .append("件");
    if (w.requests.size() < WarningRecord::kMaxRequests) w.requests.push_back(request);
    touched.push_back(id);
  }
  return touched;
}

}  // namespace hotline::analysis
