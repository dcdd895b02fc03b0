// INT-5: look-ups by number + phone are limited per address (issue 11),
// every attempt counted, the window sliding.

#include "core/security/lookup_rate.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

TEST(LookupRate, INT_5_AtMostMaxPerAddressWithinTheWindow) {
  LookupRateLimiter limiter(LookupRatePolicy{3, Seconds{600}, "M27", ""});
  const Instant t0{Seconds{1'800'000'000}};
  EXPECT_FALSE(limiter.attempt("10.0.0.1", t0));
  EXPECT_FALSE(limiter.attempt("10.0.0.1", t0 + Seconds{10}));
  EXPECT_FALSE(limiter.attempt("10.0.0.1", t0 + Seconds{20}));
  // The fourth within ten minutes waits until the first falls out.
  auto refused = limiter.attempt("10.0.0.1", t0 + Seconds{30});
  ASSERT_TRUE(refused);
  EXPECT_EQ(*refused, t0 + Seconds{600});
  // A refused attempt does not extend the wait; another address is not affected.
  EXPECT_EQ(*limiter.attempt("10.0.0.1", t0 + Seconds{40}), t0 + Seconds{600});
  EXPECT_FALSE(limiter.attempt("10.0.0.2", t0 + Seconds{40}));
  EXPECT_FALSE(limiter.attempt("10.0.0.1", t0 + Seconds{601}));
  EXPECT_TRUE(limiter.attempt("10.0.0.1", t0 + Seconds{602}));
}

}  // namespace
}  // namespace hotline
