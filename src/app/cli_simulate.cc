#include <unistd.h>

#include <cstdio>
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
  PlatformOptions options = platform_options(g);
  std::string db = keep_db;
  if (db.empty()) {
    char tmpl[] = "/tmp/hotline-simulate-XXXXXX";
    const int fd = mkstemp(tmpl);
    if (fd < 0) return report_error(Error::storage("cannot create a temporary file"));
    ::close(fd);
    std::remove(tmpl);
    db = tmpl;
  }
  options.db = db;
  options.fake_now = start;
  options.organisation_file = options.data_dir / "demo" / "organisation.toml";
  int code = 0;
  {
    auto platform = open_platform(options);
    if (!platform) return report_error(platform.error());
    auto report = run_scenario(*steps, *(*platform)->engine, *(*platform)->fake_clock, file);
    if (!report) {
      code = report_error(report.error());
    } else {
      std::cout << report->output.dump(2) << "\n";
      for (const auto& f : report->failures) std::cerr << "FAILED " << f << "\n";
      code = report->failures.empty() ? 0 : 1;
    }
  }
  if (keep_db.empty()) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
  }
  return code;
}

}  // namespace hotline::cli
