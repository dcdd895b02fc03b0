#pragma once
// ANA-1: the backlog (open work orders by age) as counters, so that the
// dashboard does not scan every work order's facts. A work order counts in
// the cell of its first dispatch day and its current lead unit, with the day
// it was closed (if it was): at the end of day D the open ones of a cell are
// those dispatched minus those closed on or before D, and their age is
// D - dispatch day in calendar days.

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>

namespace hotline::analysis {

class BacklogCounters {
 public:
  // delta +1 adds a work order (dispatched on `dispatch_day`, led by `unit`,
  // closed on `closed_day` if any), -1 removes it: a re-dispatch or a later
  // close is a removal and an addition.
  void add(std::int32_t dispatch_day, std::uint16_t unit, std::optional<std::int32_t> closed_day,
           std::int64_t delta);

  // fn(dispatch day, unit, open work orders at the end of `day`) for every
  // cell dispatched on or before `day` with some open.
  template <typename Fn>
  void for_each_open(std::int32_t day, Fn&& fn) const {
    for (auto it = days_.begin(); it != days_.end() && it->first <= day; ++it) {
      for (const auto& [unit, cell] : it->second) {
        // A cell whose work orders were all closed by `day` (most of the
        // past ones) is skipped without reading its closing days.
        if (cell.dispatched == cell.closed_total &&
            (cell.closed.empty() || cell.closed.rbegin()->first <= day)) {
          continue;
        }
        std::int64_t open = cell.dispatched;
        for (auto c = cell.closed.begin(); c != cell.closed.end() && c->first <= day; ++c) {
          open -= c->second;
        }
        if (open != 0) fn(it->first, unit, open);
      }
    }
  }

  // fn(dispatch day, unit, closed day or none, work orders): add() with
  // these restores the same counters (the checkpoint codec).
  template <typename Fn>
  void for_each_entry(Fn&& fn) const {
    for (const auto& [day, units] : days_) {
      for (const auto& [unit, cell] : units) {
        if (cell.dispatched != cell.closed_total) {
          fn(day, unit, std::optional<std::int32_t>(), cell.dispatched - cell.closed_total);
        }
        for (const auto& [closed, n] : cell.closed) fn(day, unit, std::optional(closed), n);
      }
    }
  }

 private:
  struct Cell {
    std::int64_t dispatched = 0;
    std::int64_t closed_total = 0;                // the sum of `closed`
    std::map<std::int32_t, std::int64_t> closed;  // close day → work orders
  };
  std::map<std::int32_t, std::unordered_map<std::uint16_t, Cell>> days_;
};

}  // namespace hotline::analysis
