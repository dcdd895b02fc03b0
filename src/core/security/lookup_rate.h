#pragma once
// INT-5 look-ups by request number + phone, limited per remote address
// (issue 11): whoever tries many request numbers from one address — right
// phone or wrong — is slowed, so the portal cannot be used to probe which
// numbers exist or to walk through other people's requests. What counts is
// each distinct number tried within the window: looking one's own request up
// again (a new tab, a refresh, a family sharing a line) costs nothing, and
// wrong phones for one number are throttled already (throttle.h). Many people
// share an address (mobile carriers' NAT), so the limit is on enumeration,
// not on use. The numbers are data (data/intake.toml [applicant_lookup]); the
// clock is the caller's.

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

  // Counts a look-up of `number` from `remote` at `now` (a number already
  // looked up from there within the window is free); when over the limit,
  // it is not counted and the instant it would be allowed comes back.
  std::optional<Instant> attempt(const std::string& remote, const std::string& number, Instant now);
  const LookupRatePolicy& policy() const { return policy_; }

 private:
  LookupRatePolicy policy_;
  std::mutex mutex_;
  struct Attempt {
    Instant at;
    std::string number;
  };
  std::map<std::string, std::deque<Attempt>> attempts_;
  Instant last_sweep_{};
};

}  // namespace hotline
