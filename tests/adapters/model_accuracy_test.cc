// SPEC: ANA-6 [R26, C27] — the record of which model made each suggestion,
// the suggestions' accuracy against the office's final decisions per month
// and model version, and drift warnings. The real engine on a SQLite store,
// the shipped catalogue, a small fake classifier (no training in tests), and
// the suggestion records in the same SQLite file; the accuracy is recomputed
// in the test from the engine's own history. The store's own tally against
// its records is in the suggestion store contract
// (tests/support/suggestion_store_contract.h).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "adapters/sodium/file_digest.h"
#include "adapters/sqlite/sqlite_suggestion_store.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/triage_fixture.h"
#include "core/analysis/model_accuracy_service.h"
#include "core/triage/suggestion_recorder.h"
#include "core/triage/triage_hooks.h"

namespace hotline {
namespace {

using triage_testing::shipped;

CommandContext as(Actor actor) { return CommandContext{std::move(actor), "test", std::nullopt}; }
Actor agent() { return {"agent.wang", Role::kAgent, "office"}; }
Actor dispatcher() { return {"dispatcher.zhao", Role::kDispatcher, "office"}; }
Actor analyst() { return {"analyst.sun", Role::kAnalyst, "office"}; }
Actor staff() { return {"staff.li", Role::kUnitStaff, "district.heping"}; }

// A classifier that knows three words; it stands for a trained model.
class KeywordClassifier final : public TextClassifier {
 public:
  std::vector<LabelScore> predict(std::string_view text, int) const override {
    if (text.find("噪音") != std::string_view::npos) return {{"环境保护", 0.9}};
    if (text.find("公交") != std::string_view::npos) return {{"交通运输", 0.8}};
    return {{"城乡建设", 0.7}};
  }
  std::vector<std::string> labels() const override { return {"环境保护", "交通运输", "城乡建设"}; }
};

const analysis::ModelVersion kModel{"category.model (test)", "blake2b-256:00112233aabbccdd"};

class ModelAccuracy : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-ana6-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    auto suggestions = SqliteSuggestionStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(suggestions) << suggestions.error().describe();
    suggestions_ = std::move(*suggestions);
    engine_ = std::make_unique<Engine>(*store_, clock_, shipped().calendar, shipped().policies,
                                       shipped().organisation);
    service_ = std::make_unique<triage::TriageService>(
        shipped().organisation, shipped().policies, shipped().deadlines, shipped().settings,
        shipped().catalogue(), shipped().gazetteer, nullptr, &classifier_);
    recorder_ = std::make_unique<triage::SuggestionRecorder>(*service_, *suggestions_, kModel);
    recorder_->on_error([](const Error& e) { ADD_FAILURE() << e.describe(); });
    hooks_ = std::make_unique<triage::TriageHooks>(*service_, *engine_, *store_);
    // The suggestion is made before the request is indexed (see the header).
    engine_->add_listener(recorder_.get());
    engine_->add_listener(hooks_.get());
  }
  void TearDown() override {
    hooks_.reset();
    recorder_.reset();
    service_.reset();
    engine_.reset();
    suggestions_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string request(const std::string& subject, const std::string& category) {
    RequestDetails d;
    d.requested_at = clock_.now();
    d.channel = Channel::kPhone;
    d.type = RequestType::kComplaint;
    d.applicant.name = "居民";
    d.applicant.phone = "13900000001";
    d.subject = subject;
    d.detail = subject + "，请尽快处理";
    d.items.push_back({d.detail, category});
    d.location.district = "district.heping";
    auto r = engine_->register_request(as(agent()), d);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? r->number : std::string();
  }

  std::filesystem::path dir_;
  FakeClock clock_{*parse_iso8601("2026-09-01T09:00:00+08:00")};
  KeywordClassifier classifier_;
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<SqliteSuggestionStore> suggestions_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<triage::TriageService> service_;
  std::unique_ptr<triage::SuggestionRecorder> recorder_;
  std::unique_ptr<triage::TriageHooks> hooks_;
};

// The month of an instant, computed apart from the code under test.
std::string month_apart(Instant t) {
  const auto local = std::chrono::floor<std::chrono::days>(t + std::chrono::hours(8));
  const std::chrono::year_month_day ymd{local};
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()));
  return buf;
}

TEST_F(ModelAccuracy, ANA_6_accuracy_matches_an_independent_recomputation_from_the_events) {
  const char* subjects[] = {"小区门口噪音扰民", "公交车不按站停靠",   "楼道堆放杂物无人管理",
                            "夜间施工噪音太大", "公交线路调整不合理", "路面破损坑洼"};
  const char* registered[] = {"环境保护", "交通运输", "城乡建设", "城乡建设", "", "城乡建设"};
  const std::vector<std::string> units = {"district.heping", "dept.ecology", "dept.transport"};
  std::vector<std::string> numbers;
  for (int i = 0; i < 48; ++i) {
    clock_.set(*parse_iso8601("2026-09-01T09:00:00+08:00") + Seconds{i * 2 * 86400LL});
    const std::string number = request(subjects[i % 6], registered[(i / 6 + i) % 6]);
    numbers.push_back(number);
    // The office corrects some categories (M15).
    if (i % 5 == 0) {
      RequestReclassified c;
      c.categories.push_back({0, i % 10 == 0 ? "环境保护/噪声污染" : "交通运输"});
      auto r = engine_->reclassify(as(dispatcher()), number, c);
      ASSERT_TRUE(r) << r.error().describe();
    }
    // Most are dispatched, to the suggested unit or another.
    if (i % 7 != 6) {
      DispatchPlanOrder o;
      o.lead_unit = units[(i * 5) % 3];
      auto orders = engine_->dispatch(as(dispatcher()), number, {o});
      ASSERT_TRUE(orders) << orders.error().describe();
    }
  }
  ASSERT_EQ(recorder_->errors(), 0u);

  // Every request has a record naming the model that made it.
  for (const auto& n : numbers) {
    auto rec = suggestions_->suggestion(n);
    ASSERT_TRUE(rec && *rec) << n;
    EXPECT_EQ((*rec)->model.name, kModel.name);
    EXPECT_EQ((*rec)->model.digest, kModel.digest);
  }

  // Independently: the final category and unit from the engine's own state,
  // counted per month.
  struct Count {
    int n = 0, cat_decided = 0, cat_ok = 0, unit_decided = 0, unit_ok = 0;
  };
  std::map<std::string, Count> expected;
  Count all;
  for (const auto& n : numbers) {
    auto rec = suggestions_->suggestion(n);
    auto state = engine_->request(n);
    ASSERT_TRUE(state) << state.error().describe();
    const std::string suggested = (*rec)->category;
    const std::string final_category = state->details.items.front().category;
    std::string unit;
    for (const auto& o : state->orders) unit = o.lead_unit;
    for (Count* c : {&expected[month_apart((*rec)->suggested_at)], &all}) {
      ++c->n;
      if (!final_category.empty()) {
        ++c->cat_decided;
        const bool ok =
            final_category == suggested || final_category.rfind(suggested + "/", 0) == 0;
        c->cat_ok += ok;
      }
      if (!unit.empty()) {
        ++c->unit_decided;
        c->unit_ok += unit == (*rec)->lead_unit;
      }
    }
  }
  ASSERT_GT(all.cat_ok, 0);
  ASSERT_LT(all.cat_ok, all.cat_decided);  // not trivially all right or all wrong
  ASSERT_GT(all.unit_ok, 0);
  ASSERT_LT(all.unit_ok, all.unit_decided);

  analysis::ModelAccuracyService service(*suggestions_, {}, clock_);
  auto period = analysis::make_period("2026-09-01", "2026-12-31");
  ASSERT_TRUE(period);
  auto figures = service.accuracy(analyst(), *period, analysis::Granularity::kMonth);
  ASSERT_TRUE(figures) << figures.error().describe();
  ASSERT_EQ(figures->size(), expected.size() + 1);
  for (const auto& f : *figures) {
    EXPECT_EQ(f.model, kModel.label());
    const Count& c = f.bucket == "all" ? all : expected.at(f.bucket);
    EXPECT_EQ(f.suggestions, c.n) << f.bucket;
    EXPECT_EQ(f.category_decided, c.cat_decided) << f.bucket;
    EXPECT_EQ(f.category_correct, c.cat_ok) << f.bucket;
    EXPECT_EQ(f.unit_decided, c.unit_decided) << f.bucket;
    EXPECT_EQ(f.unit_correct, c.unit_ok) << f.bucket;
  }
  // Weeks add up to the same whole.
  auto weeks = service.accuracy(analyst(), *period, analysis::Granularity::kWeek);
  ASSERT_TRUE(weeks);
  int sum = 0;
  for (const auto& f : *weeks) {
    if (f.bucket != "all") sum += static_cast<int>(f.suggestions);
  }
  EXPECT_EQ(sum, all.n);
  // Units do not see the office's model figures.
  auto refused = service.accuracy(staff(), *period, analysis::Granularity::kMonth);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
}

TEST_F(ModelAccuracy, ANA_6_a_redispatch_after_an_approved_return_is_the_final_unit) {
  const std::string number = request("楼道堆放杂物无人管理", "城乡建设");
  DispatchPlanOrder o;
  o.lead_unit = "dept.ecology";
  auto orders = engine_->dispatch(as(dispatcher()), number, {o});
  ASSERT_TRUE(orders) << orders.error().describe();
  const std::string id = orders->front().id;
  Actor ecology{"staff.eco", Role::kUnitStaff, "dept.ecology"};
  clock_.advance(Seconds{600});
  ASSERT_TRUE(engine_->accept(as(ecology), id));
  ReturnApplication ret;
  ret.reason = ReturnReason::kNotOurDuty;
  ret.explanation = "不属于本单位职责，应由属地政府处理";
  ret.evidence.legal_basis = "《三定方案》";
  auto applied = engine_->apply_return(as(ecology), id, ret);
  ASSERT_TRUE(applied) << applied.error().describe();
  DispatchPlanOrder to;
  to.lead_unit = "district.heping";
  auto reviewed = engine_->review_return(as(dispatcher()), id, true, to);
  ASSERT_TRUE(reviewed) << reviewed.error().describe();
  auto rec = suggestions_->suggestion(number);
  ASSERT_TRUE(rec && *rec);
  EXPECT_EQ((*rec)->work_order, id);
  EXPECT_EQ((*rec)->dispatched_unit, "district.heping");
}

// Records for the drift cases: `n` decided suggestions a day apart from
// `first`, of which `right` were right.
std::vector<analysis::SuggestionRecord> days_of(Instant first, int n, int right) {
  std::vector<analysis::SuggestionRecord> out;
  for (int i = 0; i < n; ++i) {
    analysis::SuggestionRecord r;
    r.request = "R" + std::to_string(first.time_since_epoch().count()) + "-" + std::to_string(i);
    r.model = kModel;
    r.suggested_at = first + Seconds{static_cast<std::int64_t>(i) * 86400 / (n / 7 + 1)};
    r.category = "城乡建设";
    r.final_category = i < right ? "城乡建设" : "交通运输";
    r.lead_unit = "district.heping";
    r.dispatched_unit = "district.heping";
    out.push_back(std::move(r));
  }
  return out;
}

TEST_F(ModelAccuracy, ANA_6_drift_warns_when_recent_accuracy_falls_and_not_when_it_holds) {
  const analysis::DriftSettings s{7, 28, 0.10, 30, "R26"};
  const Instant now = *parse_iso8601("2026-11-30T18:00:00+08:00");
  const Instant baseline_start = *parse_iso8601("2026-10-27T09:00:00+08:00");
  const Instant recent_start = *parse_iso8601("2026-11-24T09:00:00+08:00");
  auto base = days_of(baseline_start, 40, 36);  // 90 %
  // Falls to 60 %: the category warns; the unit (always right) does not.
  auto falling = base;
  for (auto& r : days_of(recent_start, 40, 24)) falling.push_back(r);
  auto warned = analysis::detect_drift(falling, s, now);
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_EQ(warned[0].measure, analysis::DriftMeasure::kCategory);
  EXPECT_NEAR(warned[0].baseline_accuracy, 0.9, 1e-9);
  EXPECT_NEAR(warned[0].recent_accuracy, 0.6, 1e-9);
  EXPECT_EQ(warned[0].article, "R26");
  // Holds at 85 % (a drop of 5 points, under the 10 allowed): no warning.
  auto holding = base;
  for (auto& r : days_of(recent_start, 40, 34)) holding.push_back(r);
  EXPECT_TRUE(analysis::detect_drift(holding, s, now).empty());
  // Too few decisions in the recent window to judge: no warning.
  auto few = base;
  for (auto& r : days_of(recent_start, 10, 0)) few.push_back(r);
  EXPECT_TRUE(analysis::detect_drift(few, s, now).empty());

  // Through the store and the service: raised once per day, then kept.
  for (const auto& r : falling) ASSERT_TRUE(suggestions_->save_suggestion(r));
  clock_.set(now);
  analysis::ModelAccuracyService service(*suggestions_, s, clock_);
  int pushed = 0;
  service.on_drift([&](const analysis::DriftWarning&) { ++pushed; });
  auto first = service.check_drift();
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(first->size(), 1u);
  auto second = service.check_drift();
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->empty());
  EXPECT_EQ(pushed, 1);
  auto period = analysis::make_period("2026-11-01", "2026-11-30");
  auto listed = service.drift_warnings(analyst(), *period);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_NE((*listed)[0].title.find("准确率下降"), std::string::npos);
}

TEST_F(ModelAccuracy, ANA_6_a_model_file_is_named_by_the_digest_of_its_bytes) {
  const auto a = dir_ / "a.model";
  const auto b = dir_ / "b.model";
  for (const auto& [path, text] : {std::pair{a, "algorithm linear\nweights 1 2 3\n"},
                                   std::pair{b, "algorithm linear\nweights 1 2 4\n"}}) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs(text, f);
    std::fclose(f);
  }
  auto da = sodium::file_digest(a);
  auto db = sodium::file_digest(b);
  ASSERT_TRUE(da && db);
  EXPECT_EQ(da->rfind("blake2b-256:", 0), 0u);
  EXPECT_EQ(da->size(), std::string("blake2b-256:").size() + 16);
  EXPECT_NE(*da, *db);  // one changed byte, another version
  EXPECT_EQ(*da, *sodium::file_digest(a));
  auto missing = sodium::file_digest(dir_ / "none.model");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "--model");
}

}  // namespace
}  // namespace hotline
