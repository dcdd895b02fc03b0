#pragma once
// Real-time push (Server-Sent Events): handlers publish a message after each
// change; every open /api/v1/events stream whose filter admits it receives
// it. A subscriber only sees what its actor may see (the filter is built from
// the actor when the stream opens).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hotline::http {

struct PushMessage {
  std::string event;            // SSE event name, e.g. "work-order"
  std::string data;             // JSON text
  std::set<std::string> units;  // units involved (lead, handling, assisting)
  std::string account = {};     // set: for this account only (an incoming call's agent)
  std::int64_t id = 0;          // the SSE id (a log position, work_order_push.h); 0: none
  bool everyone = false;        // past every filter ("reset": reload what you show)
};

class EventSubscription : public std::enable_shared_from_this<EventSubscription> {
 public:
  using Filter = std::function<bool(const PushMessage&)>;
  EventSubscription(const boost::asio::any_io_executor& executor, Filter filter);

  // The next message, or nullopt after `heartbeat` without one (the caller
  // sends a comment line to keep proxies from closing the stream).
  boost::asio::awaitable<std::optional<PushMessage>> next(std::chrono::milliseconds heartbeat);
  void close();
  bool closed() const;
  // Queues `m` if the filter admits it (the bus, and a replay on resume).
  void offer(const PushMessage& m);

 private:
  void wake();

  Filter filter_;
  boost::asio::steady_timer timer_;
  mutable std::mutex mutex_;
  std::deque<PushMessage> queue_;
  bool closed_ = false;
  static constexpr std::size_t kMaxQueued = 1000;  // a slow reader drops the oldest
};

class EventBus {
 public:
  std::shared_ptr<EventSubscription> subscribe(const boost::asio::any_io_executor& executor,
                                               EventSubscription::Filter filter);
  void publish(const PushMessage& message);
  // Closes every subscription (shutdown).
  void close_all();
  std::size_t subscribers() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<EventSubscription>> subscriptions_;
};

}  // namespace hotline::http
