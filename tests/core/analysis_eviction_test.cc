// ANA-1, EVA-1, APL-1: bounded memory. The facts of work orders closed
// longer than the appeal window leave the projection for the archive; every
// figure, every drill-down and every late event (an appeal reviewed after
// eviction) give what they give without eviction; a crash between an
// archive write and the checkpoint neither loses nor doubles a row. Plus the
// archive contract on the in-memory archive and the compact ids.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/analysis/assessment.h"
#include "core/analysis/checkpoint.h"
#include "core/analysis/monitoring.h"
#include "core/analysis/projection.h"
#include "core/analysis/stream_ids.h"
#include "core/analysis/synthetic_history.h"
#include "core/ports/memory/memory_analysis_archive.h"
#include "support/analysis_archive_contract.h"

namespace hotline {
namespace testing {
namespace {

struct MemoryAnalysisArchiveFactory {
  void set_up() {}
  std::unique_ptr<AnalysisArchive> open() { return std::make_unique<MemoryAnalysisArchive>(); }
  void tear_down() {}
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Memory, AnalysisArchiveContract,
                               ::testing::Types<MemoryAnalysisArchiveFactory>);

}  // namespace testing

namespace analysis {
namespace {

LocalDate date(const char* text) { return *parse_date(text); }

const std::vector<std::string> kUnits = {"district.a", "district.b", "street.a1", "dept.transport"};

std::vector<LoggedEvent> history(std::uint64_t seed) {
  SyntheticOptions o;
  o.seed = seed;
  o.start = date("2026-09-20");
  o.days = 60;
  o.requests_per_day = 20;
  o.units = kUnits;
  o.districts = {"district.a", "district.b"};
  o.categories = {"城乡建设", "政法", "交通运输/出租车管理"};
  o.dissatisfied = 0.4;
  o.appealed = 0.8;
  o.returned = 0.1;
  SyntheticHistory gen(o);
  std::vector<Event> all, one;
  while (gen.next(one)) all.insert(all.end(), one.begin(), one.end());
  std::stable_sort(all.begin(), all.end(),
                   [](const Event& a, const Event& b) { return a.at < b.at; });
  std::vector<LoggedEvent> log;
  std::int64_t position = 0;
  for (Event& e : all) log.push_back(LoggedEvent{++position, std::move(e)});
  return log;
}

void feed(AnalysisProjection& p, const std::vector<LoggedEvent>& log, std::size_t from = 0,
          std::size_t to = SIZE_MAX) {
  for (std::size_t i = from; i < std::min(to, log.size()); ++i) ASSERT_TRUE(p.apply(log[i]));
  ASSERT_TRUE(p.flush());
}

const std::vector<AssessmentIndicator> kIndicators = {
    AssessmentIndicator::kOnTimeAcceptance, AssessmentIndicator::kOnTimeReply,
    AssessmentIndicator::kReplyQuality,     AssessmentIndicator::kHandlingQuality,
    AssessmentIndicator::kSatisfaction,     AssessmentIndicator::kFirstContact};

const std::vector<Period> kPeriods = {
    Period{date("2026-10-01"), date("2026-10-31")},
    Period{date("2026-09-20"), date("2026-11-30")},
    Period{date("2026-11-03"), date("2026-11-09")},
};

// A drill-down as comparable text: work order, request, place, measures, verdict.
std::vector<std::string> rows_of(std::vector<DrillDownRow> rows) {
  std::vector<std::string> out;
  for (const DrillDownRow& r : rows) {
    std::string line = r.work_order + " " + r.request + " " + r.category + " " + r.district;
    for (const auto& [m, n] : r.measures) {
      line += " " + std::string(to_string(m)) + "=" + std::to_string(n);
    }
    out.push_back(line + (r.counts_against ? " against" : ""));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every unit × indicator × period: the evicting projection's drill-down
// (memory and archive) equals the one that keeps everything.
void expect_same_drill_downs(const AnalysisProjection& kept, const AnalysisProjection& evicting) {
  AssessmentPolicy policy;
  policy.exempt_upheld_appeals = true;
  std::size_t rows = 0;
  for (const std::string& unit : kUnits) {
    for (const Period& period : kPeriods) {
      for (AssessmentIndicator indicator : kIndicators) {
        SCOPED_TRACE(unit + " " + std::string(to_string(indicator)) + " " +
                     format_date(period.from));
        const auto before = rows_of(drill_down(kept, unit, period, indicator, policy));
        auto after = drill_down_all(evicting, unit, period, indicator, policy);
        ASSERT_TRUE(after);
        EXPECT_EQ(rows_of(*after), before);
        rows += before.size();
      }
    }
  }
  EXPECT_GT(rows, 1000u);
}

// `b` evicts: the days of each period that left memory are paged in first,
// as AnalysisService does before a query.
void expect_same_figures(const AnalysisProjection& a, AnalysisProjection& b) {
  for (const Period& period : kPeriods) {
    ASSERT_TRUE(b.page_in(period.first(), period.last(), DayDetail::kCoarse));
    for (const std::string& unit : kUnits) {
      EXPECT_EQ(unit_counters(a, unit, period).values, unit_counters(b, unit, period).values)
          << unit;
    }
  }
  for (std::int32_t day = day_number(date("2026-09-20")); day <= day_number(date("2026-12-31"));
       day += 3) {
    std::map<std::pair<std::int32_t, std::uint16_t>, std::int64_t> x, y;
    a.backlog().for_each_open(day, [&](auto d, auto u, auto n) { x[{d, u}] += n; });
    b.backlog().for_each_open(day, [&](auto d, auto u, auto n) { y[{d, u}] += n; });
    EXPECT_EQ(x, y) << format_date(from_day_number(day));
  }
}

TEST(AnalysisEviction,
     ANA_1_EVA_1_a_figure_drilled_into_after_eviction_lists_the_same_work_orders) {
  const auto log = history(21);
  AnalysisProjection kept;
  feed(kept, log);
  MemoryAnalysisArchive archive;
  AnalysisProjection evicting({}, EvictionSettings{&archive, 10});
  feed(evicting, log);
  // Most facts left memory; the figures did not change.
  EXPECT_LT(evicting.work_orders().size() * 3, kept.work_orders().size());
  EXPECT_LT(evicting.requests() * 3, kept.requests());
  EXPECT_GT(*archive.size(), static_cast<std::int64_t>(kept.work_orders().size()));
  expect_same_figures(kept, evicting);
  expect_same_drill_downs(kept, evicting);
}

TEST(AnalysisEviction, APL_1_an_appeal_reviewed_after_eviction_still_removes_the_dissatisfaction) {
  const auto log = history(22);
  AnalysisProjection kept;
  feed(kept, log);
  // Keep closed work orders for no day at all: every appeal reviewed after
  // its work order was closed finds its facts archived and brings them back.
  MemoryAnalysisArchive archive;
  AnalysisProjection evicting({}, EvictionSettings{&archive, 0});
  feed(evicting, log);
  std::size_t revived = 0;
  std::int64_t exempted = 0;
  for (const WorkOrderFacts& w : evicting.work_orders()) {
    const std::string id = evicting.id_of(w);
    auto archived = archive.get(id);
    ASSERT_TRUE(archived);
    if (archived->has_value() && w.closed_at) ++revived;
  }
  for (const std::string& unit : kUnits) {
    exempted += unit_counters(evicting, unit, kPeriods[1])[Measure::kExempted];
  }
  EXPECT_GT(revived, 0u) << "some late events found their facts archived";
  EXPECT_GT(exempted, 0);
  expect_same_figures(kept, evicting);
  expect_same_drill_downs(kept, evicting);
}

TEST(AnalysisEviction,
     ANA_1_a_crash_between_the_archive_and_the_checkpoint_loses_and_doubles_nothing) {
  const auto log = history(23);
  AnalysisProjection kept;
  feed(kept, log);
  MemoryAnalysisArchive archive;
  std::string checkpoint;
  {
    AnalysisProjection before_crash({}, EvictionSettings{&archive, 5});
    feed(before_crash, log, 0, log.size() / 2);
    checkpoint = CheckpointCodec::encode(before_crash);
    // Goes on: evicts and writes to the archive, then dies before the next
    // checkpoint.
    const std::size_t puts = archive.puts();
    feed(before_crash, log, log.size() / 2, log.size() * 3 / 4);
    ASSERT_GT(archive.puts(), puts);
  }
  AnalysisProjection restarted({}, EvictionSettings{&archive, 5});
  ASSERT_TRUE(CheckpointCodec::decode(checkpoint, restarted));
  ASSERT_TRUE(archive.discard_after(restarted.cursor()));  // what AnalysisService::start does
  feed(restarted, log);  // from its cursor: the earlier events are skipped
  EXPECT_EQ(restarted.cursor(), kept.cursor());
  expect_same_figures(kept, restarted);
  expect_same_drill_downs(kept, restarted);
}

TEST(AnalysisEviction, ANA_1_a_failed_archive_write_keeps_the_facts_for_the_next_flush) {
  const auto log = history(24);
  AnalysisProjection kept;
  feed(kept, log);
  MemoryAnalysisArchive archive;
  AnalysisProjection evicting({}, EvictionSettings{&archive, 5});
  for (std::size_t i = 0; i < log.size() / 2; ++i) ASSERT_TRUE(evicting.apply(log[i]));
  ASSERT_GT(evicting.pending(), 0u);
  archive.fail_next_put();
  EXPECT_FALSE(evicting.flush());
  EXPECT_GT(evicting.pending(), 0u);
  feed(evicting, log, log.size() / 2);
  EXPECT_EQ(evicting.pending(), 0u);
  expect_same_drill_downs(kept, evicting);
}

// Every cell of the days from..to, summed per (day, cell): the full cube
// and the day rollup as the queries read them.
using CellSums = std::map<std::pair<std::int32_t, std::uint64_t>, std::vector<std::int64_t>>;
CellSums cells_of(const AnalysisProjection& p, std::int32_t from, std::int32_t to, bool rollup) {
  CellSums out;
  auto put = [&](std::int32_t day, const Dims& d, const Counters& c) {
    auto& v = out[{day, d.pack()}];
    v.resize(kMeasureCount);
    for (std::size_t i = 0; i < kMeasureCount; ++i) v[i] += c.values[i];
  };
  if (rollup) {
    p.cube().for_each_rollup_day(from, to, put);
  } else {
    p.cube().for_each(from, to, put);
  }
  std::erase_if(out, [](const auto& kv) {
    return std::all_of(kv.second.begin(), kv.second.end(), [](auto v) { return v == 0; });
  });
  return out;
}

std::map<std::uint64_t, std::vector<std::int64_t>> totals_of(const AnalysisProjection& p,
                                                             const Period& period) {
  std::map<std::uint64_t, std::vector<std::int64_t>> out;
  p.cube().for_each_total(period.first(), period.last(), [&](const Dims& d, const Counters& c) {
    auto& v = out[d.pack()];
    v.resize(kMeasureCount);
    for (std::size_t i = 0; i < kMeasureCount; ++i) v[i] += c.values[i];
  });
  return out;
}

std::string breakdown_text(const AnalysisProjection& p, const Period& period, Dimension by) {
  static const Organisation org = *Organisation::create({});
  std::string out;
  for (const BreakdownRow& r : breakdown(p, org, period, by, Scope::all())) {
    out += r.key + ":";
    for (auto v : r.counters.values) out += " " + std::to_string(v);
    out += "\n";
  }
  return out;
}

std::string hotspots_text(const AnalysisProjection& p, const Period& period) {
  static const Organisation org = *Organisation::create({});
  HotspotSettings settings;
  settings.min_count = 1;
  std::string out;
  for (const Hotspot& h : hotspots(p, org, settings, period, Scope::all(), 1000)) {
    out += h.district + " " + h.category + " " + std::to_string(h.count) + " " +
           std::to_string(h.baseline) + (h.surge ? " surge" : "") + "\n";
  }
  return out;
}

// The whole old month and spans across the floor, through every reader of
// the cube: cells, day rollup, period totals, breakdowns, hot spots.
void expect_same_old_periods(const AnalysisProjection& kept, AnalysisProjection& evicting) {
  const std::vector<Period> periods = {
      Period{date("2026-10-01"), date("2026-10-31")},  // an old month, every day archived
      Period{date("2026-10-07"), date("2026-10-19")},  // part of it
      Period{date("2026-09-20"), date("2026-12-31")},  // across the floor
      Period{date("2026-11-11"), date("2026-12-02")},
  };
  for (const Period& period : periods) {
    SCOPED_TRACE(format_date(period.from) + ".." + format_date(period.to));
    const HotspotSettings baseline;
    const std::int32_t from = period.first() - baseline.baseline_days;
    // What the dashboard and the assessment read: the coarse cells only.
    ASSERT_TRUE(evicting.page_in(from, period.last(), DayDetail::kCoarse));
    const std::size_t coarse_bytes = evicting.cube().paged_bytes();
    EXPECT_EQ(cells_of(evicting, period.first(), period.last(), true),
              cells_of(kept, period.first(), period.last(), true));
    EXPECT_EQ(totals_of(evicting, period), totals_of(kept, period));
    EXPECT_EQ(hotspots_text(evicting, period), hotspots_text(kept, period));
    // Every cell, for the breakdowns: paged in again, and more bytes.
    ASSERT_TRUE(evicting.page_in(from, period.last(), DayDetail::kCells));
    if (&period == &periods.front()) {  // the later spans were paged in whole already
      EXPECT_GT(evicting.cube().paged_bytes(), 2 * coarse_bytes);
    }
    const auto cells = cells_of(kept, period.first(), period.last(), false);
    EXPECT_GT(cells.size(), 100u);
    EXPECT_EQ(cells_of(evicting, period.first(), period.last(), false), cells);
    EXPECT_EQ(cells_of(evicting, period.first(), period.last(), true),
              cells_of(kept, period.first(), period.last(), true));
    EXPECT_EQ(totals_of(evicting, period), totals_of(kept, period));
    for (Dimension by : {Dimension::kUnit, Dimension::kCategory, Dimension::kDistrict,
                         Dimension::kChannel, Dimension::kType}) {
      EXPECT_EQ(breakdown_text(evicting, period, by), breakdown_text(kept, period, by));
    }
    EXPECT_EQ(hotspots_text(evicting, period), hotspots_text(kept, period));
  }
  // The dashboard of old months (coarse cells paged in, a span wider than
  // the one paged above), then a breakdown of days still in memory: it
  // needs no page-in and reads no coarse copy.
  const std::size_t cells_paged = evicting.cube().paged_bytes();
  ASSERT_TRUE(evicting.page_in(day_number(date("2026-07-01")), evicting.cube_floor() - 1,
                               DayDetail::kCoarse));
  EXPECT_LT(evicting.cube().paged_bytes(), cells_paged) << "coarse cells paged in";
  const Period recent{from_day_number(evicting.cube_floor()), date("2026-12-31")};
  EXPECT_EQ(breakdown_text(evicting, recent, Dimension::kChannel),
            breakdown_text(kept, recent, Dimension::kChannel));
}

TEST(AnalysisEviction, ANA_1_EVA_1_an_old_month_reads_the_same_after_its_days_left_memory) {
  const auto log = history(25);
  AnalysisProjection kept;
  feed(kept, log);
  MemoryAnalysisArchive archive;
  AnalysisProjection evicting({}, EvictionSettings{&archive, 10});
  feed(evicting, log);
  // October's days left memory: the cube holds the last days only, the
  // month rollup every month.
  const Period october{date("2026-10-01"), date("2026-10-31")};
  ASSERT_GT(evicting.cube_floor(), october.last());
  EXPECT_LT(evicting.cube().cells() * 3, kept.cube().cells());
  EXPECT_TRUE(evicting.cube().days().empty() ||
              evicting.cube().days().begin()->first >= evicting.cube_floor());
  // Without paging in, October's days are missing (the check below can fail).
  EXPECT_NE(cells_of(evicting, october.first(), october.last(), false),
            cells_of(kept, october.first(), october.last(), false));
  EXPECT_EQ(totals_of(evicting, october), totals_of(kept, october))
      << "a whole month reads the month rollup, kept in memory";
  expect_same_old_periods(kept, evicting);
  expect_same_figures(kept, evicting);
  EXPECT_GT(evicting.cube().paged_bytes(), 0u);

  // Through a checkpoint: the month rollup and the floor come back, the
  // archived days are read from the archive.
  AnalysisProjection restored({}, EvictionSettings{&archive, 10});
  ASSERT_TRUE(CheckpointCodec::decode(CheckpointCodec::encode(evicting), restored));
  EXPECT_EQ(restored.cube_floor(), evicting.cube_floor());
  EXPECT_EQ(restored.cube().paged_bytes(), 0u) << "paged copies are not checkpointed";
  expect_same_old_periods(kept, restored);
}

TEST(AnalysisEviction, ANA_1_the_surge_detector_keeps_only_the_days_its_baseline_reads) {
  const auto log = history(26);
  AnalysisProjection kept;
  feed(kept, log);
  MemoryAnalysisArchive archive;
  AnalysisProjection evicting({}, EvictionSettings{&archive, 10});
  feed(evicting, log);
  const std::int32_t baseline_days = HotspotSettings{}.baseline_days;
  std::size_t kept_days = 0, evicting_days = 0;
  for (const auto& [key, days] : kept.warnings().daily()) kept_days += days.size();
  for (const auto& [key, days] : evicting.warnings().daily()) {
    evicting_days += days.size();
    ASSERT_FALSE(days.empty());
    EXPECT_LE(days.rbegin()->first - days.begin()->first, baseline_days + 1)
        << key.first << " " << key.second;
  }
  EXPECT_LT(evicting_days, kept_days);
  // The same warnings, with the same counts and baselines.
  ASSERT_EQ(evicting.warnings().records().size(), kept.warnings().records().size());
  for (std::size_t i = 0; i < kept.warnings().records().size(); ++i) {
    const WarningRecord& a = kept.warnings().records()[i];
    const WarningRecord& b = evicting.warnings().records()[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.count, b.count);
    EXPECT_DOUBLE_EQ(a.baseline, b.baseline);
  }
}

TEST(AnalysisEviction, ANA_1_ids_are_numbers_and_odd_ids_fall_back_to_strings) {
  StreamIds ids;
  for (const char* id : {"2026110100000001", "2026110100000001-1", "2026110100000001-99", "1",
                         "9999999999999999-2"}) {
    EXPECT_FALSE(ids.encode(id) & StreamIds::kOverflow) << id;
    EXPECT_EQ(ids.decode(ids.encode(id)), id);
  }
  EXPECT_TRUE(ids.overflow().empty());
  // Too long, a leading zero, a third part, k = 0 or 100, not digits, 𠮷.
  for (const char* id : {"20261101000000012", "0123", "12-3-4", "12-0", "12-100", "R-1", "𠮷-1", "",
                         "12-", "12-01"}) {
    const std::uint64_t code = ids.encode(id);
    EXPECT_TRUE(code & StreamIds::kOverflow) << id;
    EXPECT_EQ(ids.decode(code), id);
    EXPECT_EQ(ids.encode(id), code) << "interned once";
  }
  EXPECT_EQ(ids.overflow().size(), 10u);
  EXPECT_NE(ids.encode("12-1"), ids.encode("1-21"));
}

}  // namespace
}  // namespace analysis
}  // namespace hotline
