#pragma once
// IdempotencyStore on SQLite: one small table, idempotency_keys, in the same
// database file as the work-order store (open SqliteWorkOrderStore first: it
// refuses a new file that already holds tables). Uses its own connection,
// guarded by a mutex, in WAL mode with synchronous=FULL, so a stored response
// is durable before it is sent.

#include <filesystem>
#include <memory>
#include <mutex>

#include "core/ports/idempotency_store.h"

namespace hotline {

namespace sqlite {
class Connection;
}

class SqliteIdempotencyStore final : public IdempotencyStore {
 public:
  static Result<std::unique_ptr<SqliteIdempotencyStore>> open(const std::filesystem::path& file);
  ~SqliteIdempotencyStore() override;

  Result<IdempotencyClaim> claim(const IdempotencyScope& scope, Instant now,
                                 Seconds stale_after) override;
  Status complete(const IdempotencyScope& scope, const StoredResponse& response,
                  Instant now) override;
  Status release(const IdempotencyScope& scope) override;
  Result<std::size_t> purge(Instant before) override;

 private:
  explicit SqliteIdempotencyStore(std::unique_ptr<sqlite::Connection> db);

  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mutex_
};

}  // namespace hotline
