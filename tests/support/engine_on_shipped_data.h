#pragma once
// The engine on a real SQLite file with the shipped data (policies, the
// calendar, the demo organisation) and a fake clock at a Monday's opening:
// the set-up of the engine tests that follow one rule through its
// articles (REP-4, ICN-1/2, …). A test file adds its own requests and
// actors; the helpers register, dispatch and write a complete reply.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "core/engine/engine.h"
#include "support/scratch_dir.h"

namespace hotline::testing {

inline Instant at(const char* text) {
  auto t = parse_iso8601(text);
  EXPECT_TRUE(t) << text;
  return t ? *t : Instant{};
}

inline Actor agent() { return {"agent.wang", Role::kAgent, "office"}; }
inline Actor dispatcher() { return {"dispatcher.zhao", Role::kDispatcher, "office"}; }

inline CommandContext as(Actor actor, std::string reason = "test") {
  return CommandContext{std::move(actor), std::move(reason), std::nullopt};
}

// A complaint about a bus, with rare characters in the name and the text
// (GB 18030-2022), five minutes before the fixture's clock.
inline RequestDetails bus_complaint(Channel channel = Channel::kHotline12328) {
  RequestDetails d;
  d.requested_at = at("2026-03-02T08:55:00+08:00");
  d.channel = channel;
  d.type = RequestType::kComplaint;
  d.applicant.name = "张𠮷";
  d.applicant.phone = "13800000000";
  d.subject = "公交车拒载";
  d.detail = "和平区某路公交车到站不停𡒄";
  d.location.district = "district.heping";
  return d;
}

// Read once per test binary: the shipped files do not change under a test.
struct ShippedData {
  PolicySet policies;
  std::optional<WorkingDayCalendar> calendar;
  std::optional<Organisation> organisation;
};

inline const ShippedData& shipped_data() {
  static const ShippedData* data = [] {
    const std::filesystem::path dir = HOTLINE_DATA_DIR;
    auto* d = new ShippedData;
    auto policies = load_policy_dir(dir / "policies");
    EXPECT_TRUE(policies) << policies.error().describe();
    if (policies) d->policies = std::move(*policies);
    auto years = load_calendar_dir(dir / "calendar");
    EXPECT_TRUE(years) << years.error().describe();
    auto calendar = WorkingDayCalendar::create(years ? *years : std::vector<CalendarYear>{});
    EXPECT_TRUE(calendar) << calendar.error().describe();
    if (calendar) d->calendar.emplace(std::move(*calendar));
    auto units = load_organisation_file(dir / "demo" / "organisation.toml");
    EXPECT_TRUE(units) << units.error().describe();
    auto org = Organisation::create(units ? *units : std::vector<Unit>{});
    EXPECT_TRUE(org) << org.error().describe();
    if (org) d->organisation.emplace(std::move(*org));
    return d;
  }();
  return *data;
}

class EngineOnShippedData : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(shipped_data().calendar && shipped_data().organisation);
    policies_ = shipped_data().policies;
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    engine_ = std::make_unique<Engine>(*store_, clock_, *shipped_data().calendar, policies_,
                                       *shipped_data().organisation);
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
  }

  std::string registered(RequestDetails d, Actor by) {
    auto r = engine_->register_request(as(std::move(by), "转办登记"), std::move(d));
    EXPECT_TRUE(r) << r.error().describe();
    return r ? r->number : std::string();
  }
  std::string dispatched(const std::string& number, const std::string& lead) {
    DispatchPlanOrder o;
    o.lead_unit = lead;
    auto orders = engine_->dispatch(as(dispatcher(), "派单"), number, {o});
    EXPECT_TRUE(orders) << orders.error().describe();
    return orders && !orders->empty() ? orders->front().id : std::string();
  }
  // A reply with every field REP-2 asks for, contact ten minutes ago.
  ReplyContent reply() const {
    ReplyContent r;
    r.contacted_at = clock_.now() - Seconds{600};
    r.handler = "刘明";
    r.handler_contact = "022-23000004";
    r.process = "调取车载视频，约谈驾驶员";
    r.result = "驾驶员已受处理，线路已整改到站停靠";
    r.policy_basis = "《天津市客运公共交通管理条例》";
    r.applicant_feedback = "诉求人知悉";
    return r;
  }

  ScratchDir dir_{"hotline-engine"};
  PolicySet policies_;
  FakeClock clock_{at("2026-03-02T09:00:00+08:00")};  // a Monday
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace hotline::testing
