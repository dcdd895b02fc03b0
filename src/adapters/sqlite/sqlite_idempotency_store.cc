#include "adapters/sqlite/sqlite_idempotency_store.h"

#include <vector>

#include "adapters/sqlite/sqlite_tables.h"
#include "adapters/storage/idempotency_rows.h"

namespace hotline {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS idempotency_keys (
  principal    TEXT NOT NULL,
  key          TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('pending', 'done')),
  status       INTEGER,
  content_type TEXT,
  body         TEXT,
  claimed_at   INTEGER NOT NULL,
  completed_at INTEGER,
  PRIMARY KEY (principal, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idempotency_keys_claimed ON idempotency_keys (claimed_at);
)sql";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }

}  // namespace

SqliteIdempotencyStore::SqliteIdempotencyStore(std::unique_ptr<sqlite::Connection> db,
                                               const PersonalDataCipher* cipher, Seconds retention)
    : db_(std::move(db)), cipher_(cipher), retention_(retention) {}

SqliteIdempotencyStore::~SqliteIdempotencyStore() = default;

Result<std::unique_ptr<SqliteIdempotencyStore>> SqliteIdempotencyStore::open(
    const std::filesystem::path& file, const PersonalDataCipher* cipher, Seconds retention) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  // Purged and re-sealed answers are overwritten, not left in free pages.
  if (auto st = (*db)->exec("PRAGMA secure_delete = ON"); !st) return fail(st.error());
  std::unique_ptr<SqliteIdempotencyStore> store(
      new SqliteIdempotencyStore(std::move(*db), cipher, retention));
  if (auto st = store->seal_plain_rows(); !st) return fail(st.error());
  return store;
}

Status SqliteIdempotencyStore::seal_plain_rows() {
  if (cipher_ == nullptr) return {};
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  return sqlite::transaction(db, [&]() -> Status {
    struct Row {
      std::string principal, key, body;
    };
    std::vector<Row> rows;
    {
      auto select = db.prepare(
          "SELECT principal, key, body FROM idempotency_keys "
          "WHERE body IS NOT NULL AND substr(body, 1, 7) <> 'enc:v1:'");
      if (!select) return fail(select.error());
      for (;;) {
        const int rc = select->step();
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return fail(db.error(rc, "idempotency"));
        rows.push_back({select->text(0), select->text(1), select->text(2)});
      }
    }
    for (const Row& r : rows) {
      auto sealed = seal_idempotency_body(cipher_, r.principal, r.key, r.body);
      if (!sealed) return fail(sealed.error());
      auto update =
          db.prepare("UPDATE idempotency_keys SET body = ?3 WHERE principal = ?1 AND key = ?2");
      if (!update) return fail(update.error());
      update->bind(1, r.principal);
      update->bind(2, r.key);
      update->bind(3, *sealed);
      if (int rc = update->step(); rc != SQLITE_DONE) return fail(db.error(rc, "idempotency"));
    }
    return {};
  });
}

Result<IdempotencyClaim> SqliteIdempotencyStore::claim(const IdempotencyScope& scope, Instant now,
                                                       Seconds stale_after) {
  if (auto st = check_idempotency_scope(scope); !st) return fail(st.error());
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  // Keys past the replay window go first: their stored answers are not kept.
  if (auto st = purge_locked(now - retention_); !st) return fail(st.error());
  return sqlite::transaction(db, [&]() -> Result<IdempotencyClaim> {
    IdempotencyClaim claim;
    bool found = false;
    std::string fingerprint;
    std::string state;
    std::int64_t claimed_at = 0;
    {
      auto select = db.prepare(
          "SELECT fingerprint, state, status, content_type, body, claimed_at "
          "FROM idempotency_keys WHERE principal = ?1 AND key = ?2");
      if (!select) return fail(select.error());
      select->bind(1, scope.principal);
      select->bind(2, scope.key);
      const int rc = select->step();
      if (rc == SQLITE_ROW) {
        found = true;
        fingerprint = select->text(0);
        state = select->text(1);
        if (state == "done" && fingerprint == scope.fingerprint) {
          auto body = open_idempotency_body(cipher_, scope.principal, scope.key, select->text(4));
          if (!body) return fail(body.error());
          claim.response =
              StoredResponse{static_cast<int>(select->int64(2)), select->text(3), std::move(*body)};
        }
        claimed_at = select->int64(5);
      } else if (rc != SQLITE_DONE) {
        return fail(db.error(rc, "idempotency claim"));
      }
    }
    if (found) {
      claim.outcome =
          decide_stored_claim(scope, fingerprint, state == "done", claimed_at, now, stale_after);
      if (claim.outcome != ClaimOutcome::kClaimed) return claim;
      // An abandoned claim (the process died mid-request): take it over.
      auto update = db.prepare(
          "UPDATE idempotency_keys SET claimed_at = ?3 WHERE principal = ?1 AND key = ?2");
      if (!update) return fail(update.error());
      update->bind(1, scope.principal);
      update->bind(2, scope.key);
      update->bind(3, seconds(now));
      if (int rc = update->step(); rc != SQLITE_DONE) return fail(db.error(rc, "idempotency"));
      claim.outcome = ClaimOutcome::kClaimed;
      return claim;
    }
    auto insert = db.prepare(
        "INSERT INTO idempotency_keys (principal, key, fingerprint, state, claimed_at) "
        "VALUES (?1, ?2, ?3, 'pending', ?4)");
    if (!insert) return fail(insert.error());
    insert->bind(1, scope.principal);
    insert->bind(2, scope.key);
    insert->bind(3, scope.fingerprint);
    insert->bind(4, seconds(now));
    if (int rc = insert->step(); rc != SQLITE_DONE) return fail(db.error(rc, "idempotency"));
    claim.outcome = ClaimOutcome::kClaimed;
    return claim;
  });
}

Status SqliteIdempotencyStore::complete(const IdempotencyScope& scope,
                                        const StoredResponse& response, Instant now) {
  if (auto st = check_idempotency_scope(scope); !st) return st;
  if (auto st = check_stored_response(response); !st) return st;
  auto body = seal_idempotency_body(cipher_, scope.principal, scope.key, response.body);
  if (!body) return fail(body.error());
  std::lock_guard lock(mutex_);
  auto update = db_->prepare(
      "UPDATE idempotency_keys SET state = 'done', status = ?4, content_type = ?5, body = ?6, "
      "completed_at = ?7 WHERE principal = ?1 AND key = ?2 AND fingerprint = ?3");
  if (!update) return fail(update.error());
  update->bind(1, scope.principal);
  update->bind(2, scope.key);
  update->bind(3, scope.fingerprint);
  update->bind(4, static_cast<std::int64_t>(response.status));
  update->bind(5, response.content_type);
  update->bind(6, *body);
  update->bind(7, seconds(now));
  if (int rc = update->step(); rc != SQLITE_DONE) return fail(db_->error(rc, "idempotency"));
  if (sqlite3_changes(db_->handle()) != 1) {
    return fail(
        Error::conflict("idempotency key " + scope.key + " is not claimed", "幂等键未被占用"));
  }
  return {};
}

Status SqliteIdempotencyStore::release(const IdempotencyScope& scope) {
  if (auto st = check_idempotency_scope(scope); !st) return st;
  std::lock_guard lock(mutex_);
  auto del = db_->prepare(
      "DELETE FROM idempotency_keys WHERE principal = ?1 AND key = ?2 AND fingerprint = ?3 "
      "AND state = 'pending'");
  if (!del) return fail(del.error());
  del->bind(1, scope.principal);
  del->bind(2, scope.key);
  del->bind(3, scope.fingerprint);
  if (int rc = del->step(); rc != SQLITE_DONE) return fail(db_->error(rc, "idempotency"));
  return {};
}

Result<std::size_t> SqliteIdempotencyStore::purge(Instant before) {
  std::lock_guard lock(mutex_);
  if (auto st = purge_locked(before); !st) return fail(st.error());
  return static_cast<std::size_t>(sqlite3_changes(db_->handle()));
}

Status SqliteIdempotencyStore::purge_locked(Instant before) {
  auto del = db_->prepare("DELETE FROM idempotency_keys WHERE claimed_at < ?1");
  if (!del) return fail(del.error());
  del->bind(1, seconds(before));
  if (int rc = del->step(); rc != SQLITE_DONE) return fail(db_->error(rc, "idempotency"));
  return {};
}

}  // namespace hotline
