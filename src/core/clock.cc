#include "core/clock.h"

namespace hotline {

// The one place the core touches the system clock: the production Clock.
Instant SystemClock::now() const {
  return std::chrono::floor<Seconds>(std::chrono::system_clock::now());
}

}  // namespace hotline
