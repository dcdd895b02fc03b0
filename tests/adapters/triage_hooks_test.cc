// SPEC: SUP-1 [M22(3)] — the cluster supervision wired into the engine
// (core/triage/triage_hooks): the real engine on a SQLite store in a
// temporary directory, the shipped policies (5 applicants within 30 days),
// and the triage service listening to every committed event.
#include "core/triage/triage_hooks.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/triage_fixture.h"

namespace hotline {
namespace {

using triage_testing::shipped;

constexpr const char* kUnit = "dept.heping.urban-management";

CommandContext as(Actor actor) { return CommandContext{std::move(actor), "test", std::nullopt}; }
Actor agent() { return {"agent.wang", Role::kAgent, "office"}; }
Actor dispatcher() { return {"dispatcher.zhao", Role::kDispatcher, "office"}; }
Actor staff() { return {"staff.li", Role::kUnitStaff, kUnit}; }

class ClusterSupervision : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-hooks-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    engine_ = std::make_unique<Engine>(*store_, clock_, shipped().calendar, shipped().policies,
                                       shipped().organisation);
    // A new installation: the index starts empty (no cold start, SUP-1).
    service_ = std::make_unique<triage::TriageService>(shipped().organisation, shipped().policies,
                                                       shipped().deadlines, shipped().settings,
                                                       shipped().catalogue(), shipped().gazetteer);
    hooks_ = std::make_unique<triage::TriageHooks>(*service_, *engine_, *store_);
    hooks_->on_error([](const Error& e) { ADD_FAILURE() << e.describe(); });
    engine_->add_listener(hooks_.get());
  }
  void TearDown() override {
    hooks_.reset();
    service_.reset();
    engine_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // One applicant's complaint about the same mixing plant.
  std::string complain(int applicant, const char* detail) {
    RequestDetails d;
    d.requested_at = clock_.now();
    d.channel = Channel::kPhone;
    d.type = RequestType::kComplaint;
    d.applicant.name = "居民";
    d.applicant.phone = "1390000000" + std::to_string(applicant);
    d.subject = "丽发新城搅拌站噪音扰民";
    d.detail = detail;
    d.items.push_back({detail, ""});
    d.location.district = "district.heping";
    auto r = engine_->register_request(as(agent()), d);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? r->number : std::string();
  }
  std::string dispatch(const std::string& number) {
    DispatchPlanOrder o;
    o.lead_unit = kUnit;
    auto orders = engine_->dispatch(as(dispatcher()), number, {o});
    EXPECT_TRUE(orders) << orders.error().describe();
    return orders ? orders->front().id : std::string();
  }
  std::size_t cluster_supervisions(const std::string& id) {
    auto wo = engine_->work_order(id);
    EXPECT_TRUE(wo) << wo.error().describe();
    return wo && wo->has_supervision(SupervisionTrigger::kRepeatedRequests, "cluster") ? 1 : 0;
  }

  std::filesystem::path dir_;
  FakeClock clock_{*parse_iso8601("2026-03-02T09:00:00+08:00")};
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<triage::TriageService> service_;
  std::unique_ptr<triage::TriageHooks> hooks_;
};

TEST_F(ClusterSupervision, SUP_1_FirstRequestsClusterAndOnlyUnhandledOrdersAreSupervised) {
  const char* details[] = {"丽发新城附近搅拌站夜间施工噪音扰民，灰尘很大",
                           "丽发新城旁边的搅拌站噪音太大，晚上睡不着",
                           "投诉丽发新城搅拌站灰尘噪音污染",
                           "丽发新城搅拌站还在夜间作业，噪音扰民",
                           "丽发新城搅拌站半夜施工，噪音严重影响休息",
                           "丽发新城搅拌站噪音扰民，希望尽快处理"};
  // Applicant 1's work order is handled: accepted and replied to with a result.
  const std::string first = dispatch(complain(1, details[0]));
  clock_.advance(Seconds{600});
  ASSERT_TRUE(engine_->accept(as(staff()), first));
  ReplyContent reply;
  reply.contacted_at = clock_.now();
  reply.process = "现场核查，约谈搅拌站负责人";
  reply.result = "搅拌站已停止夜间作业，并安装隔音围挡";
  reply.policy_basis = "《中华人民共和国噪声污染防治法》";
  reply.applicant_feedback = "诉求人表示认可";
  clock_.advance(Seconds{600});
  ASSERT_TRUE(engine_->reply(as(staff()), first, reply));
  // Applicants 2 to 4: dispatched, not yet handled.
  std::vector<std::string> open;
  for (int a = 2; a <= 4; ++a) {
    clock_.advance(Seconds{3600});
    open.push_back(dispatch(complain(a, details[a - 1])));
  }
  EXPECT_EQ(hooks_->supervisions_raised(), 0u);
  // The fifth applicant reaches the shipped threshold (5 within 30 days).
  clock_.advance(Seconds{3600});
  const std::string fifth = complain(5, details[4]);
  EXPECT_EQ(hooks_->supervisions_raised(), 3u);
  for (const auto& id : open) EXPECT_EQ(cluster_supervisions(id), 1u) << id;
  // M22(3) 承办单位未作出合理处置的: the handled work order is not supervised.
  EXPECT_EQ(cluster_supervisions(first), 0u);
  // Work orders dispatched after the alert are supervised too.
  const std::string late = dispatch(fifth);
  EXPECT_EQ(cluster_supervisions(late), 1u);
  clock_.advance(Seconds{3600});
  const std::string sixth = dispatch(complain(6, details[5]));
  EXPECT_EQ(cluster_supervisions(sixth), 1u);
  EXPECT_EQ(hooks_->supervisions_raised(), 5u);
  EXPECT_EQ(hooks_->errors(), 0u);
}

}  // namespace
}  // namespace hotline
