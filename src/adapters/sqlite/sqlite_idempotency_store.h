#pragma once
// IdempotencyStore on SQLite: one small table, idempotency_keys, in the same
// database file as the work-order store (open SqliteWorkOrderStore first: it
// refuses a new file that already holds tables). Uses its own connection,
// guarded by a mutex, in WAL mode with synchronous=FULL, so a stored response
// is durable before it is sent.
//
// Personal data (issue 9, item 1): a stored response (a 201 with the
// applicant's name and phone) is sealed with the personal-data cipher, bound
// to its principal and key, when one is given; rows older than the retention
// are deleted at every claim, so nothing lingers after its replay window.
// Rows written in plain text before sealing was switched on are sealed when
// the store opens. What is not SQL (the decision on a stored key, sealing,
// the text check) is idempotency_rows.h, shared with PgIdempotencyStore.

#include <filesystem>
#include <memory>
#include <mutex>

#include "adapters/storage/idempotency_rows.h"
#include "core/ports/idempotency_store.h"
#include "core/ports/personal_data_cipher.h"

namespace hotline {

namespace sqlite {
class Connection;
}

class SqliteIdempotencyStore final : public IdempotencyStore {
 public:
  // How long a key is remembered (the replay window), from its claim.
  static constexpr Seconds kDefaultRetention = kIdempotencyRetention;

  // `cipher` may be null only where personal data are not encrypted at all.
  static Result<std::unique_ptr<SqliteIdempotencyStore>> open(
      const std::filesystem::path& file, const PersonalDataCipher* cipher = nullptr,
      Seconds retention = kDefaultRetention);
  ~SqliteIdempotencyStore() override;

  Result<IdempotencyClaim> claim(const IdempotencyScope& scope, Instant now,
                                 Seconds stale_after) override;
  Status complete(const IdempotencyScope& scope, const StoredResponse& response,
                  Instant now) override;
  Status release(const IdempotencyScope& scope) override;
  Result<std::size_t> purge(Instant before) override;

 private:
  SqliteIdempotencyStore(std::unique_ptr<sqlite::Connection> db, const PersonalDataCipher* cipher,
                         Seconds retention);
  Status seal_plain_rows();
  Status purge_locked(Instant before);

  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mutex_
  const PersonalDataCipher* cipher_;
  Seconds retention_;
};

}  // namespace hotline
