#include "adapters/toml/calendar_file.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>

#include "adapters/toml/toml_document.h"

namespace hotline {
namespace {

Result<LocalDate> date_value(const toml::node& node, std::string_view key, std::string_view file) {
  const auto* v = node.as_date();
  if (v == nullptr) {
    return fail(
        file_error(file, line_of(node),
                   "\"" + std::string(key) + "\" must be a date like 2026-02-15 (no quotes)",
                   "“" + std::string(key) + "”必须是日期，例如 2026-02-15（不加引号）"));
  }
  const toml::date d = v->get();
  const std::chrono::year_month_day ymd{std::chrono::year{d.year}, std::chrono::month{d.month},
                                        std::chrono::day{d.day}};
  if (!ymd.ok()) {
    return fail(file_error(file, line_of(node), "no such date", "日期不存在"));
  }
  return LocalDate{ymd};
}

// Names, notices and sources are shown to people: an empty one is a mistake.
Result<std::string> non_empty_string(const toml::node& node, std::string_view key,
                                     std::string_view file) {
  auto s = string_value(node, key, file);
  if (s && s->empty()) {
    return fail(file_error(file, line_of(node), "\"" + std::string(key) + "\" must not be empty",
                           "“" + std::string(key) + "”不能为空"));
  }
  return s;
}

int year_of(LocalDate d) { return static_cast<int>(std::chrono::year_month_day{d}.year()); }

bool is_weekend(LocalDate d) {
  const std::chrono::weekday w{d};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

// A date read from the file with the line it came from.
struct Dated {
  LocalDate date;
  std::uint32_t line;
  std::string name;
};

Status check_in_year(const Dated& d, int year, std::string_view what, std::string_view what_zh,
                     std::string_view file) {
  if (year_of(d.date) == year) return {};
  return fail(file_error(
      file, d.line,
      std::string(what) + " " + format_date(d.date) + " is not in " + std::to_string(year),
      std::string(what_zh) + " " + format_date(d.date) + " 不在" + std::to_string(year) + "年内"));
}

// One `holidays` entry: { name, from, to, days, makeup_working_days }.
Status read_holiday(const toml::node& node, int year, std::string_view file,
                    std::vector<Dated>& days_off, std::vector<Dated>& makeup,
                    std::vector<HolidayPeriod>& periods) {
  const auto* tbl = node.as_table();
  if (tbl == nullptr) {
    return fail(file_error(file, line_of(node),
                           "each holiday must be a table { name, from, to, days, "
                           "makeup_working_days }",
                           "每个节日须写成 { name, from, to, days, makeup_working_days }"));
  }
  constexpr std::string_view kWhere = "holidays";
  if (auto s =
          check_keys(*tbl, {"name", "from", "to", "days", "makeup_working_days"}, kWhere, file);
      !s) {
    return s;
  }
  for (std::string_view key : {"name", "from", "to", "days"}) {
    if (tbl->get(key) == nullptr) return fail(missing_key(*tbl, key, kWhere, file));
  }
  auto name = non_empty_string(*tbl->get("name"), "name", file);
  if (!name) return fail(name.error());
  auto from = date_value(*tbl->get("from"), "from", file);
  if (!from) return fail(from.error());
  auto to = date_value(*tbl->get("to"), "to", file);
  if (!to) return fail(to.error());
  const std::uint32_t line = line_of(*tbl);
  if (*to < *from) {
    return fail(file_error(file, line, *name + ": \"to\" is before \"from\"",
                           *name + "：结束日期早于开始日期"));
  }
  const auto* days = tbl->get("days")->as_integer();
  const std::int64_t span = (*to - *from).count() + 1;
  // `days` repeats the notice's 共N天 so that a typo in from/to shows up.
  if (days == nullptr || days->get() != span) {
    return fail(
        file_error(file, line_of(*tbl->get("days")),
                   *name + ": \"days\" must equal the days from \"from\" to \"to\" (" +
                       std::to_string(span) + ")",
                   *name + "：days 应等于 from 至 to 的天数（" + std::to_string(span) + "）"));
  }
  periods.push_back(HolidayPeriod{*name, *from, *to, {}});
  for (LocalDate d = *from; d <= *to; d += std::chrono::days{1}) {
    days_off.push_back({d, line, *name});
    if (auto s = check_in_year(days_off.back(), year, "holiday", "放假日", file); !s) return s;
  }
  if (const toml::node* m = tbl->get("makeup_working_days")) {
    const auto* arr = m->as_array();
    if (arr == nullptr) {
      return fail(file_error(file, line_of(*m), "\"makeup_working_days\" must be an array of dates",
                             "makeup_working_days 必须是日期数组"));
    }
    for (const toml::node& item : *arr) {
      auto d = date_value(item, "makeup_working_days", file);
      if (!d) return fail(d.error());
      const std::uint32_t item_line = line_of(item) ? line_of(item) : line;
      makeup.push_back({*d, item_line, *name});
      periods.back().makeup_working_days.push_back(*d);
      if (auto s = check_in_year(makeup.back(), year, "make-up working day", "调休上班日", file);
          !s) {
        return s;
      }
      if (!is_weekend(*d)) {
        return fail(
            file_error(file, item_line,
                       "make-up working day " + format_date(*d) + " is not a Saturday or Sunday",
                       "调休上班日 " + format_date(*d) + " 不是周六或周日"));
      }
    }
  }
  return {};
}

Result<CalendarYear> read_year(const toml::node& node, std::string_view file) {
  const auto* tbl = node.as_table();
  if (tbl == nullptr) {
    return fail(file_error(file, line_of(node), "each year must be a [[year]] table",
                           "每个年度须写成 [[year]] 表"));
  }
  constexpr std::string_view kWhere = "[[year]]";
  if (auto s = check_keys(*tbl, {"year", "notice", "source", "url", "holidays"}, kWhere, file);
      !s) {
    return fail(s.error());
  }
  for (std::string_view key : {"year", "notice", "source", "url", "holidays"}) {
    if (tbl->get(key) == nullptr) return fail(missing_key(*tbl, key, kWhere, file));
  }
  CalendarYear out;
  const toml::node& year_node = *tbl->get("year");
  const auto* year = year_node.as_integer();
  if (year == nullptr || year->get() < 1900 || year->get() > 9999) {
    return fail(file_error(file, line_of(year_node), "\"year\" must be a year like 2026",
                           "year 必须是年份，例如 2026"));
  }
  out.year = static_cast<int>(year->get());
  auto notice = non_empty_string(*tbl->get("notice"), "notice", file);
  if (!notice) return fail(notice.error());
  out.notice = std::move(*notice);
  auto url = non_empty_string(*tbl->get("url"), "url", file);
  if (!url) return fail(url.error());
  out.url = std::move(*url);
  auto source = non_empty_string(*tbl->get("source"), "source", file);
  if (!source) return fail(source.error());
  out.source = std::move(*source);

  const toml::node& holidays_node = *tbl->get("holidays");
  const auto* holidays = holidays_node.as_array();
  if (holidays == nullptr) {
    return fail(file_error(file, line_of(holidays_node), "\"holidays\" must be an array of tables",
                           "holidays 必须是表的数组"));
  }
  std::vector<Dated> days_off;
  std::vector<Dated> makeup;
  for (const toml::node& h : *holidays) {
    if (auto s = read_holiday(h, out.year, file, days_off, makeup, out.periods); !s)
      return fail(s.error());
  }

  // A day may be named once: overlapping ranges or a make-up day inside a
  // holiday mean the file disagrees with itself.
  std::map<LocalDate, const Dated*> seen;
  for (const Dated& d : days_off) {
    auto [it, inserted] = seen.emplace(d.date, &d);
    if (!inserted) {
      return fail(file_error(file, d.line,
                             format_date(d.date) + " is already a holiday (" + it->second->name +
                                 ", line " + std::to_string(it->second->line) + ")",
                             format_date(d.date) + " 已列为放假日（" + it->second->name + "，第" +
                                 std::to_string(it->second->line) + "行）"));
    }
  }
  for (const Dated& d : makeup) {
    auto [it, inserted] = seen.emplace(d.date, &d);
    if (!inserted) {
      return fail(
          file_error(file, d.line,
                     format_date(d.date) + " is a make-up working day and already listed (" +
                         it->second->name + ", line " + std::to_string(it->second->line) + ")",
                     format_date(d.date) + " 作为调休上班日与已列日期重复（" + it->second->name +
                         "，第" + std::to_string(it->second->line) + "行）"));
    }
  }
  for (const Dated& d : days_off) out.holidays.push_back(d.date);
  for (const Dated& d : makeup) out.makeup_working_days.push_back(d.date);
  std::sort(out.holidays.begin(), out.holidays.end());
  std::sort(out.makeup_working_days.begin(), out.makeup_working_days.end());
  return out;
}

}  // namespace

Result<std::vector<CalendarYear>> parse_calendar(std::string_view toml_text,
                                                 std::string_view file_name) {
  auto doc = parse_toml_document(toml_text, file_name);
  if (!doc) return fail(doc.error());
  if (auto s = check_keys(*doc, {"year"}, "", file_name); !s) return fail(s.error());
  const toml::node* years_node = doc->get("year");
  const toml::array* years = years_node ? years_node->as_array() : nullptr;
  if (years == nullptr || years->empty()) {
    return fail(file_error(file_name, years_node ? line_of(*years_node) : 1,
                           "the calendar file needs at least one [[year]] table",
                           "工作日历文件至少需要一个 [[year]] 表"));
  }
  std::vector<CalendarYear> out;
  std::map<int, std::uint32_t> year_lines;
  for (const toml::node& node : *years) {
    auto year = read_year(node, file_name);
    if (!year) return fail(year.error());
    const std::uint32_t line = line_of(node);
    auto [it, inserted] = year_lines.emplace(year->year, line);
    if (!inserted) {
      return fail(file_error(
          file_name, line,
          "year " + std::to_string(year->year) + " is given twice (also line " +
              std::to_string(it->second) + ")",
          std::to_string(year->year) + "年重复（另见第" + std::to_string(it->second) + "行）"));
    }
    out.push_back(std::move(*year));
  }
  return out;
}

Result<std::vector<CalendarYear>> load_calendar_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".toml" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) {
    return fail(path_error(dir.string(), "cannot read the calendar directory: " + ec.message(),
                           "无法读取工作日历目录"));
  }
  if (files.empty()) {
    return fail(path_error(dir.string(), "no *.toml calendar file in the directory",
                           "工作日历目录中没有 *.toml 文件"));
  }
  std::sort(files.begin(), files.end());  // a stable order for errors

  std::vector<CalendarYear> out;
  std::map<int, std::string> year_files;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    if (in) text << in.rdbuf();
    if (!in) {
      return fail(path_error(file.string(), "cannot read the file", "无法读取文件"));
    }
    auto years = parse_calendar(text.str(), file.string());
    if (!years) return fail(years.error());
    for (CalendarYear& y : *years) {
      auto [it, inserted] = year_files.emplace(y.year, file.string());
      if (!inserted) {
        return fail(path_error(file.string(),
                               "year " + std::to_string(y.year) + " is also in " + it->second,
                               std::to_string(y.year) + "年同时出现在 " + it->second));
      }
      out.push_back(std::move(y));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const CalendarYear& a, const CalendarYear& b) { return a.year < b.year; });
  return out;
}

}  // namespace hotline
