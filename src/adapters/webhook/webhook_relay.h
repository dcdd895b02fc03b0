#pragma once
// ICN-3 [M26, C30]: turns the event log into outbox messages. Every event of
// a work order's stream (every change, and the evaluations and spot checks
// recorded there) becomes one message for each unit on the work order (lead,
// handling, assisting) that subscribed, with an event id "<stream>/<version>"
// the receiver de-duplicates by. The messages and the relay's new cursor are
// stored in one transaction (WebhookOutbox::enqueue), so nothing is lost or
// derived twice across crashes.
//
// The payload carries the work order as it stands after the event and the
// event itself; no applicant's personal data (those stay behind the API,
// where each read is audited: the unit's system fetches them with its key).

#include <cstddef>

#include "core/clock.h"
#include "core/ports/webhook_outbox.h"
#include "core/ports/work_order_store.h"

namespace hotline::webhook {

class Relay {
 public:
  Relay(WorkOrderStore& store, WebhookOutbox& outbox, const Clock& clock)
      : store_(store), outbox_(outbox), clock_(clock) {}

  // Derives messages for up to `batch` events after the cursor; returns the
  // number of messages stored. Call until it returns 0 to catch up.
  Result<std::size_t> run_once(std::size_t batch = 500);
  // Runs until the log is exhausted.
  Result<std::size_t> catch_up();

 private:
  WorkOrderStore& store_;
  WebhookOutbox& outbox_;
  const Clock& clock_;
};

}  // namespace hotline::webhook
