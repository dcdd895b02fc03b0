#include "adapters/sqlite/sqlite_webhook_outbox.h"

#include <vector>

#include "adapters/sqlite/sqlite_tables.h"
#include "adapters/storage/webhook_rows.h"

namespace hotline {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
  unit       TEXT PRIMARY KEY,
  url        TEXT NOT NULL,
  secret     TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS webhook_outbox (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id     TEXT NOT NULL,
  unit         TEXT NOT NULL,
  topic        TEXT NOT NULL,
  payload      TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  next_attempt INTEGER NOT NULL,
  delivered_at INTEGER,
  last_error   TEXT NOT NULL DEFAULT '',
  UNIQUE (event_id, unit)
);
CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (state, next_attempt);
CREATE TABLE IF NOT EXISTS webhook_cursor (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);
INSERT OR IGNORE INTO webhook_cursor (id, position) VALUES (1, 0);
)sql";

constexpr const char* kColumns =
    "SELECT id, event_id, unit, topic, payload, state, attempts, created_at, next_attempt, "
    "delivered_at, last_error FROM webhook_outbox ";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }

}  // namespace

SqliteWebhookOutbox::SqliteWebhookOutbox(std::unique_ptr<sqlite::Connection> db,
                                         const PersonalDataCipher* cipher)
    : db_(std::move(db)), cipher_(cipher) {}

SqliteWebhookOutbox::~SqliteWebhookOutbox() = default;

Result<std::unique_ptr<SqliteWebhookOutbox>> SqliteWebhookOutbox::open(
    const std::filesystem::path& file, const PersonalDataCipher* cipher) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  return std::unique_ptr<SqliteWebhookOutbox>(new SqliteWebhookOutbox(std::move(*db), cipher));
}

Status SqliteWebhookOutbox::save_subscription(const WebhookSubscription& s) {
  auto secret = webhook_rows::stored_secret(s, cipher_);
  if (!secret) return fail(secret.error());
  std::lock_guard lock(mutex_);
  auto upsert = db_->prepare(
      "INSERT INTO webhook_subscriptions (unit, url, secret, created_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (unit) DO UPDATE SET url = excluded.url, secret = excluded.secret, "
      "created_at = excluded.created_at");
  if (!upsert) return fail(upsert.error());
  upsert->bind(1, s.unit);
  upsert->bind(2, s.url);
  upsert->bind(3, *secret);
  upsert->bind(4, seconds(s.created));
  if (int rc = upsert->step(); rc != SQLITE_DONE) return fail(db_->error(rc, "webhook"));
  return {};
}

Status SqliteWebhookOutbox::remove_subscription(std::string_view unit) {
  std::lock_guard lock(mutex_);
  auto del = db_->prepare("DELETE FROM webhook_subscriptions WHERE unit = ?1");
  if (!del) return fail(del.error());
  del->bind(1, unit);
  if (int rc = del->step(); rc != SQLITE_DONE) return fail(db_->error(rc, "webhook"));
  if (sqlite3_changes(db_->handle()) == 0) {
    return fail(Error::not_found("webhook of unit " + std::string(unit),
                                 "该单位未登记推送地址：" + std::string(unit)));
  }
  return {};
}

Result<std::vector<WebhookSubscription>> SqliteWebhookOutbox::subscriptions() {
  std::vector<WebhookSubscription> out;
  {
    std::lock_guard lock(mutex_);
    auto select = db_->prepare(
        "SELECT unit, url, secret, created_at FROM webhook_subscriptions ORDER BY unit");
    if (!select) return fail(select.error());
    for (;;) {
      const int rc = select->step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return fail(db_->error(rc, "webhook"));
      out.push_back({select->text(0), select->text(1), select->text(2), instant(select->int64(3))});
    }
  }
  for (auto& s : out) {
    auto opened = webhook_rows::opened_secret(s.unit, std::move(s.secret), cipher_);
    if (!opened) return fail(opened.error());
    s.secret = std::move(*opened);
  }
  return out;
}

Result<std::int64_t> SqliteWebhookOutbox::cursor() {
  std::lock_guard lock(mutex_);
  return db_->query_int("SELECT position FROM webhook_cursor WHERE id = 1");
}

Status SqliteWebhookOutbox::enqueue(std::int64_t from, std::int64_t to,
                                    const std::vector<OutboxMessage>& messages) {
  if (auto st = webhook_rows::check_messages(messages); !st) return st;
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  return sqlite::transaction(db, [&]() -> Status {
    auto move =
        db.prepare("UPDATE webhook_cursor SET position = ?2 WHERE id = 1 AND position = ?1");
    if (!move) return fail(move.error());
    move->bind(1, from);
    move->bind(2, to);
    if (int rc = move->step(); rc != SQLITE_DONE) return fail(db.error(rc, "webhook cursor"));
    if (sqlite3_changes(db.handle()) != 1) {
      return fail(Error::conflict("the webhook relay's cursor moved meanwhile", "推送游标已变化"));
    }
    for (const auto& m : messages) {
      // (event_id, unit) is unique: deriving the same event twice is a no-op.
      auto insert = db.prepare(
          "INSERT OR IGNORE INTO webhook_outbox (event_id, unit, topic, payload, state, "
          "created_at, next_attempt) VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?5)");
      if (!insert) return fail(insert.error());
      insert->bind(1, m.event_id);
      insert->bind(2, m.unit);
      insert->bind(3, m.topic);
      insert->bind(4, m.payload);
      insert->bind(5, seconds(m.created));
      if (int rc = insert->step(); rc != SQLITE_DONE) return fail(db.error(rc, "webhook outbox"));
    }
    return {};
  });
}

Result<std::vector<OutboxMessage>> SqliteWebhookOutbox::select(const std::string& sql,
                                                               std::int64_t a, std::int64_t b) {
  std::lock_guard lock(mutex_);
  auto select = db_->prepare(kColumns + sql);
  if (!select) return fail(select.error());
  select->bind(1, a);
  select->bind(2, b);
  std::vector<OutboxMessage> out;
  for (;;) {
    const int rc = select->step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return fail(db_->error(rc, "webhook outbox"));
    OutboxMessage m;
    m.id = select->int64(0);
    m.event_id = select->text(1);
    m.unit = select->text(2);
    m.topic = select->text(3);
    m.payload = select->text(4);
    m.state = webhook_rows::state_of(select->text_view(5));
    m.attempts = static_cast<int>(select->int64(6));
    m.created = instant(select->int64(7));
    m.next_attempt = instant(select->int64(8));
    if (!select->is_null(9)) m.delivered_at = instant(select->int64(9));
    m.last_error = select->text(10);
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<OutboxMessage>> SqliteWebhookOutbox::due(Instant now, std::size_t limit) {
  return select("WHERE state = 'pending' AND next_attempt <= ?1 ORDER BY next_attempt, id LIMIT ?2",
                seconds(now), static_cast<std::int64_t>(limit));
}

Result<std::vector<OutboxMessage>> SqliteWebhookOutbox::list(OutboxState state, std::size_t limit) {
  const std::int64_t code = static_cast<std::int64_t>(state);
  return select(
      "WHERE state = CASE ?1 WHEN 0 THEN 'pending' WHEN 1 THEN 'delivered' ELSE 'dead' END "
      "ORDER BY id LIMIT ?2",
      code, static_cast<std::int64_t>(limit));
}

Status SqliteWebhookOutbox::record_delivery(std::int64_t id, Instant at) {
  std::lock_guard lock(mutex_);
  auto update = db_->prepare(
      "UPDATE webhook_outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?2, "
      "last_error = '' WHERE id = ?1 AND state = 'pending'");
  if (!update) return fail(update.error());
  update->bind(1, id);
  update->bind(2, seconds(at));
  if (int rc = update->step(); rc != SQLITE_DONE) return fail(db_->error(rc, "webhook outbox"));
  return {};
}

Status SqliteWebhookOutbox::record_failure(std::int64_t id, const std::string& error,
                                           std::optional<Instant> retry_at) {
  auto kept = webhook_rows::failure_text(error);
  if (!kept) return fail(kept.error());
  std::lock_guard lock(mutex_);
  auto update = db_->prepare(
      "UPDATE webhook_outbox SET attempts = attempts + 1, last_error = ?2, "
      "state = CASE WHEN ?3 IS NULL THEN 'dead' ELSE 'pending' END, "
      "next_attempt = COALESCE(?3, next_attempt) WHERE id = ?1 AND state = 'pending'");
  if (!update) return fail(update.error());
  update->bind(1, id);
  update->bind(2, *kept);
  if (retry_at) {
    update->bind(3, seconds(*retry_at));
  } else {
    update->bind_null(3);
  }
  if (int rc = update->step(); rc != SQLITE_DONE) return fail(db_->error(rc, "webhook outbox"));
  return {};
}

Status SqliteWebhookOutbox::replay(std::int64_t id, Instant now) {
  std::lock_guard lock(mutex_);
  auto update = db_->prepare(
      "UPDATE webhook_outbox SET state = 'pending', attempts = 0, next_attempt = ?2 "
      "WHERE id = ?1 AND state = 'dead'");
  if (!update) return fail(update.error());
  update->bind(1, id);
  update->bind(2, seconds(now));
  if (int rc = update->step(); rc != SQLITE_DONE) return fail(db_->error(rc, "webhook outbox"));
  if (sqlite3_changes(db_->handle()) != 1) {
    return fail(
        Error::not_found("dead letter " + std::to_string(id), "死信不存在：" + std::to_string(id)));
  }
  return {};
}

}  // namespace hotline
