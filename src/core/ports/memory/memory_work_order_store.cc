#include "core/ports/memory/memory_work_order_store.h"

#include <algorithm>
#include <tuple>

#include "core/ports/store_checks.h"
#include "core/text.h"

namespace hotline {

Result<std::vector<Event>> MemoryWorkOrderStore::load(std::string_view stream) {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(stream);
  if (it == streams_.end()) return std::vector<Event>{};
  return it->second;
}

Status MemoryWorkOrderStore::append(const std::vector<StreamAppend>& batch,
                                    const std::vector<WorkOrderSummary>& summaries,
                                    const std::vector<AuditRecord>& audit) {
  if (auto st = check_append(batch, summaries); !st) return st;
  if (!audit.empty() && audit_ == nullptr) return fail(no_audit_log());
  std::lock_guard lock(mutex_);
  // Every expected version first: the batch happens whole or not at all. A
  // batch naming one stream twice must chain its versions.
  std::map<std::string, std::int64_t> heads;
  for (const StreamAppend& append : batch) {
    auto head = heads.find(append.stream);
    std::int64_t current = 0;
    if (head != heads.end()) {
      current = head->second;
    } else if (auto it = streams_.find(append.stream); it != streams_.end()) {
      current = static_cast<std::int64_t>(it->second.size());
    }
    if (current != append.expected_version) {
      return fail(Error::conflict("stream " + append.stream + " is at version " +
                                  std::to_string(current) + ", not " +
                                  std::to_string(append.expected_version)));
    }
    heads[append.stream] = current + static_cast<std::int64_t>(append.events.size());
  }
  // INT-4: one request per intake key.
  std::map<std::string, std::string> new_keys;
  for (const StreamAppend& append : batch) {
    for (const Event& e : append.events) {
      const auto* r = std::get_if<RequestRegistered>(&e.body);
      if (r == nullptr || r->intake_key.empty()) continue;
      if (intake_keys_.count(r->intake_key) != 0 ||
          !new_keys.emplace(r->intake_key, r->number).second) {
        return fail(Error::conflict("intake key already registered"));
      }
    }
  }
  intake_keys_.insert(new_keys.begin(), new_keys.end());
  for (const StreamAppend& append : batch) {
    auto& stream = streams_[append.stream];
    for (const Event& e : append.events) {
      stream.push_back(e);
      log_.push_back({static_cast<std::int64_t>(log_.size()) + 1, e});
      if (const auto* d = std::get_if<WorkOrderDispatched>(&e.body)) {
        assisting_[append.stream] = {d->assisting_units.begin(), d->assisting_units.end()};
      } else if (const auto* r = std::get_if<WorkOrderRedispatched>(&e.body)) {
        assisting_[append.stream] = {r->assisting_units.begin(), r->assisting_units.end()};
      }
    }
  }
  for (const WorkOrderSummary& s : summaries) {
    // The read model only moves forward: an older summary is ignored.
    auto it = summaries_.find(s.id);
    if (it == summaries_.end() || s.version >= it->second.version) summaries_[s.id] = s;
  }
  // Under the store's lock, so that entries chain in the order of the
  // changes they record.
  for (const AuditRecord& r : audit) {
    if (auto entry = audit_->append(r); !entry) return fail(entry.error());
  }
  return {};
}

Result<std::int64_t> MemoryWorkOrderStore::next_sequence(std::string_view counter) {
  std::lock_guard lock(mutex_);
  auto it = sequences_.find(counter);
  if (it == sequences_.end()) it = sequences_.emplace(std::string(counter), 0).first;
  return ++it->second;
}

Result<std::vector<std::string>> MemoryWorkOrderStore::due_for_check(Instant now,
                                                                     std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<Instant, std::string>> due;
  for (const auto& [id, s] : summaries_) {
    if (s.next_check && *s.next_check <= now) due.emplace_back(*s.next_check, id);
  }
  std::sort(due.begin(), due.end());
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < due.size() && i < limit; ++i) ids.push_back(due[i].second);
  return ids;
}

std::vector<const WorkOrderSummary*> MemoryWorkOrderStore::matching(
    const WorkOrderFilter& filter) const {
  auto involves = [this](const WorkOrderSummary& s, const std::string& unit) {
    if (s.lead_unit == unit || s.handling_unit == unit) return true;
    auto it = assisting_.find(s.id);
    return it != assisting_.end() && it->second.count(unit) != 0;
  };
  std::vector<const WorkOrderSummary*> rows;
  for (const auto& entry : summaries_) {
    const WorkOrderSummary& s = entry.second;  // not a structured binding: captured below
    if (filter.unit && !involves(s, *filter.unit)) continue;
    if (!filter.any_of_units.empty() &&
        std::none_of(filter.any_of_units.begin(), filter.any_of_units.end(),
                     [&](const std::string& u) { return involves(s, u); })) {
      continue;
    }
    if (filter.status && s.status != *filter.status) continue;
    if (filter.overdue && s.overdue != *filter.overdue) continue;
    if (filter.request && s.request != *filter.request) continue;
    rows.push_back(&s);
  }
  std::sort(rows.begin(), rows.end(), [](const WorkOrderSummary* a, const WorkOrderSummary* b) {
    return std::tie(a->dispatched_at, a->id) < std::tie(b->dispatched_at, b->id);
  });
  return rows;
}

Result<std::vector<WorkOrderSummary>> MemoryWorkOrderStore::list_work_orders(
    const WorkOrderFilter& filter) {
  std::lock_guard lock(mutex_);
  const auto rows = matching(filter);
  std::vector<WorkOrderSummary> out;
  for (std::size_t i = filter.offset; i < rows.size() && out.size() < filter.limit; ++i) {
    out.push_back(*rows[i]);
  }
  return out;
}

Result<std::size_t> MemoryWorkOrderStore::count_work_orders(const WorkOrderFilter& filter) {
  std::lock_guard lock(mutex_);
  return matching(filter).size();
}

Result<std::vector<LoggedEvent>> MemoryWorkOrderStore::read_log(std::int64_t position,
                                                                std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<LoggedEvent> out;
  // Positions are 1, 2, … in commit order: position p is log_[p - 1].
  for (auto i = static_cast<std::size_t>(std::max<std::int64_t>(position, 0));
       i < log_.size() && out.size() < limit; ++i) {
    out.push_back(log_[i]);
  }
  return out;
}

Result<std::optional<std::string>> MemoryWorkOrderStore::request_for_intake_key(
    std::string_view key) {
  std::lock_guard lock(mutex_);
  auto it = intake_keys_.find(key);
  if (it == intake_keys_.end()) return std::optional<std::string>{};
  return std::optional<std::string>{it->second};
}

Status MemoryWorkOrderStore::save_units(const std::vector<Unit>& units) {
  if (auto order = units_parents_first(units); !order) return fail(order.error());
  std::lock_guard lock(mutex_);
  units_ = units;
  return {};
}

Result<std::vector<Unit>> MemoryWorkOrderStore::load_units() {
  std::lock_guard lock(mutex_);
  return units_;
}

Result<std::int64_t> MemoryWorkOrderStore::log_head() {
  std::lock_guard lock(mutex_);
  return static_cast<std::int64_t>(log_.size());
}

}  // namespace hotline
