#include "core/security/visibility.h"

namespace hotline {
namespace {

bool unit_scoped(Role role) {
  return role == Role::kUnitStaff || role == Role::kUnitAdministrator || role == Role::kApiClient;
}

}  // namespace

bool sees_all_work_orders(Role role) {
  switch (role) {
    case Role::kAgent:
    case Role::kDispatcher:
    case Role::kVisitAgent:
    case Role::kSupervisor:
    case Role::kAnalyst:
    case Role::kAdministrator:
    case Role::kSystem:
      return true;
    case Role::kUnitStaff:
    case Role::kUnitAdministrator:
    case Role::kApiClient:
    case Role::kApplicant:
    case Role::kSocialSupervisor:  // a sample only (core/assessment/supervision_sample.h)
      return false;
  }
  return false;
}

bool can_see_work_order(const Actor& actor, const WorkOrderState& state,
                        const Organisation& organisation) {
  if (sees_all_work_orders(actor.role)) return true;
  if (!unit_scoped(actor.role) || actor.unit.empty()) return false;
  const auto mine = [&](const std::string& unit) {
    return !unit.empty() && organisation.is_within(unit, actor.unit);
  };
  if (mine(state.lead_unit) || mine(state.handling_unit)) return true;
  for (const auto& u : state.assisting_units) {
    if (mine(u)) return true;
  }
  return false;
}

bool can_see_request(const Actor& actor, std::string_view request_number, std::string_view scope,
                     std::span<const WorkOrderState> work_orders,
                     const Organisation& organisation) {
  if (sees_all_work_orders(actor.role)) return true;
  if (actor.role == Role::kApplicant) return !scope.empty() && scope == request_number;
  for (const auto& wo : work_orders) {
    if (wo.request == request_number && can_see_work_order(actor, wo, organisation)) return true;
  }
  return false;
}

std::vector<std::string> units_within(const Organisation& organisation, std::string_view unit) {
  std::vector<std::string> out;
  if (organisation.find(unit) == nullptr) return out;
  out.emplace_back(unit);
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (const Unit* child : organisation.children(out[i])) out.push_back(child->id);
  }
  return out;
}

}  // namespace hotline
