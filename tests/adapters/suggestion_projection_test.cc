// SPEC: ANA-6 [R26] — the suggestion records as a projection of the event
// log: the office's decisions committed while the recorder was away (a crash
// between the work-order commit and its record) are taken in at the next
// start from the position the suggestion store keeps, so the accuracy
// figures do not lose them. The real engine on a SQLite store and the real
// SQLite suggestion store in the same file; a "crash" is the recorder
// detached while the engine commits on.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "adapters/sqlite/sqlite_suggestion_store.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/triage_fixture.h"
#include "core/clock.h"
#include "core/engine/engine.h"
#include "core/triage/suggestion_recorder.h"

namespace hotline {
namespace {

using triage_testing::shipped;

CommandContext as(Actor actor) { return CommandContext{std::move(actor), "test", std::nullopt}; }
Actor agent() { return {"agent.wang", Role::kAgent, "office"}; }
Actor dispatcher() { return {"dispatcher.zhao", Role::kDispatcher, "office"}; }

class NoiseClassifier final : public TextClassifier {
 public:
  std::vector<LabelScore> predict(std::string_view text, int) const override {
    if (text.find("噪音") != std::string_view::npos) return {{"环境保护", 0.9}};
    return {{"城乡建设", 0.7}};
  }
  std::vector<std::string> labels() const override { return {"环境保护", "城乡建设"}; }
};

const analysis::ModelVersion kModel{"category.model (test)", "blake2b-256:0123456789abcdef"};

class SuggestionProjection : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-suggestions-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    engine_ = new_engine();
    service_ = std::make_unique<triage::TriageService>(
        shipped().organisation, shipped().policies, shipped().deadlines, shipped().settings,
        shipped().catalogue(), shipped().gazetteer, nullptr, &classifier_);
  }
  std::unique_ptr<Engine> new_engine() {
    return std::make_unique<Engine>(*store_, clock_, shipped().calendar, shipped().policies,
                                    shipped().organisation);
  }
  void TearDown() override {
    close_recorder();
    service_.reset();
    engine_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // As the composition root does: the store, the recorder on the log,
  // attached to the engine, then the log taken in from its position.
  void open_recorder() {
    auto s = SqliteSuggestionStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(s) << s.error().describe();
    suggestions_ = std::move(*s);
    recorder_ = std::make_unique<triage::SuggestionRecorder>(*service_, *suggestions_, kModel,
                                                             store_.get());
    recorder_->on_error([](const Error& e) { ADD_FAILURE() << e.describe(); });
    engine_->add_listener(recorder_.get());
    auto st = recorder_->catch_up();
    ASSERT_TRUE(st) << st.error().describe();
  }
  // The recorder goes away after the commits: an engine without it commits on.
  void close_recorder() {
    if (!recorder_) return;
    engine_ = new_engine();
    recorder_.reset();
    suggestions_.reset();
  }

  std::string request(const std::string& subject, const std::string& category) {
    clock_.advance(Seconds{3600});
    RequestDetails d;
    d.requested_at = clock_.now();
    d.channel = Channel::kPhone;
    d.type = RequestType::kComplaint;
    d.applicant.name = "居民𠮷";
    d.applicant.phone = "13900000001";
    d.subject = subject;
    d.detail = subject + "，请尽快处理";
    d.items.push_back({d.detail, category});
    d.location.district = "district.heping";
    auto r = engine_->register_request(as(agent()), d);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? r->number : std::string();
  }
  std::string dispatch(const std::string& number, const std::string& unit) {
    DispatchPlanOrder o;
    o.lead_unit = unit;
    auto orders = engine_->dispatch(as(dispatcher()), number, {o});
    EXPECT_TRUE(orders) << orders.error().describe();
    return orders ? orders->front().id : std::string();
  }
  analysis::SuggestionRecord record(const std::string& number) {
    auto rec = suggestions_->suggestion(number);
    EXPECT_TRUE(rec && *rec) << number;
    return rec && *rec ? **rec : analysis::SuggestionRecord{};
  }

  std::filesystem::path dir_;
  FakeClock clock_{*parse_iso8601("2026-09-01T09:00:00+08:00")};
  NoiseClassifier classifier_;
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<triage::TriageService> service_;
  std::unique_ptr<SqliteSuggestionStore> suggestions_;
  std::unique_ptr<triage::SuggestionRecorder> recorder_;
};

TEST_F(SuggestionProjection, ANA_6_decisions_committed_while_the_recorder_was_away_are_taken_in) {
  open_recorder();
  const std::string first = request("小区门口噪音扰民", "环境保护");
  const std::string first_order = dispatch(first, "district.heping");
  EXPECT_EQ(record(first).work_order, first_order);
  EXPECT_EQ(record(first).dispatched_unit, "district.heping");

  // The recorder is gone while the office decides on the first request and
  // a second one is registered and dispatched.
  close_recorder();
  RequestReclassified c;
  c.categories.push_back({0, "城乡建设"});
  ASSERT_TRUE(engine_->reclassify(as(dispatcher()), first, c));
  const std::string second = request("楼道堆放杂物无人管理", "城乡建设");
  const Instant registered = clock_.now();
  const std::string second_order = dispatch(second, "dept.transport");

  // The next start takes them in from the stored position.
  open_recorder();
  const analysis::SuggestionRecord a = record(first);
  EXPECT_EQ(a.final_category, "城乡建设");
  EXPECT_EQ(a.category, "环境保护");  // the suggestion made when it was registered
  EXPECT_EQ(a.model.digest, kModel.digest);
  const analysis::SuggestionRecord b = record(second);
  EXPECT_EQ(b.work_order, second_order);
  EXPECT_EQ(b.dispatched_unit, "dept.transport");
  EXPECT_EQ(b.suggested_at, registered);  // made for its registration, not for the restart

  // Taking the log in again, even from its beginning (a crash before the
  // position was stored), changes nothing.
  ASSERT_TRUE(recorder_->catch_up());
  ASSERT_TRUE(suggestions_->save_log_position(0));
  close_recorder();
  open_recorder();
  const analysis::SuggestionRecord again = record(first);
  EXPECT_EQ(again.final_category, a.final_category);
  EXPECT_EQ(again.suggested_at, a.suggested_at);
  EXPECT_EQ(again.dispatched_unit, a.dispatched_unit);
  EXPECT_EQ(record(second).dispatched_unit, "dept.transport");
  auto all = suggestions_->suggestions(Instant{}, clock_.now() + Seconds{1});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
  EXPECT_EQ(recorder_->errors(), 0u);
}

TEST_F(SuggestionProjection, ANA_6_the_position_follows_every_commit) {
  open_recorder();
  auto before = suggestions_->log_position();
  ASSERT_TRUE(before && *before);
  EXPECT_EQ(**before, 0);
  const std::string number = request("夜间施工噪音太大", "");
  dispatch(number, "district.heping");
  auto after = suggestions_->log_position();
  ASSERT_TRUE(after && *after);
  auto log = store_->read_log(0, 1000);
  ASSERT_TRUE(log && !log->empty());
  EXPECT_EQ(**after, log->back().position);
}

}  // namespace
}  // namespace hotline
