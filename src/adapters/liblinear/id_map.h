#pragma once
// IdMap: a 64-bit key → 32-bit id hash table with open addressing (linear
// probing, power-of-two capacity, at most half full). Prediction looks up
// every character n-gram and every dictionary word of a message; a node-based
// std::unordered_map<std::string, …> over 779 k terms costs a string build,
// a byte hash and two cache misses per look-up, this one a multiply and
// usually one miss. Keys are pairs of ids (a term and the token that extends
// it, a trie node and the next character), packed by `pair_key`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace hotline::ml {

class IdMap {
 public:
  static constexpr std::uint64_t pair_key(std::uint32_t high, std::uint32_t low) {
    return (static_cast<std::uint64_t>(high) << 32) | low;
  }

  // Inserts `key` → `id` unless `key` is present; returns the id stored.
  std::uint32_t insert(std::uint64_t key, std::uint32_t id) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    auto& s = slot(key);
    if (!s.used) {
      s = {key, id, true};
      ++size_;
    }
    return s.id;
  }

  std::optional<std::uint32_t> find(std::uint64_t key) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t i = hash(key) & mask();; i = (i + 1) & mask()) {
      const auto& s = slots_[i];
      if (!s.used) return std::nullopt;
      if (s.key == key) return s.id;
    }
  }

  std::size_t size() const { return size_; }
  void reserve(std::size_t n) {
    while (n * 2 > slots_.size()) grow();
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t id = 0;
    bool used = false;
  };

  // The finaliser of MurmurHash3: ids that differ in a few low bits land far
  // apart.
  static std::size_t hash(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
  }
  std::size_t mask() const { return slots_.size() - 1; }

  Slot& slot(std::uint64_t key) {
    for (std::size_t i = hash(key) & mask();; i = (i + 1) & mask()) {
      if (!slots_[i].used || slots_[i].key == key) return slots_[i];
    }
  }

  void grow() {
    std::vector<Slot> old(slots_.empty() ? 16 : slots_.size() * 2);
    old.swap(slots_);
    for (const auto& s : old) {
      if (s.used) slot(s.key) = s;
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace hotline::ml
