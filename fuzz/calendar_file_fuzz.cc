// Fuzz target for the working-day calendar file (data/calendar/*.toml):
// parse_calendar returns years or an Error for any bytes. A calendar the
// adapter accepts must build, and its arithmetic must keep the contracts of
// working_day_calendar.h.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/toml/calendar_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hotline;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto years = parse_calendar(text, "fuzz.toml");
  if (!years) return 0;
  if (years->empty()) __builtin_trap();  // the adapter demands one [[year]]
  // A file may list years with gaps, which the core refuses: only build from
  // a single file's consecutive years.
  auto calendar = WorkingDayCalendar::create(*years);
  if (!calendar) return 0;
  // Probe the first known year: 1 Jan 10:00, a few dates through the year.
  const LocalDate first =
      std::chrono::sys_days{std::chrono::year{calendar->first_year()} / std::chrono::January / 1};
  for (int day : {0, 40, 180, 300, 364}) {
    const Instant from = at_local(first + std::chrono::days{day}, Seconds{10 * 3600});
    for (int n : {0, 1, 7}) {
      auto due = calendar->add_working_days(from, n);
      if (!due) continue;  // ran past the known years
      if (*due < from) __builtin_trap();
      auto latest = calendar->latest_before(*due, n);
      if (!latest) continue;
      // The last moment to act n working days before `due` is no later
      // than `due`, and acting then still meets it.
      if (*latest > *due) __builtin_trap();
      auto check = calendar->add_working_days(*latest, n);
      if (check && *check > *due) __builtin_trap();
    }
  }
  return 0;
}
