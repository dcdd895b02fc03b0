#include "adapters/postgresql/pg_leadership.h"

#include <string>

namespace hotline {

namespace {

// A stable 64-bit key per job name (FNV-1a), in the namespace of our
// schema: two platforms on one server do not share a leader.
std::int64_t lock_key(std::string_view schema, std::string_view job) {
  std::uint64_t h = 14695981039346656037ull;
  for (std::string_view part : {schema, std::string_view("/"), job}) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ull;
    }
  }
  return static_cast<std::int64_t>(h);
}

}  // namespace

PgLeadership::PgLeadership(pg::Target target, std::string_view job)
    : target_(std::move(target)), key_(lock_key(target_.schema, job)) {}

PgLeadership::~PgLeadership() = default;  // closing the connection releases the lock

bool PgLeadership::lead() {
  std::lock_guard lock(mutex_);
  try {
    if (db_ && db_->is_open()) {
      pqxx::nontransaction txn(*db_);
      if (holding_) {
        txn.exec("SELECT 1");  // throws when the connection is gone
        return true;
      }
      holding_ = txn.exec_params1("SELECT pg_try_advisory_lock($1)", key_)[0].as<bool>();
      return holding_;
    }
    auto db = pg::connect(target_);
    if (!db) return false;
    db_ = std::move(*db);
    pqxx::nontransaction txn(*db_);
    holding_ = txn.exec_params1("SELECT pg_try_advisory_lock($1)", key_)[0].as<bool>();
    return holding_;
  } catch (const std::exception&) {
    // The connection is lost, and with it the lock: try again next time.
    db_.reset();
    holding_ = false;
    return false;
  }
}

}  // namespace hotline
