#pragma once
// The storage port, owned by the core. Adapters (SqliteWorkOrderStore, later
// PgWorkOrderStore) implement it; nothing above it speaks SQL.
//
// Streams are append-only. An append names the version each stream must be
// at; a stale version fails with kConflict and nothing is written. A batch of
// appends (with the summaries derived from them) is one transaction: it
// happens whole or not at all, and is durable once append returns.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/org/organisation.h"
#include "core/result.h"
#include "core/security/audit.h"
#include "core/work_order/event_kinds.h"
#include "core/work_order/events.h"
#include "core/work_order/work_order_state.h"

namespace hotline {

struct StreamAppend {
  std::string stream;
  std::int64_t expected_version = 0;  // the stream's version before these events
  std::vector<Event> events;          // versions expected_version+1, +2, …
};

// A work order's row in the read model, rewritten with every append to it.
// `next_check` is the earliest instant the deadline sweep must look at it
// (a warning or a deadline not yet recorded); empty when nothing is pending.
struct WorkOrderSummary {
  std::string id;
  std::string request;
  WorkOrderStatus status = WorkOrderStatus::kDispatched;
  std::string lead_unit;
  std::string handling_unit;
  std::string policy_profile;
  RequestType type = RequestType::kInquiry;
  Urgency urgency = Urgency::kGeneral;
  Instant dispatched_at{};
  std::optional<Instant> accept_due;
  std::optional<Instant> handle_due;
  std::optional<Instant> next_check;
  bool overdue = false;
  bool supervised = false;
  std::int64_t version = 0;
};

// An event with its position in the whole log: positions grow strictly in
// commit order across all streams, so a reader that remembers the last
// position it applied (a projection's cursor) misses nothing and sees
// nothing twice.
struct LoggedEvent {
  std::int64_t position = 0;
  Event event;
};

// A page of the log read for some kinds of events only (read_log_of).
struct LogPage {
  std::vector<LoggedEvent> events;  // those of the kinds asked for, in commit order
  std::size_t read = 0;             // events of the page, of any kind
  std::int64_t end = 0;  // position of the page's last event, of any kind (none: the one asked)
};

struct WorkOrderFilter {
  std::optional<std::string> unit;  // lead, handling or assisting unit
  // Any of these as lead, handling or assisting unit (a unit and the units
  // below it); empty: no restriction.
  std::vector<std::string> any_of_units;
  std::optional<WorkOrderStatus> status;
  std::optional<bool> overdue;
  std::optional<std::string> request;
  std::size_t limit = 100;
  std::size_t offset = 0;
};

class WorkOrderStore {
 public:
  virtual ~WorkOrderStore() = default;

  // All events of a stream in order; empty when the stream does not exist.
  virtual Result<std::vector<Event>> load(std::string_view stream) = 0;
  // Appends atomically and durably; kConflict if any expected version is stale.
  // `audit`: the entries of the command that made the change (SEC-2), chained
  // onto the audit log in the same transaction: a change never stands
  // without them. A store that keeps no audit log fails when given any.
  virtual Status append(const std::vector<StreamAppend>& batch,
                        const std::vector<WorkOrderSummary>& summaries,
                        const std::vector<AuditRecord>& audit = {}) = 0;
  // A gap-tolerant, strictly increasing number for `counter` ("request").
  virtual Result<std::int64_t> next_sequence(std::string_view counter) = 0;

  // Work orders whose next_check is at or before `now`, earliest first.
  virtual Result<std::vector<std::string>> due_for_check(Instant now, std::size_t limit) = 0;
  virtual Result<std::vector<WorkOrderSummary>> list_work_orders(const WorkOrderFilter& filter) = 0;
  // How many work orders match (limit and offset ignored).
  virtual Result<std::size_t> count_work_orders(const WorkOrderFilter& filter) = 0;

  // ANA-1: up to `limit` events of every stream committed after `position`
  // (0: from the start), in commit order. Stores that cannot say so fail.
  virtual Result<std::vector<LoggedEvent>> read_log(std::int64_t position, std::size_t limit) {
    (void)position;
    (void)limit;
    return fail(Error::internal("this store keeps no global event order"));
  }
  // The same page as read_log(position, limit), of which only the events of
  // `kinds` are decoded and returned: a projection that takes a few kinds
  // reads past the rest at the cost of their rows. By default, read_log
  // filtered (every event decoded).
  virtual Result<LogPage> read_log_of(std::int64_t position, std::size_t limit,
                                      const EventKinds& kinds) {
    auto all = read_log(position, limit);
    if (!all) return fail(all.error());
    LogPage page;
    page.read = all->size();
    page.end = all->empty() ? position : all->back().position;
    for (LoggedEvent& e : *all) {
      if (kinds.has(e.event.body)) page.events.push_back(std::move(e));
    }
    return page;
  }
  // The position of the last event committed (0: none): where a reader that
  // wants only what comes next starts.
  virtual Result<std::int64_t> log_head() {
    return fail(Error::internal("this store keeps no global event order"));
  }

  // INT-4: the request registered with this intake key
  // (RequestRegistered::intake_key), if any. A store keeps one request per
  // key: an append registering a key already taken fails with kConflict.
  virtual Result<std::optional<std::string>> request_for_intake_key(std::string_view key) = 0;

  // The organisation (units) the platform runs with.
  virtual Status save_units(const std::vector<Unit>& units) = 0;
  virtual Result<std::vector<Unit>> load_units() = 0;
};

}  // namespace hotline
