#pragma once
// An archived record's contributions (core/ports/analysis_archive.h) as the
// one blob a SQL archive stores per record version, and the drill-down's
// filter over it: the part of the analysis archive that is not SQL, shared by
// SQLite and PostgreSQL (issue 14) so both read each other's bytes the same.
//
// Per contribution 10 bytes: its day (4 bytes), the interned unit (4 bytes,
// both little-endian), the measure and the delta. Units are interned to
// numbers by the store (its analysis_archive_units table).

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ports/analysis_archive.h"
#include "core/result.h"

namespace hotline::archive {

constexpr std::size_t kContributionBytes = 10;

struct PackedContribution {
  std::int32_t day;
  std::int64_t unit;
  std::uint8_t measure;
  std::int8_t delta;
};

// A record's contributions packed, and the unit × day pairs they touch, each
// once and sorted (the rows of the drill-down's index).
struct PackedContributions {
  std::string blob;
  std::vector<std::pair<std::int64_t, std::int32_t>> unit_days;
};

namespace detail {

inline void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

inline std::uint32_t get_u32(std::string_view in, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    v |= std::uint32_t{static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)])} << (8 * i);
  }
  return v;
}

}  // namespace detail

// `unit_id(name)` interns a unit: Result<std::int64_t>(std::string_view).
template <typename UnitId>
Result<PackedContributions> pack(const std::vector<ArchivedContribution>& contributions,
                                 UnitId&& unit_id) {
  PackedContributions out;
  out.blob.reserve(contributions.size() * kContributionBytes);
  for (const ArchivedContribution& c : contributions) {
    Result<std::int64_t> unit = unit_id(std::string_view(c.unit));
    if (!unit) return fail(unit.error());
    detail::put_u32(out.blob, static_cast<std::uint32_t>(c.day));
    detail::put_u32(out.blob, static_cast<std::uint32_t>(*unit));
    out.blob.push_back(static_cast<char>(c.measure));
    out.blob.push_back(static_cast<char>(c.delta));
    out.unit_days.emplace_back(*unit, c.day);
  }
  std::sort(out.unit_days.begin(), out.unit_days.end());
  out.unit_days.erase(std::unique(out.unit_days.begin(), out.unit_days.end()), out.unit_days.end());
  return out;
}

// A blob that is not a whole number of contributions reads as none.
inline std::vector<PackedContribution> unpack(std::string_view blob) {
  std::vector<PackedContribution> out;
  if (blob.size() % kContributionBytes != 0) return out;
  out.reserve(blob.size() / kContributionBytes);
  for (std::size_t at = 0; at < blob.size(); at += kContributionBytes) {
    out.push_back(PackedContribution{static_cast<std::int32_t>(detail::get_u32(blob, at)),
                                     static_cast<std::int64_t>(detail::get_u32(blob, at + 4)),
                                     static_cast<std::uint8_t>(blob[at + 8]),
                                     static_cast<std::int8_t>(blob[at + 9])});
  }
  return out;
}

// The contributions of `blob` for `unit` in the days from..to to one of
// `measures`, summed per measure (by measure); empty when there are none.
inline std::vector<std::pair<std::uint8_t, std::int64_t>> sum_measures(
    std::string_view blob, std::int64_t unit, std::int32_t from, std::int32_t to,
    const std::vector<std::uint8_t>& measures) {
  std::map<std::uint8_t, std::int64_t> sums;
  for (const PackedContribution& c : unpack(blob)) {
    if (c.unit != unit || c.day < from || c.day > to) continue;
    if (std::find(measures.begin(), measures.end(), c.measure) == measures.end()) continue;
    sums[c.measure] += c.delta;
  }
  return {sums.begin(), sums.end()};
}

}  // namespace hotline::archive
