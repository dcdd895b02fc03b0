#pragma once
// ANA-1: the analysis cube — counters per local day × unit × category ×
// district × channel × request type, kept up to date from the event log by
// the projection (projection.h). Figures for any period are sums of days, so
// no query scans the event log. Dimension values are interned to small
// numbers (Dictionary) so a cell's coordinates pack into one 64-bit key.

#include <array>
#include <cassert>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ports/analysis_archive.h"
#include "core/time.h"

namespace hotline::analysis {

// What the cube counts. Work-order measures are attributed to the day of the
// event that decides them and to the work order's lead unit at that moment.
enum class Measure : std::uint8_t {
  kRegistered,           // requests registered (no unit)
  kDispatched,           // work orders dispatched or re-dispatched to the unit (volume in)
  kAccepted,             // accepted
  kAcceptedOnTime,       // accepted before the ACC-1 deadline
  kReplied,              // replies (first handling and handling again)
  kRepliedOnTime,        // replies before the handling deadline
  kReplyFindings,        // replies with missing elements or reply-check notes (REP-2, REP-5)
  kSentBack,             // sent back for handling again (VIS-2)
  kReturnsApplied,       // returns applied for (RET-1)
  kReturnsApproved,      // returns approved: the work order left the unit (volume out)
  kEvaluated,            // satisfaction evaluations (VIS-1)
  kSatisfied,            // 满意
  kBasicallySatisfied,   // 基本满意
  kDissatisfied,         // 不满意
  kDissatisfiedProper,   // 不满意, but replied on time without findings (for M23/D25)
  kExempted,             // dissatisfactions removed by an upheld appeal (APL-1)
  kExemptedProper,       // … of which kDissatisfiedProper
  kClosed,               // archived (volume out)
  kSupervised,           // supervisions raised (SUP-1)
  kKeySupervised,        // key supervisions (SUP-2)
  kFakeCompletion,       // supervisions for fake completion (T22(3))
  kDispatchWaitSeconds,  // registration → dispatch
  kDispatchWaits,        // … how many
  kAcceptWaitSeconds,    // dispatch → acceptance
  kAcceptWaits,
  kHandleWaitSeconds,  // acceptance → reply
  kHandleWaits,
  kVisitWaitSeconds,  // reply → evaluation or skipped visit
  kVisitWaits,
  kCount
};
inline constexpr std::size_t kMeasureCount = static_cast<std::size_t>(Measure::kCount);
std::string_view to_string(Measure m);
std::optional<Measure> parse_measure(std::string_view s);

struct Counters {
  std::array<std::int64_t, kMeasureCount> values{};
  std::int64_t& operator[](Measure m) { return values[static_cast<std::size_t>(m)]; }
  std::int64_t operator[](Measure m) const { return values[static_cast<std::size_t>(m)]; }
  void add(const Counters& other) {
    for (std::size_t i = 0; i < kMeasureCount; ++i) values[i] += other.values[i];
  }
};

// Strings ↔ small numbers; 0 is the empty string ("none").
class Dictionary {
 public:
  Dictionary() { id(""); }
  std::uint16_t id(std::string_view name);  // interns; past 65535 names: 65535 ("other")
  std::optional<std::uint16_t> find(std::string_view name) const;
  const std::string& name(std::uint16_t id) const;
  std::size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::uint16_t> ids_;
};

// A cell's coordinates besides the day.
struct Dims {
  std::uint16_t unit = 0;
  std::uint16_t category = 0;
  std::uint16_t district = 0;
  std::uint8_t channel = 0;  // static_cast of Channel
  std::uint8_t type = 0;     // static_cast of RequestType

  std::uint64_t pack() const {
    return (std::uint64_t{unit} << 48) | (std::uint64_t{category} << 32) |
           (std::uint64_t{district} << 16) | (std::uint64_t{channel} << 8) | type;
  }
  static Dims unpack(std::uint64_t k) {
    return Dims{static_cast<std::uint16_t>(k >> 48), static_cast<std::uint16_t>(k >> 32),
                static_cast<std::uint16_t>(k >> 16), static_cast<std::uint8_t>(k >> 8),
                static_cast<std::uint8_t>(k)};
  }
};

// Days since the epoch of a local date.
inline std::int32_t day_number(LocalDate d) {
  return static_cast<std::int32_t>(d.time_since_epoch().count());
}
inline LocalDate from_day_number(std::int32_t n) { return LocalDate{std::chrono::days{n}}; }

// The month number of a day (months since 1970-01) and the day range of a month.
std::int32_t month_of_day(std::int32_t day);
std::int32_t first_day_of_month(std::int32_t month);
std::int32_t last_day_of_month(std::int32_t month);

// A cell's counters, kept sparse: only the measures that are not zero (most
// cells count two to six of the 29 measures), so a cell costs a mask and a
// few numbers instead of 232 bytes.
class SparseCounters {
 public:
  void add(Measure m, std::int64_t delta);
  void add_to(Counters& out) const;
  Counters dense() const {
    Counters c;
    add_to(c);
    return c;
  }
  bool empty() const { return mask_ == 0; }

 private:
  std::uint32_t mask_ = 0;            // bit i: measure i has a value
  std::vector<std::int64_t> values_;  // in measure order
};

// The coarse copies of the day cube that the frequent figures read: a work
// order's cell keeps only its unit and category (the category for the M23
// exclusion), a registration's cell only its district and category (hot
// spots). By day and by month: a period's totals read whole months from the
// month rollup and only the days at its edges from the day rollup, so the
// assessment of a month reads one month's cells instead of thirty days of
// the full cube. Every rollup cell is the sum of the cube's cells it covers.
class Rollup {
 public:
  using Cells = std::unordered_map<std::uint64_t, Counters>;
  static Dims coarse(const Dims& d) {
    return d.unit == 0 ? Dims{0, d.category, d.district, 0, 0} : Dims{d.unit, d.category, 0, 0, 0};
  }
  void add(std::int32_t day, const Dims& dims, Measure m, std::int64_t delta);
  void add(std::int32_t day, const Dims& dims, const Counters& c);

  // fn(day, coarse dims, counters) for every coarse cell of the days from..to.
  template <typename Fn>
  void for_each_day(std::int32_t from, std::int32_t to, Fn&& fn) const {
    for (auto it = days_.lower_bound(from); it != days_.end() && it->first <= to; ++it) {
      for (const auto& [key, counters] : it->second) fn(it->first, Dims::unpack(key), counters);
    }
  }
  // fn(coarse dims, counters) whose sums over the calls are the period's
  // totals: whole months from the month rollup, the other days one by one.
  template <typename Fn>
  void for_each_total(std::int32_t from, std::int32_t to, Fn&& fn) const {
    std::int32_t day = from;
    while (day <= to) {
      const std::int32_t month = month_of_day(day);
      const std::int32_t last = last_day_of_month(month);
      if (day == first_day_of_month(month) && last <= to) {
        if (auto it = months_.find(month); it != months_.end()) {
          for (const auto& [key, counters] : it->second) fn(Dims::unpack(key), counters);
        }
        day = last + 1;
        continue;
      }
      if (auto it = days_.find(day); it != days_.end()) {
        for (const auto& [key, counters] : it->second) fn(Dims::unpack(key), counters);
      }
      ++day;
    }
  }
  std::size_t cells() const;
  // Whether `day` is in a whole month of from..to (for_each_total reads
  // that month from the month rollup, not its days).
  static bool in_whole_month(std::int32_t day, std::int32_t from, std::int32_t to) {
    const std::int32_t month = month_of_day(day);
    return first_day_of_month(month) >= from && last_day_of_month(month) <= to;
  }

  // Bounded memory (Cube::take_days_before): the day cells leave, the month
  // cells stay (a month's totals never need its days).
  void drop_days_before(std::int32_t cutoff) {
    days_.erase(days_.begin(), days_.lower_bound(cutoff));
  }
  // Adds to the day cells only (a checkpoint restores the months whole).
  void add_day(std::int32_t day, const Dims& dims, const Counters& c);
  void add_month(std::int32_t month, std::uint64_t coarse_key, const Counters& c) {
    months_[month][coarse_key].add(c);
  }
  const std::map<std::int32_t, Cells>& months() const { return months_; }
  void clear() {
    days_.clear();
    months_.clear();
  }

 private:
  std::map<std::int32_t, Cells> days_;
  std::map<std::int32_t, Cells> months_;
};

// The day cube. Bounded memory (docs/analysis.md, "Bounded memory"): the
// projection takes the days older than its window out (take_days_before)
// and archives them; the month rollup keeps every month. A late event for an
// archived day (an appeal upheld a year later) adds a small part of that day
// in memory again, archived at the next sweep; an archived day is the sum of
// its parts. A query over archived days first pages them in (page): read-only
// copies that every reader below sums with the cells in memory.
class Cube {
 public:
  using Day = std::unordered_map<std::uint64_t, SparseCounters>;

  void add(std::int32_t day, const Dims& dims, Measure m, std::int64_t delta) {
    days_[day][dims.pack()].add(m, delta);
    rollup_.add(day, dims, m, delta);
  }
  // Restores one cell (the checkpoint codec): the cube and the day rollup
  // (the checkpoint restores the months whole, add_month_cell).
  void add_day_cell(std::int32_t day, std::uint64_t key, const Counters& c);
  void add_month_cell(std::int32_t month, std::uint64_t coarse_key, const Counters& c) {
    rollup_.add_month(month, coarse_key, c);
  }

  // Removes the days before `cutoff` from memory (the cube and the day
  // rollup; the month rollup keeps them) and returns their cells.
  std::map<std::int32_t, Day> take_days_before(std::int32_t cutoff);
  // An archived day's part, kept as its bytes for the queries that follow
  // and decoded as they read it (no copy of the cells in memory): its cells,
  // or for DayDetail::kCoarse possibly its coarse cells only, which only the
  // rollup readers (for_each_rollup_day, for_each_total) may read.
  void page(std::int32_t day, std::string part, DayDetail detail) {
    paged_[day].push_back(std::move(part));
    if (detail == DayDetail::kCoarse) paged_coarse_ = true;
  }
  void clear_paged() {
    paged_.clear();
    paged_coarse_ = false;
  }

  // A day's cells as bytes (the archive's day parts): the number of cells,
  // then per cell its key, the mask of its non-zero measures and their
  // values (varints). decode_day calls fn(key, counters) per cell; false:
  // unreadable.
  static std::string encode_day(const Day& cells);
  // The same cells reduced to the rollup's coarse dims (Rollup::coarse),
  // encoded alike: what the archive keeps beside a day's cells.
  static std::string encode_coarse_day(const Day& cells);
  static bool decode_day(std::string_view bytes,
                         const std::function<void(std::uint64_t, const Counters&)>& fn);

  // Calls fn(day, dims, counters) for every cell of the days from..to
  // (inclusive), resident and paged in. A day with a part in memory and a
  // part paged in calls fn for both; every reader sums.
  // Needs every cell of the paged days it reads (AnalysisProjection::page_in
  // with DayDetail::kCells for from..to).
  template <typename Fn>
  void for_each(std::int32_t from, std::int32_t to, Fn&& fn) const {
    assert(!paged_coarse_ || paged_.lower_bound(from) == paged_.end() ||
           paged_.lower_bound(from)->first > to);
    for (auto it = days_.lower_bound(from); it != days_.end() && it->first <= to; ++it) {
      for (const auto& [key, counters] : it->second) {
        fn(it->first, Dims::unpack(key), counters.dense());
      }
    }
    for_each_paged(from, to, [&](std::int32_t day, std::uint64_t key, const Counters& c) {
      fn(day, Dims::unpack(key), c);
    });
  }
  // The day rollup's cells of the days from..to (Rollup::for_each_day); a
  // paged-in day gives its cells (or its coarse cells) reduced to the
  // rollup's coarse dims one by one (readers sum; coarse dims reduce to
  // themselves).
  template <typename Fn>
  void for_each_rollup_day(std::int32_t from, std::int32_t to, Fn&& fn) const {
    rollup_.for_each_day(from, to, fn);
    for_each_paged(from, to, [&](std::int32_t day, std::uint64_t key, const Counters& c) {
      fn(day, Rollup::coarse(Dims::unpack(key)), c);
    });
  }
  // A period's totals (Rollup::for_each_total): whole months from the month
  // rollup, the days at the edges from the day rollup and the paged-in days.
  template <typename Fn>
  void for_each_total(std::int32_t from, std::int32_t to, Fn&& fn) const {
    rollup_.for_each_total(from, to, fn);
    for (auto it = paged_.lower_bound(from); it != paged_.end() && it->first <= to; ++it) {
      if (Rollup::in_whole_month(it->first, from, to)) continue;  // the month rollup has it
      for (const std::string& part : it->second) {
        (void)decode_day(part, [&](std::uint64_t key, const Counters& c) {
          fn(Rollup::coarse(Dims::unpack(key)), c);
        });
      }
    }
  }

  const std::map<std::int32_t, Day>& days() const { return days_; }
  const Rollup& rollup() const { return rollup_; }
  std::size_t cells() const;
  std::size_t paged_bytes() const;

 private:
  template <typename Fn>
  void for_each_paged(std::int32_t from, std::int32_t to, Fn&& fn) const {
    for (auto it = paged_.lower_bound(from); it != paged_.end() && it->first <= to; ++it) {
      for (const std::string& part : it->second) {
        // Unreadable parts are refused when paged in (AnalysisProjection::page_in).
        (void)decode_day(part,
                         [&](std::uint64_t key, const Counters& c) { fn(it->first, key, c); });
      }
    }
  }
  std::map<std::int32_t, Day> days_;
  Rollup rollup_;
  std::map<std::int32_t, std::vector<std::string>> paged_;  // day → archived parts
  bool paged_coarse_ = false;  // some paged part may hold coarse cells only
};

}  // namespace hotline::analysis
