#include "core/analysis/backlog_counters.h"

namespace hotline::analysis {

void BacklogCounters::add(std::int32_t dispatch_day, std::uint16_t unit,
                          std::optional<std::int32_t> closed_day, std::int64_t delta) {
  Cell& cell = days_[dispatch_day][unit];
  cell.dispatched += delta;
  if (closed_day) {
    cell.closed_total += delta;
    auto it = cell.closed.try_emplace(*closed_day, 0).first;
    it->second += delta;
    if (it->second == 0) cell.closed.erase(it);
  }
}

}  // namespace hotline::analysis
