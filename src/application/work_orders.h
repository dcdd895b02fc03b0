#pragma once
// The work-order use cases: every door (CLI, HTTP, scenario files, Open311)
// changes and reads requests and work orders through this class, never
// through the engine or the store directly. A command is checked against its
// declaration (command.h) the same way whichever door it came by: the role's
// permission before its arguments are read (SEC-2), an applicant only on the
// request of their session (INT-5), an audit entry done or refused (SEC-2
// [M27, R28]); queries see what the caller may see (a unit its own work
// orders, the office all) and personal data only through the privacy guard
// (SEC-4, masked per role, the read audited).
//
// Thread-safety: as safe as the engine, the store and the guard it holds
// (all are shared by the server's workers); it keeps no state of its own.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "application/command.h"
#include "application/command_table.h"
#include "core/analysis/agent_service.h"
#include "core/engine/engine.h"
#include "core/ports/work_order_store.h"
#include "core/security/applicant_view.h"
#include "core/security/privacy_guard.h"

namespace hotline {

// One call of a command as a door received it.
struct Invocation {
  std::string_view name;  // "accept"
  std::string target;     // request number or work order id; empty for register, sweep
  std::string reason;     // recorded on the event
  std::optional<std::int64_t> expected_version;
  nlohmann::json args = nlohmann::json::object();
};

// A request as the caller may see it: the state, and the details masked for
// the caller's role (none when the guard refused them).
struct RequestView {
  RequestState state;
  std::optional<RequestDetails> details;
};

class WorkOrders {
 public:
  // `guard` null: no audit and no masking (tools that run without the
  // security store); every door of the composition root has one.
  WorkOrders(Engine& engine, WorkOrderStore& store, const Organisation& organisation,
             PrivacyGuard* guard);

  // ---- Commands ----
  // The caller's role may run command `name` (SEC-2); a refusal is audited.
  // execute() checks it too; a door calls it first to refuse before it reads
  // a body.
  Status permit(const Caller& caller, std::string_view name, const std::string& target);
  // Looks the command up in the table, checks the caller, reads the
  // arguments, runs it and records the audit entry its declaration asks for.
  Result<CommandOutcome> execute(const Caller& caller, const Invocation& call);
  // The same for a command a door has read into its typed struct itself
  // (Open311's form); `call.name` and `call.args` are not read.
  Result<CommandOutcome> execute(const Caller& caller, const Invocation& call,
                                 WorkOrderCommand command);
  // The answer of a command as the caller may see it (a request's details
  // through the privacy guard when the command declares Privacy::kMasked).
  nlohmann::json answer(const Caller& caller, const CommandOutcome& outcome);

  // ---- Queries ----
  Result<WorkOrderState> work_order(const Caller& caller, const std::string& id);
  Result<std::vector<Event>> history(const Caller& caller, const std::string& id);
  Result<RequestView> request(const Caller& caller, const std::string& number);
  // A request's own events (registration, triage, dispatch), the personal
  // data in them through the privacy guard.
  Result<std::vector<Event>> request_history(const Caller& caller, const std::string& number);
  RequestView view(const Caller& caller, const RequestState& state);
  // INT-5 [M14]: the request of an applicant's session as its applicant sees
  // it: progress, the reply, what they may do next; none of the internal
  // record. Anyone else: not found.
  Result<ApplicantView> applicant_view(const Caller& caller);
  // The caller's work orders: a unit's own and its handling units', an
  // applicant's request's, the office's all. A unit filter outside the
  // caller's unit is "not found".
  Result<std::vector<WorkOrderSummary>> list(const Caller& caller, WorkOrderFilter filter);
  Result<std::size_t> count(const Caller& caller, WorkOrderFilter filter);
  // The sweep on the scheduler's behalf (the system actor).
  Result<SweepReport> sweep();
  // INT-7: each agent's calls, evaluations and conduct complaints in
  // [from, to), read from the event log (the doors check who may ask).
  Result<std::vector<AgentServiceRow>> agent_figures(std::optional<Instant> from,
                                                     std::optional<Instant> to);

  const Organisation& organisation() const { return organisation_; }

 private:
  bool may_read(const Caller& caller, const WorkOrderState& s) const;
  Status scope(const Caller& caller, WorkOrderFilter& filter) const;
  void audit(const Caller& caller, const CommandSpec& spec, const std::string& target,
             const Status& outcome);
  // The checks before the arguments: the role (SEC-2), an applicant's own
  // request (INT-5).
  Status admit(const Caller& caller, const CommandSpec& spec, const std::string& target);
  // Runs the command, its audit entry in the same commit.
  Result<CommandOutcome> run(const Caller& caller, const CommandSpec& spec, const Invocation& call,
                             WorkOrderCommand command);

  Engine& engine_;
  WorkOrderStore& store_;
  const Organisation& organisation_;
  PrivacyGuard* guard_;
};

}  // namespace hotline
