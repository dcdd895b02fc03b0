#pragma once
// Units as a hierarchy (DIS-7 [M6, T6, T8]): the office of hotline, city
// departments, district governments, streets/townships, public utilities, and
// handling units under an undertaking unit. A unit may be bound to a policy
// profile (transport units follow T); otherwise the default profile applies.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hotline {

enum class UnitKind {
  kHotlineOffice,        // 热线工作机构 (市便民专线服务中心)
  kServiceDepartment,    // 市政务服务部门
  kMunicipalDepartment,  // 市级部门 (functional department)
  kDistrictGovernment,   // 区人民政府
  kDistrictDepartment,   // 区级部门 (functional department)
  kStreet,               // 街道/乡镇 (grassroots)
  kPublicUtility,        // 水、电、气、热 等公共服务企业
  kHandlingUnit,         // 经办单位/办理部门, under an undertaking unit
  // ICN-1 [D31, T2]: a sub-centre or parallel number (热线分中心、双号并行热线,
  // e.g. 12328) registers and transfers requests into the hotline with its own
  // accounts and receives the work orders meant for it, like a unit.
  kSubCentre,
  // ICN-2 [M9]: another city's hotline (Beijing, Hebei 12345): requests are
  // transferred to and from it; never dispatched to.
  kPartnerHotline,
};
std::string_view to_string(UnitKind k);
std::string_view to_chinese(UnitKind k);
std::optional<UnitKind> parse_unit_kind(std::string_view s);

struct Unit {
  std::string id;    // stable, e.g. "district.heping"
  std::string name;  // 和平区人民政府
  UnitKind kind = UnitKind::kMunicipalDepartment;
  std::optional<std::string> parent;  // id of the unit above
  std::string policy_profile;         // empty: the default profile
  std::string district;               // id of the district it serves, if any
  bool active = true;

  bool is_grassroots() const { return kind == UnitKind::kStreet; }
  bool is_functional_department() const {
    return kind == UnitKind::kMunicipalDepartment || kind == UnitKind::kDistrictDepartment;
  }
  // Units that may receive a dispatched work order (the office may not, nor
  // another city's hotline: a request goes there by transfer, ICN-2).
  bool is_undertaking() const {
    return kind != UnitKind::kHotlineOffice && kind != UnitKind::kServiceDepartment &&
           kind != UnitKind::kPartnerHotline;
  }
  bool is_sub_centre() const { return kind == UnitKind::kSubCentre; }
};

class Organisation {
 public:
  // Fails when ids repeat, a parent is unknown, or parents form a cycle.
  static Result<Organisation> create(std::vector<Unit> units);

  const Unit* find(std::string_view id) const;
  Result<const Unit*> require(std::string_view id) const;
  std::vector<const Unit*> children(std::string_view id) const;
  // True when `descendant` is `ancestor` or lies below it.
  bool is_within(std::string_view descendant, std::string_view ancestor) const;
  const std::vector<Unit>& units() const { return units_; }
  // The profile that governs a unit: its own binding, else its nearest
  // ancestor's, else empty (the default).
  std::string profile_for(std::string_view id) const;

 private:
  std::vector<Unit> units_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

}  // namespace hotline
