#pragma once
// The operations of account administration (用户与角色, SEC-2 [M27]), one
// typed struct each, in the pattern of knowledge_commands.h: the
// administrator creates accounts, changes their name, role, unit or enabled
// state, and resets passwords. `AccountOperations` lists them; the Accounts
// use case (accounts.h) and its routes under /api/v1/admin/accounts are
// generated from it. A password is read into the struct and handed to the
// credentials; it is never rendered, logged or audited.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>

#include "application/operation.h"
#include "core/clock.h"
#include "core/org/organisation.h"
#include "core/ports/credentials.h"
#include "core/ports/security_store.h"
#include "core/security/account.h"
#include "core/security/account_admin.h"

namespace hotline {

// What the account operations run on; everything must outlive it.
struct AccountsContext {
  SecurityStore& store;
  const Credentials& credentials;
  const Organisation& organisation;
  const Clock& clock;
  PasswordPolicy password_policy;
};

namespace account_ops {

using nlohmann::json;
using Caller = std::optional<Actor>;

// An account as the administrator sees it, with its unit's name.
struct AccountView {
  Account account;
  std::string unit_name;
};
struct PasswordReset {
  std::string id;
};

struct CreateAccount {
  static constexpr OperationSpec kSpec{
      "account-create",
      "POST",
      "/api/v1/admin/accounts",
      &who::kAdministrators,
      true,
      201,
      "Create an account with a role and unit (administrator; SEC-2)"};
  Account account;
  std::string password;
  static Result<CreateAccount> from_call(const OperationCall& call);
  static json body_schema();
  Result<AccountView> run(AccountsContext& c, const Caller& caller) &&;
};

struct ChangeAccount {
  static constexpr OperationSpec kSpec{
      "account-change",
      "PUT",
      "/api/v1/admin/accounts/{id}",
      &who::kAdministrators,
      true,
      200,
      "Change an account's name, role, unit or enabled state; members left out stay "
      "(administrator; SEC-2)"};
  std::string id;
  AccountChange change;
  static Result<ChangeAccount> from_call(const OperationCall& call);
  static json body_schema();
  Result<AccountView> run(AccountsContext& c, const Caller& caller) &&;
};

struct ResetPassword {
  static constexpr OperationSpec kSpec{
      "account-reset-password",
      "POST",
      "/api/v1/admin/accounts/{id}/password",
      &who::kAdministrators,
      true,
      200,
      "Reset an account's password and end its sessions (administrator; SEC-2)"};
  std::string id;
  std::string password;
  static Result<ResetPassword> from_call(const OperationCall& call);
  static json body_schema();
  Result<PasswordReset> run(AccountsContext& c, const Caller& caller) &&;
};

using AccountOperations = std::tuple<CreateAccount, ChangeAccount, ResetPassword>;

json render(const AccountView& a, const Caller& caller);
json render(const PasswordReset& r, const Caller& caller);
json answer_schema(const AccountView*);
json answer_schema(const PasswordReset*);

}  // namespace account_ops
}  // namespace hotline
