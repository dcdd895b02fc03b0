#include "core/work_order/actor.h"

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<Role, 12> kRoles{{
    {Role::kAgent, "agent", "话务员"},
    {Role::kDispatcher, "dispatcher", "派单员"},
    {Role::kVisitAgent, "visit-agent", "回访员"},
    {Role::kSupervisor, "supervisor", "督办员"},
    {Role::kAnalyst, "analyst", "分析员"},
    {Role::kAdministrator, "administrator", "系统管理员"},
    {Role::kUnitStaff, "unit-staff", "承办单位工作人员"},
    {Role::kUnitAdministrator, "unit-administrator", "承办单位管理员"},
    {Role::kApiClient, "api-client", "接口客户端"},
    {Role::kApplicant, "applicant", "诉求人"},
    {Role::kSystem, "system", "系统"},
    {Role::kSocialSupervisor, "social-supervisor", "社会监督员"},
}};

}  // namespace

std::string_view to_string(Role r) { return enum_name(kRoles, r); }
std::string_view to_chinese(Role r) { return enum_chinese(kRoles, r); }
std::optional<Role> parse_role(std::string_view s) { return enum_parse(kRoles, s); }

bool is_office_role(Role r) {
  return r == Role::kAgent || r == Role::kDispatcher || r == Role::kVisitAgent ||
         r == Role::kSupervisor || r == Role::kAdministrator || r == Role::kSystem;
}

bool is_unit_role(Role r) { return r == Role::kUnitStaff || r == Role::kUnitAdministrator; }

}  // namespace hotline
