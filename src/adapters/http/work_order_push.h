#pragma once
// Push of work-order changes (SSE event "work-order") as a projection of the
// event log (issue 9): whatever door or process committed a change — the
// JSON API, Open311, the command line beside the server, the sweep — it is
// read from the log and pushed once, with its log position as the SSE id.
// A client that reconnects sends that id back (Last-Event-ID, which browsers'
// EventSource do by themselves) and is first sent what it missed, read from
// the log again: a dropped connection or a server restart loses nothing.
//
// Thread-safety: every method may be called from any thread; one mutex
// orders catching up and subscribing, so a subscriber's replayed messages
// come before the live ones, none twice.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "adapters/http/event_bus.h"
#include "core/engine/engine.h"
#include "core/ports/work_order_store.h"

namespace hotline::http {

// The push message of a work order's state: id, request, status, lead unit,
// version; for the units it involves.
PushMessage work_order_message(const WorkOrderState& s, std::int64_t position);

class WorkOrderPush final : public EngineListener {
 public:
  // Looks back at most this many events of the log for a reconnecting
  // client; one that missed more is told to reload ("reset").
  static constexpr std::size_t kMaxReplay = 5000;

  WorkOrderPush(WorkOrderStore& log, Engine& engine, EventBus& bus);

  // From the log's head: clients load the state when they connect.
  Status start();
  // Reads the log past the cursor and publishes each changed work order.
  Status catch_up();
  // After a commit in this process (others' commits: the timer's catch_up).
  void committed(const std::vector<Event>& events) override;

  // A subscription with `filter`; with `last_event_id`, first the messages
  // of the changes after it that the filter admits.
  Result<std::shared_ptr<EventSubscription>> subscribe(const boost::asio::any_io_executor& executor,
                                                       EventSubscription::Filter filter,
                                                       std::optional<std::int64_t> last_event_id);

 private:
  // One message per work order the page changed, at its last position.
  std::vector<PushMessage> messages_of(const std::vector<LoggedEvent>& page);

  WorkOrderStore& log_;
  Engine& engine_;
  EventBus& bus_;
  std::mutex mutex_;
  std::int64_t position_ = 0;  // GUARDED_BY(mutex_)
};

}  // namespace hotline::http
