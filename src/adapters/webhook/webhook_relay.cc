#include "adapters/webhook/webhook_relay.h"

#include <map>
#include <set>
#include <string>

#include "adapters/json/event_json.h"

namespace hotline::webhook {

Result<std::size_t> Relay::run_once(std::size_t batch) {
  auto from = outbox_.cursor();
  if (!from) return fail(from.error());
  auto log = store_.read_log(*from, batch);
  if (!log) return fail(log.error());
  if (log->empty()) return std::size_t{0};
  auto subs = outbox_.subscriptions();
  if (!subs) return fail(subs.error());
  std::set<std::string> subscribed;
  for (const auto& s : *subs) subscribed.insert(s.unit);

  std::vector<OutboxMessage> messages;
  std::map<std::string, std::vector<Event>> streams;  // work order streams, loaded once
  std::int64_t to = *from;
  for (const LoggedEvent& le : *log) {
    to = le.position;
    const Event& e = le.event;
    if (subscribed.empty()) continue;
    auto it = streams.find(e.stream);
    if (it == streams.end()) {
      auto events = store_.load(e.stream);
      if (!events) return fail(events.error());
      it = streams.emplace(e.stream, std::move(*events)).first;
    }
    const std::vector<Event>& all = it->second;
    if (all.empty() || !std::holds_alternative<WorkOrderDispatched>(all.front().body)) {
      continue;  // requests and applicants' records are not pushed to units
    }
    // The work order as it stood right after this event.
    std::vector<Event> upto;
    for (const auto& x : all) {
      if (x.version > e.version) break;
      upto.push_back(x);
    }
    auto state = fold_work_order(upto);
    if (!state) return fail(state.error());
    std::set<std::string> units{state->lead_unit};
    if (!state->handling_unit.empty()) units.insert(state->handling_unit);
    for (const auto& u : state->assisting_units) units.insert(u);
    const std::string event_id = e.stream + "/" + std::to_string(e.version);
    for (const auto& unit : units) {
      if (!subscribed.count(unit)) continue;
      nlohmann::json payload{{"event_id", event_id},
                             {"topic", std::string(event_name(e.body))},
                             {"unit", unit},
                             {"work_order", work_order_to_json(*state)},
                             {"event", event_to_json(e)}};
      OutboxMessage m;
      m.event_id = event_id;
      m.unit = unit;
      m.topic = std::string(event_name(e.body));
      m.payload = payload.dump();
      m.created = clock_.now();
      messages.push_back(std::move(m));
    }
  }
  if (auto st = outbox_.enqueue(*from, to, messages); !st) return fail(st.error());
  return messages.size();
}

Result<std::size_t> Relay::catch_up() {
  std::size_t total = 0;
  for (;;) {
    auto before = outbox_.cursor();
    if (!before) return fail(before.error());
    auto n = run_once();
    if (!n) return n;
    total += *n;
    auto after = outbox_.cursor();
    if (!after) return fail(after.error());
    if (*after == *before) return total;
  }
}

}  // namespace hotline::webhook
