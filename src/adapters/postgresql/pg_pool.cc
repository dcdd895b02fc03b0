#include "adapters/postgresql/pg_pool.h"

#include <pqxx/pqxx>

namespace hotline::pg {

Pool::Lease::Lease(Pool* pool, std::unique_ptr<pqxx::connection> db)
    : pool_(pool), db_(std::move(db)) {}

Pool::Lease::~Lease() {
  if (db_) pool_->give_back(std::move(db_));
}

Pool::~Pool() = default;

Result<Pool::Lease> Pool::lease() {
  {
    std::lock_guard lock(mutex_);
    if (!connections_.empty()) {
      auto db = std::move(connections_.back());
      connections_.pop_back();
      return Lease(this, std::move(db));
    }
  }
  auto db = connect(target_);
  if (!db) return fail(db.error());
  return Lease(this, std::move(*db));
}

void Pool::give_back(std::unique_ptr<pqxx::connection> db) {
  if (!db->is_open()) return;  // lost: the next lease opens a new one
  std::lock_guard lock(mutex_);
  if (connections_.size() < idle_) connections_.push_back(std::move(db));
}

}  // namespace hotline::pg
