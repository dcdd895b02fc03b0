#pragma once
// WebhookOutbox on PostgreSQL (ICN-3, issue 14): the same tables, port and
// contract as SqliteWebhookOutbox. Subscription secrets are sealed with the
// personal-data cipher, bound to their unit, as in SQLite
// (adapters/storage/webhook_rows.h).
//
// Several nodes deliver from one outbox, so due() claims what it returns:
// it marks the messages claimed until now + `claim` (column claimed_until),
// choosing them FOR UPDATE SKIP LOCKED, so a node running due() at the same
// moment takes other messages and one running it later skips the claimed
// ones. Recording the attempt's outcome (or a replay) ends the claim; a node
// that dies holding one leaves its messages due again once it runs out.
// Delivery stays at least once (receivers de-duplicate by event_id): a
// claim that runs out before its node records the outcome can be sent
// again by another node.
//
// enqueue moves the cursor only from where the caller read it (an UPDATE
// guarded by the old position: a relay racing on another node waits for the
// row lock, matches nothing and is a kConflict), and a message derived twice
// is stored once (UNIQUE (event_id, unit)). Any thread may call
// (pg_side_store.h).

#include <memory>

#include "adapters/postgresql/pg_session.h"
#include "core/ports/personal_data_cipher.h"
#include "core/ports/webhook_outbox.h"

namespace hotline {

namespace pg {
class SideStore;
}

class PgWebhookOutbox final : public WebhookOutbox {
 public:
  // Longer than a delivery round usually takes (Delivery::deliver_due: 100
  // messages, each waiting at most the schedule's timeout).
  static constexpr Seconds kDefaultClaim{3600};

  // `cipher` may be null only where nothing is encrypted (tests, plain stores).
  static Result<std::unique_ptr<PgWebhookOutbox>> open(const pg::Target& target,
                                                       const PersonalDataCipher* cipher,
                                                       Seconds claim = kDefaultClaim);
  ~PgWebhookOutbox() override;

  Status save_subscription(const WebhookSubscription& s) override;
  Status remove_subscription(std::string_view unit) override;
  Result<std::vector<WebhookSubscription>> subscriptions() override;
  Result<std::int64_t> cursor() override;
  Status enqueue(std::int64_t from, std::int64_t to,
                 const std::vector<OutboxMessage>& messages) override;
  // Claims what it returns (above).
  Result<std::vector<OutboxMessage>> due(Instant now, std::size_t limit) override;
  Status record_delivery(std::int64_t id, Instant at) override;
  Status record_failure(std::int64_t id, const std::string& error,
                        std::optional<Instant> retry_at) override;
  Result<std::vector<OutboxMessage>> list(OutboxState state, std::size_t limit) override;
  Status replay(std::int64_t id, Instant now) override;

 private:
  PgWebhookOutbox(std::unique_ptr<pg::SideStore> db, const PersonalDataCipher* cipher,
                  Seconds claim);

  std::unique_ptr<pg::SideStore> db_;
  const PersonalDataCipher* cipher_;
  Seconds claim_;
};

}  // namespace hotline
