#include "adapters/http/work_order_push.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "adapters/http/api_engine.h"
#include "core/analysis/projection.h"

namespace hotline::http {
namespace {

constexpr std::size_t kPage = 1000;

}  // namespace

PushMessage work_order_message(const WorkOrderState& s, std::int64_t position) {
  const nlohmann::json data = {{"id", s.id},
                               {"request", s.request},
                               {"status", std::string(to_string(s.status))},
                               {"status_zh", std::string(to_chinese(s.status))},
                               {"lead_unit", s.lead_unit},
                               {"version", s.version}};
  PushMessage m{"work-order", data.dump(), units_of(s)};
  m.id = position;
  return m;
}

WorkOrderPush::WorkOrderPush(WorkOrderStore& log, Engine& engine, EventBus& bus)
    : log_(log), engine_(engine), bus_(bus) {}

Status WorkOrderPush::start() {
  auto head = log_.log_head();
  if (!head) return fail(head.error());
  std::lock_guard lock(mutex_);
  position_ = *head;
  return {};
}

std::vector<PushMessage> WorkOrderPush::messages_of(const std::vector<LoggedEvent>& page) {
  std::map<std::string, std::int64_t> last;  // work order → its last position in the page
  for (const LoggedEvent& e : page) {
    if (analysis::is_work_order_stream(e.event.stream)) last[e.event.stream] = e.position;
  }
  std::vector<std::pair<std::int64_t, PushMessage>> ordered;
  for (const auto& [id, position] : last) {
    auto state = engine_.work_order(id);
    if (!state) continue;  // a stream that is not a work order
    ordered.emplace_back(position, work_order_message(*state, position));
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<PushMessage> out;
  out.reserve(ordered.size());
  for (auto& [position, m] : ordered) out.push_back(std::move(m));
  return out;
}

Status WorkOrderPush::catch_up() {
  std::lock_guard lock(mutex_);
  for (;;) {
    auto page = log_.read_log(position_, kPage);
    if (!page) return fail(page.error());
    if (page->empty()) return {};
    for (const PushMessage& m : messages_of(*page)) bus_.publish(m);
    position_ = page->back().position;
  }
}

void WorkOrderPush::committed(const std::vector<Event>& events) {
  (void)events;
  // A failed read is retried by the next commit or the timer.
  (void)catch_up();
}

Result<std::shared_ptr<EventSubscription>> WorkOrderPush::subscribe(
    const boost::asio::any_io_executor& executor, EventSubscription::Filter filter,
    std::optional<std::int64_t> last_event_id) {
  std::lock_guard lock(mutex_);
  auto sub = bus_.subscribe(executor, std::move(filter));
  if (!last_event_id || *last_event_id >= position_) return sub;
  std::int64_t from = std::max<std::int64_t>(*last_event_id, 0);
  if (position_ - from > static_cast<std::int64_t>(kMaxReplay)) {
    // Too much was missed to replay: the client reloads what it shows.
    PushMessage reset{"reset", R"({"reason":"too many changes missed; reload"})", {}};
    reset.id = position_;
    reset.everyone = true;
    sub->offer(reset);
    return sub;
  }
  while (from < position_) {
    auto page = log_.read_log(from, kPage);
    if (!page) return fail(page.error());
    if (page->empty()) break;
    std::vector<LoggedEvent> upto;
    for (auto& e : *page) {
      if (e.position <= position_) upto.push_back(std::move(e));
    }
    if (upto.empty()) break;
    from = upto.back().position;
    for (const PushMessage& m : messages_of(upto)) sub->offer(m);
  }
  return sub;
}

}  // namespace hotline::http
