#include "application/accounts.h"

#include <type_traits>

#include "application/operation_table.h"

namespace hotline {

using nlohmann::json;

namespace {

struct AccountAnswers {
  template <typename A>
  static json schema(const A* a) {
    return account_ops::answer_schema(a);
  }
  template <typename A>
  static json render(const A& a, const account_ops::Caller& caller) {
    return account_ops::render(a, caller);
  }
};

}  // namespace

Accounts::Accounts(AccountsContext context, PrivacyGuard* guard)
    : context_(context), guard_(guard) {}

const std::vector<AccountOperationEntry>& Accounts::operations() {
  static const std::vector<AccountOperationEntry> kTable =
      operation_table::generate<AccountsContext, AccountAnswers>(
          std::type_identity<account_ops::AccountOperations>{});
  return kTable;
}

const AccountOperationEntry* Accounts::find(std::string_view name) {
  return operation_table::find(operations(), name);
}

Status Accounts::admit(std::string_view name, const OperationCall& call) {
  const AccountOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);  // doors call the names of the table
  return operation_table::admit(guard_, *entry, call);
}

Result<json> Accounts::execute(std::string_view name, const OperationCall& call) {
  const AccountOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);
  // An account change and its audit entry commit in one transaction of the
  // security store, which holds the audit log too.
  return operation_table::execute(
      guard_, *entry, context_, call,
      [this](const std::function<Status()>& body) { return context_.store.atomically(body); });
}

}  // namespace hotline
