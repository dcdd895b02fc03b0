#include "core/triage/gazetteer.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/enum_table.h"
#include "core/text.h"

namespace hotline::triage {
namespace {

constexpr EnumTable<PlaceKind, 3> kKinds{{
    {PlaceKind::kDistrict, "district", "区"},
    {PlaceKind::kStreet, "street", "街道"},
    {PlaceKind::kLandmark, "landmark", "地标"},
}};

std::size_t char_length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

Error place_error(std::size_t i, const std::string& key, std::string message,
                  std::string message_zh) {
  Error e = Error::invalid("places[" + std::to_string(i) + "]." + key, std::move(message),
                           std::move(message_zh));
  return e;
}

}  // namespace

std::string_view to_string(PlaceKind k) { return enum_name(kKinds, k); }
std::optional<PlaceKind> parse_place_kind(std::string_view s) { return enum_parse(kKinds, s); }

Result<Gazetteer> Gazetteer::create(std::vector<Place> places, const Organisation* org) {
  Gazetteer g;
  std::set<std::string> ids;
  std::map<std::string, std::size_t> seen_names;
  for (std::size_t i = 0; i < places.size(); ++i) {
    const Place& p = places[i];
    if (p.id.empty() || !ids.insert(p.id).second) {
      return fail(place_error(i, "id", "missing or repeated place id \"" + p.id + "\"",
                              "地名编号缺失或重复：“" + p.id + "”"));
    }
    if (p.district.empty()) {
      return fail(
          place_error(i, "district", "every place belongs to a district", "每个地名须属于一个区"));
    }
    if (p.kind == PlaceKind::kStreet && p.street.empty()) {
      return fail(place_error(i, "street", "a street place names its street unit",
                              "街道类地名须指明街道单位"));
    }
    if (org != nullptr) {
      const Unit* d = org->find(p.district);
      if (d == nullptr || d->kind != UnitKind::kDistrictGovernment) {
        return fail(place_error(i, "district", "\"" + p.district + "\" is not a district unit",
                                "“" + p.district + "”不是区人民政府单位"));
      }
      if (!p.street.empty()) {
        const Unit* s = org->find(p.street);
        if (s == nullptr || s->kind != UnitKind::kStreet || s->district != p.district) {
          return fail(place_error(i, "street",
                                  "\"" + p.street + "\" is not a street of " + p.district,
                                  "“" + p.street + "”不是" + p.district + "的街道"));
        }
      }
    }
    std::vector<std::string> names = p.aliases;
    names.insert(names.begin(), p.name);
    for (const auto& n : names) {
      if (trim(n).empty() || trim(n) != n || !is_valid_utf8(n)) {
        return fail(place_error(i, "name", "names are non-empty UTF-8 without outer spaces",
                                "地名须为非空的有效文本，且首尾无空格"));
      }
      const auto [it, inserted] = seen_names.emplace(n, i);
      if (!inserted && it->second != i) {
        return fail(place_error(i, "name", "the name \"" + n + "\" belongs to another place",
                                "地名“" + n + "”已属于另一个地点"));
      }
      const std::size_t len = char_length(static_cast<unsigned char>(n[0]));
      g.names_[n.substr(0, len)].push_back({n, i});
    }
  }
  for (auto& [first, list] : g.names_) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Name& a, const Name& b) { return a.text.size() > b.text.size(); });
  }
  g.places_ = std::move(places);
  return g;
}

std::vector<PlaceMatch> Gazetteer::find(std::string_view text) const {
  std::vector<PlaceMatch> out;
  std::size_t i = 0;
  std::string first;
  while (i < text.size()) {
    const std::size_t len =
        std::min(char_length(static_cast<unsigned char>(text[i])), text.size() - i);
    first.assign(text.substr(i, len));
    const auto it = names_.find(first);
    std::size_t advance = len;
    if (it != names_.end()) {
      for (const Name& n : it->second) {
        if (text.substr(i, n.text.size()) == n.text) {
          out.push_back({n.place, n.text, i});
          advance = n.text.size();
          break;
        }
      }
    }
    i += advance;
  }
  return out;
}

PlaceGuess Gazetteer::locate(std::string_view text) const {
  PlaceGuess g;
  g.matches = find(text);
  std::map<std::string, int> votes;
  for (const auto& m : g.matches) {
    const Place& p = places_[m.place];
    votes[p.district] += p.kind == PlaceKind::kLandmark ? 1 : 2;
  }
  int best = 0;
  for (const auto& [d, v] : votes) {
    if (v > best) {
      best = v;
      g.district = d;
    }
  }
  g.conflicting = votes.size() > 1;
  // The first street named in that district; else a landmark's street.
  for (int pass = 0; pass < 2 && g.street.empty(); ++pass) {
    for (const auto& m : g.matches) {
      const Place& p = places_[m.place];
      if (p.district != g.district || p.street.empty()) continue;
      if ((pass == 0) == (p.kind == PlaceKind::kStreet)) {
        g.street = p.street;
        break;
      }
    }
  }
  return g;
}

}  // namespace hotline::triage
