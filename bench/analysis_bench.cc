// Analysis at scale (issue 12): a synthetic year fed to the projection, then
// the dashboard, the assessment and the monthly report timed on it.
//
//   build-release/bench/analysis_bench [work_orders=1000000] [days=365] [queries=40] [checkpoint=1]
//                                    [archive=FILE]
//
// With an archive file (a new SQLite file, e.g. /dev/shm/archive.db), the
// projection evicts the facts of work orders closed longer than the appeal
// window (eviction_days of the policies) to it, as `hotline serve` does,
// and the drill-down reads them back from there; so do the cube's days older
// than the window, which the dashboard and report read back (page_in, timed
// as part of the query) for an old month.
//
// Prints ingest rate, memory (resident set), p50/p95 of the dashboard and
// assessment queries for random months, the monthly report (data, PDF,
// Excel) and the checkpoint's size and time. The event log is not read from
// SQLite here (store_bench measures the store); the projection is fed the
// same events in memory.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "adapters/report/monthly_files.h"
#include "adapters/sqlite/sqlite_analysis_archive.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "core/analysis/analysis_service.h"
#include "core/analysis/checkpoint.h"
#include "core/analysis/monthly_report.h"
#include "core/analysis/synthetic_history.h"

using namespace hotline;
using namespace hotline::analysis;
using Steady = std::chrono::steady_clock;

namespace {

double ms_since(Steady::time_point t) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t).count();
}

long resident_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE) / (1024 * 1024);
}

void percentiles(const char* what, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * v.size()))];
  };
  std::printf("%-28s p50 %8.1f ms   p95 %8.1f ms   max %8.1f ms   (n=%zu)\n", what, at(0.5),
              at(0.95), v.back(), v.size());
}

}  // namespace

int main(int argc, char** argv) {
  const long work_orders = argc > 1 ? std::atol(argv[1]) : 1000000;
  const int days = argc > 2 ? std::atoi(argv[2]) : 365;
  const int queries = argc > 3 ? std::atoi(argv[3]) : 40;
  const bool with_checkpoint = argc > 4 ? std::atoi(argv[4]) != 0 : true;
  const std::string archive_file = argc > 5 ? argv[5] : "";
  const std::filesystem::path data = HOTLINE_DATA_DIR;
  auto policies = load_policy_dir(data / "policies");
  auto units = load_organisation_file(data / "demo" / "organisation.toml");
  if (!policies || !units) {
    std::fprintf(stderr, "cannot load the data directory\n");
    return 2;
  }
  const Organisation org = *Organisation::create(*units);

  SyntheticOptions o;
  o.start = *parse_date("2026-01-01");
  o.days = days;
  o.requests_per_day = static_cast<int>(std::max(1L, work_orders / days));
  for (const Unit& u : org.units()) {
    if (!u.is_undertaking()) continue;
    o.units.push_back(u.id);
    if (u.kind == UnitKind::kDistrictGovernment) o.districts.push_back(u.district);
  }
  o.categories = {"城乡建设/住房保障与房地产/物业服务",
                  "城乡建设/城市建设和市政管理",
                  "环境保护/环境污染/噪音污染",
                  "交通运输/出租车管理",
                  "交通运输/客货运输",
                  "劳动和社会保障",
                  "卫生计生",
                  "商贸旅游/市场监管",
                  "教育文体",
                  "政法",
                  "城乡建设/城乡规划/违章建筑",
                  "民政",
                  "农村农业",
                  "经济管理",
                  "科技与信息产业"};

  std::unique_ptr<SqliteAnalysisArchive> archive;
  if (!archive_file.empty()) {
    std::filesystem::remove(archive_file);
    auto opened = SqliteAnalysisArchive::open(archive_file);
    if (!opened) {
      std::fprintf(stderr, "%s\n", opened.error().describe().c_str());
      return 2;
    }
    archive = std::move(*opened);
  }
  AnalysisProjection projection(WarningSettings{policies->default_policy().assessment.hotspot, {}},
                                EvictionSettings{archive.get(), eviction_days(*policies)});
  SyntheticHistory gen(o);
  std::vector<Event> events;
  std::int64_t position = 0;
  const auto t0 = Steady::now();
  std::size_t since_flush = 0;
  while (gen.next(events)) {
    for (Event& e : events) {
      if (!projection.apply(LoggedEvent{++position, std::move(e)})) return 1;
    }
    // As the service does after each batch of the log it reads.
    if (++since_flush == 20000) {
      since_flush = 0;
      if (!projection.flush()) return 1;
    }
  }
  if (!projection.flush()) return 1;
  const double ingest = ms_since(t0);
  if (archive) {
    std::printf(
        "archive: keep %d days after the last event; %zu work orders and %zu requests in "
        "memory; %lld streams archived; file %lld MB\n",
        eviction_days(*policies), projection.work_orders().size(), projection.requests(),
        static_cast<long long>(*archive->size()),
        static_cast<long long>(std::filesystem::file_size(archive_file) / (1024 * 1024)));
  }
  std::printf("machine: %ld cores; work orders %ld over %d days; events %lld\n",
              sysconf(_SC_NPROCESSORS_ONLN), static_cast<long>(gen.produced()), days,
              static_cast<long long>(position));
  std::printf(
      "ingest %.1f s (%.0f events/s); cube cells %zu (days in memory %zu, floor %s); rollup cells "
      "%zu; resident %ld MB\n",
      ingest / 1000, static_cast<double>(position) / (ingest / 1000), projection.cube().cells(),
      projection.cube().days().size(),
      format_date(from_day_number(projection.cube_floor())).c_str(),
      projection.cube().rollup().cells(), resident_mb());

  // ANA-2: the synthetic history is stationary (no real surge), so every
  // surge warning is a false alarm: their share of district × category × days.
  // With an archive the detector keeps only the days its baseline reads
  // (Warnings::forget_before), so the rate is over those days.
  std::size_t surges = 0, place_days = 0;
  std::int32_t first_day = std::numeric_limits<std::int32_t>::max();
  for (const auto& [key, by_day] : projection.warnings().daily()) {
    for (const auto& [day, count] : by_day) {
      if (count == 0) continue;  // a kept place's marker
      ++place_days;
      first_day = std::min(first_day, day);
    }
  }
  for (const WarningRecord& w : projection.warnings().records())
    surges += w.kind == WarningKind::kSurge && w.day >= first_day;
  std::printf(
      "surge warnings %zu over %zu district-category-days with registrations: false-alarm rate "
      "%.4f\n",
      surges, place_days, place_days ? static_cast<double>(surges) / place_days : 0.0);

  const int baseline_days = policies->default_policy().assessment.hotspot.baseline_days;
  std::mt19937 rng(1);
  std::vector<double> dash, assess;
  const Instant now = at_local(o.start + std::chrono::days{days});
  for (int i = 0; i < queries; ++i) {
    const int month = std::uniform_int_distribution<int>(1, std::max(1, days / 31))(rng);
    char text[8];
    std::snprintf(text, sizeof text, "2026-%02d", month);
    const Period period = *month_period(text);
    auto t = Steady::now();
    // Archived days are read back first (AnalysisService does the same).
    if (!projection.page_in(period.first() - baseline_days, period.last(), DayDetail::kCoarse)) {
      return 1;
    }
    auto d = build_dashboard(DashboardInput{projection, *policies, org, period, Scope::all(), now});
    dash.push_back(ms_since(t));
    t = Steady::now();
    auto a = assess_units(AssessmentInput{projection, *policies, org, period, {}});
    assess.push_back(ms_since(t));
    if (d.units.empty() || a.empty()) return 1;
  }
  percentiles("dashboard (month, office)", dash);
  std::printf("paged-in bytes now %zu; resident %ld MB\n", projection.cube().paged_bytes(),
              resident_mb());
  percentiles("assessment (month)", assess);

  // EVA-1 drill-down of a random unit × month × indicator (from memory and,
  // with an archive, from the archive for the evicted work orders).
  std::vector<double> drill;
  std::size_t drilled_rows = 0;
  const std::vector<AssessmentIndicator> indicators = {
      AssessmentIndicator::kOnTimeAcceptance, AssessmentIndicator::kOnTimeReply,
      AssessmentIndicator::kSatisfaction, AssessmentIndicator::kHandlingQuality};
  const AssessmentPolicy& assessment_policy = policies->default_policy().assessment;
  for (int i = 0; i < queries; ++i) {
    const int month = std::uniform_int_distribution<int>(1, std::max(1, days / 31))(rng);
    char text[8];
    std::snprintf(text, sizeof text, "2026-%02d", month);
    const std::string& unit =
        o.units[std::uniform_int_distribution<std::size_t>(0, o.units.size() - 1)(rng)];
    const AssessmentIndicator indicator =
        indicators[static_cast<std::size_t>(i) % indicators.size()];
    auto t = Steady::now();
    auto rows = drill_down_all(projection, unit, *month_period(text), indicator, assessment_policy);
    drill.push_back(ms_since(t));
    if (!rows) return 1;
    drilled_rows += rows->size();
  }
  percentiles("drill-down (unit, month)", drill);
  std::printf("drill-down rows: %zu in %d queries; resident %ld MB\n", drilled_rows, queries,
              resident_mb());

  auto t = Steady::now();
  if (!projection.page_in(month_period("2026-06")->first() - baseline_days,
                          month_period("2026-06")->last(), DayDetail::kCells)) {
    return 1;
  }
  const MonthlyReport report = build_monthly_report(
      projection, *policies, org, *month_period("2026-06"), Scope::all(), "", now);
  const double data_ms = ms_since(t);
  t = Steady::now();
  auto pdf = report::render_monthly(report, "pdf");
  const double pdf_ms = ms_since(t);
  t = Steady::now();
  auto xlsx = report::render_monthly(report, "xlsx");
  const double xlsx_ms = ms_since(t);
  if (!pdf || !xlsx) return 1;
  std::printf("monthly report: data %.0f ms, PDF %.0f ms (%zu KB), Excel %.0f ms (%zu KB)\n",
              data_ms, pdf_ms, pdf->bytes.size() / 1024, xlsx_ms, xlsx->bytes.size() / 1024);

  if (!with_checkpoint) return 0;
  t = Steady::now();
  const std::string bytes = CheckpointCodec::encode(projection);
  const double encode_ms = ms_since(t);
  AnalysisProjection restored;
  t = Steady::now();
  if (!CheckpointCodec::decode(bytes, restored)) return 1;
  std::printf("checkpoint %zu MB: encode %.0f ms, decode %.0f ms; resident %ld MB\n",
              bytes.size() / (1024 * 1024), encode_ms, ms_since(t), resident_mb());
  return 0;
}
