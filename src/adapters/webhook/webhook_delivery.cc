#include "adapters/webhook/webhook_delivery.h"

#include <map>

#include "adapters/webhook/webhook_signature.h"

namespace hotline::webhook {

Result<DeliveryReport> Delivery::deliver_due(std::size_t limit) {
  DeliveryReport report;
  const Instant now = clock_.now();
  auto due = outbox_.due(now, limit);
  if (!due) return fail(due.error());
  if (due->empty()) return report;
  auto subs = outbox_.subscriptions();
  if (!subs) return fail(subs.error());
  std::map<std::string, const WebhookSubscription*> by_unit;
  for (const auto& s : *subs) by_unit[s.unit] = &s;

  for (const OutboxMessage& m : *due) {
    ++report.attempted;
    std::string error;
    auto sub = by_unit.find(m.unit);
    if (sub == by_unit.end()) {
      error = "the unit has no webhook any more";
    } else {
      const std::int64_t t = clock_.now().time_since_epoch().count();
      Post post{
          sub->second->url,
          {{std::string(kSignatureHeader), signature_header(sub->second->secret, t, m.payload)},
           {std::string(kEventIdHeader), m.event_id},
           {"X-Hotline-Topic", m.topic}},
          m.payload};
      auto status = send_(post, std::chrono::seconds{schedule_.timeout.count()});
      if (status && *status >= 200 && *status < 300) {
        if (auto st = outbox_.record_delivery(m.id, clock_.now()); !st) return fail(st.error());
        ++report.delivered;
        continue;
      }
      error = status ? "HTTP " + std::to_string(*status) : status.error().message;
    }
    // The attempt just made is number m.attempts + 1.
    const int made = m.attempts + 1;
    std::optional<Instant> retry_at;
    if (made < schedule_.max_attempts && !schedule_.backoff.empty()) {
      const std::size_t i =
          std::min<std::size_t>(static_cast<std::size_t>(made - 1), schedule_.backoff.size() - 1);
      retry_at = now + schedule_.backoff[i];
    }
    if (auto st = outbox_.record_failure(m.id, error, retry_at); !st) return fail(st.error());
    if (retry_at) {
      ++report.retrying;
    } else {
      ++report.dead;
    }
  }
  return report;
}

}  // namespace hotline::webhook
