#include "adapters/toml/organisation_file.h"

#include <array>
#include <cstdint>
#include <exception>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>

#include "adapters/toml/toml_document.h"

namespace hotline {
namespace {

constexpr std::array<UnitKind, 10> kAllKinds{
    UnitKind::kHotlineOffice,      UnitKind::kServiceDepartment,  UnitKind::kMunicipalDepartment,
    UnitKind::kDistrictGovernment, UnitKind::kDistrictDepartment, UnitKind::kStreet,
    UnitKind::kPublicUtility,      UnitKind::kHandlingUnit,       UnitKind::kSubCentre,
    UnitKind::kPartnerHotline,
};

std::string allowed_kinds() {
  std::string out;
  for (UnitKind k : kAllKinds) {
    if (!out.empty()) out += ", ";
    out += to_string(k);
  }
  return out;
}

// A unit as read, with the lines its keys came from, so that errors found
// later by Organisation::create can still point into the file.
struct ReadUnit {
  Unit unit;
  std::uint32_t line = 0;
  std::map<std::string, std::uint32_t, std::less<>> key_lines;
};

constexpr std::string_view kWhere = "[[unit]]";

Result<ReadUnit> read_unit(const toml::node& node, std::string_view file) {
  const auto* tbl = node.as_table();
  if (tbl == nullptr) {
    return fail(file_error(file, line_of(node), "each unit must be a [[unit]] table",
                           "每个单位必须写成 [[unit]] 表"));
  }
  if (auto s =
          check_keys(*tbl, {"id", "name", "kind", "parent", "policy_profile", "district", "active"},
                     kWhere, file);
      !s) {
    return fail(s.error());
  }
  ReadUnit out;
  out.line = line_of(*tbl);
  for (auto&& [key, value] : *tbl) {
    const std::string_view k = key.str();
    const std::uint32_t line = line_of(key, value);
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
      return fail(missing_key(*tbl, required, kWhere, file));
    }
  }
  return out;
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
  auto doc = parse_toml_document(toml_text, file, SyntaxErrorAt::kLine);
  if (!doc) return fail(doc.error());
  if (auto s = check_keys(*doc, {"unit"}, "", file); !s) return fail(s.error());

  std::vector<ReadUnit> read;
  for (auto&& [key, value] : *doc) {
    const auto* arr = value.as_array();
    if (arr == nullptr) {
      return fail(file_error(file, line_of(key, value),
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
    return fail(path_error(name, "cannot read the file", "无法读取文件"));
  }
  return parse_organisation(text.str(), name);
}

}  // namespace hotline
