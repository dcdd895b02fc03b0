#include "core/security/throttle.h"

#include <algorithm>
#include <vector>

namespace hotline {

Seconds ThrottlePolicy::lookback() const {
  return std::max(per_subject_and_remote.window + per_subject_and_remote.lockout,
                  per_remote.window + per_remote.lockout);
}

std::optional<Instant> locked_until(std::span<const Instant> failures, const ThrottleRule& rule,
                                    Instant now) {
  if (rule.max_failures <= 0) return std::nullopt;  // the rule is switched off
  std::vector<Instant> sorted(failures.begin(), failures.end());
  std::sort(sorted.begin(), sorted.end());
  const auto n = static_cast<std::size_t>(rule.max_failures);
  std::optional<Instant> until;
  // Every run of n failures within the window locks until `lockout` after its last.
  for (std::size_t last = n - 1; last < sorted.size(); ++last) {
    if (sorted[last] - sorted[last - (n - 1)] <= rule.window) {
      const Instant end = sorted[last] + rule.lockout;
      if (!until || end > *until) until = end;
    }
  }
  if (until && now < *until) return until;
  return std::nullopt;
}

ThrottleDecision decide(const ThrottlePolicy& policy, std::span<const Instant> subject_failures,
                        std::span<const Instant> remote_failures, Instant now) {
  ThrottleDecision d;
  std::optional<Instant> remote_until;
  if (locked_until(remote_failures, policy.per_remote, now) && !remote_failures.empty()) {
    const Instant last = *std::max_element(remote_failures.begin(), remote_failures.end());
    if (now < last + policy.per_remote_spacing) remote_until = last + policy.per_remote_spacing;
  }
  for (const auto& until :
       {locked_until(subject_failures, policy.per_subject_and_remote, now), remote_until}) {
    if (!until) continue;
    d.allowed = false;
    if (!d.retry_after || *until > *d.retry_after) d.retry_after = until;
  }
  return d;
}

}  // namespace hotline
