// Commands of the working-day calendar (issue 9, item 13):
//
//   hotline calendar list                  the known years, shipped or entered
//   hotline calendar add-year FILE         enter a year's State Council notice
//   hotline calendar correct-year FILE --reason TEXT
//                                          correct a year entered here (mis-entered)
//
// FILE is one [[year]] in the format of data/calendar/*.toml (its loader
// checks `days` against the dates), or the JSON body of
// POST /api/v1/admin/calendar/years. The year goes into the database, with
// an audit entry as the operating-system user at the command line; a running
// server takes it in within 10 seconds, and every later start loads it.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "adapters/json/calendar_json.h"
#include "adapters/json/json_reader.h"
#include "adapters/toml/calendar_file.h"
#include "app/cli.h"
#include "application/calendar_admin.h"
#include "core/security/privacy_guard.h"

namespace hotline::cli {
namespace {

Actor cli_administrator() {
  const char* user = std::getenv("USER");
  return Actor{std::string("cli:") + (user != nullptr && *user != '\0' ? user : "unknown"),
               Role::kAdministrator, std::string(kOfficeUnit)};
}

Result<CalendarYear> read_year_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(Error::invalid("FILE", "cannot read " + file, "无法读取文件 " + file));
  std::ostringstream text;
  text << in.rdbuf();
  if (file.size() > 5 && file.substr(file.size() - 5) == ".toml") {
    auto years = parse_calendar(text.str(), file);
    if (!years) return fail(years.error());
    if (years->size() != 1) {
      return fail(
          Error::invalid("FILE", "give one [[year]] per file", "每个文件只写一个 [[year]]"));
    }
    return std::move(years->front());
  }
  auto doc = parse_json(text.str());
  if (!doc) return fail(doc.error());
  return calendar_year_from_json(*doc);
}

int calendar_list(const GlobalOptions& g) {
  auto platform = open_platform(platform_options(g));
  if (!platform) return report_error(platform.error());
  auto years = (*platform)->calendar_admin->years();
  if (!years) return report_error(years.error());
  for (const CalendarYearView& v : *years) {
    std::cout << v.year.year << "\t" << v.year.source << "\t" << v.year.holidays.size()
              << " days off\t" << v.year.makeup_working_days.size() << " make-up days\t"
              << (v.entered ? "entered by " + v.entered_by : std::string("data/calendar"))
              << (v.revision > 0 ? "\tcorrected " + std::to_string(v.revision) + "× (" +
                                       v.correction_reason + ")"
                                 : std::string())
              << "\n";
  }
  return 0;
}

// Reads FILE, opens the platform (the year may lie past the known ones: that
// is the point) and runs `change` as the command-line administrator, with its
// audit entry `action`, done or refused; answers the year as changed.
Result<CalendarYear> change_year(
    const GlobalOptions& g, const std::string& file, const std::string& action,
    const std::function<Result<CalendarYear>(CalendarAdmin&, const Actor&, CalendarYear)>& change,
    const std::string& detail_suffix) {
  auto year = read_year_file(file);
  if (!year) return fail(year.error());
  auto options = platform_options(g);
  options.calendar_fallback = true;
  auto platform = open_platform(options);
  if (!platform) return fail(platform.error());
  Platform& p = **platform;
  const Actor actor = cli_administrator();
  const std::string target = std::to_string(year->year);
  auto changed = change(*p.calendar_admin, actor, std::move(*year));
  if (p.privacy) {
    (void)p.privacy->record_change(
        actor, "cli", action, target, changed.has_value(),
        changed ? changed->source + detail_suffix : changed.error().describe());
  }
  return changed;
}

int calendar_add_year(const GlobalOptions& g, const std::string& file) {
  auto added = change_year(
      g, file, "calendar-add-year",
      [](CalendarAdmin& admin, const Actor& actor, CalendarYear year) {
        return admin.add_year(actor, std::move(year));
      },
      "");
  if (!added) return report_error(added.error());
  std::cout << "added " << added->year << " (" << added->source << "): " << added->holidays.size()
            << " days off, " << added->makeup_working_days.size()
            << " make-up working days; a running server takes it in within 10 s\n";
  return 0;
}

int calendar_correct_year(const GlobalOptions& g, const std::string& file,
                          const std::string& reason) {
  auto corrected = change_year(
      g, file, "calendar-correct-year",
      [&reason](CalendarAdmin& admin, const Actor& actor, CalendarYear year) {
        return admin.correct_year(actor, std::move(year), reason);
      },
      " — " + reason);
  if (!corrected) return report_error(corrected.error());
  std::cout << "corrected " << corrected->year << " (" << corrected->source
            << "); deadlines counted from now on use it, a running server takes it in within "
               "10 s\n";
  return 0;
}

}  // namespace

void add_calendar_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto* calendar = app.add_subcommand("calendar", "the working-day calendar (holidays)");
  calendar->require_subcommand(1);
  auto* list = calendar->add_subcommand("list", "the known years");
  list->callback([&g, &exit_code] { exit_code = calendar_list(g); });
  auto file = std::make_shared<std::string>();
  auto* add = calendar->add_subcommand(
      "add-year", "enter a year's State Council holiday notice (works while the server runs)");
  add->add_option("file", *file, "one [[year]] as in data/calendar/*.toml, or the API's JSON")
      ->required();
  add->callback([&g, &exit_code, file] { exit_code = calendar_add_year(g, *file); });
  auto correct_file = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  auto* correct = calendar->add_subcommand(
      "correct-year", "correct a year entered on this platform whose notice was mis-entered");
  correct->add_option("file", *correct_file, "the corrected year, as for add-year")->required();
  correct->add_option("--reason", *reason, "what was wrong")->required();
  correct->callback([&g, &exit_code, correct_file, reason] {
    exit_code = calendar_correct_year(g, *correct_file, *reason);
  });
}

}  // namespace hotline::cli
