#pragma once
// ICN-3: delivers the due messages of the outbox, each signed with its
// unit's secret at the moment of sending, and records the outcome: delivered
// on a 2xx; otherwise retried after the next back-off of the schedule, and a
// dead letter once the attempts are used up (the office lists and replays
// those: hotline webhook dead|replay, /api/v1/webhooks/dead-letters).

#include <chrono>
#include <functional>
#include <vector>

#include "adapters/webhook/webhook_sender.h"
#include "core/clock.h"
#include "core/ports/webhook_outbox.h"

namespace hotline::webhook {

using Schedule = WebhookSchedule;

struct DeliveryReport {
  std::size_t attempted = 0;
  std::size_t delivered = 0;
  std::size_t retrying = 0;
  std::size_t dead = 0;
};

using SendFn = std::function<Result<int>(const Post&, std::chrono::seconds)>;

class Delivery {
 public:
  Delivery(WebhookOutbox& outbox, const Clock& clock, Schedule schedule, SendFn send_fn = send)
      : outbox_(outbox), clock_(clock), schedule_(std::move(schedule)), send_(std::move(send_fn)) {}

  Result<DeliveryReport> deliver_due(std::size_t limit = 100);

 private:
  WebhookOutbox& outbox_;
  const Clock& clock_;
  Schedule schedule_;
  SendFn send_;
};

}  // namespace hotline::webhook
