#pragma once
// Enum <-> name tables: each row is (value, wire name, Chinese name). Wire
// names are stable kebab-case strings used in files, JSON and the CLI.

#include <array>
#include <optional>
#include <string_view>
#include <tuple>

namespace hotline {

template <typename E, std::size_t N>
using EnumTable = std::array<std::tuple<E, std::string_view, std::string_view>, N>;

template <typename E, std::size_t N>
constexpr std::string_view enum_name(const EnumTable<E, N>& table, E v) {
  for (const auto& [value, name, zh] : table) {
    if (value == v) return name;
  }
  return "?";
}

template <typename E, std::size_t N>
constexpr std::string_view enum_chinese(const EnumTable<E, N>& table, E v) {
  for (const auto& [value, name, zh] : table) {
    if (value == v) return zh;
  }
  return "?";
}

// Accepts the wire name; with `accept_chinese`, the Chinese name as well.
template <typename E, std::size_t N>
constexpr std::optional<E> enum_parse(const EnumTable<E, N>& table, std::string_view s,
                                      bool accept_chinese = false) {
  for (const auto& [value, name, zh] : table) {
    if (name == s || (accept_chinese && zh == s)) return value;
  }
  return std::nullopt;
}

}  // namespace hotline
