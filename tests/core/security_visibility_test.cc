// SPEC: SEC-2, DIS-7 — a unit sees the work orders dispatched to it and to
// its handling units, nothing else; the office sees all.
#include <gtest/gtest.h>

#include "core/security/visibility.h"
#include "core/security_test_org.h"

namespace hotline {
namespace {

using testing::security_org;

WorkOrderState order(std::string lead, std::vector<std::string> assisting = {},
                     std::string handling = {}) {
  WorkOrderState s;
  s.id = "R1-1";
  s.request = "R1";
  s.lead_unit = std::move(lead);
  s.assisting_units = std::move(assisting);
  s.handling_unit = std::move(handling);
  return s;
}

TEST(SecurityVisibility, SEC_2_OfficeRolesAndAnalystsSeeEveryWorkOrder) {
  const Organisation org = security_org();
  for (Role r : {Role::kAgent, Role::kDispatcher, Role::kVisitAgent, Role::kSupervisor,
                 Role::kAnalyst, Role::kAdministrator}) {
    EXPECT_TRUE(can_see_work_order(Actor{"x", r, "office"}, order("housing"), org));
  }
}

// EVA-4 [R22]: a social supervisor acts for the office yet reads no work
// order through the staff's routes; only the sample, masked (core/oversight).
TEST(SecurityVisibility, EVA_4_SocialSupervisorsSeeNoWorkOrderDirectly) {
  const Organisation org = security_org();
  EXPECT_FALSE(sees_all_work_orders(Role::kSocialSupervisor));
  EXPECT_FALSE(
      can_see_work_order(Actor{"s", Role::kSocialSupervisor, "office"}, order("housing"), org));
  EXPECT_EQ(parse_role("social-supervisor"), Role::kSocialSupervisor);
  EXPECT_EQ(to_chinese(Role::kSocialSupervisor), "社会监督员");
}

TEST(SecurityVisibility, DIS_7_AUnitSeesWhatIsDispatchedToItOrBelowIt) {
  const Organisation org = security_org();
  const Actor heping{"x", Role::kUnitStaff, "district.heping"};
  EXPECT_TRUE(can_see_work_order(heping, order("district.heping"), org));
  EXPECT_TRUE(can_see_work_order(heping, order("street.heping.a"), org));  // its street
  EXPECT_TRUE(can_see_work_order(heping, order("housing", {"district.heping"}), org));
  EXPECT_FALSE(can_see_work_order(heping, order("housing"), org));
  // A street sees its own, not its district's nor its sibling's.
  const Actor street{"y", Role::kUnitAdministrator, "street.heping.a"};
  EXPECT_FALSE(can_see_work_order(street, order("district.heping"), org));
  EXPECT_FALSE(can_see_work_order(street, order("street.heping.b"), org));
  EXPECT_TRUE(can_see_work_order(street, order("district.heping", {}, "street.heping.a"), org));
}

TEST(SecurityVisibility, SEC_2_ApiClientsSeeAsTheirUnitAndApplicantsOnlyTheirRequest) {
  const Organisation org = security_org();
  EXPECT_TRUE(can_see_work_order(Actor{"api.w", Role::kApiClient, "water"}, order("water"), org));
  EXPECT_FALSE(
      can_see_work_order(Actor{"api.w", Role::kApiClient, "water"}, order("housing"), org));
  const Actor applicant{"applicant:R1", Role::kApplicant, ""};
  EXPECT_FALSE(can_see_work_order(applicant, order("water"), org));
  const std::vector<WorkOrderState> orders = {order("water")};
  EXPECT_TRUE(can_see_request(applicant, "R1", "R1", orders, org));
  EXPECT_FALSE(can_see_request(applicant, "R2", "R1", orders, org));
  EXPECT_TRUE(can_see_request(Actor{"s", Role::kUnitStaff, "water"}, "R1", "", orders, org));
  EXPECT_FALSE(can_see_request(Actor{"s", Role::kUnitStaff, "housing"}, "R1", "", orders, org));
}

TEST(SecurityVisibility, DIS_7_UnitsWithinListsTheUnitAndItsDescendants) {
  const Organisation org = security_org();
  const auto units = units_within(org, "district.heping");
  EXPECT_EQ(units,
            (std::vector<std::string>{"district.heping", "street.heping.a", "street.heping.b"}));
  EXPECT_TRUE(units_within(org, "nowhere").empty());
}

}  // namespace
}  // namespace hotline
