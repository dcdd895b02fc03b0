#pragma once
// Time is injected: no domain code reads the system clock. The server uses
// SystemClock; tests and `hotline simulate` use FakeClock.

#include <atomic>

#include "core/time.h"

namespace hotline {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// A clock that only moves when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Instant start) : now_(start.time_since_epoch().count()) {}
  Instant now() const override { return Instant{Seconds{now_.load()}}; }
  void set(Instant t) { now_.store(t.time_since_epoch().count()); }
  void advance(Seconds by) { now_.fetch_add(by.count()); }

 private:
  std::atomic<Seconds::rep> now_;
};

}  // namespace hotline
