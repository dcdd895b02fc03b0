#include "core/triage/triage_hooks.h"

#include <algorithm>
#include <set>

namespace hotline::triage {

namespace {

constexpr std::size_t kLogPage = 1000;  // events read from the log at a time

// The kinds the index takes (apply); the log's other events are read past.
const EventKinds& indexed_kinds() {
  static const EventKinds kinds =
      EventKinds::of<RequestRegistered, WorkOrderDispatched, WorkOrderRedispatched>();
  return kinds;
}

// Sets a flag for the lifetime of a scope.
class ScopedFlag {
 public:
  explicit ScopedFlag(bool& flag) : flag_(flag) { flag_ = true; }
  ~ScopedFlag() { flag_ = false; }
  ScopedFlag(const ScopedFlag&) = delete;
  ScopedFlag& operator=(const ScopedFlag&) = delete;

 private:
  bool& flag_;
};

// The category and district a work order's items were dispatched under.
struct DispatchKey {
  std::string category;
  std::string district;
};

DispatchKey key_of(const TriageService& service, const RequestState& request,
                   const std::vector<int>& items) {
  DispatchKey k;
  const auto& all = request.details.items;
  for (std::size_t i = 0; i < all.size() && k.category.empty(); ++i) {
    const bool chosen =
        items.empty() || std::find(items.begin(), items.end(), static_cast<int>(i)) != items.end();
    if (chosen) k.category = all[i].category;
  }
  k.district = service.indexed(request.number, request.details).district;
  return k;
}

// M22(3) 承办单位未作出合理处置的: a work order already replied to (and not
// evaluated dissatisfied since), or closed, shows the unit has handled the
// matter; the supervision is for those still open or found wanting.
bool handled_reasonably(const WorkOrderState& s) {
  if (s.status == WorkOrderStatus::kClosed) return true;
  if (s.status != WorkOrderStatus::kReplied) return false;
  const bool dissatisfied = s.last_evaluation && s.evaluations > s.handled_again &&
                            s.last_evaluation->satisfaction == Satisfaction::kDissatisfied;
  return !dissatisfied;
}

}  // namespace

TriageHooks::TriageHooks(TriageService& service, Engine& engine, WorkOrderStore& log,
                         std::function<std::string(std::string_view)> applicant_key)
    : service_(service), engine_(engine), log_(log), applicant_key_(std::move(applicant_key)) {
  // Suggestions must key a phone exactly as the index does (TRI-5).
  service_.set_applicant_key(applicant_key_);
}

void TriageHooks::report(const Error& e) {
  ++errors_;
  if (report_) report_(e);
}

Result<std::vector<ReplyFindingNote>> TriageHooks::review(const WorkOrderState& order,
                                                          const RequestDetails& request,
                                                          const ReplyContent& reply) const {
  ReplyContext context;
  context.request_subject = request.subject;
  context.request_detail = request.detail;
  auto findings = service_.check_reply(reply, order.policy_profile, context);
  if (!findings) return fail(findings.error());
  std::vector<ReplyFindingNote> notes;
  for (const auto& f : *findings) {
    if (f.severity == Severity::kOff) continue;
    ReplyFindingNote n;
    n.note.check = std::string(to_string(f.check));
    n.note.rule = f.rule;
    n.note.article = f.article;
    n.note.message_zh = f.message_zh;
    n.note.evidence = f.evidence;
    n.blocks = f.severity == Severity::kBlock;
    notes.push_back(std::move(n));
  }
  return notes;
}

void TriageHooks::committed(const std::vector<Event>& events) {
  (void)events;  // read back from the log, with anything before them not yet taken in
  if (auto st = catch_up(); !st) report(st.error());
}

Status TriageHooks::catch_up() {
  return gate_.run(mutex_, [this] { return catch_up_locked(); });
}

Status TriageHooks::catch_up_at_start() {
  return gate_.run(mutex_, [this]() -> Status {
    const ScopedFlag batches(in_batches_);
    return catch_up_locked();
  });
}

Status TriageHooks::catch_up_locked() {
  if (taking_in_) return {};  // nested: the running pass reads on to the end
  if (!position_) {
    auto stored = service_.log_position();
    if (!stored) return fail(stored.error());
    std::int64_t from = stored->value_or(0);
    if (!*stored && service_.indexed_requests() > 0) {
      // An index kept before positions were: it has seen the log so far.
      for (;;) {
        auto page = log_.read_log_of(from, kLogPage, EventKinds{});
        if (!page) return fail(page.error());
        if (page->read == 0) break;
        from = page->end;
      }
      if (auto st = service_.save_log_position(from); !st) return st;
    }
    position_ = from;
  }
  auto taken = take_in_locked();
  if (!taken) return fail(taken.error());
  return {};
}

Result<std::size_t> TriageHooks::take_in_locked() {
  const ScopedFlag running(taking_in_);
  std::size_t taken = 0;
  for (;;) {
    auto page = log_.read_log_of(*position_, kLogPage, indexed_kinds());
    if (!page) return fail(page.error());
    if (page->read == 0) break;
    const bool batch = in_batches_ && !page->events.empty();
    if (batch) {
      if (auto st = service_.begin_bulk(); !st) return fail(st.error());
    }
    auto taken_in = [&]() -> Status {
      bool changed = false;
      for (const LoggedEvent& logged : page->events) changed = apply(logged.event) || changed;
      taken += page->read;
      position_ = page->end;
      // Stored after the page's effects, and only when the page changed the
      // index (a commit that does not touch it costs no write here): a crash
      // before this line reads those events again, and observe() skips a
      // request it has indexed already.
      if (changed) return service_.save_log_position(*position_);
      return {};
    }();
    if (batch) {
      // What the page wrote before a failure stands, as it would unbatched.
      const Status ended = service_.end_bulk();
      raise_deferred();
      if (taken_in && !ended) return fail(ended.error());
    }
    if (!taken_in) return fail(taken_in.error());
  }
  return taken;
}

void TriageHooks::raise_now_or_after_batch(std::function<void()> raise) {
  if (in_batches_) {
    deferred_.push_back(std::move(raise));
  } else {
    raise();
  }
}

void TriageHooks::raise_deferred() {
  std::vector<std::function<void()>> pending;
  pending.swap(deferred_);
  for (auto& raise : pending) raise();
}

Result<RebuildSummary> TriageHooks::rebuild(bool drop_imported) {
  std::lock_guard lock(mutex_);
  if (taking_in_) {
    return fail(Error::conflict("the triage index is being taken in on this thread",
                                "索引正在更新，请稍后重建"));
  }
  RebuildSummary summary;
  for (const std::string& number : service_.indexed_numbers()) {
    if (!engine_.request_stream(number)) ++summary.dropped_imported;
  }
  if (summary.dropped_imported > 0 && !drop_imported) {
    return fail(Error::invalid(
        "--drop-imported",
        std::to_string(summary.dropped_imported) +
            " indexed requests are not in the event log (imported with `hotline clusters "
            "import`) and cannot be rebuilt; pass --drop-imported to drop them",
        "索引中有" + std::to_string(summary.dropped_imported) +
            "条导入的诉求不在事件日志中，重建将丢弃；确认请加 --drop-imported"));
  }
  if (auto st = service_.clear_index(); !st) return fail(st.error());
  position_ = 0;
  const ScopedFlag replaying(replaying_);
  auto taken = take_in_locked();
  if (!taken) return fail(taken.error());
  if (auto st = service_.save_log_position(*position_); !st) return fail(st.error());
  if (auto st = service_.flush(); !st) return fail(st.error());
  summary.events = *taken;
  summary.requests = service_.indexed_requests();
  return summary;
}

bool TriageHooks::apply(const Event& e) {
  if (const auto* r = std::get_if<RequestRegistered>(&e.body)) {
    registered(*r);
  } else if (const auto* d = std::get_if<WorkOrderDispatched>(&e.body)) {
    dispatched(e, *d);
  } else if (const auto* rd = std::get_if<WorkOrderRedispatched>(&e.body)) {
    redispatched(e, *rd);
  } else {
    return false;
  }
  return true;
}

void TriageHooks::registered(const RequestRegistered& r) {
  IndexedRequest indexed = service_.indexed(r.number, r.details);
  if (applicant_key_ && !indexed.applicant_key.empty()) {
    indexed.applicant_key = applicant_key_(indexed.applicant_key);
  }
  auto observed = service_.observe(indexed, r.details.subject, r.details.detail);
  if (!observed) {
    // Indexed already: a page taken in again after a crash.
    if (observed.error().code != ErrorCode::kConflict) report(observed.error());
    return;
  }
  if (observed->alert && !replaying_) supervise_cluster(*observed->alert);
}

// SUP-1 [M22(3)]: many applicants on one problem — every open work order of
// the cluster's requests goes under supervision, once per work order.
void TriageHooks::supervise_cluster(const ClusterAlert& alert) {
  const std::string root = service_.number_of(alert.cluster);
  auto view = service_.cluster(root, alert.raised_at);
  if (!view) return;
  // The members as the alert found them, even when raised after the batch.
  std::vector<std::string> members;
  members.reserve(view->members.size());
  for (DocId member : view->members) members.push_back(service_.number_of(member));
  raise_now_or_after_batch([this, members = std::move(members), alert] {
    std::set<std::string> done;
    for (const std::string& number : members) {
      auto request = engine_.request_stream(number);
      if (!request) continue;  // imported history, not a request of this platform
      for (const auto& order : request->orders) {
        if (!done.insert(order.work_order).second) continue;
        supervise_order(order.work_order, alert.applicants, alert.threshold);
      }
    }
  });
}

void TriageHooks::supervise_order(const std::string& id, std::size_t applicants, int threshold) {
  auto state = engine_.work_order(id);
  if (!state || handled_reasonably(*state) ||
      state->has_supervision(SupervisionTrigger::kRepeatedRequests, "cluster")) {
    return;
  }
  CommandContext ctx{Actor::system(),
                     "多个诉求人集中反映同一问题（" + std::to_string(applicants) +
                         "名诉求人，阈值" + std::to_string(threshold) +
                         "），承办单位尚未作出合理处置，列入督办",
                     std::nullopt};
  SupervisionRaised raised;
  raised.trigger = SupervisionTrigger::kRepeatedRequests;
  raised.automatic = true;
  raised.key = true;  // SUP-2: hot matters get key supervision
  raised.stage = "cluster";
  if (auto r = engine_.raise_supervision(ctx, id, raised); r) {
    ++supervisions_;
  } else {
    report(r.error());
  }
}

void TriageHooks::dispatched(const Event& e, const WorkOrderDispatched& d) {
  // Its details only: its work orders' states are not needed here.
  auto request = engine_.request_stream(d.request);
  if (!request) {
    report(request.error());
    return;
  }
  // SUP-1 [M22(3)]: a work order dispatched after its cluster's alert is
  // under the same supervision as those dispatched before. Not while
  // rebuilding: that was decided when it happened.
  if (!replaying_) {
    if (auto applicants = service_.alerted_applicants(d.request, e.at)) {
      raise_now_or_after_batch(
          [this, id = e.stream, applicants = *applicants,
           threshold = service_.settings().index.clusters.supervision_applicants.value] {
            supervise_order(id, applicants, threshold);
          });
    }
  }
  const DispatchKey k = key_of(service_, *request, d.items);
  if (k.category.empty()) return;  // nothing to learn from an unclassified item
  if (auto st = service_.record_dispatch(k.category, k.district, d.lead_unit); !st)
    report(st.error());
}

// DIS-8: a re-dispatch after an approved return corrects the unit.
void TriageHooks::redispatched(const Event& e, const WorkOrderRedispatched& r) {
  auto history = engine_.history(e.stream);
  if (!history) {
    report(history.error());
    return;
  }
  std::vector<Event> before;
  for (const auto& h : *history) {
    if (h.version < e.version) before.push_back(h);
  }
  auto previous = fold_work_order(before);
  if (!previous) {
    report(previous.error());
    return;
  }
  auto request = engine_.request_stream(previous->request);
  if (!request) {
    report(request.error());
    return;
  }
  const DispatchKey k = key_of(service_, *request, previous->items);
  if (k.category.empty() || previous->lead_unit == r.lead_unit) return;
  if (auto st =
          service_.record_correction(k.category, k.district, previous->lead_unit, r.lead_unit);
      !st) {
    report(st.error());
  }
}

}  // namespace hotline::triage
