#include "core/analysis/stream_ids.h"

namespace hotline::analysis {
namespace {

// Digits without a leading zero, at most `max` of them.
std::optional<std::uint64_t> number(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max || s[0] == '0') return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

}  // namespace

std::optional<std::uint64_t> pack_stream(std::string_view stream) {
  const auto dash = stream.find('-');
  const auto request = number(stream.substr(0, dash), 16);
  if (!request) return std::nullopt;
  if (dash == std::string_view::npos) return *request * 100;
  const auto k = number(stream.substr(dash + 1), 2);
  if (!k) return std::nullopt;
  return *request * 100 + *k;
}

std::uint64_t StreamIds::encode(std::string_view stream) {
  if (auto packed = pack_stream(stream)) return *packed;
  auto [it, added] = overflow_index_.try_emplace(std::string(stream), kOverflow | overflow_.size());
  if (added) overflow_.emplace_back(stream);
  return it->second;
}

std::optional<std::uint64_t> StreamIds::find(std::string_view stream) const {
  if (auto packed = pack_stream(stream)) return packed;
  auto it = overflow_index_.find(std::string(stream));
  if (it == overflow_index_.end()) return std::nullopt;
  return it->second;
}

std::string StreamIds::decode(std::uint64_t id) const {
  if ((id & kOverflow) != 0) {
    const std::uint64_t index = id & ~kOverflow;
    return index < overflow_.size() ? overflow_[index] : std::string();
  }
  const std::uint64_t k = id % 100;
  std::string out = std::to_string(id / 100);
  if (k != 0) out += "-" + std::to_string(k);
  return out;
}

}  // namespace hotline::analysis
