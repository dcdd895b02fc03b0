#pragma once
// Sign-in throttling (SEC-2 [M27]): password guessing is slowed per account
// and source, and password spraying per source. The numbers are one policy
// struct, so operators and tests change them in one place
// (docs/security.md#throttling). The same policy guards the applicants'
// look-up by request number and phone (INT-5), whose "subject" is the
// request number.
//
// No account is ever locked for every source: that would let anyone lock
// the hotline's agents out at shift change.

#include <optional>
#include <span>
#include <string>

#include "core/time.h"

namespace hotline {

struct ThrottleRule {
  int max_failures = 5;      // this many failures …
  Seconds window{15 * 60};   // … within this long …
  Seconds lockout{15 * 60};  // … lock further attempts for this long after the last of them
};

struct ThrottlePolicy {
  // Failures for one subject (username, request number) from one remote address.
  ThrottleRule per_subject_and_remote{5, Seconds{15 * 60}, Seconds{15 * 60}};
  // Failures from one remote address for any subject (spraying).
  ThrottleRule per_remote{30, Seconds{15 * 60}, Seconds{30 * 60}};
  // Over per_remote, the address is slowed, not locked: one attempt per this
  // long after its last failure (issue 9, item 6). Many people share an
  // address (an office, a NAT, a proxy); locking it for 30 minutes locked
  // them all out, while this holds a sprayer to a few guesses a minute.
  Seconds per_remote_spacing{20};

  // How far back the store must return failures for the checks to be exact.
  Seconds lookback() const;
};

// When the failures (any order, since the last success) lock attempts
// because of `rule`: the end of the lockout, or nothing when not locked at `now`.
std::optional<Instant> locked_until(std::span<const Instant> failures, const ThrottleRule& rule,
                                    Instant now);

struct ThrottleDecision {
  bool allowed = true;
  std::optional<Instant> retry_after;  // when refused
};

ThrottleDecision decide(const ThrottlePolicy& policy, std::span<const Instant> subject_failures,
                        std::span<const Instant> remote_failures, Instant now);

}  // namespace hotline
