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
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

#include "adapters/json/calendar_json.h"
#include "adapters/json/json_reader.h"
#include "adapters/toml/calendar_file.h"
#include "app/cli.h"
#include "application/holiday_calendar.h"

namespace hotline::cli {
namespace {

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

// Runs an operation of the HolidayCalendar use case as the command-line
// administrator (remote "cli"): the checks, the audit entry and the answer
// of the server's routes. The platform opens with the fallback calendar, as
// the year may lie past the known ones: that is the point.
Result<nlohmann::json> run_calendar_operation(const GlobalOptions& g, std::string_view name,
                                              nlohmann::json body,
                                              std::map<std::string, std::string> path = {}) {
  auto options = platform_options(g);
  options.calendar_fallback = true;
  auto platform = open_platform(options);
  if (!platform) return fail(platform.error());
  OperationCall call = cli_call();
  call.path = std::move(path);
  call.body = std::move(body);
  return (*platform)->holiday_calendar->execute(name, call);
}

// Days off and make-up working days of a year as the operations answer it.
std::pair<std::size_t, std::size_t> day_counts(const nlohmann::json& year) {
  std::size_t days = 0;
  std::size_t makeup = 0;
  for (const auto& h : year["holidays"]) {
    days += h.value("days", std::size_t{0});
    if (auto m = h.find("makeup_working_days"); m != h.end()) makeup += m->size();
  }
  return {days, makeup};
}

int calendar_list(const GlobalOptions& g) {
  auto listed = run_calendar_operation(g, calendar_ops::ListCalendarYears::kSpec.name,
                                       nlohmann::json::object());
  if (!listed) return report_error(listed.error());
  for (const auto& y : (*listed)["items"]) {
    const int revision = y.value("revision", 0);
    const auto [days, makeup] = day_counts(y);
    std::cout << y["year"].get<int>() << "\t" << y["source"].get<std::string>() << "\t" << days
              << " days off\t" << makeup << " make-up days\t"
              << (y["entered"].get<bool>() ? "entered by " + y["entered_by"].get<std::string>()
                                           : std::string("data/calendar"))
              << (revision > 0 ? "\tcorrected " + std::to_string(revision) + "× (" +
                                     y["correction_reason"].get<std::string>() + ")"
                               : std::string())
              << "\n";
  }
  return 0;
}

int calendar_add_year(const GlobalOptions& g, const std::string& file) {
  auto year = read_year_file(file);
  if (!year) return report_error(year.error());
  auto added = run_calendar_operation(g, calendar_ops::AddCalendarYear::kSpec.name,
                                      calendar_year_to_json(*year));
  if (!added) return report_error(added.error());
  const auto [days, makeup] = day_counts(*added);
  std::cout << "added " << year->year << " (" << year->source << "): " << days << " days off, "
            << makeup << " make-up working days; a running server takes it in within 10 s\n";
  return 0;
}

int calendar_correct_year(const GlobalOptions& g, const std::string& file,
                          const std::string& reason) {
  auto year = read_year_file(file);
  if (!year) return report_error(year.error());
  nlohmann::json body = calendar_year_to_json(*year);
  body["reason"] = reason;
  auto corrected = run_calendar_operation(g, calendar_ops::CorrectCalendarYear::kSpec.name,
                                          std::move(body), {{"year", std::to_string(year->year)}});
  if (!corrected) return report_error(corrected.error());
  std::cout << "corrected " << year->year << " (" << year->source
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
