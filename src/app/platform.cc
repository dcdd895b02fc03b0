#include "app/platform.h"

#include <spdlog/spdlog.h>

#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"

namespace hotline {
namespace {

Result<WorkingDayCalendar> load_calendar(const PlatformOptions& options) {
  auto years = load_calendar_dir(options.data_dir / "calendar");
  if (!years) return fail(years.error());
  const auto mode = options.calendar_fallback ? WorkingDayCalendar::Mode::kWeekendFallback
                                              : WorkingDayCalendar::Mode::kStrict;
  return WorkingDayCalendar::create(std::move(*years), mode, [](int year) {
    spdlog::warn(
        "calendar: no holiday data for {}; counting weekends only. Add the State Council's notice "
        "for {} to data/calendar/ (see docs/calendar.md)",
        year, year);
  });
}

}  // namespace

Result<std::unique_ptr<Platform>> open_platform(const PlatformOptions& options) {
  auto p = std::make_unique<Platform>();
  auto policies = load_policy_dir(options.policies_dir.empty() ? options.data_dir / "policies"
                                                               : options.policies_dir);
  if (!policies) return fail(policies.error());
  p->policies = std::move(*policies);
  auto calendar = load_calendar(options);
  if (!calendar) return fail(calendar.error());
  p->calendar.emplace(std::move(*calendar));

  auto store = SqliteWorkOrderStore::open(options.db);
  if (!store) return fail(store.error());
  p->store = std::move(*store);

  std::vector<Unit> units;
  if (options.organisation_file) {
    auto loaded = load_organisation_file(*options.organisation_file);
    if (!loaded) return fail(loaded.error());
    units = std::move(*loaded);
    if (auto st = p->store->save_units(units); !st) return fail(st.error());
  } else {
    auto loaded = p->store->load_units();
    if (!loaded) return fail(loaded.error());
    units = std::move(*loaded);
    if (units.empty()) {
      return fail(Error::invalid(
          "db",
          "the database " + options.db.string() + " has no organisation; run `hotline init` first",
          "数据库尚未初始化，请先运行 hotline init"));
    }
  }
  auto organisation = Organisation::create(std::move(units));
  if (!organisation) return fail(organisation.error());
  p->organisation.emplace(std::move(*organisation));
  // Every unit's profile must exist, or its work orders could not be dispatched.
  for (const auto& u : p->organisation->units()) {
    if (!u.policy_profile.empty() && !p->policies.find(u.policy_profile)) {
      return fail(Error::invalid(
          "organisation", "unit " + u.id + " is bound to unknown profile " + u.policy_profile,
          "单位绑定的政策不存在"));
    }
  }

  if (options.fake_now) {
    auto fake = std::make_unique<FakeClock>(*options.fake_now);
    p->fake_clock = fake.get();
    p->clock = std::move(fake);
  } else {
    p->clock = std::make_unique<SystemClock>();
  }
  p->engine =
      std::make_unique<Engine>(*p->store, *p->clock, *p->calendar, p->policies, *p->organisation);
  return p;
}

Status init_database(const PlatformOptions& options, bool force) {
  std::error_code ec;
  if (std::filesystem::exists(options.db, ec)) {
    if (!force) {
      return fail(Error::invalid("db", options.db.string() + " exists; use --force to replace it",
                                 "数据库已存在"));
    }
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(options.db.string() + suffix, ec);
    }
  }
  if (options.db.has_parent_path())
    std::filesystem::create_directories(options.db.parent_path(), ec);
  PlatformOptions with_demo = options;
  with_demo.organisation_file = options.data_dir / "demo" / "organisation.toml";
  auto platform = open_platform(with_demo);
  if (!platform) return fail(platform.error());
  return {};
}

}  // namespace hotline
