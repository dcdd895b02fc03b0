#pragma once
// What every use case built on typed operations (KnowledgeBase, Triage,
// Accounts) does with its table, written once: the table generated from a
// std::tuple of operation structs, the look-up by name, the admission check
// (SEC-2, a refusal audited) and the execution (read strictly, run, render
// for the caller, audited done or refused).
//
// An operation struct C declares `kSpec`, `from_call(const OperationCall&)`,
// `run(Context&, const std::optional<Actor>&) &&` returning Result<Answer>,
// and optionally `body_schema()` and `query_params()`. `Answers` says what an
// answer looks like: `Answers::schema(const Answer*)` and
// `Answers::render(const Answer&, caller)` (each use case's namespace has
// them as overloads).

#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "application/operation.h"
#include "core/security/privacy_guard.h"

namespace hotline::operation_table {

template <typename Context, typename Answers, typename C>
OperationEntry<Context> entry_of() {
  using Answer = typename std::invoke_result_t<decltype(&C::run), C&&, Context&,
                                               const std::optional<Actor>&>::value_type;
  OperationEntry<Context> e;
  e.spec = C::kSpec;
  if constexpr (requires { C::body_schema(); }) e.body_schema = C::body_schema();
  if constexpr (requires { C::query_params(); }) e.query = C::query_params();
  e.answer_schema = Answers::schema(static_cast<const Answer*>(nullptr));
  e.run = [](Context& context, const OperationCall& call) -> Result<nlohmann::json> {
    auto command = C::from_call(call);
    if (!command) return fail(command.error());
    auto answer = std::move(*command).run(context, call.actor);
    if (!answer) return fail(answer.error());
    return Answers::render(*answer, call.actor);
  };
  return e;
}

template <typename Context, typename Answers, typename... C>
std::vector<OperationEntry<Context>> generate(std::type_identity<std::tuple<C...>>) {
  return {entry_of<Context, Answers, C>()...};
}

// Null for an unknown name.
template <typename Context>
const OperationEntry<Context>* find(const std::vector<OperationEntry<Context>>& table,
                                    std::string_view name) {
  for (const auto& e : table) {
    if (e.spec.name == name) return &e;
  }
  return nullptr;
}

// The caller may call it (SEC-2); a refusal of an audited operation is audited.
template <typename Context>
Status admit(PrivacyGuard* guard, const OperationEntry<Context>& entry, const OperationCall& call) {
  auto st = hotline::admit(entry.spec, call.actor);
  if (!st) audit_operation(guard, entry.spec, call, audit_target(entry.spec, call, nullptr), st);
  return st;
}

// A change and its audit entry commit together (SEC-2; issue 9, item 7):
// with `atomically`, one transaction holds the run and the entry, and an
// entry that cannot be written rolls the change back; without, a store that
// takes the entry (OperationCall::audit) commits it with the change. `run`
// reads the call (or holds a typed operation) and renders the answer.
template <typename Run>
Result<nlohmann::json> run_audited(PrivacyGuard* guard, const OperationSpec& spec,
                                   const OperationCall& call, Run&& run,
                                   const Atomically& atomically) {
  if (!spec.audited || guard == nullptr || !call.actor) return run(call);
  if (!atomically) {
    // The entry goes with the call to a store that commits it with the
    // change (OperationCall::audit); otherwise it is written after the run.
    CommandAudit in_commit;
    in_commit.record =
        guard->change_record(*call.actor, call.remote, "command:" + std::string(spec.name),
                             audit_target(spec, call, nullptr), true);
    OperationCall handed = call;
    handed.audit = &in_commit;
    auto answer = run(handed);
    if (in_commit.committed) return answer;
    audit_operation(guard, spec, call, audit_target(spec, call, &answer),
                    answer ? Status{} : Status(fail(answer.error())));
    return answer;
  }
  Result<nlohmann::json> answer = fail(Error::internal("the operation did not run"));
  const Status committed = atomically([&]() -> Status {
    answer = run(call);
    if (!answer) return fail(answer.error());
    return record_operation(guard, spec, call, audit_target(spec, call, &answer), {});
  });
  if (committed) return answer;
  if (answer) answer = fail(committed.error());  // rolled back with its entry
  // Nothing was changed: the refusal has an entry of its own.
  audit_operation(guard, spec, call, audit_target(spec, call, nullptr),
                  Status(fail(answer.error())));
  return answer;
}

// Admits the caller, reads the call, runs the operation, renders and audits.
template <typename Context>
Result<nlohmann::json> execute(PrivacyGuard* guard, const OperationEntry<Context>& entry,
                               Context& context, const OperationCall& call,
                               const Atomically& atomically = {}) {
  if (auto st = admit(guard, entry, call); !st) return fail(st.error());
  return run_audited(
      guard, entry.spec, call, [&](const OperationCall& c) { return entry.run(context, c); },
      atomically);
}

// The same for a door that reads its own input (a file on the command
// line): the operation comes typed; admission, audit and the answer are
// execute()'s.
template <typename Answers, typename Context, typename C>
Result<nlohmann::json> execute_typed(PrivacyGuard* guard, const OperationEntry<Context>& entry,
                                     Context& context, const OperationCall& call, C command,
                                     const Atomically& atomically = {}) {
  if (auto st = admit(guard, entry, call); !st) return fail(st.error());
  return run_audited(
      guard, entry.spec, call,
      [&](const OperationCall& c) -> Result<nlohmann::json> {
        auto answer = std::move(command).run(context, c.actor);
        if (!answer) return fail(answer.error());
        return Answers::render(*answer, c.actor);
      },
      atomically);
}

}  // namespace hotline::operation_table
