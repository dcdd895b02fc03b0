#include "core/policy/duration.h"

#include <array>
#include <utility>

namespace hotline {
namespace {

using Unit = PolicyDuration::Unit;

struct UnitName {
  Unit unit;
  std::string_view singular;
  std::string_view plural;
  std::string_view zh;
};

// "working day" before "day" does not matter: units are compared whole.
constexpr std::array<UnitName, 6> kUnits{{
    {Unit::kMinutes, "minute", "minutes", "分钟"},
    {Unit::kHours, "hour", "hours", "小时"},
    {Unit::kCalendarDays, "day", "days", "天"},
    {Unit::kWorkingDays, "working day", "working days", "个工作日"},
    {Unit::kMonths, "month", "months", "个月"},
    {Unit::kYears, "year", "years", "年"},
}};

// Large enough for any period a regulation states, small enough that
// `times()` and the calendar arithmetic cannot overflow.
constexpr std::int64_t kMaxAmount = 1'000'000;

constexpr std::string_view kAccepted =
    "expected \"<number> <unit>\" with unit minute(s), hour(s), day(s), working day(s), "
    "month(s) or year(s), e.g. \"15 minutes\", \"24 hours\", \"1 day\", \"7 working days\", "
    "\"6 months\", \"5 years\"";
constexpr std::string_view kAcceptedZh =
    "应为“数字 单位”，单位为 minute(s)、hour(s)、day(s)、working day(s)、month(s)、year(s)，"
    "例如 \"15 minutes\"、\"7 working days\"";

const UnitName& name_of(Unit u) {
  for (const auto& n : kUnits) {
    if (n.unit == u) return n;
  }
  return kUnits[0];
}

Error bad(std::string_view text) {
  std::string shown(text.substr(0, 60));
  return Error::invalid("duration", "cannot read \"" + shown + "\": " + std::string(kAccepted),
                        "无法识别时限“" + shown + "”：" + std::string(kAcceptedZh));
}

}  // namespace

std::string PolicyDuration::describe() const {
  const UnitName& n = name_of(unit);
  return std::to_string(amount) + " " + std::string(amount == 1 ? n.singular : n.plural);
}

std::string PolicyDuration::describe_zh() const {
  return std::to_string(amount) + std::string(name_of(unit).zh);
}

Result<PolicyDuration> parse_policy_duration(std::string_view text) {
  // Exactly: digits, one space, unit. No signs, no padding, no fractions, so
  // that what the file says is what the engine counts.
  std::size_t i = 0;
  std::int64_t amount = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    amount = amount * 10 + (text[i] - '0');
    if (amount > kMaxAmount) {
      return fail(Error::invalid("duration",
                                 "amount in \"" + std::string(text.substr(0, 60)) +
                                     "\" is too large (at most " + std::to_string(kMaxAmount) + ")",
                                 "时限数值过大"));
    }
    ++i;
  }
  if (i == 0 || i >= text.size() || text[i] != ' ') return fail(bad(text));
  std::string_view unit = text.substr(i + 1);
  for (const auto& n : kUnits) {
    if (unit == n.singular || unit == n.plural) return PolicyDuration{amount, n.unit};
  }
  return fail(bad(text));
}

}  // namespace hotline
