// Deadline computations per second: the working-day calendar alone, and a
// full policy lookup plus calendar addition as the engine does at dispatch.

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <random>

#include "adapters/toml/calendar_file.h"
#include "adapters/toml/policy_file.h"
#include "core/engine/deadlines.h"

namespace hotline {
namespace {

const WorkingDayCalendar& calendar() {
  static const WorkingDayCalendar c = [] {
    auto years = load_calendar_dir(std::string(HOTLINE_DATA_DIR) + "/calendar");
    return *WorkingDayCalendar::create(std::move(*years));
  }();
  return c;
}

const PolicySet& policies() {
  static const PolicySet p = *load_policy_dir(std::string(HOTLINE_DATA_DIR) + "/policies");
  return p;
}

// Instants spread over 2024-2025 so results stay within the known years.
std::vector<Instant> instants(std::size_t n) {
  std::mt19937_64 rng(42);
  const auto start = at_local(LocalDate{std::chrono::year{2024} / 1 / 1});
  std::uniform_int_distribution<std::int64_t> offset(0, 2LL * 365 * 86400);
  std::vector<Instant> out(n);
  for (auto& t : out) t = start + Seconds{offset(rng)};
  return out;
}

void BM_AddWorkingDays(benchmark::State& state) {
  const auto& cal = calendar();
  const auto from = instants(4096);
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = cal.add_working_days(from[i++ & 4095], static_cast<int>(state.range(0)));
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingDays)->Arg(1)->Arg(7)->Arg(30);

void BM_LatestBefore(benchmark::State& state) {
  const auto& cal = calendar();
  const auto from = instants(4096);
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = cal.latest_before(from[i++ & 4095] + Seconds{30 * 86400}, 1);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LatestBefore);

// What the engine does per work order at dispatch: find the rule, add the period.
void BM_PolicyDeadline(benchmark::State& state) {
  const auto& p = state.range(0) == 0 ? *policies().find("tianjin").value()
                                      : *policies().find("tianjin-transport").value();
  DeadlineCalculator calc(calendar());
  const auto from = instants(4096);
  const DeadlineSubject subjects[] = {
      {RequestType::kComplaint, Urgency::kGeneral, UrgencyLabel::kNone, Channel::kPhone},
      {RequestType::kInquiry, Urgency::kGeneral, UrgencyLabel::kNone, Channel::kWechat12328},
      {RequestType::kReport, Urgency::kLifeSafety, UrgencyLabel::kNone, Channel::kWebsite},
      {RequestType::kAssistance, Urgency::kGeneral, UrgencyLabel::kUrgent, Channel::kPhone},
  };
  std::size_t i = 0;
  for (auto _ : state) {
    const auto t = from[i & 4095];
    auto d = calc.compute(p, Stage::kHandle, subjects[i & 3], Anchors{t, t, t});
    benchmark::DoNotOptimize(d);
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["max_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_PolicyDeadline)->Arg(0)->Arg(1)->ArgName("transport");

}  // namespace
}  // namespace hotline

BENCHMARK_MAIN();
