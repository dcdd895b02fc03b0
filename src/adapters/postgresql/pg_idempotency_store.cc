#include "adapters/postgresql/pg_idempotency_store.h"

#include <pqxx/pqxx>
#include <utility>

#include "adapters/postgresql/pg_pool.h"

namespace hotline {

namespace {

constexpr std::size_t kIdleConnections = 8;

// A claim that finds the key gone between its INSERT and its SELECT (a
// release or purge on another node) tries again this many times.
constexpr int kClaimAttempts = 8;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS idempotency_keys (
  principal    TEXT NOT NULL,
  key          TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('pending', 'done')),
  status       INTEGER,
  content_type TEXT,
  body         TEXT,
  claimed_at   BIGINT NOT NULL,
  completed_at BIGINT,
  PRIMARY KEY (principal, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_claimed ON idempotency_keys (claimed_at);
)sql";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }

}  // namespace

class PgIdempotencyStore::Impl {
 public:
  Impl(pg::Target target, const PersonalDataCipher* cipher, Seconds retention)
      : target_(std::move(target)),
        cipher_(cipher),
        retention_(retention),
        pool_(target_, kIdleConnections) {}

  Status start() {
    auto lease = pool_.lease();
    if (!lease) return fail(lease.error());
    if (auto st = pg::prepare_schema(lease->connection(), target_, kSchema); !st) return st;
    return seal_plain_rows(lease->connection());
  }

  const PersonalDataCipher* cipher() const { return cipher_; }
  Seconds retention() const { return retention_; }

  // Runs `work` on a pooled connection; a libpqxx exception becomes a
  // storage error naming `what`.
  template <typename T>
  Result<T> with_connection(std::string_view what,
                            const std::function<Result<T>(pqxx::connection&)>& work) {
    return pool_.run(what, work);
  }

 private:
  // Answers stored before sealing was switched on. The rows are locked and
  // the condition checked again after the wait, so two nodes opening at
  // once seal each row once.
  Status seal_plain_rows(pqxx::connection& db) {
    if (cipher_ == nullptr) return {};
    try {
      pqxx::work txn(db);
      const pqxx::result rows = txn.exec_params(
          "SELECT principal, key, body FROM idempotency_keys "
          "WHERE body IS NOT NULL AND NOT starts_with(body, $1) FOR UPDATE",
          std::string(PersonalDataCipher::kSealedPrefix));
      for (const pqxx::row& row : rows) {
        const std::string principal = row[0].as<std::string>();
        const std::string key = row[1].as<std::string>();
        auto sealed = seal_idempotency_body(cipher_, principal, key, row[2].as<std::string>());
        if (!sealed) return fail(sealed.error());
        txn.exec_params0("UPDATE idempotency_keys SET body = $3 WHERE principal = $1 AND key = $2",
                         principal, key, *sealed);
      }
      txn.commit();
      return {};
    } catch (const std::exception& e) {
      return fail(pg::storage_error(e, "seal the stored idempotent answers"));
    }
  }

  pg::Target target_;
  const PersonalDataCipher* cipher_;
  Seconds retention_;
  pg::Pool pool_;
};

Result<std::unique_ptr<PgIdempotencyStore>> PgIdempotencyStore::open(
    const pg::Target& target, const PersonalDataCipher* cipher, Seconds retention) {
  auto impl = std::make_unique<Impl>(target, cipher, retention);
  if (auto st = impl->start(); !st) return fail(st.error());
  return std::unique_ptr<PgIdempotencyStore>(new PgIdempotencyStore(std::move(impl)));
}

PgIdempotencyStore::PgIdempotencyStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PgIdempotencyStore::~PgIdempotencyStore() = default;

Result<IdempotencyClaim> PgIdempotencyStore::claim(const IdempotencyScope& scope, Instant now,
                                                   Seconds stale_after) {
  if (auto st = check_idempotency_scope(scope); !st) return fail(st.error());
  return impl_->with_connection<IdempotencyClaim>(
      "idempotency claim", [&](pqxx::connection& db) -> Result<IdempotencyClaim> {
        // Keys past the replay window go first: their stored answers are not kept.
        {
          pqxx::nontransaction purge(db);
          purge.exec_params0("DELETE FROM idempotency_keys WHERE claimed_at < $1",
                             seconds(now - impl_->retention()));
        }
        for (int attempt = 0; attempt < kClaimAttempts; ++attempt) {
          pqxx::work txn(db);
          // Of several nodes inserting one key, one gets in; the others wait
          // for its commit here and insert nothing.
          const pqxx::result inserted = txn.exec_params(
              "INSERT INTO idempotency_keys (principal, key, fingerprint, state, claimed_at) "
              "VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT (principal, key) DO NOTHING",
              scope.principal, scope.key, scope.fingerprint, seconds(now));
          if (inserted.affected_rows() == 1) {
            txn.commit();
            return IdempotencyClaim{ClaimOutcome::kClaimed, std::nullopt};
          }
          // Locked until we commit: a stale claim is taken over by one node.
          const pqxx::result rows = txn.exec_params(
              "SELECT fingerprint, state, status, content_type, body, claimed_at "
              "FROM idempotency_keys WHERE principal = $1 AND key = $2 FOR UPDATE",
              scope.principal, scope.key);
          if (rows.empty()) continue;  // released or purged since the INSERT
          const pqxx::row row = rows[0];
          IdempotencyClaim claim;
          claim.outcome = decide_stored_claim(scope, row[0].as<std::string>(),
                                              row[1].as<std::string>() == "done",
                                              row[5].as<std::int64_t>(), now, stale_after);
          if (claim.outcome == ClaimOutcome::kReplay) {
            auto body = open_idempotency_body(impl_->cipher(), scope.principal, scope.key,
                                              row[4].as<std::string>());
            if (!body) return fail(body.error());
            claim.response =
                StoredResponse{row[2].as<int>(), row[3].as<std::string>(), std::move(*body)};
          } else if (claim.outcome == ClaimOutcome::kClaimed) {
            // An abandoned claim (the process died mid-request): take it over.
            txn.exec_params0(
                "UPDATE idempotency_keys SET claimed_at = $3 WHERE principal = $1 AND key = $2",
                scope.principal, scope.key, seconds(now));
            txn.commit();
          }
          return claim;
        }
        // The key keeps coming and going: other requests with it are running.
        return IdempotencyClaim{ClaimOutcome::kInProgress, std::nullopt};
      });
}

Status PgIdempotencyStore::complete(const IdempotencyScope& scope, const StoredResponse& response,
                                    Instant now) {
  if (auto st = check_idempotency_scope(scope); !st) return st;
  if (auto st = check_stored_response(response); !st) return st;
  auto body = seal_idempotency_body(impl_->cipher(), scope.principal, scope.key, response.body);
  if (!body) return fail(body.error());
  return impl_->with_connection<void>("idempotency", [&](pqxx::connection& db) -> Status {
    pqxx::nontransaction txn(db);
    const pqxx::result done = txn.exec_params(
        "UPDATE idempotency_keys SET state = 'done', status = $4, content_type = $5, body = $6, "
        "completed_at = $7 WHERE principal = $1 AND key = $2 AND fingerprint = $3",
        scope.principal, scope.key, scope.fingerprint, response.status, response.content_type,
        *body, seconds(now));
    if (done.affected_rows() != 1) {
      return fail(
          Error::conflict("idempotency key " + scope.key + " is not claimed", "幂等键未被占用"));
    }
    return {};
  });
}

Status PgIdempotencyStore::release(const IdempotencyScope& scope) {
  if (auto st = check_idempotency_scope(scope); !st) return st;
  return impl_->with_connection<void>("idempotency", [&](pqxx::connection& db) -> Status {
    pqxx::nontransaction txn(db);
    txn.exec_params0(
        "DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND fingerprint = $3 "
        "AND state = 'pending'",
        scope.principal, scope.key, scope.fingerprint);
    return {};
  });
}

Result<std::size_t> PgIdempotencyStore::purge(Instant before) {
  return impl_->with_connection<std::size_t>(
      "idempotency", [&](pqxx::connection& db) -> Result<std::size_t> {
        pqxx::nontransaction txn(db);
        const pqxx::result done =
            txn.exec_params("DELETE FROM idempotency_keys WHERE claimed_at < $1", seconds(before));
        return static_cast<std::size_t>(done.affected_rows());
      });
}

}  // namespace hotline
