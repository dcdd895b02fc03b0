#pragma once
// The shipped data for triage tests: demo organisation, policies, calendar,
// catalogue, gazetteer and settings, loaded once.

#include <gtest/gtest.h>

#include <filesystem>

#include "adapters/toml/calendar_file.h"
#include "adapters/toml/catalogue_file.h"
#include "adapters/toml/gazetteer_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "core/engine/deadlines.h"
#include "core/triage/triage_service.h"

namespace hotline::triage_testing {

inline std::filesystem::path data_dir() { return HOTLINE_DATA_DIR; }
inline std::filesystem::path shared_dir() { return HOTLINE_SHARED_DIR; }

struct Shipped {
  Shipped(Organisation o, PolicySet p, WorkingDayCalendar c)
      : organisation(std::move(o)),
        policies(std::move(p)),
        calendar(std::move(c)),
        deadlines(calendar) {}
  Organisation organisation;
  PolicySet policies;
  WorkingDayCalendar calendar;
  DeadlineCalculator deadlines;
  std::vector<triage::CatalogueEntry> entries;
  triage::Gazetteer gazetteer;
  triage::TriageSettings settings;

  triage::DispatchCatalogue catalogue() const {
    triage::DispatchCatalogue c;
    for (const auto& e : entries) {
      auto change = c.add(e, organisation, Actor::system(), "seed", Instant{});
      EXPECT_TRUE(change) << change.error().describe();
      if (change) {
        EXPECT_TRUE(c.apply(*change));
      }
    }
    return c;
  }
};

inline const Shipped& shipped() {
  static const Shipped* s = [] {
    auto units = load_organisation_file(data_dir() / "demo" / "organisation.toml");
    EXPECT_TRUE(units) << units.error().describe();
    auto org = Organisation::create(*units);
    auto policies = load_policy_dir(data_dir() / "policies");
    EXPECT_TRUE(policies) << policies.error().describe();
    auto years = load_calendar_dir(data_dir() / "calendar");
    EXPECT_TRUE(years) << years.error().describe();
    auto cal = WorkingDayCalendar::create(std::move(*years));
    auto* out = new Shipped(std::move(*org), std::move(*policies), std::move(*cal));
    auto entries =
        load_catalogue_file(data_dir() / "triage" / "catalogue.toml", &out->organisation);
    EXPECT_TRUE(entries) << entries.error().describe();
    out->entries = std::move(*entries);
    auto g = load_gazetteer_file(data_dir() / "triage" / "gazetteer.toml", &out->organisation);
    EXPECT_TRUE(g) << g.error().describe();
    out->gazetteer = std::move(*g);
    auto st = load_triage_settings(data_dir() / "triage" / "settings.toml", out->settings);
    EXPECT_TRUE(st) << st.error().describe();
    // As the platform does (app/services.cc): SUP-1's threshold from the policy.
    triage::apply_supervision_policy(out->settings, out->policies.default_policy());
    return out;
  }();
  return *s;
}

}  // namespace hotline::triage_testing
