#include "core/security/account.h"

#include "core/text.h"

namespace hotline {
namespace {

bool username_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

}  // namespace

Status validate_username(std::string_view username) {
  if (username.size() < 2 || username.size() > 64) {
    return fail(Error::invalid("username", "must be 2 to 64 characters", "用户名须为2至64个字符"));
  }
  for (char c : username) {
    if (!username_char(c)) {
      return fail(Error::invalid("username", "only a-z, 0-9, '.', '_' and '-' are allowed",
                                 "用户名只能包含小写字母、数字和 . _ -"));
    }
  }
  if (!((username[0] >= 'a' && username[0] <= 'z') || (username[0] >= '0' && username[0] <= '9'))) {
    return fail(Error::invalid("username", "must start with a letter or digit",
                               "用户名须以字母或数字开头"));
  }
  return {};
}

Status validate_password(std::string_view password, const PasswordPolicy& policy) {
  if (password.size() > policy.max_bytes) {
    return fail(Error::invalid("password", "is too long", "密码过长"));
  }
  if (!is_valid_utf8(password)) {
    return fail(Error::invalid("password", "is not valid UTF-8", "密码编码无效"));
  }
  if (code_points(password) < policy.min_code_points) {
    return fail(Error::invalid(
        "password", "must have at least " + std::to_string(policy.min_code_points) + " characters",
        "密码至少需要" + std::to_string(policy.min_code_points) + "个字符"));
  }
  return {};
}

Status validate_account(const Account& account, const Organisation& organisation) {
  if (auto st = validate_username(account.username); !st) return st;
  if (account.id.empty() || !is_valid_utf8(account.id)) {
    return fail(Error::invalid("id", "empty or not UTF-8", "账号编号为空或编码无效"));
  }
  if (!is_valid_utf8(account.display_name)) {
    return fail(Error::invalid("display_name", "is not valid UTF-8", "姓名编码无效"));
  }
  if (account.role == Role::kApplicant || account.role == Role::kSystem) {
    return fail(Error::invalid("role", std::string(to_string(account.role)) + " has no account",
                               "该角色不能开设账号"));
  }
  if (account.is_api_client != (account.role == Role::kApiClient)) {
    return fail(Error::invalid("role", "API clients, and only they, have role api-client",
                               "接口客户端账号的角色须为 api-client"));
  }
  // Social supervisors (EVA-4 [R22]) are appointed by the office and act for it.
  const bool office = is_office_role(account.role) || account.role == Role::kAnalyst ||
                      account.role == Role::kSocialSupervisor;
  if (office) {
    if (account.unit != kOfficeUnit) {
      return fail(Error::invalid("unit", "office roles act for the unit \"office\"",
                                 "热线工作机构人员的单位须为 office"));
    }
    return {};
  }
  const Unit* unit = organisation.find(account.unit);
  if (unit == nullptr) {
    return fail(Error::invalid("unit", "unknown unit " + account.unit, "单位不存在"));
  }
  if (is_unit_role(account.role) && !unit->is_undertaking()) {
    return fail(Error::invalid("unit", "unit roles act for an undertaking or handling unit",
                               "承办单位人员须属于承办或经办单位"));
  }
  return {};
}

bool session_is_live(const SessionRecord& s, Instant now, const SessionPolicy& policy) {
  if (now >= s.expires_at) return false;
  return now < s.last_seen + policy.idle_timeout;
}

Actor applicant_actor(std::string_view request_number) {
  return Actor{"applicant:" + std::string(request_number), Role::kApplicant, ""};
}

}  // namespace hotline
