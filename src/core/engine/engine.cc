#include "core/engine/engine.h"

#include <algorithm>

#include "core/engine/permissions.h"
#include "core/work_order/request_progress.h"

namespace hotline {

Engine::Engine(WorkOrderStore& store, const Clock& clock, const WorkingDayCalendar& calendar,
               const PolicySet& policies, const Organisation& organisation)
    : store_(store),
      clock_(clock),
      policies_(policies),
      organisation_(organisation),
      deadlines_(calendar) {}

Result<RequestState> Engine::request_stream(const std::string& number) {
  auto events = store_.load(number);
  if (!events) return fail(events.error());
  // Another kind of stream (a work order, an applicant's record) is no request.
  if (events->empty() || !std::holds_alternative<RequestRegistered>(events->front().body))
    return fail(Error::not_found("request " + number, "诉求编号不存在：" + number));
  return fold_request(*events);
}

Result<RequestState> Engine::request(const std::string& number) {
  auto state = request_stream(number);
  if (!state || state->status != RequestStatus::kDispatched) return state;
  // Issue 9, item 11: concluded once all its work orders are closed.
  std::vector<WorkOrderState> orders;
  for (const auto& o : state->orders) {
    auto wo = work_order(o.work_order);
    if (!wo) return fail(wo.error());
    orders.push_back(std::move(*wo));
  }
  settle_request_status(*state, orders);
  return state;
}

Result<WorkOrderState> Engine::work_order(const std::string& id) {
  auto events = store_.load(id);
  if (!events) return fail(events.error());
  if (events->empty() || !std::holds_alternative<WorkOrderDispatched>(events->front().body)) {
    return fail(Error::not_found("work order " + id, "工单编号不存在：" + id));
  }
  return fold_work_order(*events);
}

Result<std::vector<Event>> Engine::history(const std::string& stream) {
  auto events = store_.load(stream);
  if (!events) return fail(events.error());
  if (events->empty()) return fail(Error::not_found(stream, "编号不存在：" + stream));
  return events;
}

Result<DeadlinePreview> Engine::preview_deadline(const std::string& profile, Stage stage,
                                                 const DeadlineSubject& subject,
                                                 Instant from) const {
  auto policy = policies_.find(profile);
  if (!policy) return fail(policy.error());
  // Every anchor at `from`: the rule that binds among all that match.
  auto b = deadlines_.binding(**policy, stage, subject, Anchors{from, from, from});
  if (!b) return fail(b.error());
  if (!b->deadline) return fail(Error::internal("no deadline with every anchor set"));
  return DeadlinePreview{*b->deadline, b->rule};
}

namespace {

Status check_expected(const CommandContext& ctx, std::int64_t version, const std::string& id) {
  if (ctx.expected_version && *ctx.expected_version != version) {
    return fail(Error::conflict("stale version of " + id + ": expected " +
                                std::to_string(*ctx.expected_version) + ", current " +
                                std::to_string(version)));
  }
  return {};
}

}  // namespace

Result<WorkOrderState> Engine::load_work_order(const CommandContext& ctx, const std::string& id) {
  auto state = work_order(id);
  if (!state) return state;
  // SEC-2: nothing, not even the version, is told to a unit that may not read it.
  if (auto st = check_readable(ctx.actor, *state, organisation_); !st) return fail(st.error());
  if (auto st = check_expected(ctx, state->version, id); !st) return fail(st.error());
  return state;
}

Result<RequestState> Engine::load_request(const CommandContext& ctx, const std::string& number) {
  auto state = request(number);
  if (!state) return state;
  if (auto st = check_expected(ctx, state->version, number); !st) return fail(st.error());
  return state;
}

Result<const Policy*> Engine::policy_of(const WorkOrderState& state) const {
  if (state.policy_profile.empty()) return &policies_.default_policy();
  return policies_.find(state.policy_profile);
}

Result<const Policy*> Engine::policy_for_unit(const std::string& unit) const {
  const std::string profile = organisation_.profile_for(unit);
  if (profile.empty()) return &policies_.default_policy();
  return policies_.find(profile);
}

Event Engine::make_event(const CommandContext& ctx, const std::string& stream, std::int64_t version,
                         NewEvent e) const {
  Event event;
  event.stream = stream;
  event.version = version;
  event.at = clock_.now();
  event.actor = e.actor ? *e.actor : ctx.actor;
  if (e.reason.empty()) {
    event.reason = ctx.reason;
  } else {
    event.reason = std::move(e.reason);
  }
  event.article = std::move(e.article);
  event.body = std::move(e.body);
  return event;
}

Status Engine::append(const std::vector<StreamAppend>& batch,
                      const std::vector<WorkOrderSummary>& summaries, CommandAudit* audit) {
  std::vector<AuditRecord> records;
  if (audit != nullptr && !audit->committed) {
    if (audit->record.target.empty() && !batch.empty()) audit->record.target = batch.front().stream;
    records.push_back(audit->record);
  }
  if (auto st = store_.append(batch, summaries, records); !st) return st;
  if (audit != nullptr) audit->committed = true;
  if (listeners_.empty()) return {};
  std::vector<Event> events;
  for (const auto& stream : batch) {
    events.insert(events.end(), stream.events.begin(), stream.events.end());
  }
  if (events.empty()) return {};
  for (EngineListener* listener : listeners_) listener->committed(events);
  return {};
}

Result<WorkOrderState> Engine::commit(const CommandContext& ctx, const WorkOrderState& state,
                                      std::vector<NewEvent> events) {
  WorkOrderState next = state;
  StreamAppend append{state.id, state.version, {}};
  for (auto& e : events) {
    Event event = make_event(ctx, state.id, next.version + 1, std::move(e));
    if (auto st = apply(next, event); !st) return fail(st.error());
    append.events.push_back(std::move(event));
  }
  if (auto st = this->append({append}, {summarize(next)}, ctx.audit); !st) {
    return fail(st.error());
  }
  return next;
}

Result<RequestState> Engine::commit(const CommandContext& ctx, const RequestState& state,
                                    std::vector<NewEvent> events) {
  RequestState next = state;
  StreamAppend append{state.number, state.version, {}};
  for (auto& e : events) {
    Event event = make_event(ctx, state.number, next.version + 1, std::move(e));
    if (auto st = apply(next, event); !st) return fail(st.error());
    append.events.push_back(std::move(event));
  }
  if (auto st = this->append({append}, {}, ctx.audit); !st) return fail(st.error());
  return next;
}

namespace {

// SUP-2 [R21, T23]: the supervision level whose follow-up deadline can make the
// sweep escalate. The unit answers it by its report, by a reply given after
// the level was raised (the reply reports how the matter was handled), or,
// for a supervision over a refused acceptance (M22(1)), by accepting after it.
const RecordedSupervision* unanswered_supervision(const WorkOrderState& s) {
  const RecordedSupervision* open = s.awaiting_report();
  if (open == nullptr) return nullptr;
  const auto since = [open](const std::optional<Instant>& t) { return t && *t >= open->at; };
  if (since(s.replied_at)) return nullptr;
  if (open->supervision.trigger == SupervisionTrigger::kRefusedAcceptance && since(s.accepted_at)) {
    return nullptr;
  }
  return open;
}

struct Watch {
  Stage stage;
  Instant start;
  Instant due;
};

// The deadlines a work order is currently running against.
std::vector<Watch> watched(const WorkOrderState& s) {
  std::vector<Watch> w;
  if (s.status == WorkOrderStatus::kDispatched) {
    w.push_back({Stage::kAccept, s.dispatched_at, s.accept_due.due});
  }
  const bool handling =
      s.status == WorkOrderStatus::kDispatched || s.status == WorkOrderStatus::kAccepted ||
      s.status == WorkOrderStatus::kHandlingAgain || s.status == WorkOrderStatus::kReturnPending;
  if (handling && s.handle_due)
    w.push_back({Stage::kHandle, s.handle_started_at, s.handle_due->due});
  return w;
}

}  // namespace

WorkOrderSummary Engine::summarize(const WorkOrderState& s) const {
  WorkOrderSummary out;
  out.id = s.id;
  out.request = s.request;
  out.status = s.status;
  out.lead_unit = s.lead_unit;
  out.handling_unit = s.handling_unit;
  out.policy_profile = s.policy_profile;
  out.type = s.subject.type;
  out.urgency = s.subject.urgency;
  out.dispatched_at = s.dispatched_at;
  if (s.status == WorkOrderStatus::kDispatched) out.accept_due = s.accept_due.due;
  if (s.handle_due) out.handle_due = s.handle_due->due;
  out.overdue = !s.missed.empty();
  out.supervised = !s.supervisions.empty();
  out.version = s.version;
  double fraction = 0.2;
  if (auto policy = policy_of(s)) fraction = (*policy)->warning.remaining_fraction.value;
  for (const auto& w : watched(s)) {
    const auto key = std::make_pair(w.stage, w.due.time_since_epoch().count());
    if (s.missed.count(key)) continue;
    Instant candidate = w.due;
    if (!s.warned.count(key)) candidate = warning_instant(w.start, w.due, fraction);
    if (!out.next_check || candidate < *out.next_check) out.next_check = candidate;
  }
  // SUP-2: the sweep looks again when a follow-up deadline passes (while a
  // next level exists to escalate to).
  std::size_t levels = 0;
  if (auto policy = policy_of(s)) levels = (*policy)->supervision.levels.size();
  if (const RecordedSupervision* open = unanswered_supervision(s);
      s.is_open() && open != nullptr && open->supervision.follow_up_due &&
      open->supervision.level < static_cast<int>(levels)) {
    const Instant after = *open->supervision.follow_up_due + Seconds{1};
    if (!out.next_check || after < *out.next_check) out.next_check = after;
  }
  return out;
}

Result<std::vector<Engine::NewEvent>> Engine::sweep_events(const WorkOrderState& s,
                                                           Instant now) const {
  auto policy = policy_of(s);
  if (!policy) return fail(policy.error());
  const Policy& p = **policy;
  std::vector<NewEvent> out;
  const Actor system = Actor::system();
  for (const auto& w : watched(s)) {
    const auto key = std::make_pair(w.stage, w.due.time_since_epoch().count());
    if (s.missed.count(key)) continue;
    const Instant warn_at = warning_instant(w.start, w.due, p.warning.remaining_fraction.value);
    if (now >= warn_at && now <= w.due && !s.warned.count(key)) {
      out.push_back({DeadlineWarned{w.stage, w.due}, p.warning.remaining_fraction.article,
                     "临近超时预警：" + format_iso8601(w.due) + " 到期", system});
    }
    // "Within" a period includes its last instant (accept/reply count late
    // only when now > due), so a deadline is missed only once it has passed.
    if (now <= w.due) continue;
    out.push_back({DeadlineMissed{w.stage, w.due},
                   w.stage == Stage::kAccept ? s.accept_due.article : s.handle_due->article,
                   "已超过" + std::string(w.stage == Stage::kAccept ? "接单" : "办理") + "时限 " +
                       format_iso8601(w.due),
                   system});
    // SUP-1: refused (late) acceptance and overdue handling go under supervision.
    const bool accept = w.stage == Stage::kAccept;
    const auto& trigger =
        accept ? p.supervision.on_overdue_acceptance : p.supervision.on_overdue_handling;
    if (!trigger.value) continue;
    SupervisionRaised raised;
    raised.trigger = accept ? SupervisionTrigger::kRefusedAcceptance : SupervisionTrigger::kOverdue;
    raised.method = SupervisionMethod::kWorkOrder;
    raised.automatic = true;
    raised.stage = std::string(to_string(w.stage));
    if (auto st = apply_supervision_level(raised, p, 1, system); !st) {
      return fail(st.error());
    }
    out.push_back({raised, trigger.article,
                   accept ? "超时未接单，列入督办" : "超过办理时限未办结，列入督办", system});
  }
  // SUP-2 [R21] 逐级负责: a unit that has not reported by the follow-up
  // deadline is supervised at the next level (once per level).
  const RecordedSupervision* open = unanswered_supervision(s);
  if (s.is_open() && open != nullptr && open->supervision.follow_up_due &&
      now > *open->supervision.follow_up_due && open->supervision.level == s.supervision_level() &&
      open->supervision.level < static_cast<int>(p.supervision.levels.size())) {
    SupervisionRaised next = open->supervision;
    next.automatic = true;
    next.method = SupervisionMethod::kWorkOrder;
    if (auto st = apply_supervision_level(next, p, open->supervision.level + 1, system); !st) {
      return fail(st.error());
    }
    const auto& level = p.supervision.levels[static_cast<std::size_t>(open->supervision.level)];
    out.push_back({next, level.follow_up.article,
                   "督办期限" + format_iso8601(*open->supervision.follow_up_due) +
                       "内未报告办理情况，升级为第" + std::to_string(next.level) + "级督办",
                   system});
  }
  return out;
}

Result<SweepReport> Engine::sweep(std::size_t limit) {
  SweepReport report;
  const Instant now = clock_.now();
  auto due = store_.due_for_check(now, limit);
  if (!due) return fail(due.error());
  const CommandContext ctx{Actor::system(), "deadline sweep", std::nullopt};
  for (const auto& id : *due) {
    auto state = work_order(id);
    if (!state) return fail(state.error());
    ++report.examined;
    auto events = sweep_events(*state, now);
    if (!events) return fail(events.error());
    if (events->empty()) {
      // Nothing to record (e.g. the summary was stale): refresh next_check.
      if (auto st = store_.append({}, {summarize(*state)}); !st) return fail(st.error());
      continue;
    }
    for (const auto& e : *events) {
      if (std::holds_alternative<DeadlineWarned>(e.body)) ++report.warnings;
      if (std::holds_alternative<DeadlineMissed>(e.body)) ++report.missed;
      if (std::holds_alternative<SupervisionRaised>(e.body)) ++report.supervisions;
    }
    auto committed = commit(ctx, *state, std::move(*events));
    if (!committed) {
      if (committed.error().code == ErrorCode::kConflict) {
        ++report.conflicts;
        continue;
      }
      return fail(committed.error());
    }
  }
  return report;
}

}  // namespace hotline
