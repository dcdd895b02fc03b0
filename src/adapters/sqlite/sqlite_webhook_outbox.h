#pragma once
// WebhookOutbox on SQLite (ICN-3): tables webhook_subscriptions,
// webhook_outbox and webhook_cursor in the work-order database file, on a
// connection of their own (WAL, synchronous=FULL), guarded by a mutex.
// Subscription secrets are sealed with the personal-data cipher, bound to
// their unit, so the file alone never yields a key to forge pushes with.

#include <filesystem>
#include <memory>
#include <mutex>

#include "core/ports/personal_data_cipher.h"
#include "core/ports/webhook_outbox.h"

namespace hotline {

namespace sqlite {
class Connection;
}

class SqliteWebhookOutbox final : public WebhookOutbox {
 public:
  // `cipher` may be null only where nothing is encrypted (tests, plain stores).
  static Result<std::unique_ptr<SqliteWebhookOutbox>> open(const std::filesystem::path& file,
                                                           const PersonalDataCipher* cipher);
  ~SqliteWebhookOutbox() override;

  Status save_subscription(const WebhookSubscription& s) override;
  Status remove_subscription(std::string_view unit) override;
  Result<std::vector<WebhookSubscription>> subscriptions() override;
  Result<std::int64_t> cursor() override;
  Status enqueue(std::int64_t from, std::int64_t to,
                 const std::vector<OutboxMessage>& messages) override;
  Result<std::vector<OutboxMessage>> due(Instant now, std::size_t limit) override;
  Status record_delivery(std::int64_t id, Instant at) override;
  Status record_failure(std::int64_t id, const std::string& error,
                        std::optional<Instant> retry_at) override;
  Result<std::vector<OutboxMessage>> list(OutboxState state, std::size_t limit) override;
  Status replay(std::int64_t id, Instant now) override;

 private:
  SqliteWebhookOutbox(std::unique_ptr<sqlite::Connection> db, const PersonalDataCipher* cipher);
  Result<std::vector<OutboxMessage>> select(const std::string& sql, std::int64_t a, std::int64_t b);

  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mutex_
  const PersonalDataCipher* cipher_;
};

}  // namespace hotline
