#include "adapters/toml/calendar_file.h"

#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>

namespace hotline {
namespace {

// "file:line: what is wrong", with the Chinese text for the operator.
Error file_error(std::string_view file, std::uint32_t line, std::string message,
                 std::string message_zh) {
  Error e = Error::invalid(std::string(file) + ":" + std::to_string(line), std::move(message),
                           std::move(message_zh));
  e.code = ErrorCode::kPolicyInvalid;
  return e;
}

std::uint32_t line_of(const toml::node& node) { return node.source().begin.line; }

// Keys are checked against a fixed list so that a misspelt key is an error
// rather than a silently ignored line.
Status only_keys(const toml::table& tbl, std::initializer_list<std::string_view> allowed,
                 std::string_view where, std::string_view file) {
  for (auto&& [key, value] : tbl) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    const std::uint32_t line = key.source().begin.line ? key.source().begin.line : line_of(value);
    return fail(file_error(file, line,
                           "unknown key \"" + std::string(key.str()) + "\" in " +
                               std::string(where) + " (allowed: " + list + ")",
                           "未知的键“" + std::string(key.str()) + "”（" + std::string(where) +
                               "中允许：" + list + "）"));
  }
  return {};
}

Error missing(const toml::table& tbl, std::string_view key, std::string_view where,
              std::string_view file) {
  return file_error(file, line_of(tbl),
                    "missing key \"" + std::string(key) + "\" in " + std::string(where),
                    std::string(where) + "缺少键“" + std::string(key) + "”");
}

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

Result<std::string> string_value(const toml::node& node, std::string_view key,
                                 std::string_view file) {
  const auto* s = node.as_string();
  if (s == nullptr || s->get().empty()) {
    return fail(file_error(file, line_of(node),
                           "\"" + std::string(key) + "\" must be a non-empty string",
                           "“" + std::string(key) + "”必须是非空字符串"));
  }
  return s->get();
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
                    std::vector<Dated>& days_off, std::vector<Dated>& makeup) {
  const auto* tbl = node.as_table();
  if (tbl == nullptr) {
    return fail(file_error(file, line_of(node),
                           "each holiday must be a table { name, from, to, days, "
                           "makeup_working_days }",
                           "每个节日须写成 { name, from, to, days, makeup_working_days }"));
  }
  constexpr std::string_view kWhere = "holiday";
  if (auto s = only_keys(*tbl, {"name", "from", "to", "days", "makeup_working_days"}, kWhere, file);
      !s) {
    return s;
  }
  for (std::string_view key : {"name", "from", "to", "days"}) {
    if (tbl->get(key) == nullptr) return fail(missing(*tbl, key, kWhere, file));
  }
  auto name = string_value(*tbl->get("name"), "name", file);
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
  if (auto s = only_keys(*tbl, {"year", "notice", "source", "url", "holidays"}, kWhere, file); !s) {
    return fail(s.error());
  }
  for (std::string_view key : {"year", "notice", "source", "url", "holidays"}) {
    if (tbl->get(key) == nullptr) return fail(missing(*tbl, key, kWhere, file));
  }
  CalendarYear out;
  const toml::node& year_node = *tbl->get("year");
  const auto* year = year_node.as_integer();
  if (year == nullptr || year->get() < 1900 || year->get() > 9999) {
    return fail(file_error(file, line_of(year_node), "\"year\" must be a year like 2026",
                           "year 必须是年份，例如 2026"));
  }
  out.year = static_cast<int>(year->get());
  for (std::string_view key : {"notice", "url"}) {
    if (auto s = string_value(*tbl->get(key), key, file); !s) return fail(s.error());
  }
  auto source = string_value(*tbl->get("source"), "source", file);
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
    if (auto s = read_holiday(h, out.year, file, days_off, makeup); !s) return fail(s.error());
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

// The line of the first byte that is not well-formed UTF-8, or 0. TOML files
// must be UTF-8, and toml++ 3.3.0 loses its footing on broken sequences even
// inside comments.
std::uint32_t bad_utf8_line(std::string_view text) {
  std::uint32_t line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b == '\n') ++line;
    if (b < 0x80) {
      ++i;
      continue;
    }
    // Lead byte: the sequence length and the allowed range of the second byte
    // (which excludes overlong forms, surrogates and code points > U+10FFFF).
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return line;
    }
    if (i + len > text.size()) return line;
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return line;
    }
    i += len;
  }
  return 0;
}

// toml++ 3.3.0 (Debian 12) has undefined behaviour (TOML_UNREACHABLE) on some
// non-ASCII bytes where it expects a key, bare value or whitespace, and fails
// an assertion on a table header that starts with neither a key nor a quote
// ("[="). Valid TOML has non-ASCII only inside strings and comments, so a
// scan refuses those inputs before toml++ sees them. It follows toml++'s
// reading: a quote opens a string only where a key or value may start, and
// the first character after a line-ending backslash in a """ string counts as
// unsafe (a valid but odd spot, refused too). Returns the 1-based line, or 0.
std::uint32_t unsafe_line(std::string_view text) {
  enum class In { kCode, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  auto high = [](char c) { return static_cast<unsigned char>(c) >= 0x80; };
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  auto at = [&](std::size_t i, std::string_view w) { return text.substr(i, w.size()) == w; };
  auto key_start = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '"' || c == '\'' || c == ']';
  };
  In in = In::kCode;
  std::uint32_t line = 1;
  char prev = '\n';  // the last code character that was not blank
  for (std::size_t i = at(0, "\xEF\xBB\xBF") ? 3 : 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    switch (in) {
      case In::kCode:
        if (high(c)) return line;
        if (blank(c)) break;
        if (c == '#') {
          in = In::kComment;
        } else if (c == '[' && prev == '\n') {
          std::size_t j = i + 1;
          if (j < text.size() && text[j] == '[') ++j;
          while (j < text.size() && blank(text[j])) ++j;
          if (j < text.size() && !key_start(text[j])) return line;
        } else if ((c == '"' || c == '\'') &&
                   std::string_view("\n=[{,.").find(prev) != std::string_view::npos) {
          const bool multi = at(i, c == '"' ? R"(""")" : "'''");
          if (c == '"') {
            in = multi ? In::kMultiBasic : In::kBasic;
          } else {
            in = multi ? In::kMultiLiteral : In::kLiteral;
          }
          if (multi) i += 2;
        }
        prev = c;
        break;
      case In::kComment:
        if (c == '\n') {
          in = In::kCode;
          prev = '\n';
        }
        break;
      case In::kBasic:
      case In::kLiteral:
        if (in == In::kBasic && c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
          ++i;  // an escaped character cannot end the string
        } else if (c == (in == In::kBasic ? '"' : '\'')) {
          in = In::kCode;
        } else if (c == '\n') {
          in = In::kCode;
          prev = '\n';
        }
        break;
      case In::kMultiBasic:
        if (c == '\\') {
          std::size_t j = i + 1;
          while (j < text.size() && blank(text[j])) ++j;
          if (j < text.size() && text[j] == '\n') {
            // A line-ending backslash: toml++ trips on what follows the trim.
            while (j < text.size() && (blank(text[j]) || text[j] == '\n')) {
              if (text[j++] == '\n') ++line;
            }
            if (j < text.size() && high(text[j])) return line;
            i = j - 1;
          } else {
            ++i;  // an escape
          }
        } else if (at(i, R"(""")")) {
          in = In::kCode;
          i += 2;
        }
        break;
      case In::kMultiLiteral:
        if (at(i, "'''")) {
          in = In::kCode;
          i += 2;
        }
        break;
    }
  }
  return 0;
}

Result<toml::table> parse_toml(std::string_view text, std::string_view file) {
  if (const std::uint32_t line = bad_utf8_line(text)) {
    return fail(file_error(file, line, "the file is not valid UTF-8", "文件不是有效的 UTF-8 编码"));
  }
  if (const std::uint32_t line = unsafe_line(text)) {
    return fail(file_error(file, line,
                           "TOML syntax error: a non-ASCII character outside a string or comment, "
                           "or a table header without a key",
                           "TOML 语法错误：字符串或注释之外出现非 ASCII 字符，或表头缺少键名"));
  }
#if TOML_EXCEPTIONS
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& pos = e.source().begin;
    Error err = Error::invalid(
        std::string(file) + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column),
        std::string(e.description()), "TOML 语法错误：" + std::string(e.description()));
    err.code = ErrorCode::kPolicyInvalid;
    return fail(std::move(err));
  }
#else
  toml::parse_result r = toml::parse(text, file);
  if (!r) {
    const auto& pos = r.error().source().begin;
    Error err = Error::invalid(
        std::string(file) + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column),
        std::string(r.error().description()),
        "TOML 语法错误：" + std::string(r.error().description()));
    err.code = ErrorCode::kPolicyInvalid;
    return fail(std::move(err));
  }
  return std::move(r).table();
#endif
}

}  // namespace

Result<std::vector<CalendarYear>> parse_calendar(std::string_view toml_text,
                                                 std::string_view file_name) {
  auto doc = parse_toml(toml_text, file_name);
  if (!doc) return fail(doc.error());
  if (auto s = only_keys(*doc, {"year"}, "the calendar file", file_name); !s)
    return fail(s.error());
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
    Error e = Error::invalid(dir.string(), "cannot read the calendar directory: " + ec.message(),
                             "无法读取工作日历目录");
    e.code = ErrorCode::kPolicyInvalid;
    return fail(std::move(e));
  }
  if (files.empty()) {
    Error e = Error::invalid(dir.string(), "no *.toml calendar file in the directory",
                             "工作日历目录中没有 *.toml 文件");
    e.code = ErrorCode::kPolicyInvalid;
    return fail(std::move(e));
  }
  std::sort(files.begin(), files.end());  // a stable order for errors

  std::vector<CalendarYear> out;
  std::map<int, std::string> year_files;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    if (in) text << in.rdbuf();
    if (!in) {
      Error e = Error::invalid(file.string(), "cannot read the file", "无法读取文件");
      e.code = ErrorCode::kPolicyInvalid;
      return fail(std::move(e));
    }
    auto years = parse_calendar(text.str(), file.string());
    if (!years) return fail(years.error());
    for (CalendarYear& y : *years) {
      auto [it, inserted] = year_files.emplace(y.year, file.string());
      if (!inserted) {
        Error e = Error::invalid(file.string(),
                                 "year " + std::to_string(y.year) + " is also in " + it->second,
                                 std::to_string(y.year) + "年同时出现在 " + it->second);
        e.code = ErrorCode::kPolicyInvalid;
        return fail(std::move(e));
      }
      out.push_back(std::move(y));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const CalendarYear& a, const CalendarYear& b) { return a.year < b.year; });
  return out;
}

}  // namespace hotline
