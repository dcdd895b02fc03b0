#include "application/account_commands.h"

#include <algorithm>

#include "adapters/json/json_reader.h"
#include "application/json_schema.h"
#include "core/security/authenticator.h"

namespace hotline::account_ops {
namespace {

std::optional<Role> read_role(JsonReader& r, bool required) {
  return r.enumeration<Role>("role", parse_role,
                             "agent, dispatcher, visit-agent, supervisor, "
                             "analyst, administrator, unit-staff, unit-administrator",
                             required);
}

// Office roles and analysts belong to the office, whatever unit was named.
bool office_bound(Role r) { return is_office_role(r) || r == Role::kAnalyst; }

AccountView view_of(const AccountsContext& c, Account a) {
  std::string unit_name = a.unit;
  if (a.unit == kOfficeUnit) {
    unit_name = "热线工作机构";
  } else if (const Unit* u = c.organisation.find(a.unit)) {
    unit_name = u->name;
  }
  return AccountView{std::move(a), std::move(unit_name)};
}

json account_schema() {
  using namespace schema;
  return object({{"id", string()},
                 {"username", string()},
                 {"display_name", string()},
                 {"role", enumeration<Role>(parse_role)},
                 {"role_zh", string()},
                 {"unit", string()},
                 {"unit_name", string()},
                 {"active", boolean()},
                 {"api_client", boolean()}},
                {"id", "username", "display_name", "role", "unit", "active"});
}

}  // namespace

Result<CreateAccount> CreateAccount::from_call(const OperationCall& call) {
  JsonReader r(call.body, "");
  CreateAccount c;
  c.account.username = r.string("username", true);
  c.account.display_name = r.string("display_name", true);
  const auto role = read_role(r, true);
  c.account.unit = r.string("unit", true);
  c.password = r.string("password", true);
  if (auto st = r.finish(); !st) return fail(st.error());
  c.account.role = *role;
  c.account.id = c.account.username;
  if (c.account.role == Role::kApiClient) {
    return fail(Error::invalid("role", "API clients are made with `hotline apikey create`",
                               "接口客户端请用 hotline apikey create 创建"));
  }
  if (office_bound(c.account.role)) c.account.unit = std::string(kOfficeUnit);
  return c;
}

json CreateAccount::body_schema() {
  using namespace schema;
  return object({{"username", string("a-z 0-9 . _ -", 2)},
                 {"display_name", string("姓名", 1)},
                 {"role", enumeration<Role>(parse_role)},
                 {"unit", string("a unit id; office roles: office")},
                 {"password", string("at least 10 characters", 1)}},
                {"username", "display_name", "role", "unit", "password"});
}

Result<AccountView> CreateAccount::run(AccountsContext& c, const Caller&) && {
  auto created = add_account(c.store, c.credentials, c.organisation, std::move(account), password,
                             c.clock.now(), c.password_policy);
  std::fill(password.begin(), password.end(), '\0');
  if (!created) return fail(created.error());
  return view_of(c, std::move(*created));
}

Result<ChangeAccount> ChangeAccount::from_call(const OperationCall& call) {
  JsonReader r(call.body, "");
  ChangeAccount c;
  c.id = call.path_param("id");
  if (call.body.contains("display_name")) c.change.display_name = r.string("display_name");
  c.change.role = read_role(r, false);
  if (call.body.contains("unit")) c.change.unit = r.string("unit");
  if (call.body.contains("active")) c.change.active = r.boolean("active");
  if (auto st = r.finish(); !st) return fail(st.error());
  if (c.change.role && office_bound(*c.change.role)) c.change.unit = std::string(kOfficeUnit);
  return c;
}

json ChangeAccount::body_schema() {
  using namespace schema;
  return object({{"display_name", string("姓名", 1)},
                 {"role", enumeration<Role>(parse_role)},
                 {"unit", string("a unit id")},
                 {"active", boolean("false disables the account")}});
}

Result<AccountView> ChangeAccount::run(AccountsContext& c, const Caller& caller) && {
  auto changed =
      change_account(c.store, c.organisation, actor_of(caller), id, change, c.clock.now());
  if (!changed) return fail(changed.error());
  return view_of(c, std::move(*changed));
}

Result<ResetPassword> ResetPassword::from_call(const OperationCall& call) {
  JsonReader r(call.body, "");
  ResetPassword p;
  p.id = call.path_param("id");
  p.password = r.string("password", true);
  if (auto st = r.finish(); !st) return fail(st.error());
  return p;
}

json ResetPassword::body_schema() {
  return schema::object({{"password", schema::string("at least 10 characters", 1)}}, {"password"});
}

Result<PasswordReset> ResetPassword::run(AccountsContext& c, const Caller& caller) && {
  auto st =
      reset_password(c.store, c.credentials, actor_of(caller), id, password, c.password_policy);
  std::fill(password.begin(), password.end(), '\0');
  if (!st) return fail(st.error());
  return PasswordReset{id};
}

Result<ListAccounts> ListAccounts::from_call(const OperationCall& call) {
  JsonReader r(call.body, "");
  if (auto st = r.finish(); !st) return fail(st.error());
  return ListAccounts{};
}

Result<AccountList> ListAccounts::run(AccountsContext& c, const Caller&) && {
  auto accounts = c.store.list_accounts();
  if (!accounts) return fail(accounts.error());
  AccountList out;
  out.items.reserve(accounts->size());
  for (Account& a : *accounts) out.items.push_back(view_of(c, std::move(a)));
  return out;
}

Result<CreateApiKey> CreateApiKey::from_call(const OperationCall& call) {
  JsonReader r(call.body, "");
  CreateApiKey k;
  k.name = r.string("name", true);
  k.unit = r.string("unit", true);
  if (auto st = r.finish(); !st) return fail(st.error());
  // The account is "api.<name>": the name is named here, not as a username.
  const bool plain = std::all_of(k.name.begin(), k.name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
           ch == '-';
  });
  if (k.name.empty() || k.name.size() > 40 || !plain) {
    return fail(Error::invalid("name", "1 to 40 of a-z 0-9 . _ -",
                               "对接系统名称应为 1 至 40 个小写字母、数字、点、下划线或连字符"));
  }
  if (k.unit.empty()) return fail(Error::invalid("unit", "required", "请选择单位"));
  return k;
}

json CreateApiKey::body_schema() {
  using namespace schema;
  return object(
      {{"name", string("the other system, a-z 0-9 . _ - (\"12328\")", 1)},
       {"unit", string("the unit whose requests it may read and register (office: all)", 1)}},
      {"name", "unit"});
}

Result<ApiKeyCreated> CreateApiKey::run(AccountsContext& c, const Caller&) && {
  auto created = create_api_key(c.store, c.credentials, c.organisation, name, unit, c.clock.now());
  if (!created) return fail(created.error());
  std::string unit_name = view_of(c, created->account).unit_name;
  return ApiKeyCreated{std::move(*created), std::move(unit_name)};
}

json render(const AccountView& v, const Caller&) {
  const Account& a = v.account;
  return {{"id", a.id},
          {"username", a.username},
          {"display_name", a.display_name},
          {"role", std::string(to_string(a.role))},
          {"role_zh", std::string(to_chinese(a.role))},
          {"unit", a.unit},
          {"unit_name", v.unit_name},
          {"active", a.active},
          {"api_client", a.is_api_client}};
}

json render(const PasswordReset& r, const Caller&) {
  return {{"id", r.id}, {"sessions_ended", true}};
}

json render(const AccountList& l, const Caller& caller) {
  json items = json::array();
  for (const AccountView& v : l.items) items.push_back(render(v, caller));
  return {{"items", items}, {"total", items.size()}};
}

json render(const ApiKeyCreated& k, const Caller& caller) {
  return {{"id", k.created.record.id},
          {"name", k.created.record.name},
          {"key", k.created.key},
          {"account", render(AccountView{k.created.account, k.unit_name}, caller)}};
}

json answer_schema(const AccountView*) { return account_schema(); }
json answer_schema(const AccountList*) {
  using namespace schema;
  return object({{"items", array_of(account_schema())}, {"total", integer()}}, {"items", "total"});
}
json answer_schema(const ApiKeyCreated*) {
  using namespace schema;
  return object({{"id", string("the key's public id")},
                 {"name", string()},
                 {"key", string("the key itself, shown once: store it now")},
                 {"account", account_schema()}},
                {"id", "name", "key", "account"});
}
json answer_schema(const PasswordReset*) {
  return schema::object({{"id", schema::string()}, {"sessions_ended", schema::boolean()}},
                        {"id", "sessions_ended"});
}

}  // namespace hotline::account_ops
