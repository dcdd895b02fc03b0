#pragma once
// Connections kept open between calls (opening one costs a server process):
// a call leases one, and gives it back when the lease ends unless it was
// lost. Up to `idle` are kept; more are opened under load and closed after.

#include <memory>
#include <mutex>
#include <vector>

#include "adapters/postgresql/pg_session.h"

namespace hotline::pg {

class Pool {
 public:
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<pqxx::connection> db);
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    pqxx::connection& connection() { return *db_; }

   private:
    Pool* pool_;
    std::unique_ptr<pqxx::connection> db_;
  };

  Pool(Target target, std::size_t idle) : target_(std::move(target)), idle_(idle) {}
  ~Pool();
  Result<Lease> lease();

 private:
  void give_back(std::unique_ptr<pqxx::connection> db);

  Target target_;
  std::size_t idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<pqxx::connection>> connections_;  // guarded by mutex_
};

}  // namespace hotline::pg
