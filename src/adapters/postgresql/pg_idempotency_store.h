#pragma once
// IdempotencyStore on PostgreSQL 15 (issue 14): the same port, table
// (idempotency_keys) and contract suite as SqliteIdempotencyStore, for
// several nodes on one database: a retry may reach any node, and still gets
// the one answer.
//
// Personal data (issue 9, item 1): a stored response is sealed with the
// personal-data cipher, bound to its principal and key, when one is given
// (idempotency_rows.h, shared with SQLite); rows older than the retention
// are deleted at every claim; rows written in plain text before sealing was
// switched on are sealed when the store opens. What a deleted or resealed
// row leaves in the database's files until VACUUM is sealed whenever the
// cipher was.
//
// Thread safety: any thread may call any method; each call runs on a pooled
// connection of its own. Several nodes claiming one key at once: the
// primary key (principal, key) lets one INSERT in; the others' INSERT … ON
// CONFLICT DO NOTHING waits for it to commit and inserts nothing, and they
// read the claim under its row lock (kInProgress, or what it became). Taking
// over an abandoned claim is done under that row lock too, so it is taken
// over once.

#include <memory>

#include "adapters/postgresql/pg_session.h"
#include "adapters/storage/idempotency_rows.h"
#include "core/ports/idempotency_store.h"
#include "core/ports/personal_data_cipher.h"

namespace hotline {

class PgIdempotencyStore final : public IdempotencyStore {
 public:
  // How long a key is remembered (the replay window), from its claim.
  static constexpr Seconds kDefaultRetention = kIdempotencyRetention;

  // `cipher` (not owned; outlives the store) may be null only where
  // personal data are not encrypted at all. Creates the table when missing;
  // fails when the database is not UTF-8 or of a newer schema version.
  static Result<std::unique_ptr<PgIdempotencyStore>> open(
      const pg::Target& target, const PersonalDataCipher* cipher = nullptr,
      Seconds retention = kDefaultRetention);
  ~PgIdempotencyStore() override;

  Result<IdempotencyClaim> claim(const IdempotencyScope& scope, Instant now,
                                 Seconds stale_after) override;
  Status complete(const IdempotencyScope& scope, const StoredResponse& response,
                  Instant now) override;
  Status release(const IdempotencyScope& scope) override;
  Result<std::size_t> purge(Instant before) override;

  class Impl;

 private:
  explicit PgIdempotencyStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
