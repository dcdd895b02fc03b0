// SPEC: DIS-6, DIS-7 — units as a hierarchy, profile binding, classification.
#include "core/org/organisation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hotline {
namespace {

Unit unit(std::string id, UnitKind kind, std::optional<std::string> parent = std::nullopt,
          std::string profile = {}, std::string district = {}) {
  Unit u;
  u.id = id;
  u.name = "单位 " + id;
  u.kind = kind;
  u.parent = std::move(parent);
  u.policy_profile = std::move(profile);
  u.district = std::move(district);
  return u;
}

// A small slice of Tianjin: the office, a district with a street, and the
// Transport Commission with its handling units (one nested).
std::vector<Unit> small_city() {
  return {
      unit("office", UnitKind::kHotlineOffice),
      unit("service-department", UnitKind::kServiceDepartment),
      unit("district.heping", UnitKind::kDistrictGovernment, {}, {}, "district.heping"),
      unit("dept.heping.housing", UnitKind::kDistrictDepartment, "district.heping", {},
           "district.heping"),
      unit("street.heping.quanyechang", UnitKind::kStreet, "district.heping", {},
           "district.heping"),
      unit("dept.transport", UnitKind::kMunicipalDepartment, {}, "tianjin-transport"),
      unit("dept.transport.road-transport", UnitKind::kHandlingUnit, "dept.transport"),
      unit("dept.transport.road-transport.taxi", UnitKind::kHandlingUnit,
           "dept.transport.road-transport"),
      unit("dept.public-security", UnitKind::kMunicipalDepartment),
      unit("utility.power", UnitKind::kPublicUtility),
      unit("utility.power.chengnan", UnitKind::kHandlingUnit, "utility.power"),
  };
}

Organisation make(std::vector<Unit> units) {
  auto org = Organisation::create(std::move(units));
  EXPECT_TRUE(org.has_value()) << org.error().message;
  return std::move(*org);
}

// Expects create() to fail, naming `field` and a message containing `what`.
void expect_invalid(std::vector<Unit> units, const std::string& field, const std::string& what) {
  auto org = Organisation::create(std::move(units));
  ASSERT_FALSE(org.has_value());
  EXPECT_EQ(org.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(org.error().field, field);
  EXPECT_NE(org.error().message.find(what), std::string::npos) << org.error().message;
  EXPECT_FALSE(org.error().message_zh.empty());
}

TEST(UnitKind, DIS_7_WireNamesRoundTrip) {
  const std::vector<std::pair<UnitKind, std::string_view>> kinds = {
      {UnitKind::kHotlineOffice, "hotline-office"},
      {UnitKind::kServiceDepartment, "service-department"},
      {UnitKind::kMunicipalDepartment, "municipal-department"},
      {UnitKind::kDistrictGovernment, "district-government"},
      {UnitKind::kDistrictDepartment, "district-department"},
      {UnitKind::kStreet, "street"},
      {UnitKind::kPublicUtility, "public-utility"},
      {UnitKind::kHandlingUnit, "handling-unit"},
  };
  for (const auto& [kind, wire] : kinds) {
    EXPECT_EQ(to_string(kind), wire);
    EXPECT_EQ(parse_unit_kind(wire), kind);
    EXPECT_NE(to_chinese(kind), "?");
    EXPECT_EQ(parse_unit_kind(to_chinese(kind)), kind);
  }
  EXPECT_EQ(to_chinese(UnitKind::kHandlingUnit), "经办单位");
  EXPECT_FALSE(parse_unit_kind("department").has_value());
  EXPECT_FALSE(parse_unit_kind("Street").has_value());
  EXPECT_FALSE(parse_unit_kind("").has_value());
}

TEST(Organisation, DIS_7_FindRequireAndChildren) {
  const Organisation org = make(small_city());
  ASSERT_NE(org.find("district.heping"), nullptr);
  EXPECT_EQ(org.find("district.heping")->kind, UnitKind::kDistrictGovernment);
  EXPECT_EQ(org.find("district.nowhere"), nullptr);

  auto found = org.require("dept.transport");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ((*found)->id, "dept.transport");
  auto missing = org.require("dept.nowhere");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("dept.nowhere"), std::string::npos);

  const auto kids = org.children("district.heping");
  ASSERT_EQ(kids.size(), 2u);  // file order
  EXPECT_EQ(kids[0]->id, "dept.heping.housing");
  EXPECT_EQ(kids[1]->id, "street.heping.quanyechang");
  // Only direct children: the nested taxi office belongs to road transport.
  ASSERT_EQ(org.children("dept.transport").size(), 1u);
  EXPECT_TRUE(org.children("street.heping.quanyechang").empty());
  EXPECT_TRUE(org.children("nowhere").empty());
  EXPECT_EQ(org.units().size(), small_city().size());
}

TEST(Organisation, DIS_7_HandlingUnitLiesWithinItsUndertakingUnit) {
  const Organisation org = make(small_city());
  EXPECT_TRUE(org.is_within("dept.transport.road-transport", "dept.transport"));
  EXPECT_TRUE(org.is_within("dept.transport.road-transport.taxi", "dept.transport"));
  EXPECT_TRUE(org.is_within("utility.power.chengnan", "utility.power"));
  EXPECT_TRUE(org.is_within("street.heping.quanyechang", "district.heping"));
  // A unit is within itself.
  EXPECT_TRUE(org.is_within("dept.transport", "dept.transport"));
  // Not upwards, not sideways, not across trees, not for unknown ids.
  EXPECT_FALSE(org.is_within("dept.transport", "dept.transport.road-transport"));
  EXPECT_FALSE(org.is_within("dept.heping.housing", "street.heping.quanyechang"));
  EXPECT_FALSE(org.is_within("utility.power.chengnan", "dept.transport"));
  EXPECT_FALSE(org.is_within("nowhere", "dept.transport"));
  EXPECT_FALSE(org.is_within("dept.transport", "nowhere"));
}

TEST(Organisation, DIS_7_ProfileIsInheritedFromTheNearestAncestor) {
  auto units = small_city();
  // A nested unit may bind a profile of its own; it wins for it and below.
  units.push_back(
      unit("dept.transport.port", UnitKind::kHandlingUnit, "dept.transport", "port-pilot"));
  units.push_back(
      unit("dept.transport.port.office", UnitKind::kHandlingUnit, "dept.transport.port"));
  const Organisation org = make(std::move(units));
  EXPECT_EQ(org.profile_for("dept.transport"), "tianjin-transport");
  EXPECT_EQ(org.profile_for("dept.transport.road-transport"), "tianjin-transport");
  EXPECT_EQ(org.profile_for("dept.transport.road-transport.taxi"), "tianjin-transport");
  EXPECT_EQ(org.profile_for("dept.transport.port"), "port-pilot");
  EXPECT_EQ(org.profile_for("dept.transport.port.office"), "port-pilot");
  // Everyone else follows the default profile.
  EXPECT_EQ(org.profile_for("utility.power.chengnan"), "");
  EXPECT_EQ(org.profile_for("street.heping.quanyechang"), "");
  EXPECT_EQ(org.profile_for("dept.public-security"), "");
  EXPECT_EQ(org.profile_for("nowhere"), "");
}

TEST(Organisation, DIS_6_StreetsAreGrassrootsAndDepartmentsAreFunctional) {
  const Organisation org = make(small_city());
  const Unit& street = *org.find("street.heping.quanyechang");
  EXPECT_TRUE(street.is_grassroots());
  EXPECT_FALSE(street.is_functional_department());
  for (std::string_view id : {"dept.heping.housing", "dept.public-security", "dept.transport"}) {
    EXPECT_TRUE(org.find(id)->is_functional_department()) << id;
    EXPECT_FALSE(org.find(id)->is_grassroots()) << id;
  }
  // Neither one nor the other: district governments, utilities, handling units.
  for (std::string_view id : {"district.heping", "utility.power", "utility.power.chengnan",
                              "dept.transport.road-transport"}) {
    EXPECT_FALSE(org.find(id)->is_functional_department()) << id;
    EXPECT_FALSE(org.find(id)->is_grassroots()) << id;
  }
  // The office and the service department dispatch; they do not undertake.
  EXPECT_FALSE(org.find("office")->is_undertaking());
  EXPECT_FALSE(org.find("service-department")->is_undertaking());
  EXPECT_TRUE(street.is_undertaking());
}

TEST(Organisation, DIS_7_RejectsDuplicateId) {
  auto units = small_city();
  units.push_back(unit("dept.transport", UnitKind::kMunicipalDepartment));
  expect_invalid(units, "units[11].id", "repeats");
}

TEST(Organisation, DIS_7_RejectsUnknownParent) {
  auto units = small_city();
  units.push_back(unit("dept.transport.port", UnitKind::kHandlingUnit, "dept.transprot"));
  expect_invalid(units, "units[11].parent", "unknown parent \"dept.transprot\"");
}

TEST(Organisation, DIS_7_RejectsCycles) {
  // a -> b -> c -> a, with d hanging below the cycle (reported by a member).
  std::vector<Unit> units = {
      unit("d", UnitKind::kHandlingUnit, "a"),
      unit("a", UnitKind::kMunicipalDepartment, "b"),
      unit("b", UnitKind::kMunicipalDepartment, "c"),
      unit("c", UnitKind::kMunicipalDepartment, "a"),
  };
  expect_invalid(units, "units[1].parent", "cycle: a -> b -> c -> a");
  expect_invalid({unit("a", UnitKind::kMunicipalDepartment, "a")}, "units[0].parent",
                 "its own parent");
}

TEST(Organisation, DIS_7_HandlingUnitNeedsAnUndertakingParent) {
  expect_invalid({unit("h", UnitKind::kHandlingUnit)}, "units[0].parent",
                 "must lie under an undertaking unit");
  auto under_office = small_city();
  under_office.push_back(unit("office.desk", UnitKind::kHandlingUnit, "office"));
  expect_invalid(under_office, "units[11].parent", "must lie under an undertaking unit");
  auto under_service = small_city();
  under_service.push_back(unit("sd.desk", UnitKind::kHandlingUnit, "service-department"));
  expect_invalid(under_service, "units[11].parent", "must lie under an undertaking unit");
  // A street may designate its own handling unit (M6), as may a district.
  auto under_street = small_city();
  under_street.push_back(
      unit("street.heping.quanyechang.grid", UnitKind::kHandlingUnit, "street.heping.quanyechang"));
  EXPECT_TRUE(Organisation::create(under_street).has_value());
}

TEST(Organisation, DIS_7_RejectsMissingNamesBadIdsAndBadProfiles) {
  auto no_name = small_city();
  no_name[4].name = " \t";
  expect_invalid(no_name, "units[4].name", "has no name");

  for (const std::string bad : {"", "district heping", "和平区", "dept/transport"}) {
    auto units = small_city();
    units[0].id = bad;
    expect_invalid(units, "units[0].id", "must be non-empty ASCII");
  }
  for (const std::string bad : {" ", "tianjin transport", "交通"}) {
    auto units = small_city();
    units[5].policy_profile = bad;
    expect_invalid(units, "units[5].policy_profile", "policy profile");
  }
}

TEST(Organisation, DIS_7_DistrictMustNameTheDistrictGovernmentAbove) {
  auto unknown = small_city();
  unknown[4].district = "district.nankai";
  expect_invalid(unknown, "units[4].district", "not a district-government unit");

  auto not_a_district = small_city();
  not_a_district[8].district = "dept.transport";
  expect_invalid(not_a_district, "units[8].district", "not a district-government unit");

  auto mismatch = small_city();
  mismatch.push_back(unit("district.nankai", UnitKind::kDistrictGovernment));
  mismatch[4].district = "district.nankai";
  expect_invalid(mismatch, "units[4].district", "lies under \"district.heping\"");
}

TEST(Organisation, DIS_7_NameBeyondTheBasicMultilingualPlaneIsKept) {
  auto units = small_city();
  units[4].name = "和平区𠮷祥街";  // 𠮷 is U+20BB7, four bytes in UTF-8
  const Organisation org = make(units);
  EXPECT_EQ(org.find("street.heping.quanyechang")->name, "和平区𠮷祥街");
}

TEST(Organisation, DIS_7_EmptyOrganisationIsValid) {
  auto org = Organisation::create({});
  ASSERT_TRUE(org.has_value());
  EXPECT_TRUE(org->units().empty());
  EXPECT_EQ(org->find("office"), nullptr);
}

}  // namespace
}  // namespace hotline
