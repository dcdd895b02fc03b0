#pragma once
// Instants and local dates. The hotline's time zone is Asia/Shanghai, a fixed
// +08:00 with no daylight saving since 1991, so local time is UTC plus eight
// hours. Deadlines are precise to the second (T11(4)).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hotline {

using Instant = std::chrono::sys_seconds;  // an instant, UTC-based
using Seconds = std::chrono::seconds;
// A civil date in Asia/Shanghai, counted in days like sys_days (the day
// number is that of the local date, not of UTC).
using LocalDate = std::chrono::sys_days;

inline constexpr Seconds kShanghaiOffset{8 * 3600};
inline constexpr Seconds kSecondsPerDay{86400};

// The local date on which `t` falls.
LocalDate local_date(Instant t);
// Seconds since local midnight, 0..86399.
Seconds local_time_of_day(Instant t);
// The instant of `time_of_day` on local date `d`.
Instant at_local(LocalDate d, Seconds time_of_day = Seconds{0});

// "2026-01-05T10:00:00+08:00"
std::string format_iso8601(Instant t);
// "2026-01-05"
std::string format_date(LocalDate d);
// Accepts YYYY-MM-DDTHH:MM[:SS] followed by Z or ±HH:MM; without an offset the
// time is taken as Asia/Shanghai local time. A bare date means its local midnight.
Result<Instant> parse_iso8601(std::string_view text);
Result<LocalDate> parse_date(std::string_view text);

}  // namespace hotline
