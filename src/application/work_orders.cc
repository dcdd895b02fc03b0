#include "application/work_orders.h"

#include "adapters/json/event_json.h"
#include "core/security/visibility.h"

namespace hotline {
namespace {

using json = nlohmann::json;

// The audit log's target of a command: what it acted on.
std::string audit_target(const CommandSpec& spec, const std::string& target,
                         const Result<CommandOutcome>* outcome) {
  if (spec.name == "register") {
    if (outcome && *outcome) {
      // register answers with the request it created (its struct's run()).
      HOTLINE_ASSERT(std::holds_alternative<RequestState>(**outcome));
      return std::get<RequestState>(**outcome).number;
    }
    return "new-request";
  }
  if (spec.subject == Subject::kNone) return "work-orders";
  return target;
}

}  // namespace

WorkOrders::WorkOrders(Engine& engine, WorkOrderStore& store, const Organisation& organisation,
                       PrivacyGuard* guard)
    : engine_(engine), store_(store), organisation_(organisation), guard_(guard) {}

void WorkOrders::audit(const Caller& caller, const CommandSpec& spec, const std::string& target,
                       const Status& outcome) {
  if (!spec.audited || guard_ == nullptr) return;
  (void)guard_->record_change(caller.actor, caller.remote, "command:" + std::string(spec.name),
                              target, outcome.has_value(),
                              outcome ? std::string() : outcome.error().describe());
}

Status WorkOrders::permit(const Caller& caller, std::string_view name, const std::string& target) {
  const CommandEntry* entry = find_command(name);
  if (!entry) return fail(unknown_command(name));
  const CommandSpec& spec = entry->spec;
  // SEC-2: the role check of the permission table, before the arguments are
  // read, so that a refused caller learns nothing from validation errors. The
  // unit scope (lead, assisting) needs the work order and is the engine's.
  if (!spec.permission) return {};
  auto st = authorize(caller.actor, *spec.permission, nullptr, organisation_);
  if (!st) audit(caller, spec, audit_target(spec, target, nullptr), st);
  return st;
}

Status WorkOrders::admit(const Caller& caller, const CommandSpec& spec, const std::string& target) {
  if (auto st = permit(caller, spec.name, target); !st) return st;
  // INT-5: an applicant acts only on the request of their session.
  // INT-7: the applicant's own request (evaluating the agent who took the call).
  const bool own_request =
      spec.subject == Subject::kRequest && !caller.scope.empty() && target == caller.scope;
  if (caller.actor.role == Role::kApplicant && spec.subject != Subject::kNone && !own_request) {
    auto wo = spec.subject == Subject::kWorkOrder
                  ? engine_.work_order(target)
                  : Result<WorkOrderState>(fail(Error::not_found("")));
    if (!wo || caller.scope.empty() || wo->request != caller.scope) {
      const auto what = spec.subject == Subject::kWorkOrder ? "work order " : "request ";
      return fail(Error::not_found(what + target));
    }
  }
  return {};
}

Result<CommandOutcome> WorkOrders::execute(const Caller& caller, const Invocation& call) {
  const CommandEntry* entry = find_command(call.name);
  if (!entry) return fail(unknown_command(call.name));
  const CommandSpec& spec = entry->spec;
  if (auto st = admit(caller, spec, call.target); !st) return fail(st.error());
  auto command = entry->parse(call.args);
  if (!command) {
    audit(caller, spec, audit_target(spec, call.target, nullptr), fail(command.error()));
    return fail(command.error());
  }
  return run(caller, spec, call, std::move(*command));
}

Result<CommandOutcome> WorkOrders::execute(const Caller& caller, const Invocation& call,
                                           WorkOrderCommand command) {
  const std::string_view name =
      std::visit([](const auto& c) { return std::decay_t<decltype(c)>::kSpec.name; }, command);
  const CommandEntry* entry = find_command(name);
  HOTLINE_ASSERT(entry != nullptr);
  const CommandSpec& spec = entry->spec;
  if (auto st = admit(caller, spec, call.target); !st) return fail(st.error());
  return run(caller, spec, call, std::move(command));
}

Result<CommandOutcome> WorkOrders::run(const Caller& caller, const CommandSpec& spec,
                                       const Invocation& call, WorkOrderCommand command) {
  CommandContext ctx{caller.actor, call.reason, call.expected_version};
  ctx.intake_key = caller.intake_key;
  // Item 7 of issue 9: the entry commits with the command's events, so a
  // change never stands without it. A registration's target (empty here) is
  // the request number the engine gives it.
  CommandAudit in_commit;
  if (spec.audited && guard_ != nullptr) {
    const std::string target =
        spec.name == "register" ? std::string() : audit_target(spec, call.target, nullptr);
    in_commit.record = guard_->change_record(caller.actor, caller.remote,
                                             "command:" + std::string(spec.name), target, true);
    ctx.audit = &in_commit;
  }
  auto outcome = run_command(engine_, ctx, call.target, std::move(command));
  if (in_commit.committed) return outcome;
  if (!outcome) {
    // Nothing was written: the refusal has an entry of its own.
    audit(caller, spec, audit_target(spec, call.target, nullptr), fail(outcome.error()));
  } else {
    // A command that appended nothing (the sweep's batches are the system's).
    audit(caller, spec, audit_target(spec, call.target, &outcome), {});
  }
  return outcome;
}

json WorkOrders::answer(const Caller& caller, const CommandOutcome& outcome) {
  if (const auto* request = std::get_if<RequestState>(&outcome)) {
    const RequestView v = view(caller, *request);
    json out = request_to_json(v.state);
    out["details"] = v.details ? request_details_to_json(*v.details) : json();
    return out;
  }
  return outcome_to_json(outcome);
}

bool WorkOrders::may_read(const Caller& caller, const WorkOrderState& s) const {
  // The staff's view holds internal notes (review and dissatisfaction
  // reasons, staff ids): applicants read their own view (applicant_view).
  if (caller.actor.role == Role::kApplicant) return false;
  return can_see_work_order(caller.actor, s, organisation_);
}

Result<WorkOrderState> WorkOrders::work_order(const Caller& caller, const std::string& id) {
  auto state = engine_.work_order(id);
  // "Not yours" and "not there" look the same.
  if (!state || !may_read(caller, *state)) return fail(Error::not_found("work order " + id));
  return state;
}

Result<std::vector<Event>> WorkOrders::history(const Caller& caller, const std::string& id) {
  auto state = work_order(caller, id);
  if (!state) return fail(state.error());
  return engine_.history(id);
}

RequestView WorkOrders::view(const Caller& caller, const RequestState& state) {
  RequestView v{state, std::nullopt};
  if (guard_ == nullptr) {
    v.details = state.details;
    return v;
  }
  // Personal data only through the privacy guard: masked per role and audited.
  auto details = guard_->read_request(caller.actor, caller.remote, state.number, state.details);
  if (details) v.details = std::move(*details);
  return v;
}

Result<RequestView> WorkOrders::request(const Caller& caller, const std::string& number) {
  auto state = engine_.request(number);
  if (!state) return fail(state.error());
  const Actor& actor = caller.actor;
  if (actor.role == Role::kApplicant) {
    // Applicants read applicant_view(), never the staff's record.
    return fail(Error::not_found("request " + number));
  } else if (!sees_all_work_orders(actor.role)) {
    // A unit sees a request only through a work order it may see.
    bool visible = false;
    for (const auto& o : state->orders) {
      auto wo = engine_.work_order(o.work_order);
      if (wo && can_see_work_order(actor, *wo, organisation_)) visible = true;
    }
    if (!visible) return fail(Error::not_found("request " + number));
  }
  return view(caller, *state);
}

Result<ApplicantView> WorkOrders::applicant_view(const Caller& caller) {
  if (caller.actor.role != Role::kApplicant || caller.scope.empty()) {
    return fail(Error::not_found("request " + caller.scope));
  }
  auto request = engine_.request(caller.scope);
  if (!request) return fail(Error::not_found("request " + caller.scope));
  std::vector<WorkOrderState> orders;
  for (const auto& o : request->orders) {
    auto wo = engine_.work_order(o.work_order);
    if (!wo) return fail(wo.error());
    orders.push_back(std::move(*wo));
  }
  return hotline::applicant_view(*request, orders, organisation_);
}

Result<std::vector<Event>> WorkOrders::request_history(const Caller& caller,
                                                       const std::string& number) {
  auto visible = request(caller, number);
  if (!visible) return fail(visible.error());
  auto events = engine_.history(number);
  if (!events) return fail(events.error());
  if (guard_ == nullptr) return events;
  return guard_->read_events(caller.actor, caller.remote, number, *events);
}

Status WorkOrders::scope(const Caller& caller, WorkOrderFilter& filter) const {
  const Actor& actor = caller.actor;
  if (actor.role == Role::kApplicant) {
    filter.request = caller.scope;
  } else if (!sees_all_work_orders(actor.role)) {
    if (filter.unit && !organisation_.is_within(*filter.unit, actor.unit)) {
      return fail(Error::not_found("unit " + *filter.unit));
    }
    if (!filter.unit) filter.any_of_units = units_within(organisation_, actor.unit);
  }
  return {};
}

Result<std::vector<WorkOrderSummary>> WorkOrders::list(const Caller& caller,
                                                       WorkOrderFilter filter) {
  if (auto st = scope(caller, filter); !st) return fail(st.error());
  return store_.list_work_orders(filter);
}

Result<std::size_t> WorkOrders::count(const Caller& caller, WorkOrderFilter filter) {
  if (auto st = scope(caller, filter); !st) return fail(st.error());
  return store_.count_work_orders(filter);
}

Result<SweepReport> WorkOrders::sweep() { return engine_.sweep(); }

Result<std::vector<AgentServiceRow>> WorkOrders::agent_figures(std::optional<Instant> from,
                                                               std::optional<Instant> to) {
  AgentServiceFigures figures;
  figures.set_window(from, to);
  for (std::int64_t position = 0;;) {
    auto page = store_.read_log(position, 5000);
    if (!page) return fail(page.error());
    if (page->empty()) break;
    for (const auto& entry : *page) figures.add(entry.event);
    position = page->back().position;
  }
  return figures.rows();
}

}  // namespace hotline
