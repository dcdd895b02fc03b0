#pragma once
// A small organisation for the security tests: the office, a district with a
// street and a housing bureau with a handling unit below it.

#include <optional>
#include <string>
#include <vector>

#include "core/org/organisation.h"

namespace hotline::testing {

inline Unit security_unit(std::string id, UnitKind kind,
                          std::optional<std::string> parent = std::nullopt) {
  Unit u;
  u.id = std::move(id);
  u.name = "单位 " + u.id;
  u.kind = kind;
  u.parent = std::move(parent);
  return u;
}

inline Organisation security_org() {
  return *Organisation::create({
      security_unit("office", UnitKind::kHotlineOffice),
      security_unit("district.heping", UnitKind::kDistrictGovernment),
      security_unit("street.heping.a", UnitKind::kStreet, "district.heping"),
      security_unit("street.heping.b", UnitKind::kStreet, "district.heping"),
      security_unit("housing", UnitKind::kMunicipalDepartment),
      security_unit("housing.repairs", UnitKind::kHandlingUnit, "housing"),
      security_unit("water", UnitKind::kPublicUtility),
  });
}

}  // namespace hotline::testing
