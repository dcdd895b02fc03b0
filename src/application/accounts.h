#pragma once
// The account-administration use case (用户与角色, SEC-2 [M27]): the HTTP
// routes under /api/v1/admin/accounts and the command line's `hotline user
// add|change|reset-password` call its operations (account_commands.h) by
// name, as the knowledge base's and triage's doors do theirs: the
// administrator only, checked before the body is read; every change, done or
// refused, audited as "command:account-create|change|reset-password" naming
// the account — never the password. A change and its audit entry commit in
// one transaction of the security store, which holds the audit log too.
//
// Thread-safety: as safe as the security store and the guard it holds; it
// keeps no state of its own.

#include "application/account_commands.h"
#include "application/operation_use_case.h"

namespace hotline {

class Accounts final : public OperationUseCase<AccountsContext, account_ops::Answers,
                                               account_ops::AccountOperations> {
 public:
  // `guard` null: no audit (tests of the operations alone).
  Accounts(AccountsContext context, PrivacyGuard* guard)
      : OperationUseCase(context, guard,
                         [&store = context.store](const std::function<Status()>& body) {
                           return store.atomically(body);
                         }) {}
};

}  // namespace hotline
