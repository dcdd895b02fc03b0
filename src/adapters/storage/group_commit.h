#pragma once
// Group commit (issue 14): callers on many threads hand their writes to one
// writer, which takes every write waiting in its queue (up to `max_batch`)
// and commits them in one transaction, so that they share its fsync. Each
// caller waits until its own write is committed or has failed. Shared by
// the SQLite and PostgreSQL stores; how a batch runs in a transaction (a
// savepoint per write, so one stale version fails only its own write) is the
// store's `RunBatch`.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include "core/result.h"

namespace hotline {

template <typename Session>
class GroupCommit {
 public:
  using Work = std::function<Status(Session&)>;
  struct Job {
    Work work;
    Status result;
    bool done = false;
  };
  // Runs `jobs` in one transaction and sets each one's result.
  using RunBatch = std::function<void(std::span<Job*> jobs)>;

  // `threaded` false: each write runs alone, on its caller's thread, one at
  // a time (tests, and tools that write once).
  GroupCommit(RunBatch run, std::size_t max_batch, bool threaded)
      : run_(std::move(run)), max_batch_(max_batch == 0 ? 1 : max_batch) {
    if (threaded) writer_ = std::thread([this] { loop(); });
  }
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;
  ~GroupCommit() { stop(); }

  // Returns once `work` is committed (or failed).
  Status submit(Work work) {
    Job job{std::move(work), {}, false};
    if (!writer_.joinable()) {
      std::lock_guard lock(alone_);
      Job* one = &job;
      run_(std::span<Job*>(&one, 1));
      return job.result;
    }
    std::unique_lock lock(mutex_);
    if (stopping_) return fail(Error::storage("the store is closing"));
    queue_.push_back(&job);
    queue_cv_.notify_one();
    done_cv_.wait(lock, [&] { return job.done; });
    return job.result;
  }

  // Writes queued before stop() are committed first.
  void stop() {
    if (!writer_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    writer_.join();
  }

 private:
  void loop() {
    std::vector<Job*> batch;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to write
        while (!queue_.empty() && batch.size() < max_batch_) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      run_(batch);
      {
        std::lock_guard lock(mutex_);
        for (Job* job : batch) job->done = true;
      }
      done_cv_.notify_all();
      batch.clear();
    }
  }

  RunBatch run_;
  std::size_t max_batch_;
  std::mutex alone_;  // without a writer thread
  std::mutex mutex_;
  std::condition_variable queue_cv_;
  std::condition_variable done_cv_;
  std::deque<Job*> queue_;  // guarded by mutex_
  bool stopping_ = false;   // guarded by mutex_
  std::thread writer_;
};

}  // namespace hotline
