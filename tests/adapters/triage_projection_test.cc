// SPEC: TRI-5, SUP-1, DIS-8 — the triage index as a projection of the event
// log (issue 9: "an event committed just before a crash never reaches them";
// `hotline reindex`). The real engine on a SQLite work-order store and the
// real SQLite triage store, both in a temporary directory; a "crash" is the
// triage side closed while events are committed without it.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "adapters/sqlite/sqlite_connection.h"
#include "adapters/sqlite/sqlite_triage_store.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/triage_fixture.h"
#include "core/triage/triage_hooks.h"
#include "support/scratch_dir.h"

namespace hotline {
namespace {

using triage_testing::shipped;

constexpr const char* kUnit = "dept.heping.urban-management";

CommandContext as(Actor actor) { return CommandContext{std::move(actor), "test", std::nullopt}; }
Actor agent() { return {"agent.wang", Role::kAgent, "office"}; }
Actor dispatcher() { return {"dispatcher.zhao", Role::kDispatcher, "office"}; }

const char* kDetails[] = {"丽发新城附近搅拌站夜间施工噪音扰民，灰尘很大",
                          "丽发新城旁边的搅拌站噪音太大，晚上睡不着",
                          "投诉丽发新城搅拌站灰尘噪音污染",
                          "丽发新城搅拌站还在夜间作业，噪音扰民",
                          "丽发新城搅拌站半夜施工，噪音严重影响休息",
                          "丽发新城搅拌站噪音扰民，希望尽快处理"};

class TriageProjection : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    open_store();
  }
  void open_store() {
    auto store = SqliteWorkOrderStore::open(dir_ / file_);
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    engine_ = new_engine();
  }
  std::unique_ptr<Engine> new_engine() {
    return std::make_unique<Engine>(*store_, clock_, shipped().calendar, shipped().policies,
                                    shipped().organisation);
  }
  void TearDown() override {
    close_triage();
    engine_.reset();
    store_.reset();
  }

  // Opens the triage side as the composition root does: store, service,
  // hooks attached to the engine, then the log taken in from its position.
  void open_triage() {
    // One file with the work orders, as in service (storage_sqlite.cc).
    auto ts = SqliteTriageStore::open(dir_ / file_);
    ASSERT_TRUE(ts) << ts.error().describe();
    triage_store_ = std::move(*ts);
    service_ = std::make_unique<triage::TriageService>(
        shipped().organisation, shipped().policies, shipped().deadlines, shipped().settings,
        shipped().catalogue(), shipped().gazetteer, triage_store_.get());
    ASSERT_TRUE(service_->load(Actor::system(), clock_.now()));
    hooks_ = std::make_unique<triage::TriageHooks>(*service_, *engine_, *store_);
    hooks_->on_error([](const Error& e) { ADD_FAILURE() << e.describe(); });
    engine_->add_listener(hooks_.get());
    auto st = at_start_ ? hooks_->catch_up_at_start() : hooks_->catch_up();
    ASSERT_TRUE(st) << st.error().describe();
  }
  // The triage side goes away (a crash after the commit, before the index):
  // an engine without it commits on.
  void close_triage() {
    if (!hooks_) return;
    engine_ = new_engine();
    hooks_.reset();
    service_.reset();
    triage_store_.reset();
  }

  std::string complain(int applicant) {
    clock_.advance(Seconds{3600});
    RequestDetails d;
    d.requested_at = clock_.now();
    d.channel = Channel::kPhone;
    d.type = RequestType::kComplaint;
    d.applicant.name = "居民𠮷";
    d.applicant.phone = "1390000000" + std::to_string(applicant);
    d.subject = "丽发新城搅拌站噪音扰民";
    d.detail = kDetails[applicant - 1];
    d.items.push_back({d.detail, ""});
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
  bool cluster_supervised(const std::string& id) {
    auto wo = engine_->work_order(id);
    EXPECT_TRUE(wo) << wo.error().describe();
    return wo && wo->has_supervision(SupervisionTrigger::kRepeatedRequests, "cluster");
  }

  // What the triage side stored and what the log holds, as text rows.
  std::vector<std::string> stored_rows() {
    auto db = sqlite::Connection::open(dir_ / file_, false);
    EXPECT_TRUE(db) << db.error().describe();
    if (!db) return {};
    std::vector<std::string> out;
    for (const char* sql :
         {"SELECT doc || ' ' || number || ' ' || applicant || ' ' || at || ' ' || district || "
          "' ' || category || ' ' || parent || ' ' || hex(fingerprint) FROM request_doc ORDER BY "
          "doc",
          "SELECT cluster || ' ' || raised_at || ' ' || applicants || ' ' || requests || ' ' || "
          "threshold || ' ' || rule FROM cluster_alert ORDER BY rowid",
          "SELECT category || ' ' || district || ' ' || unit || ' ' || weight FROM "
          "dispatch_history ORDER BY category, district, unit",
          "SELECT documents || ' ' || hex(counts) FROM term_statistics",
          "SELECT 'position ' || position FROM log_position",
          // The supervisions raised, with what they say (not their instant).
          "SELECT stream || ' ' || version || ' ' || type || ' ' || reason || ' ' || data FROM "
          "events WHERE type = 'supervision-raised' ORDER BY stream, version"}) {
      auto q = (*db)->prepare(sql);
      EXPECT_TRUE(q) << q.error().describe();
      if (!q) return {};
      while (q->step() == SQLITE_ROW) out.push_back(q->text(0));
    }
    return out;
  }

  testing::ScratchDir dir_{"hotline-projection"};
  std::string file_ = "hotline.db";
  bool at_start_ = false;
  FakeClock clock_{*parse_iso8601("2026-03-02T09:00:00+08:00")};
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<SqliteTriageStore> triage_store_;
  std::unique_ptr<triage::TriageService> service_;
  std::unique_ptr<triage::TriageHooks> hooks_;
};

TEST_F(TriageProjection, SUP_1_EventsCommittedWhileTheIndexWasAwayAreTakenInOnTheNextStart) {
  open_triage();
  std::vector<std::string> orders;
  for (int a = 1; a <= 3; ++a) orders.push_back(dispatch(complain(a)));
  EXPECT_EQ(service_->indexed_requests(), 3u);
  // The triage side is gone while two more applicants complain.
  close_triage();
  for (int a = 4; a <= 5; ++a) orders.push_back(dispatch(complain(a)));
  // The next start takes them in from the stored position: the fifth applicant
  // reaches the shipped threshold (M22(3)) and every open work order is
  // supervised, as if nothing had happened.
  open_triage();
  EXPECT_EQ(service_->indexed_requests(), 5u);
  for (const auto& id : orders) EXPECT_TRUE(cluster_supervised(id)) << id;
  EXPECT_EQ(hooks_->supervisions_raised(), 5u);
  // Taking the log in again changes nothing: each event once.
  ASSERT_TRUE(hooks_->catch_up());
  close_triage();
  open_triage();
  EXPECT_EQ(service_->indexed_requests(), 5u);
  EXPECT_EQ(hooks_->supervisions_raised(), 0u);
  EXPECT_EQ(hooks_->errors(), 0u);
}

// Issue 14: at start, a page of the log is taken in as one batch of the
// triage store, and the supervisions it calls for are raised after the batch
// (the batch holds the file's write lock); the index, the history, the
// position and the supervisions are those of taking it in one by one.
TEST_F(TriageProjection, SUP_1_TakenInAtStartInBatchesTheSameAsOneByOne) {
  // A history the index never saw: the fifth applicant crosses the shipped
  // threshold (M22(3)) and the sixth joins the alerted cluster.
  std::vector<std::string> orders;
  for (int a = 1; a <= 6; ++a) orders.push_back(dispatch(complain(a)));
  engine_.reset();
  store_.reset();
  for (const char* suffix : {"", "-wal"}) {
    const auto from = dir_ / (std::string("hotline.db") + suffix);
    if (std::filesystem::exists(from)) {
      std::filesystem::copy_file(from, dir_ / (std::string("batched.db") + suffix));
    }
  }

  open_store();
  open_triage();  // one by one
  const std::size_t raised = hooks_->supervisions_raised();
  EXPECT_EQ(raised, 6u);
  close_triage();
  const auto one_by_one = stored_rows();

  engine_.reset();
  store_.reset();
  file_ = "batched.db";
  at_start_ = true;
  open_store();
  open_triage();
  EXPECT_EQ(hooks_->supervisions_raised(), raised);
  EXPECT_EQ(hooks_->errors(), 0u);
  EXPECT_EQ(service_->indexed_requests(), 6u);
  for (const auto& id : orders) EXPECT_TRUE(cluster_supervised(id)) << id;
  close_triage();
  const auto batched = stored_rows();
  EXPECT_EQ(batched, one_by_one);
  EXPECT_GT(batched.size(), 6u + 6u);
}

TEST_F(TriageProjection, TRI_5_ReindexRebuildsTheSameIndexFromTheLogWithoutNewSupervision) {
  open_triage();
  std::vector<std::string> numbers;
  for (int a = 1; a <= 6; ++a) {
    numbers.push_back(complain(a));
    dispatch(numbers.back());
  }
  const auto before = service_->cluster(numbers.front(), clock_.now());
  ASSERT_TRUE(before);
  const std::size_t raised = hooks_->supervisions_raised();
  const auto history_events = store_->read_log(0, 100000);
  ASSERT_TRUE(history_events);

  auto rebuilt = hooks_->rebuild(false);
  ASSERT_TRUE(rebuilt) << rebuilt.error().describe();
  EXPECT_EQ(rebuilt->requests, 6u);
  EXPECT_EQ(rebuilt->events, history_events->size());
  EXPECT_EQ(rebuilt->dropped_imported, 0u);
  EXPECT_EQ(service_->indexed_requests(), 6u);
  const auto after = service_->cluster(numbers.front(), clock_.now());
  ASSERT_TRUE(after);
  EXPECT_EQ(after->members.size(), before->members.size());
  EXPECT_EQ(hooks_->supervisions_raised(), raised) << "a rebuild raises no supervision";
  // The rebuilt index is what a restart finds.
  close_triage();
  open_triage();
  EXPECT_EQ(service_->indexed_requests(), 6u);
}

TEST_F(TriageProjection, TRI_5_ReindexRefusesToDropImportedRequestsUnlessTold) {
  open_triage();
  complain(1);
  // A message set imported for analysis (`hotline clusters import`) is not in
  // the log; a rebuild cannot bring it back.
  triage::IndexedRequest imported;
  imported.number = "tipdm-1";
  imported.at = clock_.now();
  ASSERT_TRUE(service_->observe(imported, "搅拌站噪音", "丽发新城搅拌站夜间噪音"));
  auto refused = hooks_->rebuild(false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "--drop-imported");
  EXPECT_EQ(service_->indexed_requests(), 2u) << "nothing dropped by a refused rebuild";
  auto rebuilt = hooks_->rebuild(true);
  ASSERT_TRUE(rebuilt) << rebuilt.error().describe();
  EXPECT_EQ(rebuilt->dropped_imported, 1u);
  EXPECT_EQ(service_->indexed_requests(), 1u);
}

}  // namespace
}  // namespace hotline
