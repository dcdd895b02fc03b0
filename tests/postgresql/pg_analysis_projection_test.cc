// The analysis projection on the PostgreSQL archive and checkpoint (issue
// 14), as analysis_store_test.cc runs it on SQLite: the facts of closed work
// orders and the old days of the cube leave memory for the archive, and a
// "crash" after archive writes but before the next checkpoint restarts from
// the checkpoint without losing or doubling a figure or a drill-down row.
// The event log is the in-memory store: only the analysis stores are under
// test here.
//
// SPEC: ANA-1 (the cursor decides), EVA-1 (every figure opens to its work
// orders), ANA-2 (the watch list survives a restart).

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "adapters/postgresql/pg_analysis_archive.h"
#include "adapters/postgresql/pg_analysis_checkpoint.h"
#include "adapters/toml/policy_file.h"
#include "core/analysis/analysis_service.h"
#include "core/analysis/synthetic_history.h"
#include "core/ports/memory/memory_work_order_store.h"
#include "support/pg_scratch_schema.h"

namespace hotline::analysis {
namespace {

// pg_tests has no HOTLINE_DATA_DIR: the shipped data beside the sources.
const std::filesystem::path kData = std::filesystem::path(__FILE__).parent_path() / "../../data";

class PgAnalysisProjection : public ::testing::Test {
 protected:
  void SetUp() override {
    auto set = load_policy_dir(kData / "policies");
    ASSERT_TRUE(set) << set.error().describe();
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

  void fill(int days, int per_day, const char* start) {
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
      ASSERT_TRUE(store_.append(batch, {}));
    }
  }

  testing::PgScratchSchema schema_;
  MemoryWorkOrderStore store_;
  PolicySet policies_;
  std::optional<Organisation> org_;
  FakeClock clock_{*parse_iso8601("2026-12-01T09:00:00+08:00")};
};

TEST_F(PgAnalysisProjection, ANA_1_EVA_1_ISSUE14_archive_and_checkpoint_agree_after_a_crash) {
  fill(20, 12, "2026-10-20");
  auto checkpoints = PgAnalysisCheckpoint::open(schema_.target());
  auto archive = PgAnalysisArchive::open(schema_.target());
  ASSERT_TRUE(checkpoints && archive);
  AnalysisOptions options;
  options.read_batch = 100;
  options.checkpoint_every = 400;
  options.keep_days = 3;
  const Actor office{"analyst.a", Role::kAnalyst, "office"};
  {
    AnalysisService service(store_, checkpoints->get(), policies_, *org_, clock_, options,
                            archive->get());
    ASSERT_TRUE(service.start());
    ASSERT_TRUE(service.set_watch_list(office, {"上访", "𠮷"}));
    ASSERT_TRUE(service.checkpoint());
  }
  const auto archived_at_checkpoint = (*archive)->size();
  ASSERT_TRUE(archived_at_checkpoint && *archived_at_checkpoint > 0);
  fill(15, 12, "2026-11-09");
  {
    // Catches up (archiving more) and "crashes": no checkpoint after the
    // last archive write.
    options.checkpoint_every = 1000000;
    AnalysisService service(store_, checkpoints->get(), policies_, *org_, clock_, options,
                            archive->get());
    ASSERT_TRUE(service.start());
    ASSERT_GT(*(*archive)->size(), *archived_at_checkpoint);
  }
  // A restart on new connections, as another process would.
  checkpoints = PgAnalysisCheckpoint::open(schema_.target());
  archive = PgAnalysisArchive::open(schema_.target());
  ASSERT_TRUE(checkpoints && archive);
  AnalysisService resumed(store_, checkpoints->get(), policies_, *org_, clock_, options,
                          archive->get());
  ASSERT_TRUE(resumed.start());
  AnalysisService fresh(store_, nullptr, policies_, *org_, clock_);
  ASSERT_TRUE(fresh.start());
  EXPECT_EQ(resumed.cursor(), fresh.cursor());
  EXPECT_EQ(*resumed.watch_list(office), (std::vector<std::string>{"上访", "𠮷"}));
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
        }
        rows += a->size();
      }
    }
  }
  EXPECT_GT(rows, 500u);
  // Old days read back from the archive: coarse cells for the assessment,
  // every cell for the breakdowns.
  const std::int32_t floor =
      resumed.read([](const AnalysisProjection& p) { return p.cube_floor(); });
  ASSERT_GT(floor, month_period("2026-10")->last());
  for (const Period period : {*month_period("2026-10"), *make_period("2026-10-25", "2026-11-24")}) {
    SCOPED_TRACE(format_date(period.from));
    auto a = resumed.assessment(office, period);
    auto b = fresh.assessment(office, period);
    ASSERT_TRUE(a && b);
    ASSERT_EQ(a->size(), b->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
      EXPECT_EQ((*a)[i].totals.values, (*b)[i].totals.values) << (*a)[i].unit;
    }
    for (Dimension by : {Dimension::kChannel, Dimension::kCategory}) {
      auto c = resumed.monitoring(office, period, by);
      auto d = fresh.monitoring(office, period, by);
      ASSERT_TRUE(c && d);
      ASSERT_EQ(c->size(), d->size());
      for (std::size_t i = 0; i < c->size(); ++i) {
        EXPECT_EQ((*c)[i].key, (*d)[i].key);
        EXPECT_EQ((*c)[i].counters.values, (*d)[i].counters.values) << (*c)[i].key;
      }
    }
  }
}

}  // namespace
}  // namespace hotline::analysis
