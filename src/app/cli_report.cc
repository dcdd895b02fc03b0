// `hotline report`: the office's and the units' periodic reports (ANA-1
// [M28, D30]) as Excel and PDF, and a synthetic history for demonstrations
// and benchmarks.
//
//   hotline report monthly --month 2026-11 [--unit dept.housing] [--out DIR] [--format both]
//   hotline report synthetic --from 2026-10-01 --days 61 --per-day 300 [--seed 1]

#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>

#include "adapters/report/monthly_files.h"
#include "app/cli.h"
#include "app/oversight_wiring.h"
#include "app/storage.h"
#include "core/analysis/analysis_service.h"
#include "core/analysis/synthetic_history.h"

namespace hotline::cli {
namespace {

struct MonthlyOptions {
  std::string month;
  std::string unit;
  std::string out = ".";
  std::string format = "both";
};

struct SyntheticCliOptions {
  std::string from;
  int days = 30;
  int per_day = 100;
  std::uint64_t seed = 1;
};

int monthly(const GlobalOptions& g, const MonthlyOptions& o) {
  auto period = analysis::month_period(o.month);
  if (!period) return report_error(period.error());
  if (o.format != "both" && o.format != "xlsx" && o.format != "pdf") {
    return report_error(
        Error::invalid("--format", "allowed: xlsx, pdf, both", "可选：xlsx、pdf、both"));
  }
  PlatformOptions options = platform_options(g);
  options.with_security = false;
  auto opened = open_platform(options);
  if (!opened) return report_error(opened.error());
  Platform& p = **opened;
  auto checkpoints = p.storage->analysis_checkpoints();
  if (!checkpoints) return report_error(checkpoints.error());
  // Bounded memory: facts of work orders closed past the appeal window live here.
  auto archive = p.storage->analysis_archive();
  if (!archive) return report_error(archive.error());
  analysis::AnalysisService service(*p.store, checkpoints->get(), p.policies, *p.organisation,
                                    *p.clock, {}, archive->get());
  // EVA-2: the month's circulations are listed and deducted in the report.
  auto oversight_parts = open_oversight(p, service, options.data_dir);
  if (!oversight_parts) return report_error(oversight_parts.error());
  const auto started = std::chrono::steady_clock::now();
  if (auto st = service.start(); !st) return report_error(st.error());
  // The command line acts for the office (the report of a unit is the
  // office's view of that unit).
  const Actor office{"cli", Role::kAnalyst, "office"};
  auto report = service.monthly_report(office, *period, o.unit);
  if (!report) return report_error(report.error());
  if (auto st = service.checkpoint(); !st) return report_error(st.error());
  std::vector<std::string> formats;
  if (o.format == "both" || o.format == "xlsx") formats.push_back("xlsx");
  if (o.format == "both" || o.format == "pdf") formats.push_back("pdf");
  for (const std::string& format : formats) {
    auto file = report::render_monthly(*report, format);
    if (!file) return report_error(file.error());
    const std::filesystem::path path = std::filesystem::path(o.out) / file->file_name;
    std::ofstream out(path, std::ios::binary);
    out.write(file->bytes.data(), static_cast<std::streamsize>(file->bytes.size()));
    out.close();
    if (!out) return report_error(Error::storage("cannot write " + path.string()));
    std::cout << path.string() << "\n";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "report of " << report->totals[analysis::Measure::kDispatched] << " work orders in "
            << seconds << " s\n";
  return 0;
}

int synthetic(const GlobalOptions& g, const SyntheticCliOptions& o) {
  auto from = parse_date(o.from);
  if (!from)
    return report_error(Error::invalid("--from", "expected YYYY-MM-DD", "日期格式应为 YYYY-MM-DD"));
  if (o.days < 1 || o.days > 400 || o.per_day < 1 || o.per_day > 100000) {
    return report_error(Error::invalid("--days", "1..400 days of 1..100000 requests",
                                       "天数须为1至400，每日件数须为1至100000"));
  }
  PlatformOptions options = platform_options(g);
  options.with_security = false;
  auto opened = open_platform(options);
  if (!opened) return report_error(opened.error());
  Platform& p = **opened;
  analysis::SyntheticOptions s;
  s.seed = o.seed;
  s.start = *from;
  s.days = o.days;
  s.requests_per_day = o.per_day;
  for (const Unit& u : p.organisation->units()) {
    if (!u.active || !u.is_undertaking()) continue;
    s.units.push_back(u.id);
    if (u.kind == UnitKind::kDistrictGovernment) s.districts.push_back(u.district);
  }
  s.categories = {"城乡建设/住房保障与房地产/物业服务",
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
                  "民政"};
  analysis::SyntheticHistory history(s);
  std::vector<Event> events;
  std::vector<StreamAppend> batch;
  const auto flush = [&]() -> Status {
    if (batch.empty()) return {};
    Status st = p.store->append(batch, {});
    batch.clear();
    return st;
  };
  while (history.next(events)) {
    std::map<std::string, StreamAppend> streams;
    for (Event& e : events) {
      StreamAppend& a = streams[e.stream];
      a.stream = e.stream;
      a.events.push_back(std::move(e));
    }
    for (auto& [name, a] : streams) batch.push_back(std::move(a));
    if (batch.size() >= 2000) {
      if (auto st = flush(); !st) return report_error(st.error());
    }
  }
  if (auto st = flush(); !st) return report_error(st.error());
  std::cout << "appended " << history.produced() << " synthetic requests to " << p.storage->name()
            << "\n";
  return 0;
}

}  // namespace

void add_report_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto* report = app.add_subcommand("report", "periodic reports (ANA-1) and synthetic history");
  report->require_subcommand(1);

  auto m = std::make_shared<MonthlyOptions>();
  auto* monthly_cmd = report->add_subcommand("monthly", "the monthly report as Excel and PDF");
  monthly_cmd->add_option("--month", m->month, "YYYY-MM")->required();
  monthly_cmd->add_option("--unit", m->unit, "a unit's own report (its area)");
  monthly_cmd->add_option("--out", m->out, "output directory")->capture_default_str();
  monthly_cmd->add_option("--format", m->format, "xlsx, pdf or both")->capture_default_str();
  monthly_cmd->callback([&g, &exit_code, m] { exit_code = monthly(g, *m); });

  auto s = std::make_shared<SyntheticCliOptions>();
  auto* synthetic_cmd = report->add_subcommand(
      "synthetic", "append a synthetic history (demonstrations, benchmarks; no personal data)");
  synthetic_cmd->add_option("--from", s->from, "first day YYYY-MM-DD")->required();
  synthetic_cmd->add_option("--days", s->days, "days")->capture_default_str();
  synthetic_cmd->add_option("--per-day", s->per_day, "requests per day")->capture_default_str();
  synthetic_cmd->add_option("--seed", s->seed, "random seed")->capture_default_str();
  synthetic_cmd->callback([&g, &exit_code, s] { exit_code = synthetic(g, *s); });
}

}  // namespace hotline::cli
