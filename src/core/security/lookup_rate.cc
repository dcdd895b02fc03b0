#include "core/security/lookup_rate.h"

namespace hotline {

std::optional<Instant> LookupRateLimiter::attempt(const std::string& remote,
                                                  const std::string& number, Instant now) {
  std::lock_guard lock(mutex_);
  const Instant cutoff = now - policy_.window;
  // Forget addresses whose attempts all fell out of the window, now and
  // then, so the map does not grow with every address ever seen.
  if (now - last_sweep_ > policy_.window) {
    std::erase_if(attempts_, [&](const auto& entry) {
      return entry.second.empty() || entry.second.back().at <= cutoff;
    });
    last_sweep_ = now;
  }
  auto& mine = attempts_[remote];
  while (!mine.empty() && mine.front().at <= cutoff) mine.pop_front();
  for (const auto& a : mine) {
    if (a.number == number) return std::nullopt;  // already counted in this window
  }
  if (static_cast<int>(mine.size()) >= policy_.max_per_address) {
    return mine.front().at + policy_.window;
  }
  mine.push_back({now, number});
  return std::nullopt;
}

}  // namespace hotline
