#include "core/triage/string_pool.h"

#include <functional>

#include "core/result.h"

namespace hotline::triage {

StringPool::StringPool() : ends_{0}, slots_(16, kEmpty) {}

std::string_view StringPool::view(Id id) const {
  HOTLINE_ASSERT(id < ends_.size());
  const std::uint64_t begin = id == 0 ? 0 : ends_[id - 1];
  return std::string_view(bytes_).substr(begin, ends_[id] - begin);
}

std::size_t StringPool::slot_of(std::string_view s, std::size_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = hash & mask;
  while (slots_[slot] != kEmpty && view(slots_[slot]) != s) slot = (slot + 1) & mask;
  return slot;
}

std::optional<StringPool::Id> StringPool::find(std::string_view s) const {
  if (s.empty()) return kEmpty;
  const Id id = slots_[slot_of(s, std::hash<std::string_view>{}(s))];
  if (id == kEmpty) return std::nullopt;
  return id;
}

StringPool::Id StringPool::intern(std::string_view s) {
  if (s.empty()) return kEmpty;
  const std::size_t hash = std::hash<std::string_view>{}(s);
  std::size_t slot = slot_of(s, hash);
  if (slots_[slot] != kEmpty) return slots_[slot];
  // At most half full, so that a probe ends soon.
  if (2 * (ends_.size() + 1) > slots_.size()) {
    grow();
    slot = slot_of(s, hash);
  }
  const auto id = static_cast<Id>(ends_.size());
  HOTLINE_ASSERT(id == ends_.size());  // no more than 2^32 strings
  bytes_.append(s);
  ends_.push_back(bytes_.size());
  slots_[slot] = id;
  return id;
}

void StringPool::grow() {
  std::vector<Id> old(slots_.size() * 2, kEmpty);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (Id id : old) {
    if (id == kEmpty) continue;
    std::size_t slot = std::hash<std::string_view>{}(view(id)) & mask;
    while (slots_[slot] != kEmpty) slot = (slot + 1) & mask;
    slots_[slot] = id;
  }
}

}  // namespace hotline::triage
