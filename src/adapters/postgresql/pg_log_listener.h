#pragma once
// Push on every node (issue 14): a node's projections of the event log (the
// web push, the analysis) learn of another node's commit at once instead of
// at their next poll. The work-order store's writer sends NOTIFY on the
// schema's channel in every transaction that appends events (delivered when
// it commits); each node LISTENs on a connection of its own and calls
// `on_commit` on its listener thread. A lost connection is reopened; the
// polls remain, so a notification lost meanwhile only delays.

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "adapters/postgresql/pg_session.h"

namespace hotline {

// The channel the store notifies for `schema`.
std::string log_channel(const pg::Target& target);

class PgLogListener {
 public:
  PgLogListener(pg::Target target, std::function<void()> on_commit);
  ~PgLogListener();
  PgLogListener(const PgLogListener&) = delete;
  PgLogListener& operator=(const PgLogListener&) = delete;

 private:
  void run();

  pg::Target target_;
  std::function<void()> on_commit_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace hotline
