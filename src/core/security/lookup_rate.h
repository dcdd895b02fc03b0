#pragma once
// INT-5 look-ups by request number + phone, limited per remote address
// (issue 11): whoever tries many numbers from one address — right phone or
// wrong — is slowed, so the portal cannot be used to probe which numbers
// exist or to walk through other people's requests. Failures are already
// throttled (throttle.h); this counts every attempt. The numbers are data
// (data/intake.toml [applicant_lookup]); the clock is the caller's.

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/time.h"

namespace hotline {

struct LookupRatePolicy {
  int max_per_address = 10;  // attempts from one address …
  Seconds window{10 * 60};   // … within this long
  std::string article;       // what it rests on
  std::string note;          // zh-CN gist
};

class LookupRateLimiter {
 public:
  explicit LookupRateLimiter(LookupRatePolicy policy) : policy_(std::move(policy)) {}

  // Counts an attempt from `remote` at `now`; when over the limit, the
  // attempt is not counted and the instant it would be allowed comes back.
  std::optional<Instant> attempt(const std::string& remote, Instant now);
  const LookupRatePolicy& policy() const { return policy_; }

 private:
  LookupRatePolicy policy_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Instant>> attempts_;
  Instant last_sweep_{};
};

}  // namespace hotline
