// SPEC: DIS-6, DIS-7 — the organisation file and the demo organisation of Tianjin.
#include "adapters/toml/organisation_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

namespace hotline {
namespace {

const std::filesystem::path kDemo =
    std::filesystem::path(HOTLINE_DATA_DIR) / "demo/organisation.toml";

Organisation load_demo() {
  auto units = load_organisation_file(kDemo);
  EXPECT_TRUE(units.has_value()) << units.error().message;
  auto org = Organisation::create(std::move(*units));
  EXPECT_TRUE(org.has_value()) << org.error().message;
  return std::move(*org);
}

std::size_t count_kind(const Organisation& org, UnitKind kind) {
  return std::count_if(org.units().begin(), org.units().end(),
                       [&](const Unit& u) { return u.kind == kind; });
}

// Parses `text` as "t.toml", expecting an error at `line` whose message
// contains `what`.
void expect_error_at(std::string_view text, int line, const std::string& what) {
  auto units = parse_organisation(text, "t.toml");
  ASSERT_FALSE(units.has_value()) << text;
  const Error& e = units.error();
  EXPECT_EQ(e.code, ErrorCode::kPolicyInvalid);
  EXPECT_EQ(e.field, "t.toml:" + std::to_string(line)) << e.message;
  EXPECT_NE(e.message.find(what), std::string::npos) << e.message;
  EXPECT_EQ(e.message.rfind("t.toml:" + std::to_string(line) + ": ", 0), 0u) << e.message;
  EXPECT_FALSE(e.message_zh.empty());
}

TEST(OrganisationFile, DIS_7_DemoOrganisationOfTianjinLoads) {
  const Organisation org = load_demo();
  EXPECT_EQ(count_kind(org, UnitKind::kDistrictGovernment), 16u);
  EXPECT_EQ(count_kind(org, UnitKind::kHotlineOffice), 1u);
  EXPECT_EQ(count_kind(org, UnitKind::kServiceDepartment), 1u);
  EXPECT_GE(count_kind(org, UnitKind::kMunicipalDepartment), 17u);
  EXPECT_GE(count_kind(org, UnitKind::kPublicUtility), 3u);

  EXPECT_EQ(org.find("office")->name, "天津市便民专线服务中心");
  EXPECT_EQ(org.find("district.heping")->name, "和平区人民政府");
  EXPECT_EQ(org.find("district.binhai")->name, "滨海新区人民政府");
  EXPECT_EQ(org.find("dept.transport")->name, "市交通运输委");
  // Every district government serves its own district.
  for (const Unit& u : org.units()) {
    if (u.kind == UnitKind::kDistrictGovernment) {
      EXPECT_EQ(u.district, u.id);
    }
  }
  // All streets of 和平区 and 南开区, each below its district.
  EXPECT_EQ(org.children("district.heping").size(), 6u + 3u);
  EXPECT_EQ(org.children("district.nankai").size(), 12u + 3u);
  EXPECT_EQ(org.find("street.heping.wudadao")->name, "和平区五大道街");
  EXPECT_EQ(org.find("street.nankai.tiyuzhongxin")->district, "district.nankai");
}

TEST(OrganisationFile, DIS_7_TransportCommissionHandlingUnitsFollowProfileT) {
  const Organisation org = load_demo();
  // T2, T4, T6: the receiving and handling departments of the commission.
  const auto units = org.children("dept.transport");
  std::vector<std::string> ids;
  for (const Unit* u : units) ids.push_back(u->id);
  for (std::string_view id : {"dept.transport.government-service", "dept.transport.road-transport",
                              "dept.transport.port-waterway", "dept.transport.enforcement"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  EXPECT_EQ(org.find("dept.transport.road-transport")->name, "市道路运输局");
  EXPECT_EQ(org.find("dept.transport.government-service")->name, "市交通运输委政务服务处");
  for (const Unit* u : units) {
    EXPECT_EQ(u->kind, UnitKind::kHandlingUnit) << u->id;
    EXPECT_TRUE(u->policy_profile.empty()) << u->id << ": inherited, not repeated";
    EXPECT_EQ(org.profile_for(u->id), "tianjin-transport") << u->id;
    EXPECT_TRUE(org.is_within(u->id, "dept.transport"));
  }
  // Only the commission binds a profile; everyone else follows the default.
  for (const Unit& u : org.units()) {
    if (org.is_within(u.id, "dept.transport")) continue;
    EXPECT_EQ(org.profile_for(u.id), "") << u.id;
  }
  EXPECT_EQ(org.profile_for("utility.power.chengnan"), "");
}

TEST(OrganisationFile, DIS_6_DemoSeparatesGrassrootsFromFunctionalDepartments) {
  const Organisation org = load_demo();
  EXPECT_EQ(count_kind(org, UnitKind::kStreet), 18u);
  for (const Unit& u : org.units()) {
    if (u.is_grassroots()) {
      EXPECT_FALSE(u.is_functional_department());
      EXPECT_FALSE(u.district.empty()) << u.id;
      EXPECT_TRUE(org.is_within(u.id, u.district)) << u.id;
    }
    if (u.kind == UnitKind::kDistrictDepartment) {
      EXPECT_TRUE(u.is_functional_department()) << u.id;
      EXPECT_TRUE(org.is_within(u.id, u.district)) << u.id;
    }
  }
  EXPECT_TRUE(org.find("dept.heping.market-regulation")->is_functional_department());
  EXPECT_TRUE(org.find("dept.public-security")->is_functional_department());
  EXPECT_TRUE(org.find("street.heping.quanyechang")->is_grassroots());
  // Handling units of a utility stay with their utility.
  EXPECT_TRUE(org.is_within("utility.power.chengnan", "utility.power"));
}

TEST(OrganisationFile, DIS_7_ReadsEveryKey) {
  auto units = parse_organisation(R"(
[[unit]]
id = "district.heping"
name = "和平区人民政府"
kind = "district-government"
district = "district.heping"
policy_profile = "tianjin"
active = false

[[unit]]
id = "street.heping.nanshi"
name = "和平区南市街"
kind = "street"
parent = "district.heping"
district = "district.heping"
)",
                                  "t.toml");
  ASSERT_TRUE(units.has_value()) << units.error().message;
  ASSERT_EQ(units->size(), 2u);
  const Unit& d = (*units)[0];
  EXPECT_EQ(d.kind, UnitKind::kDistrictGovernment);
  EXPECT_EQ(d.policy_profile, "tianjin");
  EXPECT_FALSE(d.active);
  EXPECT_FALSE(d.parent.has_value());
  const Unit& s = (*units)[1];
  EXPECT_EQ(s.kind, UnitKind::kStreet);
  EXPECT_EQ(s.parent, "district.heping");
  EXPECT_EQ(s.district, "district.heping");
  EXPECT_TRUE(s.active);
}

TEST(OrganisationFile, DIS_7_NameBeyondTheBasicMultilingualPlaneSurvives) {
  // 𠮷 (U+20BB7) written directly and as an escape must read the same.
  auto units = parse_organisation(R"(
[[unit]]
id = "street.a"
name = "𠮷祥街"
kind = "street"

[[unit]]
id = "street.b"
name = "\U00020BB7祥街"
kind = "street"
)",
                                  "t.toml");
  ASSERT_TRUE(units.has_value()) << units.error().message;
  EXPECT_EQ((*units)[0].name, "𠮷祥街");
  EXPECT_EQ((*units)[1].name, "𠮷祥街");
  EXPECT_EQ((*units)[0].name.size(), 4u + 3u + 3u);
}

TEST(OrganisationFile, DIS_7_SyntaxErrorNamesTheLine) {
  expect_error_at("[[unit]]\nid = \"a\"\nname = \"A\nkind = \"street\"\n", 3, "TOML syntax error");
}

TEST(OrganisationFile, DIS_7_UnknownKeyIsAnError) {
  expect_error_at(R"([[unit]]
id = "a"
name = "A"
kind = "street"
parnet = "district.heping"
)",
                  5, "unknown key \"parnet\"");
  expect_error_at(R"(title = "demo"
[[unit]]
id = "a"
name = "A"
kind = "street"
)",
                  1, "unknown key \"title\"");
}

TEST(OrganisationFile, DIS_7_UnknownKindListsTheAllowedKinds) {
  const std::string text = R"([[unit]]
id = "a"
name = "A"
kind = "township"
)";
  expect_error_at(text, 4, "unknown unit kind \"township\"");
  auto units = parse_organisation(text, "t.toml");
  ASSERT_FALSE(units.has_value());
  for (std::string_view kind :
       {"hotline-office", "service-department", "municipal-department", "district-government",
        "district-department", "street", "public-utility", "handling-unit"}) {
    EXPECT_NE(units.error().message.find(kind), std::string::npos) << kind;
  }
  // Chinese names are for people, not for files.
  expect_error_at("[[unit]]\nid = \"a\"\nname = \"A\"\nkind = \"经办单位\"\n", 4,
                  "unknown unit kind");
}

TEST(OrganisationFile, DIS_7_WrongTypesAndMissingKeys) {
  expect_error_at("[[unit]]\nid = 7\nname = \"A\"\nkind = \"street\"\n", 2,
                  "\"id\" must be a string");
  expect_error_at("[[unit]]\nid = \"a\"\nname = \"A\"\nkind = \"street\"\nactive = \"yes\"\n", 5,
                  "\"active\" must be true or false");
  expect_error_at("\n\n[[unit]]\nid = \"a\"\nkind = \"street\"\n", 3, "missing the key \"name\"");
  expect_error_at("unit = \"a\"\n", 1, "array of tables");
  expect_error_at("", 1, "no units");
  expect_error_at("# only a comment\n", 1, "no units");
}

TEST(OrganisationFile, DIS_7_HierarchyErrorsNameTheLine) {
  // Duplicate id: the line of the second "id".
  expect_error_at(R"([[unit]]
id = "dept.transport"
name = "市交通运输委"
kind = "municipal-department"

[[unit]]
id = "dept.transport"
name = "市交通运输委"
kind = "municipal-department"
)",
                  7, "unit id \"dept.transport\" repeats (first at line 2)");
  // Unknown parent: the line of "parent".
  expect_error_at(R"([[unit]]
id = "dept.transport"
name = "市交通运输委"
kind = "municipal-department"

[[unit]]
id = "dept.transport.road-transport"
name = "市道路运输局"
kind = "handling-unit"
parent = "dept.transprot"
)",
                  10, "unknown parent \"dept.transprot\"");
  // Cycle.
  expect_error_at(R"([[unit]]
id = "a"
name = "A"
kind = "municipal-department"
parent = "b"

[[unit]]
id = "b"
name = "B"
kind = "municipal-department"
parent = "a"
)",
                  5, "cycle: a -> b -> a");
  // A handling unit with no parent at all: the line of its table.
  expect_error_at(R"(
[[unit]]
id = "desk"
name = "受理部门"
kind = "handling-unit"
)",
                  2, "must lie under an undertaking unit");
  // A handling unit under the office of hotline.
  expect_error_at(R"([[unit]]
id = "office"
name = "天津市便民专线服务中心"
kind = "hotline-office"
[[unit]]
id = "office.desk"
name = "受理部门"
kind = "handling-unit"
parent = "office"
)",
                  9, "must lie under an undertaking unit");
}

TEST(OrganisationFile, DIS_7_MissingFileIsNotFound) {
  auto units = load_organisation_file(std::filesystem::path(HOTLINE_DATA_DIR) / "demo/nope.toml");
  ASSERT_FALSE(units.has_value());
  EXPECT_EQ(units.error().code, ErrorCode::kNotFound);
  EXPECT_NE(units.error().message.find("nope.toml"), std::string::npos);
}

TEST(OrganisationFile, DIS_7_ErrorsCarryTheFileName) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "hotline-org-test";
  std::filesystem::create_directories(dir);
  const auto file = dir / "bad.toml";
  {
    std::FILE* f = std::fopen(file.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("[[unit]]\nid = \"a\"\nname = \"A\"\nkind = \"nowhere\"\n", f);
    std::fclose(f);
  }
  auto units = load_organisation_file(file);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(units.has_value());
  EXPECT_EQ(units.error().field, file.string() + ":4");
}

TEST(OrganisationFile, DIS_7_InvalidUtf8IsAnErrorNotACrash) {
  auto units = parse_organisation("[[unit]]\nid = \"a\"\nname = \"\xff\xfe\"\nkind = \"street\"\n",
                                  "t.toml");
  ASSERT_FALSE(units.has_value());
  EXPECT_EQ(units.error().field, "t.toml:3");
}

// toml++ 3.3.0 has undefined behaviour on some non-ASCII characters where it
// expects whitespace (upstream #190, #295); the adapter refuses them first.
TEST(OrganisationFile, DIS_7_NonAsciiOutsideStringsIsRefusedBeforeParsing) {
  expect_error_at("\xef\xbb\x99", 1, "non-ASCII character outside a string");
  expect_error_at("[[unit]]\nid = \"a\"\xe3\x80\x80\n", 2, "non-ASCII character");
  expect_error_at("[[unit]]\nid = \"a\"\nname = \"\"\"\\\n  \xc2\xa7\"\"\"\n", 4,
                  "line-ending backslash");
  // Non-ASCII inside strings and comments is what the demo is made of.
  auto units = parse_organisation(
      "# 注释 \xc2\xa7\n[[unit]] # 单位\nid = \"a\"\nname = '§ 和平区'\nkind = \"street\"\n"
      "[[unit]]\nid = \"b\"\nname = \"\"\"\\\n  河西区\"\"\"\n"
      "kind = \"street\"\n",
      "t.toml");
  EXPECT_FALSE(units.has_value());  // "河西区" right after the backslash is refused
  units = parse_organisation(
      "# 注释 \xc2\xa7\n[[unit]] # 单位\nid = \"a\"\nname = '§ 和平区'\nkind = \"street\"\n"
      "[[unit]]\nid = \"b\"\nname = \"\"\"\\\n  x河西区\"\"\"\nkind = \"street\"\n",
      "t.toml");
  ASSERT_TRUE(units.has_value()) << units.error().message;
  EXPECT_EQ((*units)[0].name, "§ 和平区");
  EXPECT_EQ((*units)[1].name, "x河西区");
}

}  // namespace
}  // namespace hotline
