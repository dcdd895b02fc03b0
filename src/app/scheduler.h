#pragma once
// Runs a task every interval on a thread of its own until stopped: the
// server's periodic sweeps. The interval is wall time; what a task does with
// time goes through the platform's Clock, so sweeps follow a fake clock too.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hotline {

class Scheduler {
 public:
  Scheduler() = default;
  ~Scheduler() { stop(); }
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Runs `task` after `interval`, then again every `interval`.
  void every(std::chrono::milliseconds interval, std::function<void()> task);
  // Waits for a running task to finish; no task starts afterwards.
  void stop();

 private:
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::vector<std::jthread> threads_;
};

}  // namespace hotline
