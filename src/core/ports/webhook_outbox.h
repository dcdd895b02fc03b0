#pragma once
// ICN-3 [M26, C30]: the durable outbox of pushes to the units' own business
// systems. A relay turns the event log into messages, one per event and
// subscribed unit, and stores them together with its cursor into the log in
// one transaction, so a crash loses nothing and a restart sends nothing
// twice that it had not already sent once (at least once; receivers
// de-duplicate by event_id). Delivery records every attempt; a message that
// exhausts its attempts becomes a dead letter the office sees and replays.
// Nothing above this port speaks SQL.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace hotline {

// A unit's endpoint. The secret signs the pushes (HMAC-SHA256); the store
// keeps it sealed with the platform's key, never in clear.
struct WebhookSubscription {
  std::string unit;
  std::string url;     // http://host:port/path
  std::string secret;  // in memory only
  Instant created{};
};

enum class OutboxState { kPending, kDelivered, kDead };
std::string_view to_string(OutboxState s);

struct OutboxMessage {
  std::int64_t id = 0;
  std::string event_id;  // "<stream>/<version>": the same on every retry and replay
  std::string unit;
  std::string topic;    // the event's name ("work-order-accepted")
  std::string payload;  // the JSON body sent
  OutboxState state = OutboxState::kPending;
  int attempts = 0;
  Instant created{};
  Instant next_attempt{};
  std::optional<Instant> delivered_at;
  std::string last_error;
};

// When a failed push is tried again, how often at most, and the window
// receivers accept a signature in: data/interconnection.toml, read by
// adapters/toml/interconnection_file.h.
struct WebhookSchedule {
  std::vector<Seconds> backoff;  // before the 2nd, 3rd … attempt; the last repeats
  int max_attempts = 6;
  Seconds replay_window{300};
  Seconds timeout{10};
  std::string article;  // "M26, C30"
};

class WebhookOutbox {
 public:
  virtual ~WebhookOutbox() = default;

  virtual Status save_subscription(const WebhookSubscription& s) = 0;
  virtual Status remove_subscription(std::string_view unit) = 0;
  virtual Result<std::vector<WebhookSubscription>> subscriptions() = 0;

  // The position in the event log up to which messages were derived.
  virtual Result<std::int64_t> cursor() = 0;
  // Stores `messages` and moves the cursor from `from` to `to` in one
  // transaction; kConflict (nothing written) when the cursor is not at `from`.
  virtual Status enqueue(std::int64_t from, std::int64_t to,
                         const std::vector<OutboxMessage>& messages) = 0;

  // Pending messages whose next attempt is due, oldest first.
  virtual Result<std::vector<OutboxMessage>> due(Instant now, std::size_t limit) = 0;
  virtual Status record_delivery(std::int64_t id, Instant at) = 0;
  // A failed attempt: retried at `retry_at`, or a dead letter without one.
  virtual Status record_failure(std::int64_t id, const std::string& error,
                                std::optional<Instant> retry_at) = 0;

  virtual Result<std::vector<OutboxMessage>> list(OutboxState state, std::size_t limit) = 0;
  // A dead letter back to pending, due at `now`, its attempts counted afresh.
  // kNotFound when `id` is no dead letter.
  virtual Status replay(std::int64_t id, Instant now) = 0;
};

}  // namespace hotline
