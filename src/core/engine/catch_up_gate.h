#pragma once
// How an engine listener that reads the event log after every commit
// (triage hooks, suggestion records) runs its catch-up pass: one thread at a
// time, and a thread that finds another one running leaves its new events
// to that one instead of waiting for it. The running thread reads on until
// no commit announced more, so nothing committed is left behind; before,
// every handler waited in turn for every other's pass and its commits
// (issue 14, docs/http-performance.md).
//
// Thread-safety: run() may be called from any thread with the same mutex.

#include <atomic>
#include <mutex>

#include "core/result.h"

namespace hotline {

class CatchUpGate {
 public:
  // Announces more to read, then runs `pass` (which reads the log to its
  // end; the caller's state is guarded by `mutex`) until no more was
  // announced — or returns at once when another thread holds `mutex`, which
  // then takes this caller's events in. A failing pass stops there (its
  // position stays before the event; the next commit tries again).
  template <typename Mutex, typename Pass>
  Status run(Mutex& mutex, Pass&& pass) {
    more_.store(true, std::memory_order_release);
    for (;;) {
      std::unique_lock lock(mutex, std::try_to_lock);
      if (!lock.owns_lock()) return {};  // the holder reads on
      while (more_.exchange(false, std::memory_order_acq_rel)) {
        if (auto st = pass(); !st) return st;
      }
      lock.unlock();
      // Announced after the last pass and refused the lock: ours to take.
      if (!more_.load(std::memory_order_acquire)) return {};
    }
  }

 private:
  std::atomic<bool> more_{false};
};

}  // namespace hotline
