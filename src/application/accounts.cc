#include "application/accounts.h"

#include <tuple>
#include <type_traits>

namespace hotline {
namespace {

using nlohmann::json;

template <typename C>
AccountOperationEntry entry_of() {
  using Answer = typename std::invoke_result_t<decltype(&C::run), C&&, AccountsContext&,
                                               const account_ops::Caller&>::value_type;
  AccountOperationEntry e;
  e.spec = C::kSpec;
  if constexpr (requires { C::body_schema(); }) e.body_schema = C::body_schema();
  if constexpr (requires { C::query_params(); }) e.query = C::query_params();
  e.answer_schema = account_ops::answer_schema(static_cast<const Answer*>(nullptr));
  e.run = [](AccountsContext& context, const OperationCall& call) -> Result<json> {
    auto command = C::from_call(call);
    if (!command) return fail(command.error());
    auto answer = std::move(*command).run(context, call.actor);
    if (!answer) return fail(answer.error());
    return account_ops::render(*answer, call.actor);
  };
  return e;
}

template <typename... C>
std::vector<AccountOperationEntry> table_of(std::type_identity<std::tuple<C...>>) {
  return {entry_of<C>()...};
}

}  // namespace

Accounts::Accounts(AccountsContext context, PrivacyGuard* guard)
    : context_(context), guard_(guard) {}

const std::vector<AccountOperationEntry>& Accounts::operations() {
  static const std::vector<AccountOperationEntry> kTable =
      table_of(std::type_identity<account_ops::AccountOperations>{});
  return kTable;
}

const AccountOperationEntry* Accounts::find(std::string_view name) {
  for (const auto& e : operations()) {
    if (e.spec.name == name) return &e;
  }
  return nullptr;
}

Status Accounts::admit(std::string_view name, const OperationCall& call) {
  const AccountOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);  // doors call the names of the table
  auto st = hotline::admit(entry->spec, call.actor);
  if (!st) audit_operation(guard_, entry->spec, call, audit_target(entry->spec, call, nullptr), st);
  return st;
}

Result<json> Accounts::execute(std::string_view name, const OperationCall& call) {
  const AccountOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);
  if (auto st = admit(name, call); !st) return fail(st.error());
  auto answer = entry->run(context_, call);
  audit_operation(guard_, entry->spec, call, audit_target(entry->spec, call, &answer),
                  answer ? Status{} : Status(fail(answer.error())));
  return answer;
}

}  // namespace hotline
