#include "app/scheduler.h"

namespace hotline {

void Scheduler::every(std::chrono::milliseconds interval, std::function<void()> task) {
  threads_.emplace_back([this, interval, task = std::move(task)](std::stop_token stop) {
    auto next = std::chrono::steady_clock::now() + interval;
    while (true) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait_until(lock, stop, next, [] { return false; });
        if (stop.stop_requested()) return;
      }
      task();
      next += interval;
      // A task that overran its interval does not run twice to catch up.
      const auto now = std::chrono::steady_clock::now();
      if (next < now) next = now + interval;
    }
  });
}

void Scheduler::stop() {
  for (auto& t : threads_) t.request_stop();
  wake_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace hotline
