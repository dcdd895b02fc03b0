// `hotline assessment`: EVA-2 — circulations (通报) and the figures for the
// government performance assessment (政府绩效考评), the same use case as the
// HTTP routes (core/oversight/oversight_service.h).
//
//   hotline assessment export --month 2026-11 [--format json|xlsx|both] [--out DIR]
//   hotline assessment circulate --as supervisor@office#wang --unit dept.x --month 2026-11
//       --ground buck-passing --reason "…" [--work-order ID]… [--indicator on-time-reply]…
//   hotline assessment circulations [--unit U] [--month 2026-11]

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "adapters/http/api_oversight.h"
#include "adapters/report/performance_xlsx.h"
#include "adapters/sqlite/sqlite_analysis_archive.h"
#include "adapters/sqlite/sqlite_analysis_checkpoint.h"
#include "app/cli.h"
#include "app/oversight_wiring.h"
#include "application/command_table.h"

namespace hotline::cli {
namespace {

struct ExportOptions {
  std::string month;
  std::string format = "both";
  std::string out = ".";
};

struct CirculateOptions {
  std::string as;
  oversight::CirculationInput input;
};

struct ListCirculationsOptions {
  std::string unit;
  std::string month;
};

// Runs `fn` with the Oversight use case over the database of `g`.
template <typename Fn>
int with_oversight(const GlobalOptions& g, Fn&& fn) {
  PlatformOptions options = platform_options(g);
  auto opened = open_platform(options);
  if (!opened) return report_error(opened.error());
  Platform& p = **opened;
  auto checkpoints = SqliteAnalysisCheckpoint::open(options.db);
  if (!checkpoints) return report_error(checkpoints.error());
  auto archive = SqliteAnalysisArchive::open(options.db);
  if (!archive) return report_error(archive.error());
  analysis::AnalysisService analysis(*p.store, checkpoints->get(), p.policies, *p.organisation,
                                     *p.clock, {}, archive->get());
  if (auto st = analysis.start(); !st) return report_error(st.error());
  auto parts = open_oversight(p, analysis, options.db, options.data_dir);
  if (!parts) return report_error(parts.error());
  const int code = fn(p, *parts->service);
  (void)analysis.checkpoint();
  return code;
}

int export_performance(const GlobalOptions& g, const ExportOptions& o) {
  if (o.format != "both" && o.format != "xlsx" && o.format != "json") {
    return report_error(
        Error::invalid("--format", "allowed: json, xlsx, both", "可选：json、xlsx、both"));
  }
  return with_oversight(g, [&](Platform& p, oversight::OversightService& service) {
    // The command line acts for the office.
    const Actor office{"cli", Role::kAnalyst, "office"};
    auto e = service.performance(office, o.month);
    if (!e) return report_error(e.error());
    const std::filesystem::path dir(o.out);
    if (o.format != "xlsx") {
      const auto path = dir / ("hotline-performance-" + e->month + ".json");
      std::ofstream out(path);
      out << http::performance_to_json(*e, *p.organisation).dump(2) << "\n";
      out.close();
      if (!out) return report_error(Error::storage("cannot write " + path.string()));
      std::cout << path.string() << "\n";
    }
    if (o.format != "json") {
      auto file = report::render_performance_xlsx(*e);
      if (!file) return report_error(file.error());
      const auto path = dir / file->file_name;
      std::ofstream out(path, std::ios::binary);
      out.write(file->bytes.data(), static_cast<std::streamsize>(file->bytes.size()));
      out.close();
      if (!out) return report_error(Error::storage("cannot write " + path.string()));
      std::cout << path.string() << "\n";
    }
    return 0;
  });
}

int circulate(const GlobalOptions& g, const CirculateOptions& o) {
  auto actor = parse_actor(o.as);
  if (!actor) return report_error(actor.error());
  return with_oversight(g, [&](Platform& p, oversight::OversightService& service) {
    auto c = service.record_circulation(*actor, o.input);
    // Recorded in the audit log like the HTTP route (SEC-2), done or refused.
    if (p.privacy) {
      const std::string target = c ? "circulation " + std::to_string(c->id) : o.input.unit;
      if (auto st = p.privacy->record_change(*actor, "cli", "assessment circulate", target,
                                             c.has_value());
          !st) {
        return report_error(st.error());
      }
    }
    if (!c) return report_error(c.error());
    std::cout << http::circulation_to_json(*c, *p.organisation).dump(2) << "\n";
    return 0;
  });
}

int list_circulations(const GlobalOptions& g, const ListCirculationsOptions& o) {
  return with_oversight(g, [&](Platform& p, oversight::OversightService& service) {
    const Actor office{"cli", Role::kAnalyst, "office"};
    oversight::CirculationFilter filter;
    if (!o.unit.empty()) filter.unit = o.unit;
    if (!o.month.empty()) filter.month = o.month;
    filter.limit = 10000;
    auto list = service.circulations(office, filter);
    if (!list) return report_error(list.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : *list) out.push_back(http::circulation_to_json(c, *p.organisation));
    std::cout << out.dump(2) << "\n";
    return 0;
  });
}

}  // namespace

void add_assessment_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "assessment", "circulations (通报) and government performance assessment figures (EVA-2)");
  cmd->require_subcommand(1);

  auto e = std::make_shared<ExportOptions>();
  auto* export_cmd = cmd->add_subcommand(
      "export", "a month's performance assessment: EVA-1 scores with circulations");
  export_cmd->add_option("--month", e->month, "YYYY-MM")->required();
  export_cmd->add_option("--format", e->format, "json, xlsx or both")->capture_default_str();
  export_cmd->add_option("--out", e->out, "output directory")->capture_default_str();
  export_cmd->callback([&g, &exit_code, e] { exit_code = export_performance(g, *e); });

  auto c = std::make_shared<CirculateOptions>();
  auto* circulate_cmd =
      cmd->add_subcommand("circulate", "record a circulation for criticism or praise (office)");
  circulate_cmd->add_option("--as", c->as, "actor, e.g. supervisor@office#wang")->required();
  circulate_cmd->add_option("--unit", c->input.unit, "the unit circulated")->required();
  circulate_cmd->add_option("--month", c->input.month, "YYYY-MM")->required();
  circulate_cmd
      ->add_option("--ground", c->input.ground,
                   "buck-passing|refused-supervision|media-exposure (T24) | "
                   "exemplary-practice (T26) | active-governance (D26)")
      ->required();
  circulate_cmd->add_option("--reason", c->input.reason, "what happened")->required();
  circulate_cmd->add_option("--work-order", c->input.work_orders, "a work order behind it");
  circulate_cmd->add_option("--indicator", c->input.indicators, "an EVA-1 indicator it rests on");
  circulate_cmd->callback([&g, &exit_code, c] { exit_code = circulate(g, *c); });

  auto l = std::make_shared<ListCirculationsOptions>();
  auto* list_cmd = cmd->add_subcommand("circulations", "list circulation records");
  list_cmd->add_option("--unit", l->unit, "unit id");
  list_cmd->add_option("--month", l->month, "YYYY-MM");
  list_cmd->callback([&g, &exit_code, l] { exit_code = list_circulations(g, *l); });
}

}  // namespace hotline::cli
