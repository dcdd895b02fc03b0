// INT-5: look-ups by number + phone are limited per address (issue 11),
// every attempt counted, the window sliding.

#include "core/security/lookup_rate.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

TEST(LookupRate, INT_5_AtMostMaxDistinctNumbersPerAddressWithinTheWindow) {
  LookupRateLimiter limiter(LookupRatePolicy{3, Seconds{600}, "M27", ""});
  const Instant t0{Seconds{1'800'000'000}};
  const std::string a = "10.0.0.1";
  EXPECT_FALSE(limiter.attempt(a, "n1", t0));
  EXPECT_FALSE(limiter.attempt(a, "n2", t0 + Seconds{10}));
  EXPECT_FALSE(limiter.attempt(a, "n3", t0 + Seconds{20}));
  // A fourth number within ten minutes waits until the first falls out …
  auto refused = limiter.attempt(a, "n4", t0 + Seconds{30});
  ASSERT_TRUE(refused);
  EXPECT_EQ(*refused, t0 + Seconds{600});
  // … while looking an already counted number up again costs nothing.
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(limiter.attempt(a, "n2", t0 + Seconds{31 + i}));
  // A refused attempt does not extend the wait; another address is not affected.
  EXPECT_EQ(*limiter.attempt(a, "n5", t0 + Seconds{60}), t0 + Seconds{600});
  EXPECT_FALSE(limiter.attempt("10.0.0.2", "n4", t0 + Seconds{60}));
  EXPECT_FALSE(limiter.attempt(a, "n4", t0 + Seconds{601}));
  EXPECT_TRUE(limiter.attempt(a, "n5", t0 + Seconds{602}));
}

}  // namespace
}  // namespace hotline
