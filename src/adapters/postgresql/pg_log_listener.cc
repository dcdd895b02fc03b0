#include "adapters/postgresql/pg_log_listener.h"

#include <chrono>
#include <pqxx/pqxx>

namespace hotline {

namespace {

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection& db, const std::string& channel, const std::function<void()>& call)
      : pqxx::notification_receiver(db, channel), call_(call) {}
  void operator()(const std::string& /*payload*/, int /*backend_pid*/) override { call_(); }

 private:
  const std::function<void()>& call_;
};

}  // namespace

std::string log_channel(const pg::Target& target) { return "hotline_log_" + target.schema; }

PgLogListener::PgLogListener(pg::Target target, std::function<void()> on_commit)
    : target_(std::move(target)), on_commit_(std::move(on_commit)) {
  thread_ = std::thread([this] { run(); });
}

PgLogListener::~PgLogListener() {
  stopping_ = true;
  thread_.join();
}

void PgLogListener::run() {
  while (!stopping_) {
    auto db = pg::connect(target_);
    if (!db) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    try {
      Receiver receiver(**db, log_channel(target_), on_commit_);
      // Commits made while we were away: a reader catches up once.
      on_commit_();
      while (!stopping_) (*db)->await_notification(1, 0);
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
}

}  // namespace hotline
