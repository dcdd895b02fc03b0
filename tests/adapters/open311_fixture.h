#pragma once
// A real Engine on a temporary SQLite file with the shipped policies,
// calendar and demo organisation, plus the Open311 catalog, index and
// idempotency store in the same file: what the Open311 tests run against.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "adapters/open311/catalog.h"
#include "adapters/open311/open311_service.h"
#include "adapters/sqlite/sqlite_idempotency_store.h"
#include "adapters/sqlite/sqlite_open311_index.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "core/engine/engine.h"
#include "core/security/applicant_lookup.h"
#include "support/scratch_dir.h"

namespace hotline::open311_test {

inline const std::filesystem::path kData = HOTLINE_DATA_DIR;

inline Instant at(const char* text) {
  auto t = parse_iso8601(text);
  EXPECT_TRUE(t) << text;
  return t ? *t : Instant{};
}

struct Shipped {
  PolicySet policies;
  std::optional<WorkingDayCalendar> calendar;
  std::optional<Organisation> organisation;
  std::optional<open311::Catalog> catalog;
};

inline const Shipped& shipped() {
  static const Shipped* data = [] {
    auto* d = new Shipped;
    auto policies = load_policy_dir(kData / "policies");
    EXPECT_TRUE(policies) << policies.error().describe();
    if (policies) d->policies = std::move(*policies);
    auto years = load_calendar_dir(kData / "calendar");
    EXPECT_TRUE(years) << years.error().describe();
    auto calendar = WorkingDayCalendar::create(years ? *years : std::vector<CalendarYear>{});
    EXPECT_TRUE(calendar) << calendar.error().describe();
    if (calendar) d->calendar.emplace(std::move(*calendar));
    auto units = load_organisation_file(kData / "demo" / "organisation.toml");
    EXPECT_TRUE(units) << units.error().describe();
    auto org = Organisation::create(units ? *units : std::vector<Unit>{});
    EXPECT_TRUE(org) << org.error().describe();
    if (org) d->organisation.emplace(std::move(*org));
    auto catalog = open311::load_catalog(kData / "open311" / "services.json");
    EXPECT_TRUE(catalog) << catalog.error().describe();
    if (catalog) d->catalog.emplace(std::move(*catalog));
    return d;
  }();
  return *data;
}

// A node that registered the request and died before storing its answer
// leaves the key claimed; the store forgets nothing else.
class AnswerLostByACrash : public IdempotencyStore {
 public:
  explicit AnswerLostByACrash(IdempotencyStore& keys) : keys_(keys) {}
  Result<IdempotencyClaim> claim(const IdempotencyScope& scope, Instant now,
                                 Seconds stale_after) override {
    return keys_.claim(scope, now, stale_after);
  }
  Status complete(const IdempotencyScope&, const StoredResponse&, Instant) override { return {}; }
  Status release(const IdempotencyScope& scope) override { return keys_.release(scope); }
  Result<std::size_t> purge(Instant before) override { return keys_.purge(before); }

 private:
  IdempotencyStore& keys_;
};

inline Actor api_client(std::string id = "api.website") {
  return {std::move(id), Role::kApiClient, "office"};
}

class Open311Fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(shipped().calendar && shipped().organisation && shipped().catalog);
    ASSERT_FALSE(dir_.path().empty());
    open_all();
  }
  void TearDown() override { close_all(); }
  void open_all() {
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    auto index = SqliteOpen311Index::open(dir_ / "hotline.db");
    ASSERT_TRUE(index) << index.error().describe();
    index_ = std::move(*index);
    auto keys = SqliteIdempotencyStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(keys) << keys.error().describe();
    keys_ = std::move(*keys);
    engine_ = std::make_unique<Engine>(*store_, clock_, *shipped().calendar, shipped().policies,
                                       *shipped().organisation);
    lookup_ = std::make_unique<ApplicantLookup>(*store_, nullptr, nullptr);
    open311::Open311Service::Options options;
    options.applicant_check = [this](const std::string& number, const std::string& phone,
                                     const std::string&) {
      return lookup_->matches(number, phone);
    };
    work_orders_ =
        std::make_unique<WorkOrders>(*engine_, *store_, *shipped().organisation, nullptr);
    service_ = std::make_unique<open311::Open311Service>(
        *engine_, *work_orders_, *shipped().catalog, *index_, *keys_, clock_, options);
  }
  void close_all() {
    service_.reset();
    work_orders_.reset();
    lookup_.reset();
    engine_.reset();
    keys_.reset();
    index_.reset();
    store_.reset();
  }

  open311::Call post_call(std::string body, open311::Format f = open311::Format::kJson,
                          std::optional<Actor> actor = api_client()) {
    open311::Call c;
    c.format = f;
    c.path = f == open311::Format::kJson ? "/open311/v2/requests.json" : "/open311/v2/requests.xml";
    c.body = std::move(body);
    c.content_type = "application/x-www-form-urlencoded; charset=utf-8";
    c.actor = std::move(actor);
    return c;
  }
  open311::Call get_call(open311::Query query = {}, open311::Format f = open311::Format::kJson,
                         std::optional<Actor> actor = std::nullopt) {
    open311::Call c;
    c.format = f;
    c.query = std::move(query);
    c.actor = std::move(actor);
    return c;
  }

  FakeClock clock_{at("2026-03-02T09:00:00+08:00")};
  testing::ScratchDir dir_{"hotline-open311"};
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<SqliteOpen311Index> index_;
  std::unique_ptr<SqliteIdempotencyStore> keys_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<ApplicantLookup> lookup_;
  std::unique_ptr<WorkOrders> work_orders_;
  std::unique_ptr<open311::Open311Service> service_;
};

}  // namespace hotline::open311_test
