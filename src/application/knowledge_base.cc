#include "application/knowledge_base.h"

#include <tuple>
#include <type_traits>

namespace hotline {
namespace {

using nlohmann::json;

template <typename C>
KnowledgeOperationEntry entry_of() {
  using Answer = typename std::invoke_result_t<decltype(&C::run), C&&, KnowledgeService&,
                                               const kb::Caller&>::value_type;
  KnowledgeOperationEntry e;
  e.spec = C::kSpec;
  if constexpr (requires { C::body_schema(); }) e.body_schema = C::body_schema();
  if constexpr (requires { C::query_params(); }) e.query = C::query_params();
  e.answer_schema = kb::answer_schema(static_cast<const Answer*>(nullptr));
  e.run = [](KnowledgeService& service, const OperationCall& call) -> Result<json> {
    auto command = C::from_call(call);
    if (!command) return fail(command.error());
    auto answer = std::move(*command).run(service, call.actor);
    if (!answer) return fail(answer.error());
    return kb::render(*answer, call.actor);
  };
  return e;
}

template <typename... C>
std::vector<KnowledgeOperationEntry> table_of(std::type_identity<std::tuple<C...>>) {
  return {entry_of<C>()...};
}

}  // namespace

KnowledgeBase::KnowledgeBase(KnowledgeService& service, PrivacyGuard* guard)
    : service_(service), guard_(guard) {}

const std::vector<KnowledgeOperationEntry>& KnowledgeBase::operations() {
  static const std::vector<KnowledgeOperationEntry> kTable =
      table_of(std::type_identity<kb::KnowledgeOperations>{});
  return kTable;
}

const KnowledgeOperationEntry* KnowledgeBase::find(std::string_view name) {
  for (const auto& e : operations()) {
    if (e.spec.name == name) return &e;
  }
  return nullptr;
}

void KnowledgeBase::audit(const OperationSpec& spec, const OperationCall& call,
                          const std::string& target, const Status& outcome) {
  audit_operation(guard_, spec, call, target, outcome);
}

Status KnowledgeBase::admit(std::string_view name, const OperationCall& call) {
  const KnowledgeOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);  // doors call the names of the table
  auto st = hotline::admit(entry->spec, call.actor);
  if (!st) audit(entry->spec, call, audit_target(entry->spec, call, nullptr), st);
  return st;
}

Result<json> KnowledgeBase::execute(std::string_view name, const OperationCall& call) {
  const KnowledgeOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);
  if (auto st = admit(name, call); !st) return fail(st.error());
  auto answer = entry->run(service_, call);
  audit(entry->spec, call, audit_target(entry->spec, call, &answer),
        answer ? Status{} : Status(fail(answer.error())));
  return answer;
}

}  // namespace hotline
