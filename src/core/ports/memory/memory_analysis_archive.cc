#include "core/ports/memory/memory_analysis_archive.h"

#include <algorithm>

#include "core/ports/analysis_store_checks.h"

namespace hotline {

Status MemoryAnalysisArchive::put(std::int64_t position,
                                  const std::vector<ArchivedRecord>& records) {
  if (auto st = check_archived_records(records); !st) return st;
  std::lock_guard lock(mutex_);
  if (fail_next_put_) {
    fail_next_put_ = false;
    return fail(Error::storage("analysis archive: write failed (test)"));
  }
  ++puts_;
  for (const ArchivedRecord& r : records) records_[r.stream][position] = r;
  return {};
}

Result<std::optional<ArchivedRecord>> MemoryAnalysisArchive::get(std::string_view stream) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(stream);
  if (it == records_.end() || it->second.empty()) return std::optional<ArchivedRecord>();
  return std::optional<ArchivedRecord>(it->second.rbegin()->second);
}

Result<std::vector<ArchivedFigureRow>> MemoryAnalysisArchive::contributions(
    std::string_view unit, std::int32_t from, std::int32_t to,
    const std::vector<std::uint8_t>& measures) {
  std::lock_guard lock(mutex_);
  std::vector<ArchivedFigureRow> out;
  for (const auto& [stream, versions] : records_) {
    if (versions.empty()) continue;
    const ArchivedRecord& r = versions.rbegin()->second;
    if (!r.work_order) continue;
    std::map<std::uint8_t, std::int64_t> sums;
    for (const ArchivedContribution& c : r.contributions) {
      if (c.unit != unit || c.day < from || c.day > to) continue;
      if (std::find(measures.begin(), measures.end(), c.measure) == measures.end()) continue;
      sums[c.measure] += c.delta;
    }
    if (sums.empty()) continue;
    ArchivedFigureRow row{r.stream, r.request, r.category, r.district, {}};
    row.measures.assign(sums.begin(), sums.end());
    out.push_back(std::move(row));
  }
  return out;
}

Result<std::vector<std::string>> MemoryAnalysisArchive::closed_between(std::int32_t from,
                                                                       std::int32_t to) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [stream, versions] : records_) {
    if (versions.empty()) continue;
    const ArchivedRecord& r = versions.rbegin()->second;
    if (r.work_order && r.closed_day && *r.closed_day >= from && *r.closed_day <= to) {
      out.push_back(stream);
    }
  }
  return out;
}

Status MemoryAnalysisArchive::put_days(std::int64_t position,
                                       const std::vector<ArchivedDayPart>& parts) {
  std::lock_guard lock(mutex_);
  if (fail_next_put_) {
    fail_next_put_ = false;
    return fail(Error::storage("analysis archive: write failed (test)"));
  }
  ++puts_;
  for (const ArchivedDayPart& p : parts) days_[p.day].emplace_back(position, p);
  return {};
}

Result<std::vector<ArchivedDayPart>> MemoryAnalysisArchive::days(std::int32_t from, std::int32_t to,
                                                                 DayDetail detail) {
  std::lock_guard lock(mutex_);
  std::vector<ArchivedDayPart> out;
  for (auto it = days_.lower_bound(from); it != days_.end() && it->first <= to; ++it) {
    for (const auto& [position, part] : it->second) {
      ArchivedDayPart read{it->first, {}, {}};
      if (detail == DayDetail::kCoarse && !part.coarse.empty()) {
        read.coarse = part.coarse;
      } else {
        read.cells = part.cells;
      }
      out.push_back(std::move(read));
    }
  }
  return out;
}

Status MemoryAnalysisArchive::discard_after(std::int64_t position) {
  std::lock_guard lock(mutex_);
  for (auto it = days_.begin(); it != days_.end();) {
    std::erase_if(it->second, [&](const auto& part) { return part.first > position; });
    it = it->second.empty() ? days_.erase(it) : std::next(it);
  }
  for (auto it = records_.begin(); it != records_.end();) {
    auto& versions = it->second;
    versions.erase(versions.upper_bound(position), versions.end());
    // Only the newest version at or before the position can be needed again.
    if (versions.size() > 1) versions.erase(versions.begin(), std::prev(versions.end()));
    it = versions.empty() ? records_.erase(it) : std::next(it);
  }
  return {};
}

Result<std::int64_t> MemoryAnalysisArchive::size() {
  std::lock_guard lock(mutex_);
  return static_cast<std::int64_t>(records_.size());
}

}  // namespace hotline
