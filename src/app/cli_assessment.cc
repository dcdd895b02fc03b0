// `hotline assessment`: EVA-2 — circulations (通报) and the figures for the
// government performance assessment (政府绩效考评), the same use case as the
// HTTP routes (application/oversight.h): the same checks, answers and audit
// entries.
//
//   hotline assessment export --month 2026-11 [--format json|xlsx|both] [--out DIR]
//   hotline assessment circulate --as supervisor@office#wang --unit dept.x --month 2026-11
//       --ground buck-passing --reason "…" [--work-order ID]… [--indicator on-time-reply]…
//   hotline assessment circulations [--unit U] [--month 2026-11]

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "adapters/report/performance_xlsx.h"
#include "app/cli.h"
#include "app/oversight_wiring.h"
#include "app/storage.h"
#include "application/command_table.h"
#include "application/oversight.h"

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

// Runs `fn` with the Oversight use case and its service over the database
// of `g`.
template <typename Fn>
int with_oversight(const GlobalOptions& g, Fn&& fn) {
  PlatformOptions options = platform_options(g);
  auto opened = open_platform(options);
  if (!opened) return report_error(opened.error());
  Platform& p = **opened;
  auto checkpoints = p.storage->analysis_checkpoints();
  if (!checkpoints) return report_error(checkpoints.error());
  auto archive = p.storage->analysis_archive();
  if (!archive) return report_error(archive.error());
  analysis::AnalysisService analysis(*p.store, checkpoints->get(), p.policies, *p.organisation,
                                     *p.clock, {}, archive->get());
  if (auto st = analysis.start(); !st) return report_error(st.error());
  auto parts = open_oversight(p, analysis, options.data_dir);
  if (!parts) return report_error(parts.error());
  const int code = fn(*parts);
  (void)analysis.checkpoint();
  return code;
}

Status write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return fail(Error::storage("cannot write " + path.string()));
  std::cout << path.string() << "\n";
  return {};
}

int export_performance(const GlobalOptions& g, const ExportOptions& o) {
  if (o.format != "both" && o.format != "xlsx" && o.format != "json") {
    return report_error(
        Error::invalid("--format", "allowed: json, xlsx, both", "可选：json、xlsx、both"));
  }
  return with_oversight(g, [&](OversightParts& parts) {
    // The command line acts for the office, as an analyst.
    const Actor office = cli_actor(Role::kAnalyst);
    const std::filesystem::path dir(o.out);
    if (o.format != "xlsx") {
      OperationCall call = cli_call(office);
      call.query.emplace("month", o.month);
      auto answer = parts.use_case->execute(oversight_ops::ShowPerformance::kSpec.name, call);
      if (!answer) return report_error(answer.error());
      const std::string month = (*answer)["month"].get<std::string>();
      auto st =
          write_file(dir / ("hotline-performance-" + month + ".json"), answer->dump(2) + "\n");
      if (!st) return report_error(st.error());
    }
    if (o.format != "json") {
      // A file, like the server's workbook route: the same service, the same check.
      auto e = parts.service->performance(office, o.month);
      if (!e) return report_error(e.error());
      auto file = report::render_performance_xlsx(*e);
      if (!file) return report_error(file.error());
      if (auto st = write_file(dir / file->file_name, file->bytes); !st) {
        return report_error(st.error());
      }
    }
    return 0;
  });
}

int circulate(const GlobalOptions& g, const CirculateOptions& o) {
  auto actor = parse_actor(o.as);
  if (!actor) return report_error(actor.error());
  return with_oversight(g, [&](OversightParts& parts) {
    // Checked and audited as the server's route (SEC-2), done or refused.
    OperationCall call = cli_call(*actor);
    call.body = {{"unit", o.input.unit},
                 {"month", o.input.month},
                 {"ground", o.input.ground},
                 {"reason", o.input.reason},
                 {"work_orders", o.input.work_orders},
                 {"indicators", o.input.indicators}};
    auto answer = parts.use_case->execute(oversight_ops::RecordCirculation::kSpec.name, call);
    if (!answer) return report_error(answer.error());
    std::cout << answer->dump(2) << "\n";
    return 0;
  });
}

int list_circulations(const GlobalOptions& g, const ListCirculationsOptions& o) {
  return with_oversight(g, [&](OversightParts& parts) {
    constexpr std::size_t kPage = 500;  // the operation's largest page
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t offset = 0;; offset += kPage) {
      OperationCall call = cli_call(cli_actor(Role::kAnalyst));
      if (!o.unit.empty()) call.query.emplace("unit", o.unit);
      if (!o.month.empty()) call.query.emplace("month", o.month);
      call.query.emplace("limit", std::to_string(kPage));
      call.query.emplace("offset", std::to_string(offset));
      auto page = parts.use_case->execute(oversight_ops::ListCirculations::kSpec.name, call);
      if (!page) return report_error(page.error());
      const auto& items = (*page)["items"];
      for (const auto& item : items) out.push_back(item);
      if (items.size() < kPage) break;
    }
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
