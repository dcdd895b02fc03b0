#include "adapters/http/event_bus.h"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <utility>

namespace hotline::http {

EventSubscription::EventSubscription(const boost::asio::any_io_executor& executor, Filter filter)
    : filter_(std::move(filter)), timer_(executor) {}

void EventSubscription::offer(const PushMessage& m) {
  if (filter_ && !m.everyone && !filter_(m)) return;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    if (queue_.size() >= kMaxQueued) queue_.pop_front();
    queue_.push_back(m);
  }
  wake();
}

void EventSubscription::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  wake();
}

// Wakes the waiting stream on its own executor; the subscription may be gone
// by then.
void EventSubscription::wake() {
  boost::asio::post(timer_.get_executor(), [weak = weak_from_this()] {
    if (auto self = weak.lock()) self->timer_.cancel();
  });
}

bool EventSubscription::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

boost::asio::awaitable<std::optional<PushMessage>> EventSubscription::next(
    std::chrono::milliseconds heartbeat) {
  auto take = [this]() -> std::optional<PushMessage> {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) return std::nullopt;
    PushMessage m = std::move(queue_.front());
    queue_.pop_front();
    return m;
  };
  if (auto m = take()) co_return m;
  timer_.expires_after(heartbeat);
  boost::system::error_code ec;
  co_await timer_.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  co_return take();
}

std::shared_ptr<EventSubscription> EventBus::subscribe(const boost::asio::any_io_executor& executor,
                                                       EventSubscription::Filter filter) {
  auto sub = std::make_shared<EventSubscription>(executor, std::move(filter));
  std::lock_guard lock(mutex_);
  std::erase_if(subscriptions_, [](const auto& w) { return w.expired(); });
  subscriptions_.push_back(sub);
  return sub;
}

void EventBus::publish(const PushMessage& message) {
  std::vector<std::shared_ptr<EventSubscription>> live;
  {
    std::lock_guard lock(mutex_);
    for (const auto& w : subscriptions_) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
  }
  for (const auto& s : live) s->offer(message);
}

void EventBus::close_all() {
  std::vector<std::shared_ptr<EventSubscription>> live;
  {
    std::lock_guard lock(mutex_);
    for (const auto& w : subscriptions_) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
  }
  for (const auto& s : live) s->close();
}

std::size_t EventBus::subscribers() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& w : subscriptions_) n += w.expired() ? 0 : 1;
  return n;
}

}  // namespace hotline::http
