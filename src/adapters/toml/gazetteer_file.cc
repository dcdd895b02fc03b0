#include "adapters/toml/gazetteer_file.h"

#include <exception>
#include <string>

#include "adapters/toml/catalogue_file.h"
#include "adapters/toml/toml_document.h"

namespace hotline {
namespace {

using triage::Place;
constexpr std::string_view kWhere = "[[place]]";

Result<triage::Gazetteer> parse_checked(std::string_view text, std::string_view file,
                                        const Organisation* org) {
  auto doc = parse_toml_document(text, file, SyntaxErrorAt::kLine);
  if (!doc) return fail(doc.error());
  if (auto s = check_keys(*doc, {"place"}, "", file); !s) return fail(s.error());
  std::vector<Place> places;
  std::vector<std::uint32_t> lines;
  if (const auto* node = doc->get("place")) {
    const auto* arr = node->as_array();
    if (arr == nullptr) {
      return fail(file_error(file, line_of(*node), "\"place\" must be written [[place]]",
                             "“place”必须是表数组，请写成 [[place]]"));
    }
    for (const auto& n : *arr) {
      const auto* tbl = n.as_table();
      if (tbl == nullptr) {
        return fail(file_error(file, line_of(n), "each place must be a [[place]] table",
                               "每个地名必须写成 [[place]] 表"));
      }
      if (auto s = check_keys(*tbl, {"id", "name", "kind", "aliases", "district", "street"}, kWhere,
                              file);
          !s) {
        return fail(s.error());
      }
      Place p;
      for (auto&& [key, value] : *tbl) {
        const std::string_view k = key.str();
        if (k == "aliases") {
          const auto* list = value.as_array();
          if (list == nullptr) {
            return fail(file_error(file, line_of(key, value), "aliases must be a list of strings",
                                   "aliases 必须是字符串列表"));
          }
          for (const auto& a : *list) {
            auto s = string_value(a, k, file);
            if (!s) return fail(s.error());
            p.aliases.push_back(std::move(*s));
          }
          continue;
        }
        auto s = string_value(value, k, file);
        if (!s) return fail(s.error());
        if (k == "id") p.id = std::move(*s);
        if (k == "name") p.name = std::move(*s);
        if (k == "district") p.district = std::move(*s);
        if (k == "street") p.street = std::move(*s);
        if (k == "kind") {
          const auto kind = triage::parse_place_kind(*s);
          if (!kind) {
            return fail(file_error(file, line_of(key, value),
                                   "kind must be district, street or landmark, not \"" + *s + "\"",
                                   "kind 须为 district、street 或 landmark"));
          }
          p.kind = *kind;
        }
      }
      for (std::string_view required : {"id", "name", "kind", "district"}) {
        if (tbl->get(required) == nullptr) return fail(missing_key(*tbl, required, kWhere, file));
      }
      places.push_back(std::move(p));
      lines.push_back(line_of(*tbl));
    }
  }
  auto g = triage::Gazetteer::create(std::move(places), org);
  if (!g) {
    // "places[i].key" → the line of that place.
    const std::string& field = g.error().field;
    std::uint32_t line = 1;
    if (field.starts_with("places[")) {
      const std::size_t i = std::stoul(field.substr(7));
      if (i < lines.size()) line = lines[i];
    }
    Error e = file_error(file, line, g.error().message, g.error().message_zh);
    return fail(std::move(e));
  }
  return g;
}

}  // namespace

Result<triage::Gazetteer> parse_gazetteer(std::string_view toml_text, std::string_view file_name,
                                          const Organisation* org) {
  try {
    return parse_checked(toml_text, file_name, org);
  } catch (const std::exception& e) {
    return fail(Error::internal(std::string(file_name) + ": " + e.what()));
  }
}

Result<triage::Gazetteer> load_gazetteer_file(const std::filesystem::path& file,
                                              const Organisation* org) {
  auto text = read_text_file(file, "地名库");
  if (!text) return fail(text.error());
  return parse_gazetteer(*text, file.string(), org);
}

}  // namespace hotline
