#pragma once
// Who does something: a person or system with a role, acting for a unit.
// Every event records its actor (who, role, unit).

#include <optional>
#include <string>
#include <string_view>

namespace hotline {

enum class Role {
  kAgent,              // 话务员: registers requests, triages
  kDispatcher,         // 派单员: dispatches, reviews returns and extensions
  kVisitAgent,         // 回访员: return visits and evaluations
  kSupervisor,         // 督办: supervision, appeals review
  kAnalyst,            // 分析员: read only
  kAdministrator,      // 系统管理员
  kUnitStaff,          // 承办单位工作人员
  kUnitAdministrator,  // 承办单位管理员
  kApiClient,          // other systems (12328 sub-centre, department systems)
  kApplicant,          // 诉求人
  kSystem,             // the platform itself (deadline sweep)
  kSocialSupervisor,   // 社会监督员 (EVA-4 [R22]): sampled, masked work orders; opinions
};

std::string_view to_string(Role r);
std::string_view to_chinese(Role r);
std::optional<Role> parse_role(std::string_view s);

// Roles of the office of hotline (热线工作机构).
bool is_office_role(Role r);
// Roles of an undertaking or handling unit.
bool is_unit_role(Role r);

struct Actor {
  std::string id;  // account id, e.g. "agent.wang"
  Role role = Role::kSystem;
  std::string unit;  // unit id the actor acts for; "office" for the office

  static Actor system() { return Actor{"system", Role::kSystem, "office"}; }
};

}  // namespace hotline
