#include "core/security/account_admin.h"

namespace hotline {
namespace {

Result<Account> find(SecurityStore& store, std::string_view id) {
  auto account = store.find_account(id);
  if (!account) return fail(account.error());
  if (!*account) return fail(Error::not_found("account " + std::string(id), "账号不存在"));
  return **account;
}

}  // namespace

Status require_administrator(const Actor& actor) {
  if (actor.role == Role::kAdministrator) return {};
  return fail(Error::forbidden("SEC-2", "M27", "only the administrator manages the platform",
                               "仅系统管理员可进行系统管理"));
}

Result<Account> change_account(SecurityStore& store, const Organisation& organisation,
                               const Actor& by, std::string_view id, const AccountChange& change,
                               Instant at) {
  if (auto st = require_administrator(by); !st) return fail(st.error());
  auto found = find(store, id);
  if (!found) return fail(found.error());
  Account account = *found;
  const bool self = account.id == by.id;
  if (change.display_name) {
    if (change.display_name->empty()) {
      return fail(Error::invalid("display_name", "must not be empty", "姓名不能为空"));
    }
    account.display_name = *change.display_name;
  }
  if (change.role) {
    if ((*change.role == Role::kApiClient) != account.is_api_client) {
      return fail(Error::invalid("role",
                                 "an API client stays an API client and a person stays a person",
                                 "接口客户端与人员账号不能互相转换"));
    }
    if (self && *change.role != Role::kAdministrator) {
      return fail(Error::invalid("role", "you cannot take away your own administrator role",
                                 "不能取消自己的系统管理员角色"));
    }
    account.role = *change.role;
  }
  if (change.unit) account.unit = *change.unit;
  if (change.active && !*change.active && self) {
    return fail(
        Error::invalid("active", "you cannot disable your own account", "不能停用自己的账号"));
  }
  if (auto st = validate_account(account, organisation); !st) return fail(st.error());

  const bool changed = account.display_name != found->display_name || account.role != found->role ||
                       account.unit != found->unit;
  if (changed) {
    if (auto st = store.update_account(account, at); !st) return fail(st.error());
  }
  if (change.active && *change.active != found->active) {
    if (auto st = store.set_active(account.id, *change.active, at); !st) return fail(st.error());
    account.active = *change.active;
  }
  return account;
}

Status reset_password(SecurityStore& store, const Credentials& credentials, const Actor& by,
                      std::string_view id, std::string_view password,
                      const PasswordPolicy& policy) {
  if (auto st = require_administrator(by); !st) return st;
  auto account = find(store, id);
  if (!account) return fail(account.error());
  if (account->is_api_client) {
    return fail(Error::invalid("password", "API clients sign in with keys, not passwords",
                               "接口客户端使用密钥，不设密码"));
  }
  if (auto st = validate_password(password, policy); !st) return st;
  auto hash = credentials.hash_password(password);
  if (!hash) return fail(hash.error());
  if (auto st = store.set_password_hash(account->id, *hash); !st) return st;
  return store.end_sessions(account->id);
}

}  // namespace hotline
