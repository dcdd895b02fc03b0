#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "adapters/scenario/scenario.h"
#include "app/cli.h"

namespace hotline::cli {

// Replays a scenario on a fresh store with the demo organisation, on a fake
// clock that starts at the scenario's first instant.
int simulate(const GlobalOptions& g, const std::string& file, const std::string& keep_db) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return report_error(Error::invalid("file", "cannot read " + file, "无法读取文件"));
  std::stringstream text;
  text << in.rdbuf();
  auto steps = parse_scenario(text.str(), file);
  if (!steps) return report_error(steps.error());
  Instant start{};
  for (const auto& s : *steps) {
    if (s.at) {
      start = *s.at;
      break;
    }
  }
  if (start == Instant{}) {
    return report_error(Error::invalid("at", "the scenario's first timed line sets the clock",
                                       "场景须给出起始时间"));
  }
  // The scenario runs on the composition root the server uses (all the
  // engine's hooks: reply checks, knowledge-base links, cluster supervision),
  // on a fresh database in a temporary directory (triage and the knowledge
  // base keep their files beside it).
  RootOptions options;
  options.platform = platform_options(g);
  std::filesystem::path dir;
  if (keep_db.empty()) {
    char tmpl[] = "/tmp/hotline-simulate-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
      return report_error(Error::storage("cannot create a temporary directory"));
    }
    dir = tmpl;
    options.platform.db = dir / "hotline.db";
  } else {
    options.platform.db = keep_db;
  }
  options.platform.fake_now = start;
  options.platform.organisation_file = options.platform.data_dir / "demo" / "organisation.toml";
  int code = 0;
  {
    auto root = CompositionRoot::open(std::move(options));
    if (!root) {
      code = report_error(root.error());
    } else {
      auto report = run_scenario(*steps, (*root)->work_orders(), *(*root)->fake_clock(), file);
      if (!report) {
        code = report_error(report.error());
      } else {
        std::cout << report->output.dump(2) << "\n";
        for (const auto& f : report->failures) std::cerr << "FAILED " << f << "\n";
        code = report->failures.empty() ? 0 : 1;
      }
    }
  }
  if (!dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return code;
}

}  // namespace hotline::cli
