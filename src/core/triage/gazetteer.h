#pragma once
// Place extraction (DIS-2: dispatch by location): the districts, streets and
// well-known places of the city, each with the names people use for it and
// the units it belongs to. Data (data/triage/gazetteer.toml); the core only
// matches. Matching is longest-first at every character, so 南开大学 wins
// over 南开 and 滨海新区 over 滨海.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/org/organisation.h"
#include "core/result.h"

namespace hotline::triage {

enum class PlaceKind { kDistrict, kStreet, kLandmark };
std::string_view to_string(PlaceKind k);
std::optional<PlaceKind> parse_place_kind(std::string_view s);

struct Place {
  std::string id;    // "landmark.nankai-university", "street.nankai.xuefu", "district.heping"
  std::string name;  // 南开大学
  PlaceKind kind = PlaceKind::kLandmark;
  std::vector<std::string> aliases;  // other names; `name` always matches too
  std::string district;              // unit id of its district government
  std::string street;                // unit id of its street, if known
};

struct PlaceMatch {
  std::size_t place = 0;   // index into Gazetteer::places()
  std::string text;        // the text that matched
  std::size_t offset = 0;  // byte offset in the searched text
};

// Where a request is, as far as the text says.
struct PlaceGuess {
  std::string district;  // unit id, empty when unknown
  std::string street;    // unit id, empty when unknown
  std::vector<PlaceMatch> matches;
  bool conflicting = false;  // the text names places in more than one district
};

class Gazetteer {
 public:
  Gazetteer() = default;
  // Checks ids and names, and — with an organisation — that every unit exists
  // and that each street lies in its district.
  static Result<Gazetteer> create(std::vector<Place> places, const Organisation* org);

  std::vector<PlaceMatch> find(std::string_view text) const;
  PlaceGuess locate(std::string_view text) const;
  const std::vector<Place>& places() const { return places_; }

 private:
  struct Name {
    std::string text;
    std::size_t place;
  };
  std::vector<Place> places_;
  // By the first code point's bytes; longest names first.
  std::unordered_map<std::string, std::vector<Name>> names_;
};

}  // namespace hotline::triage
