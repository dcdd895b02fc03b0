#pragma once
// Wires the core to its adapters: policies, calendar and organisation from
// files or the store, the SQLite store, a clock, and the engine.

#include <filesystem>
#include <memory>
#include <optional>

#include "core/calendar/working_day_calendar.h"
#include "core/clock.h"
#include "core/engine/engine.h"
#include "core/org/organisation.h"
#include "core/policy/policy.h"
#include "core/ports/work_order_store.h"

namespace hotline {

struct PlatformOptions {
  std::filesystem::path data_dir;      // data/: policies/, calendar/, demo/
  std::filesystem::path policies_dir;  // default data_dir/policies
  std::filesystem::path db;            // the SQLite file
  std::optional<Instant> fake_now;     // run on a FakeClock starting here
  bool calendar_fallback = false;      // weekends only past the known years, logged
  // Take the organisation from this TOML file instead of the store.
  std::optional<std::filesystem::path> organisation_file;
};

struct Platform {
  PolicySet policies;
  std::optional<Organisation> organisation;
  std::optional<WorkingDayCalendar> calendar;
  std::unique_ptr<WorkOrderStore> store;
  std::unique_ptr<Clock> clock;
  FakeClock* fake_clock = nullptr;  // set when running on a fake clock
  std::unique_ptr<Engine> engine;
};

// Loads and validates everything; a bad policy or data file stops start-up
// with the file, line and what is wrong.
Result<std::unique_ptr<Platform>> open_platform(const PlatformOptions& options);

// Creates a new database with the demo organisation (refuses to overwrite).
Status init_database(const PlatformOptions& options, bool force);

}  // namespace hotline
