#pragma once
// Administration of accounts and roles (用户与角色, SEC-2 [M27]): only the
// administrator (系统管理员) creates accounts, changes their role, unit or
// name, disables or enables them and resets passwords. Every door (the
// command line, the HTTP API) calls these, and records an audit entry with
// who, what and the account — never the password.
//
// An administrator cannot disable their own account or take away their own
// administrator role: the platform would otherwise be left without one.

#include <optional>
#include <string>
#include <string_view>

#include "core/org/organisation.h"
#include "core/ports/credentials.h"
#include "core/ports/security_store.h"
#include "core/security/account.h"

namespace hotline {

// kForbidden (rule SEC-2) unless `actor` is the administrator.
Status require_administrator(const Actor& actor);

// What to change; members left empty stay as they are.
struct AccountChange {
  std::optional<std::string> display_name;
  std::optional<Role> role;
  std::optional<std::string> unit;
  std::optional<bool> active;
};

// Applies `change` to the account with id `id` after checking the role fits
// the unit (validate_account). A change of role or unit ends the account's
// sessions; disabling ends them and revokes its API keys.
Result<Account> change_account(SecurityStore& store, const Organisation& organisation,
                               const Actor& by, std::string_view id, const AccountChange& change,
                               Instant at);

// Sets a new password (Argon2id via Credentials) and ends the account's
// sessions. Refused for API clients, which sign in with keys.
Status reset_password(SecurityStore& store, const Credentials& credentials, const Actor& by,
                      std::string_view id, std::string_view password,
                      const PasswordPolicy& policy = {});

}  // namespace hotline
