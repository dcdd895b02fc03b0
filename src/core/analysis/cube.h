#pragma once
// ANA-1: the analysis cube — counters per local day × unit × category ×
// district × channel × request type, kept up to date from the event log by
// the projection (projection.h). Figures for any period are sums of days, so
// no query scans the event log. Dimension values are interned to small
// numbers (Dictionary) so a cell's coordinates pack into one 64-bit key.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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

class Cube {
 public:
  using Day = std::unordered_map<std::uint64_t, Counters>;

  void add(std::int32_t day, const Dims& dims, Measure m, std::int64_t delta) {
    days_[day][dims.pack()][m] += delta;
  }
  // Calls fn(day, dims, counters) for every cell of the days from..to (inclusive).
  template <typename Fn>
  void for_each(std::int32_t from, std::int32_t to, Fn&& fn) const {
    for (auto it = days_.lower_bound(from); it != days_.end() && it->first <= to; ++it) {
      for (const auto& [key, counters] : it->second) fn(it->first, Dims::unpack(key), counters);
    }
  }
  const std::map<std::int32_t, Day>& days() const { return days_; }
  std::map<std::int32_t, Day>& mutable_days() { return days_; }
  std::size_t cells() const;

 private:
  std::map<std::int32_t, Day> days_;
};

}  // namespace hotline::analysis
