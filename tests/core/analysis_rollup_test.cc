// ANA-1, EVA-1: the rollups beside the day cube (month × unit, day × unit,
// day × district for registrations) and the backlog counters give exactly
// the figures of the full cube and of a scan of the work-order facts, on a
// random history, for periods that cover whole months, parts of months and
// both; and they survive the checkpoint.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "core/analysis/checkpoint.h"
#include "core/analysis/projection.h"
#include "core/analysis/synthetic_history.h"

namespace hotline::analysis {
namespace {

LocalDate date(const char* text) { return *parse_date(text); }

AnalysisProjection random_projection(std::uint64_t seed) {
  SyntheticOptions o;
  o.seed = seed;
  o.start = date("2026-09-17");
  o.days = 80;
  o.requests_per_day = 25;
  o.units = {"district.a", "district.b", "street.a1", "dept.transport", "dept.transport.road"};
  o.districts = {"district.a", "district.b"};
  o.categories = {"城乡建设", "政法", "交通运输/出租车管理", "环境保护/环境污染/噪音污染"};
  o.dissatisfied = 0.3;
  o.returned = 0.15;
  SyntheticHistory gen(o);
  std::vector<Event> all, one;
  while (gen.next(one)) all.insert(all.end(), one.begin(), one.end());
  std::stable_sort(all.begin(), all.end(),
                   [](const Event& a, const Event& b) { return a.at < b.at; });
  AnalysisProjection p;
  std::int64_t position = 0;
  for (Event& e : all) EXPECT_TRUE(p.apply(LoggedEvent{++position, std::move(e)}));
  return p;
}

using Totals = std::map<std::uint64_t, Counters>;

void put(Totals& t, const Dims& coarse, const Counters& c) { t[coarse.pack()].add(c); }

bool same(const Totals& a, const Totals& b) {
  // Cells whose counters are all zero are the same as absent ones.
  auto nonzero = [](const Totals& t) {
    std::map<std::uint64_t, std::array<std::int64_t, kMeasureCount>> out;
    for (const auto& [k, c] : t) {
      if (std::any_of(c.values.begin(), c.values.end(), [](auto v) { return v != 0; })) {
        out[k] = c.values;
      }
    }
    return out;
  };
  return nonzero(a) == nonzero(b);
}

Totals from_cube(const AnalysisProjection& p, std::int32_t from, std::int32_t to) {
  Totals t;
  p.cube().for_each(from, to, [&](std::int32_t, const Dims& d, const Counters& c) {
    put(t, Rollup::coarse(d), c);
  });
  return t;
}

Totals from_rollup(const AnalysisProjection& p, std::int32_t from, std::int32_t to) {
  Totals t;
  p.cube().rollup().for_each_total(from, to,
                                   [&](const Dims& d, const Counters& c) { put(t, d, c); });
  return t;
}

// The backlog by scanning every work order's facts: open at the end of `day`.
std::map<std::tuple<std::int32_t, std::uint16_t>, std::int64_t> scanned_backlog(
    const AnalysisProjection& p, std::int32_t day) {
  std::map<std::tuple<std::int32_t, std::uint16_t>, std::int64_t> out;
  for (const WorkOrderFacts& w : p.work_orders()) {
    const std::int32_t dispatched = day_number(local_date(w.dispatched_at));
    if (dispatched > day) continue;
    if (w.closed_at && day_number(local_date(*w.closed_at)) <= day) continue;
    ++out[{dispatched, w.dims.unit}];
  }
  return out;
}

std::map<std::tuple<std::int32_t, std::uint16_t>, std::int64_t> counted_backlog(
    const AnalysisProjection& p, std::int32_t day) {
  std::map<std::tuple<std::int32_t, std::uint16_t>, std::int64_t> out;
  p.backlog().for_each_open(day,
                            [&](std::int32_t dispatched, std::uint16_t unit, std::int64_t open) {
                              out[{dispatched, unit}] += open;
                            });
  return out;
}

void expect_equal_figures(const AnalysisProjection& p, std::mt19937& rng) {
  const std::int32_t first = day_number(date("2026-09-10"));
  const std::int32_t last = day_number(date("2026-12-31"));
  // Whole months, a month and a half, single days, and random spans.
  std::vector<std::pair<std::int32_t, std::int32_t>> periods = {
      {day_number(date("2026-10-01")), day_number(date("2026-10-31"))},
      {day_number(date("2026-10-01")), day_number(date("2026-11-30"))},
      {day_number(date("2026-09-20")), day_number(date("2026-11-14"))},
      {day_number(date("2026-11-30")), day_number(date("2026-11-30"))},
  };
  std::uniform_int_distribution<std::int32_t> any_day(first, last);
  for (int i = 0; i < 30; ++i) {
    auto a = any_day(rng), b = any_day(rng);
    periods.emplace_back(std::min(a, b), std::max(a, b));
  }
  for (const auto& [from, to] : periods) {
    SCOPED_TRACE(format_date(from_day_number(from)) + ".." + format_date(from_day_number(to)));
    const Totals cube = from_cube(p, from, to);
    ASSERT_FALSE(cube.empty() && from >= day_number(date("2026-09-17")) &&
                 to <= day_number(date("2026-12-05")));
    EXPECT_TRUE(same(cube, from_rollup(p, from, to)));
    // Day by day as the dashboard reads it.
    Totals by_day;
    p.cube().rollup().for_each_day(
        from, to, [&](std::int32_t, const Dims& d, const Counters& c) { put(by_day, d, c); });
    EXPECT_TRUE(same(cube, by_day));
  }
  for (int i = 0; i < 20; ++i) {
    const std::int32_t day = any_day(rng);
    SCOPED_TRACE(format_date(from_day_number(day)));
    EXPECT_EQ(counted_backlog(p, day), scanned_backlog(p, day));
  }
}

TEST(AnalysisRollup, ANA_1_EVA_1_rollups_and_backlog_equal_the_cube_and_the_facts) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    const AnalysisProjection p = random_projection(seed);
    ASSERT_GT(p.work_orders().size(), 1000u);
    std::mt19937 rng(static_cast<unsigned>(seed));
    expect_equal_figures(p, rng);
  }
}

TEST(AnalysisRollup, ANA_1_checkpoint_restores_the_rollups_and_the_backlog) {
  const AnalysisProjection p = random_projection(4);
  AnalysisProjection restored;
  ASSERT_TRUE(CheckpointCodec::decode(CheckpointCodec::encode(p), restored));
  EXPECT_EQ(restored.cube().cells(), p.cube().cells());
  EXPECT_EQ(restored.cube().rollup().cells(), p.cube().rollup().cells());
  std::mt19937 rng(4);
  expect_equal_figures(restored, rng);
  const std::int32_t from = day_number(date("2026-09-01")), to = day_number(date("2026-12-31"));
  EXPECT_TRUE(same(from_rollup(restored, from, to), from_rollup(p, from, to)));
  const std::int32_t day = day_number(date("2026-11-15"));
  EXPECT_EQ(counted_backlog(restored, day), counted_backlog(p, day));
}

TEST(AnalysisRollup, ANA_1_months_are_numbered_with_their_first_and_last_days) {
  const std::int32_t feb = month_of_day(day_number(date("2028-02-29")));
  EXPECT_EQ(first_day_of_month(feb), day_number(date("2028-02-01")));
  EXPECT_EQ(last_day_of_month(feb), day_number(date("2028-02-29")));
  EXPECT_EQ(month_of_day(day_number(date("2026-12-31"))) + 1,
            month_of_day(day_number(date("2027-01-01"))));
  EXPECT_EQ(first_day_of_month(month_of_day(day_number(date("1969-12-31")))),
            day_number(date("1969-12-01")));
}

}  // namespace
}  // namespace hotline::analysis
