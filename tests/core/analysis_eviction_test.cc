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

void expect_same_figures(const AnalysisProjection& a, const AnalysisProjection& b) {
  for (const std::string& unit : kUnits) {
    for (const Period& period : kPeriods) {
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
