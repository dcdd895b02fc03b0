#pragma once
// Which node runs the timed jobs (issue 14): the deadline sweep, the
// knowledge base's sweep and the webhook deliveries run on one node at a
// time, whichever holds a session-level advisory lock on a connection of
// its own. When that node dies or loses the database, its connection
// closes, the server releases the lock, and another node takes it at its
// next try. Each job is also safe to run twice (appends name the version
// they expect), so a leader that lost the lock mid-job does no harm.

#include <cstdint>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string_view>

#include "adapters/postgresql/pg_session.h"

namespace hotline {

class PgLeadership {
 public:
  // `job` names the lock: nodes leading different jobs do not exclude
  // each other.
  PgLeadership(pg::Target target, std::string_view job);
  ~PgLeadership();

  // True when this node holds the lock: it tries to take it when it does
  // not, and checks its connection is alive when it does.
  bool lead();

 private:
  pg::Target target_;
  std::int64_t key_;
  std::mutex mutex_;
  std::unique_ptr<pqxx::connection> db_;  // guarded by mutex_; holds the lock
  bool holding_ = false;                  // guarded by mutex_
};

}  // namespace hotline
