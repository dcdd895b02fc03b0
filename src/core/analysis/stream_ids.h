#pragma once
// Work-order ids and request numbers as 64-bit numbers, so the analysis
// projection keeps no heap string per work order (docs/analysis.md,
// "Bounded memory"). A request number of 1 to 16 digits without a leading
// zero (the engine's YYYYMMDD + 8 digits) is its value × 100; a work order
// "<number>-<k>" with k in 1..99 adds k. Any other stream (imported or test
// ids) is kept as a string once and numbered with the top bit set — the
// fallback that never loses an id.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hotline::analysis {

class StreamIds {
 public:
  static constexpr std::uint64_t kOverflow = std::uint64_t{1} << 63;

  // The number of `stream`, interning it when it does not fit.
  std::uint64_t encode(std::string_view stream);
  // The number of `stream` without interning; none for an unknown overflow id.
  std::optional<std::uint64_t> find(std::string_view stream) const;
  std::string decode(std::uint64_t id) const;

  // The interned streams, in the order of their numbers (checkpoint).
  const std::vector<std::string>& overflow() const { return overflow_; }

 private:
  std::vector<std::string> overflow_;
  std::unordered_map<std::string, std::uint64_t> overflow_index_;
};

// The number alone, when `stream` fits (no interning).
std::optional<std::uint64_t> pack_stream(std::string_view stream);

}  // namespace hotline::analysis
