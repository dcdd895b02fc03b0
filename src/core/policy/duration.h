#pragma once
// A period as a policy states it: clock time (minutes, hours, calendar days,
// months, years) or working days. Written in policy files as "15 minutes",
// "24 hours", "1 day", "7 working days", "6 months", "5 years".

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hotline {

struct PolicyDuration {
  enum class Unit { kMinutes, kHours, kCalendarDays, kWorkingDays, kMonths, kYears };
  std::int64_t amount = 0;
  Unit unit = Unit::kMinutes;

  bool is_working_days() const { return unit == Unit::kWorkingDays; }
  bool is_clock_time() const { return !is_working_days(); }
  // "7 working days", "15 minutes"
  std::string describe() const;
  // "7个工作日", "15分钟"
  std::string describe_zh() const;
  // The same period `times` times over (an extension as long as the original).
  PolicyDuration times(std::int64_t n) const { return {amount * n, unit}; }
  friend bool operator==(const PolicyDuration&, const PolicyDuration&) = default;
};

Result<PolicyDuration> parse_policy_duration(std::string_view text);

}  // namespace hotline
