// ANA-1 on a real SQLite file: the event log read after a position, the
// projection fed from it, its checkpoint saved with its cursor and resumed
// after a "crash" (a new process state) without losing or doubling anything;
// EVA-1/ANA-4 scoping of the Analysis use case.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "adapters/sqlite/sqlite_analysis_archive.h"
#include "adapters/sqlite/sqlite_analysis_checkpoint.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/toml/policy_file.h"
#include "core/analysis/analysis_service.h"
#include "core/analysis/checkpoint.h"
#include "core/analysis/synthetic_history.h"

namespace hotline::analysis {
namespace {

class AnalysisStore : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-analysis-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    auto set = load_policy_dir(std::filesystem::path(HOTLINE_DATA_DIR) / "policies");
    ASSERT_TRUE(set);
    policies_ = *set;
    org_ = *Organisation::create({
        {"office", "热线办", UnitKind::kHotlineOffice, std::nullopt, "", "", true},
        {"district.heping", "和平区人民政府", UnitKind::kDistrictGovernment, std::nullopt, "",
         "district.heping", true},
        {"street.heping.a", "甲街道", UnitKind::kStreet, "district.heping", "", "district.heping",
         true},
        {"district.hexi", "河西区人民政府", UnitKind::kDistrictGovernment, std::nullopt, "",
         "district.hexi", true},
    });
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Appends a synthetic history, one request (and its work order) at a time.
  void fill(int days, int per_day, const char* start = "2026-11-01") {
    SyntheticOptions o;
    o.start = *parse_date(start);
    o.days = days;
    o.requests_per_day = per_day;
    o.units = {"district.heping", "street.heping.a", "district.hexi"};
    o.districts = {"district.heping", "district.hexi"};
    SyntheticHistory gen(o);
    std::vector<Event> events;
    while (gen.next(events)) {
      std::map<std::string, StreamAppend> streams;
      for (Event& e : events) {
        StreamAppend& s = streams[e.stream];
        s.stream = e.stream;
        s.events.push_back(std::move(e));
      }
      std::vector<StreamAppend> batch;
      for (auto& [name, s] : streams) batch.push_back(std::move(s));
      ASSERT_TRUE(store_->append(batch, {}));
    }
  }

  std::filesystem::path dir_;
  std::unique_ptr<SqliteWorkOrderStore> store_;
  PolicySet policies_;
  std::optional<Organisation> org_;
  FakeClock clock_{*parse_iso8601("2026-12-01T09:00:00+08:00")};
};

TEST_F(AnalysisStore, ANA_1_log_positions_grow_and_pages_join_up) {
  fill(2, 10);
  auto all = store_->read_log(0, 100000);
  ASSERT_TRUE(all);
  ASSERT_GT(all->size(), 40u);
  std::vector<LoggedEvent> paged;
  std::int64_t cursor = 0;
  for (;;) {
    auto page = store_->read_log(cursor, 7);
    ASSERT_TRUE(page);
    if (page->empty()) break;
    for (auto& e : *page) {
      EXPECT_GT(e.position, cursor);
      cursor = e.position;
      paged.push_back(std::move(e));
    }
  }
  ASSERT_EQ(paged.size(), all->size());
  for (std::size_t i = 0; i < paged.size(); ++i) {
    EXPECT_EQ(paged[i].event.stream, (*all)[i].event.stream);
    EXPECT_EQ(paged[i].event.version, (*all)[i].event.version);
  }
}

TEST_F(AnalysisStore, ANA_1_checkpoint_resumes_without_losing_or_doubling) {
  fill(3, 20);
  auto checkpoints = SqliteAnalysisCheckpoint::open(dir_ / "hotline.db");
  ASSERT_TRUE(checkpoints) << checkpoints.error().describe();
  AnalysisOptions options;
  options.read_batch = 50;
  options.checkpoint_every = 100;
  {
    AnalysisService service(*store_, checkpoints->get(), policies_, *org_, clock_, options);
    ASSERT_TRUE(service.start());
  }
  // More events after the last checkpoint; then a "crash": a new service.
  fill(1, 20, "2026-11-10");
  AnalysisService resumed(*store_, checkpoints->get(), policies_, *org_, clock_, options);
  ASSERT_TRUE(resumed.start());
  AnalysisService fresh(*store_, nullptr, policies_, *org_, clock_, options);
  ASSERT_TRUE(fresh.start());
  EXPECT_EQ(resumed.cursor(), fresh.cursor());
  const Period period{*parse_date("2026-10-01"), *parse_date("2026-12-31")};
  const Actor office{"analyst.a", Role::kAnalyst, "office"};
  auto a = resumed.assessment(office, period);
  auto b = fresh.assessment(office, period);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->size(), b->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].totals.values, (*b)[i].totals.values) << (*a)[i].unit;
  }
  // The checkpoint's bytes round-trip exactly.
  auto saved = (*checkpoints)->load();
  ASSERT_TRUE(saved && *saved);
  AnalysisProjection p;
  ASSERT_TRUE(CheckpointCodec::decode((*saved)->state, p));
  // (Hash-map order may differ between encodings: compare what they hold.)
  EXPECT_EQ(p.cursor(), (*saved)->cursor);
  AnalysisProjection again;
  ASSERT_TRUE(CheckpointCodec::decode(CheckpointCodec::encode(p), again));
  EXPECT_EQ(again.cursor(), p.cursor());
  EXPECT_EQ(again.work_orders().size(), p.work_orders().size());
  EXPECT_EQ(again.cube().cells(), p.cube().cells());
  EXPECT_EQ(again.warnings().records().size(), p.warnings().records().size());
  // A damaged checkpoint is refused, not half-read.
  std::string damaged = (*saved)->state;
  damaged.resize(damaged.size() / 2);
  EXPECT_FALSE(CheckpointCodec::decode(damaged, p));
}

TEST_F(AnalysisStore, ANA_4_a_street_sees_its_own_area_only) {
  fill(2, 15);
  AnalysisService service(*store_, nullptr, policies_, *org_, clock_);
  ASSERT_TRUE(service.start());
  const Period period = *month_period("2026-11");
  const Actor street{"staff.a", Role::kUnitStaff, "street.heping.a"};
  const Actor district{"staff.b", Role::kUnitStaff, "district.heping"};
  auto own = service.assessment(street, period);
  ASSERT_TRUE(own);
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ((*own)[0].unit, "street.heping.a");
  auto wider = service.assessment(district, period);
  ASSERT_TRUE(wider);
  EXPECT_EQ(wider->size(), 2u);  // the district and its street
  // Another area's drill-down is "not found", like a unit that does not exist.
  auto other =
      service.drill_down(street, "district.hexi", period, AssessmentIndicator::kOnTimeReply);
  auto missing =
      service.drill_down(street, "district.nowhere", period, AssessmentIndicator::kOnTimeReply);
  ASSERT_FALSE(other);
  ASSERT_FALSE(missing);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(other.error().message_zh, missing.error().message_zh);
  auto dash = service.dashboard(street, period);
  ASSERT_TRUE(dash);
  for (const UnitRow& u : dash->units) EXPECT_EQ(u.unit, "street.heping.a");
  EXPECT_FALSE(service.dashboard(Actor{"x", Role::kApplicant, ""}, period));
}

// Bounded memory on the real file: the facts of closed work orders go to the
// SQLite archive, and a "crash" after archive writes but before the next
// checkpoint restarts from the checkpoint without losing or doubling a
// drill-down row (the archive forgets what came after the cursor).
// A monthly report as comparable text: every figure of it.
std::string report_text(const MonthlyReport& r) {
  std::string out = r.title + " " + std::to_string(r.registered) + "\n";
  auto counters = [&](const Counters& c) {
    for (auto v : c.values) out += " " + std::to_string(v);
    out += "\n";
  };
  auto rate = [](const std::optional<double>& x) { return x ? std::to_string(*x) : "-"; };
  counters(r.totals);
  for (const DayVolume& v : r.dashboard.volumes) {
    out += format_date(v.day) + " " + std::to_string(v.registered) + " " +
           std::to_string(v.dispatched) + " " + std::to_string(v.replied) + " " +
           std::to_string(v.closed) + "\n";
  }
  for (const UnitRow& u : r.dashboard.units) {
    out += u.unit + " " + std::to_string(u.work_orders) + " " + rate(u.on_time_acceptance) + " " +
           rate(u.on_time_reply) + " " + rate(u.satisfaction) + " " + rate(u.score) + " " +
           std::to_string(u.rank) + "\n";
  }
  for (const Hotspot& h : r.dashboard.hotspots) {
    out += h.district + " " + h.category + " " + std::to_string(h.count) + " " +
           std::to_string(h.baseline) + (h.surge ? " surge\n" : "\n");
  }
  for (const BacklogBucket& b : r.dashboard.backlog) {
    out += b.age + " " + std::to_string(b.count) + "\n";
  }
  for (const UnitAssessment& a : r.assessment) {
    out += a.unit + " " + rate(a.score);
    counters(a.totals);
  }
  for (const auto* rows : {&r.by_channel, &r.by_type, &r.by_category}) {
    for (const BreakdownRow& row : *rows) {
      out += row.key;
      counters(row.counters);
    }
  }
  for (const std::string& l : r.laggards) out += l + "\n";
  return out;
}

TEST_F(AnalysisStore, ANA_1_EVA_1_the_archive_and_the_checkpoint_agree_after_a_crash) {
  fill(20, 12, "2026-10-20");
  auto checkpoints = SqliteAnalysisCheckpoint::open(dir_ / "hotline.db");
  auto archive = SqliteAnalysisArchive::open(dir_ / "hotline.db");
  ASSERT_TRUE(checkpoints && archive);
  AnalysisOptions options;
  options.read_batch = 100;
  options.checkpoint_every = 400;
  options.keep_days = 3;
  {
    AnalysisService service(*store_, checkpoints->get(), policies_, *org_, clock_, options,
                            archive->get());
    ASSERT_TRUE(service.start());
    ASSERT_TRUE(service.checkpoint());
  }
  const auto archived_at_checkpoint = (*archive)->size();
  ASSERT_TRUE(archived_at_checkpoint && *archived_at_checkpoint > 0);
  fill(15, 12, "2026-11-09");
  {
    // Catches up (archiving more) and "crashes": no checkpoint after the
    // last archive write, since checkpoint_every is never reached again.
    options.checkpoint_every = 1000000;
    AnalysisService service(*store_, checkpoints->get(), policies_, *org_, clock_, options,
                            archive->get());
    ASSERT_TRUE(service.start());
    ASSERT_GT(*(*archive)->size(), *archived_at_checkpoint);
  }
  AnalysisService resumed(*store_, checkpoints->get(), policies_, *org_, clock_, options,
                          archive->get());
  ASSERT_TRUE(resumed.start());
  AnalysisService fresh(*store_, nullptr, policies_, *org_, clock_);
  ASSERT_TRUE(fresh.start());
  EXPECT_EQ(resumed.cursor(), fresh.cursor());
  const Actor office{"analyst.a", Role::kAnalyst, "office"};
  std::size_t rows = 0;
  for (const char* unit : {"district.heping", "street.heping.a", "district.hexi"}) {
    for (const Period period : {*month_period("2026-10"), *month_period("2026-11")}) {
      for (AssessmentIndicator indicator :
           {AssessmentIndicator::kOnTimeAcceptance, AssessmentIndicator::kOnTimeReply,
            AssessmentIndicator::kHandlingQuality, AssessmentIndicator::kSatisfaction}) {
        SCOPED_TRACE(std::string(unit) + " " + std::string(to_string(indicator)));
        auto a = resumed.drill_down(office, unit, period, indicator);
        auto b = fresh.drill_down(office, unit, period, indicator);
        ASSERT_TRUE(a && b);
        ASSERT_EQ(a->size(), b->size());
        for (std::size_t i = 0; i < a->size(); ++i) {
          EXPECT_EQ((*a)[i].work_order, (*b)[i].work_order);
          EXPECT_EQ((*a)[i].measures, (*b)[i].measures);
          EXPECT_EQ((*a)[i].counts_against, (*b)[i].counts_against);
        }
        rows += a->size();
      }
    }
    auto a = resumed.assessment(office, *month_period("2026-10"));
    auto b = fresh.assessment(office, *month_period("2026-10"));
    ASSERT_TRUE(a && b);
    ASSERT_EQ(a->size(), b->size());
    for (std::size_t i = 0; i < a->size(); ++i)
      EXPECT_EQ((*a)[i].totals.values, (*b)[i].totals.values);
  }
  EXPECT_GT(rows, 500u);
  // An old month and a span across the cube's floor: their days left memory
  // for the archive (keep_days 3) and read back the same as a projection
  // that never evicted, through the whole monthly report.
  const std::int32_t floor =
      resumed.read([](const AnalysisProjection& p) { return p.cube_floor(); });
  ASSERT_GT(floor, month_period("2026-10")->last());
  for (const Period period : {*month_period("2026-10"), *make_period("2026-10-25", "2026-11-24")}) {
    SCOPED_TRACE(format_date(period.from));
    auto a = resumed.monthly_report(office, period, "");
    auto b = fresh.monthly_report(office, period, "");
    ASSERT_TRUE(a && b);
    EXPECT_GT(report_text(*b).size(), 1000u);
    EXPECT_EQ(report_text(*a), report_text(*b));
    auto c = resumed.monitoring(office, period, Dimension::kChannel);
    auto d = fresh.monitoring(office, period, Dimension::kChannel);
    ASSERT_TRUE(c && d);
    ASSERT_EQ(c->size(), d->size());
    for (std::size_t i = 0; i < c->size(); ++i) {
      EXPECT_EQ((*c)[i].counters.values, (*d)[i].counters.values);
    }
  }
  (void)resumed.read(*month_period("2026-10"), DayDetail::kCoarse,
                     [](const AnalysisProjection& p) -> Result<int> {
                       EXPECT_LT(p.work_orders().size(), 200u) << "the closed ones left memory";
                       return 0;
                     });
}

}  // namespace
}  // namespace hotline::analysis
