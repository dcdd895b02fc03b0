#pragma once
// The operations of account administration (用户与角色, SEC-2 [M27]), one
// typed struct each, in the pattern of knowledge_commands.h: the
// administrator creates accounts, changes their name, role, unit or enabled
// state, resets passwords and creates other systems' API keys; the office's
// staff list the accounts. `AccountOperations` lists them; the Accounts
// use case (accounts.h) and its routes under /api/v1/admin/accounts are
// generated from it. A password is read into the struct and handed to the
// credentials; it is never rendered, logged or audited.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "application/operation.h"
#include "core/clock.h"
#include "core/org/organisation.h"
#include "core/ports/credentials.h"
#include "core/ports/security_store.h"
#include "core/security/account.h"
#include "core/security/account_admin.h"
#include "core/security/authenticator.h"

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
struct AccountList {
  std::vector<AccountView> items;
};
struct ApiKeyCreated {
  CreatedApiKey created;  // the key itself is in this answer only
  std::string unit_name;
};

struct ListAccounts {
  static constexpr OperationSpec kSpec{"account-list",
                                       "GET",
                                       "/api/v1/directory/accounts",
                                       &who::kOffice,
                                       false,
                                       200,
                                       "Users and their roles (the office's staff; SEC-2)"};
  static Result<ListAccounts> from_call(const OperationCall& call);
  Result<AccountList> run(AccountsContext& c, const Caller& caller) &&;
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

struct CreateApiKey {
  static constexpr OperationSpec kSpec{
      "apikey-create",
      "POST",
      "/api/v1/admin/api-keys",
      &who::kAdministrators,
      true,
      201,
      "Create an API key for another system, on its API-client account \"api.<name>\" of the unit "
      "(made when missing); the key is in this answer only (administrator; SEC-2, INT-1)"};
  std::string name;
  std::string unit;
  static Result<CreateApiKey> from_call(const OperationCall& call);
  static json body_schema();
  Result<ApiKeyCreated> run(AccountsContext& c, const Caller& caller) &&;
};

using AccountOperations =
    std::tuple<ListAccounts, CreateAccount, ChangeAccount, ResetPassword, CreateApiKey>;

json render(const AccountView& a, const Caller& caller);
json render(const PasswordReset& r, const Caller& caller);
json render(const AccountList& l, const Caller& caller);
json render(const ApiKeyCreated& k, const Caller& caller);
json answer_schema(const AccountView*);
json answer_schema(const PasswordReset*);
json answer_schema(const AccountList*);
json answer_schema(const ApiKeyCreated*);

HOTLINE_OPERATION_ANSWERS(account_ops);

}  // namespace account_ops
}  // namespace hotline
