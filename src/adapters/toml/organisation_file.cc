#include "adapters/toml/organisation_file.h"

#include <toml++/toml.h>

#include <array>
#include <cstdint>
#include <exception>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>

namespace hotline {
namespace {

constexpr std::array<UnitKind, 8> kAllKinds{
    UnitKind::kHotlineOffice,      UnitKind::kServiceDepartment,  UnitKind::kMunicipalDepartment,
    UnitKind::kDistrictGovernment, UnitKind::kDistrictDepartment, UnitKind::kStreet,
    UnitKind::kPublicUtility,      UnitKind::kHandlingUnit,
};
constexpr std::array<std::string_view, 7> kUnitKeys{
    "id", "name", "kind", "parent", "policy_profile", "district", "active",
};

std::string allowed_kinds() {
  std::string out;
  for (UnitKind k : kAllKinds) {
    if (!out.empty()) out += ", ";
    out += to_string(k);
  }
  return out;
}

std::string allowed_keys() {
  std::string out;
  for (std::string_view k : kUnitKeys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

// Every mistake in the file is reported as "file:line: what is wrong".
Error file_error(std::string_view file, std::uint32_t line, std::string message,
                 std::string message_zh) {
  Error e = Error::invalid(std::string(file) + ":" + std::to_string(line), std::move(message),
                           std::move(message_zh));
  e.code = ErrorCode::kPolicyInvalid;
  return e;
}

// A unit as read, with the lines its keys came from, so that errors found
// later by Organisation::create can still point into the file.
struct ReadUnit {
  Unit unit;
  std::uint32_t line = 0;
  std::map<std::string, std::uint32_t, std::less<>> key_lines;
};

Result<std::string> string_value(const toml::node& node, std::string_view key,
                                 std::string_view file) {
  if (const auto* s = node.as_string()) return s->get();
  return fail(file_error(file, node.source().begin.line,
                         "key \"" + std::string(key) + "\" must be a string",
                         "键“" + std::string(key) + "”的值必须是字符串"));
}

Result<ReadUnit> read_unit(const toml::node& node, std::string_view file) {
  const auto* tbl = node.as_table();
  if (tbl == nullptr) {
    return fail(file_error(file, node.source().begin.line, "each unit must be a [[unit]] table",
                           "每个单位必须写成 [[unit]] 表"));
  }
  ReadUnit out;
  out.line = tbl->source().begin.line;
  for (auto&& [key, value] : *tbl) {
    const std::string_view k = key.str();
    const std::uint32_t line =
        key.source().begin.line ? key.source().begin.line : value.source().begin.line;
    out.key_lines.emplace(std::string(k), line);
    if (k == "active") {
      const auto* b = value.as_boolean();
      if (b == nullptr) {
        return fail(file_error(file, line, "key \"active\" must be true or false",
                               "键“active”的值必须是 true 或 false"));
      }
      out.unit.active = b->get();
      continue;
    }
    bool known = false;
    for (std::string_view allowed : kUnitKeys) known = known || allowed == k;
    if (!known) {
      return fail(file_error(
          file, line,
          "unknown key \"" + std::string(k) + "\" in [[unit]]; allowed: " + allowed_keys(),
          "[[unit]] 中有未知的键“" + std::string(k) + "”；允许的键：" + allowed_keys()));
    }
    auto s = string_value(value, k, file);
    if (!s) return fail(s.error());
    if (k == "id") {
      out.unit.id = std::move(*s);
    } else if (k == "name") {
      out.unit.name = std::move(*s);
    } else if (k == "kind") {
      // Only the wire names: files stay uniform and greppable.
      auto kind = parse_unit_kind(*s);
      if (!kind || to_string(*kind) != *s) {
        return fail(file_error(file, line,
                               "unknown unit kind \"" + *s + "\"; allowed: " + allowed_kinds(),
                               "未知的单位类型“" + *s + "”；允许的类型：" + allowed_kinds()));
      }
      out.unit.kind = *kind;
    } else if (k == "parent") {
      out.unit.parent = std::move(*s);
    } else if (k == "policy_profile") {
      out.unit.policy_profile = std::move(*s);
    } else if (k == "district") {
      out.unit.district = std::move(*s);
    }
  }
  for (std::string_view required : {"id", "name", "kind"}) {
    if (!out.key_lines.contains(required)) {
      return fail(file_error(file, out.line,
                             "[[unit]] is missing the key \"" + std::string(required) + "\"",
                             "[[unit]] 缺少键“" + std::string(required) + "”"));
    }
  }
  return out;
}

// toml++ 3.3.0 (Debian 12) reaches TOML_UNREACHABLE, i.e. undefined
// behaviour, when it meets some non-ASCII characters where it expects
// whitespace (upstream issues #190 and #295). TOML allows non-ASCII only in
// strings and comments, so refusing it elsewhere before parsing costs nothing
// for valid files. Returns the 1-based line of the offending byte, or 0.
std::uint32_t unsafe_non_ascii_line(std::string_view text) {
  enum class State { kNormal, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  State state = State::kNormal;
  std::uint32_t line = 1;
  // The last character outside strings and comments that was not a space. In
  // valid TOML a quote opens a string only after one of "=[,{." or at the
  // start of a line; elsewhere toml++ reads on as a bare value, so must we.
  char prev = '\n';
  auto at = [&](std::size_t i, std::string_view s) { return text.substr(i, s.size()) == s; };
  auto non_ascii = [](char c) { return static_cast<unsigned char>(c) >= 0x80; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    switch (state) {
      case State::kNormal: {
        if (non_ascii(c)) return line;
        if (c == ' ' || c == '\t') break;
        const bool opens = std::string_view("=[,{.\n").find(prev) != std::string_view::npos;
        prev = c;
        if (c == '#') {
          state = State::kComment;
        } else if (!opens || (c != '"' && c != '\'')) {
          break;
        } else if (at(i, R"(""")")) {
          state = State::kMultiBasic;
          i += 2;
        } else if (at(i, "'''")) {
          state = State::kMultiLiteral;
          i += 2;
        } else {
          state = c == '"' ? State::kBasic : State::kLiteral;
        }
        break;
      }
      case State::kComment:
        if (c == '\n') {
          state = State::kNormal;
          prev = '\n';
        }
        break;
      case State::kBasic:
        if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
          ++i;  // an escaped character cannot end the string
        } else if (c == '"' || c == '\n') {
          state = State::kNormal;
          if (c == '\n') prev = '\n';
        }
        break;
      case State::kLiteral:
        if (c == '\'' || c == '\n') {
          state = State::kNormal;
          if (c == '\n') prev = '\n';
        }
        break;
      case State::kMultiBasic:
        if (c == '\\') {
          // A line-ending backslash trims the whitespace after it; the first
          // character after that is where toml++ may misbehave.
          std::size_t j = i + 1;
          while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
          if (j < text.size() && text[j] == '\n') {
            while (j < text.size() &&
                   (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n')) {
              if (text[j] == '\n') ++line;
              ++j;
            }
            if (j < text.size() && non_ascii(text[j])) return line;
            i = j - 1;
          } else if (i + 1 < text.size() && text[i + 1] != '\n') {
            ++i;  // an ordinary escape
          }
        } else if (at(i, R"(""")")) {
          state = State::kNormal;
          i += 2;
        }
        break;
      case State::kMultiLiteral:
        if (at(i, "'''")) {
          state = State::kNormal;
          i += 2;
        }
        break;
    }
  }
  return 0;
}

// Organisation::create names the culprit as "units[i].key"; turn that into
// the line of that key (or of the unit's table) in the file.
Error locate(const Error& e, const std::vector<ReadUnit>& read, std::string_view file) {
  const std::string_view field = e.field;
  constexpr std::string_view kPrefix = "units[";
  const auto close = field.find("].");
  if (!field.starts_with(kPrefix) || close == std::string_view::npos) return e;
  std::size_t index = 0;
  for (char c : field.substr(kPrefix.size(), close - kPrefix.size())) {
    if (c < '0' || c > '9') return e;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  if (index >= read.size()) return e;
  const std::string_view key = field.substr(close + 2);
  const auto it = read[index].key_lines.find(key);
  const std::uint32_t line = it != read[index].key_lines.end() ? it->second : read[index].line;

  auto strip = [&](const std::string& text, std::string_view sep) {
    const std::string prefix = std::string(field) + std::string(sep);
    return text.starts_with(prefix) ? text.substr(prefix.size()) : text;
  };
  std::string message = strip(e.message, ": ");
  std::string message_zh = strip(e.message_zh, "：");
  if (key == "id") {
    // A repeated id: say where it was first used.
    for (std::size_t j = 0; j < index; ++j) {
      if (read[j].unit.id != read[index].unit.id) continue;
      const auto first = read[j].key_lines.find("id");
      const std::string at = std::to_string(first->second);
      message += " (first at line " + at + ")";
      message_zh += "（首次出现在第" + at + "行）";
      break;
    }
  }
  Error out = file_error(file, line, std::move(message), std::move(message_zh));
  out.rule = e.rule;
  out.article = e.article;
  return out;
}

Result<std::vector<Unit>> parse_checked(std::string_view toml_text, std::string_view file) {
  if (const std::uint32_t line = unsafe_non_ascii_line(toml_text)) {
    return fail(file_error(file, line,
                           "non-ASCII character outside a string or comment (or right after a "
                           "line-ending backslash)",
                           "字符串或注释以外（或行尾反斜杠之后）出现了非 ASCII 字符"));
  }
  toml::table doc;
  try {
    doc = toml::parse(toml_text, file);
  } catch (const toml::parse_error& err) {
    const std::string what(err.description());
    return fail(file_error(file, err.source().begin.line, "TOML syntax error: " + what,
                           "TOML 语法错误：" + what));
  }

  std::vector<ReadUnit> read;
  for (auto&& [key, value] : doc) {
    if (key.str() != "unit") {
      return fail(file_error(
          file, key.source().begin.line,
          "unknown key \"" + std::string(key.str()) + "\" at top level; allowed: [[unit]]",
          "顶层有未知的键“" + std::string(key.str()) + "”；只允许 [[unit]]"));
    }
    const auto* arr = value.as_array();
    if (arr == nullptr) {
      return fail(file_error(file, key.source().begin.line,
                             "\"unit\" must be an array of tables: write [[unit]]",
                             "“unit”必须是表数组，请写成 [[unit]]"));
    }
    for (const toml::node& n : *arr) {
      auto u = read_unit(n, file);
      if (!u) return fail(u.error());
      read.push_back(std::move(*u));
    }
  }
  if (read.empty()) {
    return fail(file_error(file, 1, "no units: add at least one [[unit]] table",
                           "文件中没有单位，请至少添加一个 [[unit]] 表"));
  }

  std::vector<Unit> units;
  units.reserve(read.size());
  for (const ReadUnit& r : read) units.push_back(r.unit);
  // Check the hierarchy here too, where the errors can still name a line.
  auto org = Organisation::create(units);
  if (!org) return fail(locate(org.error(), read, file));
  return units;
}

}  // namespace

Result<std::vector<Unit>> parse_organisation(std::string_view toml_text,
                                             std::string_view file_name) {
  // No exception leaves the adapter, whatever the input.
  try {
    return parse_checked(toml_text, file_name);
  } catch (const std::exception& e) {
    return fail(Error::internal(std::string(file_name) + ": " + e.what()));
  }
}

Result<std::vector<Unit>> load_organisation_file(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code ec;
  std::ifstream in(file, std::ios::binary);
  if (!in || std::filesystem::is_directory(file, ec)) {
    Error e =
        Error::not_found("organisation file \"" + name + "\"", "未找到组织机构文件“" + name + "”");
    e.field = name;
    return fail(std::move(e));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    Error e = Error::invalid(name, "cannot read the file", "无法读取文件");
    e.code = ErrorCode::kPolicyInvalid;
    return fail(std::move(e));
  }
  return parse_organisation(text.str(), name);
}

}  // namespace hotline
