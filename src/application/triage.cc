#include "application/triage.h"

#include <tuple>
#include <type_traits>

namespace hotline {
namespace {

using nlohmann::json;

template <typename C>
TriageOperationEntry entry_of() {
  using Answer = typename std::invoke_result_t<decltype(&C::run), C&&, TriageContext&,
                                               const triage_ops::Caller&>::value_type;
  TriageOperationEntry e;
  e.spec = C::kSpec;
  if constexpr (requires { C::body_schema(); }) e.body_schema = C::body_schema();
  if constexpr (requires { C::query_params(); }) e.query = C::query_params();
  e.answer_schema = triage_ops::answer_schema(static_cast<const Answer*>(nullptr));
  e.run = [](TriageContext& context, const OperationCall& call) -> Result<json> {
    auto command = C::from_call(call);
    if (!command) return fail(command.error());
    auto answer = std::move(*command).run(context, call.actor);
    if (!answer) return fail(answer.error());
    return triage_ops::render(*answer, call.actor);
  };
  return e;
}

template <typename... C>
std::vector<TriageOperationEntry> table_of(std::type_identity<std::tuple<C...>>) {
  return {entry_of<C>()...};
}

}  // namespace

Triage::Triage(TriageContext context, PrivacyGuard* guard)
    : context_(std::move(context)), guard_(guard) {}

const std::vector<TriageOperationEntry>& Triage::operations() {
  static const std::vector<TriageOperationEntry> kTable =
      table_of(std::type_identity<triage_ops::TriageOperations>{});
  return kTable;
}

const TriageOperationEntry* Triage::find(std::string_view name) {
  for (const auto& e : operations()) {
    if (e.spec.name == name) return &e;
  }
  return nullptr;
}

Status Triage::admit(std::string_view name, const OperationCall& call) {
  const TriageOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);  // doors call the names of the table
  auto st = hotline::admit(entry->spec, call.actor);
  if (!st) audit_operation(guard_, entry->spec, call, audit_target(entry->spec, call, nullptr), st);
  return st;
}

Result<json> Triage::execute(std::string_view name, const OperationCall& call) {
  const TriageOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);
  if (auto st = admit(name, call); !st) return fail(st.error());
  auto answer = entry->run(context_, call);
  audit_operation(guard_, entry->spec, call, audit_target(entry->spec, call, &answer),
                  answer ? Status{} : Status(fail(answer.error())));
  return answer;
}

}  // namespace hotline
