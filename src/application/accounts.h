#pragma once
// The account-administration use case (用户与角色, SEC-2 [M27]): the HTTP
// routes under /api/v1/admin/accounts and the command line's `hotline user
// add|change|reset-password` call its operations (account_commands.h) by
// name, as the knowledge base's and triage's doors do theirs: the
// administrator only, checked before the body is read; every change, done or
// refused, audited as "command:account-create|change|reset-password" naming
// the account — never the password.
//
// Thread-safety: as safe as the security store and the guard it holds; it
// keeps no state of its own.

#include <string_view>
#include <vector>

#include "application/account_commands.h"
#include "application/operation.h"
#include "core/security/privacy_guard.h"

namespace hotline {

using AccountOperationEntry = OperationEntry<AccountsContext>;

class Accounts {
 public:
  // `guard` null: no audit (tests of the operations alone).
  Accounts(AccountsContext context, PrivacyGuard* guard);

  static const std::vector<AccountOperationEntry>& operations();
  static const AccountOperationEntry* find(std::string_view name);

  Status admit(std::string_view name, const OperationCall& call);
  Result<nlohmann::json> execute(std::string_view name, const OperationCall& call);

 private:
  AccountsContext context_;
  PrivacyGuard* guard_;
};

}  // namespace hotline
