// SEC-2 [M27]: every POST action route × every role. The expectations are
// written out here from the grant table of src/core/engine/permissions.cc,
// not taken from the server: allowed → anything but 401/403 (the state may
// refuse with 409/422, or the body with 400); refused → 403; anonymous → 401.

#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

// The callers of the matrix.
enum class Who {
  kAgent,
  kDispatcher,
  kVisitAgent,
  kSupervisor,
  kAnalyst,
  kAdministrator,
  kLeadUnitStaff,
  kOtherUnitStaff,
  kAssistingUnitStaff,
  kApiClient,  // api-client acting for the lead unit
  kApplicant,  // INT-5 session scoped to the work order's request
  kAnonymous,
};

const char* name_of(Who w) {
  switch (w) {
    case Who::kAgent:
      return "agent";
    case Who::kDispatcher:
      return "dispatcher";
    case Who::kVisitAgent:
      return "visit-agent";
    case Who::kSupervisor:
      return "supervisor";
    case Who::kAnalyst:
      return "analyst";
    case Who::kAdministrator:
      return "administrator";
    case Who::kLeadUnitStaff:
      return "unit-staff(lead)";
    case Who::kOtherUnitStaff:
      return "unit-staff(other)";
    case Who::kAssistingUnitStaff:
      return "unit-staff(assisting)";
    case Who::kApiClient:
      return "api-client(lead)";
    case Who::kApplicant:
      return "applicant";
    case Who::kAnonymous:
      return "anonymous";
  }
  return "?";
}

constexpr Who kEveryone[] = {Who::kAgent,         Who::kDispatcher,     Who::kVisitAgent,
                             Who::kSupervisor,    Who::kAnalyst,        Who::kAdministrator,
                             Who::kLeadUnitStaff, Who::kOtherUnitStaff, Who::kAssistingUnitStaff,
                             Who::kApiClient,     Who::kApplicant,      Who::kAnonymous};

// Scope of a grant (permissions.cc): any work order, the ones the unit leads,
// or the ones it assists. Only unit roles (unit staff, api-client) are scoped.
enum class Scope { kAny, kLead, kAssisting };

struct Expectation {
  std::string route;  // "{number}" / "{id}" replaced later
  bool on_request;    // the route is on a request (else a work order; or none for sweep/register)
  std::set<Who> roles;
  Scope scope;
  json body;  // valid arguments, so that a refusal cannot hide behind a 400
};

bool is_unit(Who w) {
  return w == Who::kLeadUnitStaff || w == Who::kOtherUnitStaff || w == Who::kAssistingUnitStaff ||
         w == Who::kApiClient;
}

// The grant table of permissions.cc, restated per route.
std::vector<Expectation> expectations() {
  const std::set<Who> unit_roles = {Who::kLeadUnitStaff, Who::kOtherUnitStaff,
                                    Who::kAssistingUnitStaff, Who::kApiClient};
  const std::set<Who> unit_staff = {Who::kLeadUnitStaff, Who::kOtherUnitStaff,
                                    Who::kAssistingUnitStaff};  // file-appeal: no api-client
  const json order = {{"lead_unit", kLeadUnit}};
  return {
      {"/api/v1/requests",
       false,
       {Who::kAgent, Who::kDispatcher, Who::kApiClient},
       Scope::kAny,
       registration("13700000001")},
      {"/api/v1/requests/{number}/triage",
       true,
       {Who::kAgent, Who::kDispatcher},
       Scope::kAny,
       {{"outcome", "to-dispatch"}}},
      {"/api/v1/requests/{number}/open-consultation",
       true,
       {Who::kDispatcher, Who::kSupervisor},
       Scope::kAny,
       {{"units", {kLeadUnit, kOtherUnit}}, {"question", "谁牵头？"}}},
      {"/api/v1/requests/{number}/conclude-consultation",
       true,
       {Who::kDispatcher, Who::kSupervisor},
       Scope::kAny,
       {{"lead_unit", kLeadUnit}}},
      {"/api/v1/requests/{number}/dispatch",
       true,
       {Who::kAgent, Who::kDispatcher},
       Scope::kAny,
       order},
      {"/api/v1/work-orders/{id}/accept", false, unit_roles, Scope::kLead, json::object()},
      {"/api/v1/work-orders/{id}/forward",
       false,
       unit_roles,
       Scope::kLead,
       {{"to_unit", kLeadUnit}, {"instructions", "请核实"}}},
      {"/api/v1/work-orders/{id}/apply-return",
       false,
       unit_roles,
       Scope::kLead,
       {{"reason", "not-our-duty"},
        {"explanation", "不属于本单位职责"},
        {"evidence", {{"legal_basis", "《条例》第3条"}, {"suggested_unit", kOtherUnit}}}}},
      {"/api/v1/work-orders/{id}/review-return",
       false,
       {Who::kDispatcher, Who::kSupervisor},
       Scope::kAny,
       {{"approve", false}}},
      {"/api/v1/work-orders/{id}/redispatch",
       false,
       {Who::kAgent, Who::kDispatcher},
       Scope::kAny,
       order},
      {"/api/v1/work-orders/{id}/apply-extension",
       false,
       unit_roles,
       Scope::kLead,
       {{"progress", "已查明"}, {"measures", "维修"}, {"reason", "需采购配件"}}},
      {"/api/v1/work-orders/{id}/review-extension",
       false,
       {Who::kDispatcher, Who::kSupervisor},
       Scope::kAny,
       {{"approve", false}}},
      {"/api/v1/work-orders/{id}/submit-assisting-result",
       false,
       unit_roles,
       Scope::kAssisting,
       {{"result", "已配合清理"}}},
      {"/api/v1/work-orders/{id}/reply", false, unit_roles, Scope::kLead, reply_body()},
      {"/api/v1/work-orders/{id}/evaluate",
       false,
       {Who::kVisitAgent, Who::kSupervisor, Who::kApplicant},
       Scope::kAny,
       {{"method", "phone"}, {"satisfaction", "satisfied"}}},
      {"/api/v1/work-orders/{id}/skip-visit",
       false,
       {Who::kVisitAgent, Who::kSupervisor},
       Scope::kAny,
       {{"why", "诉求人要求不回访"}}},
      {"/api/v1/work-orders/{id}/send-back",
       false,
       {Who::kVisitAgent, Who::kDispatcher, Who::kSupervisor},
       Scope::kAny,
       json::object()},
      {"/api/v1/work-orders/{id}/close",
       false,
       {Who::kVisitAgent, Who::kDispatcher, Who::kSupervisor},
       Scope::kAny,
       json::object()},
      {"/api/v1/work-orders/{id}/file-appeal",
       false,
       unit_staff,
       Scope::kLead,
       {{"explanation", "已按政策答复"}, {"evidence", {"答复记录"}}}},
      {"/api/v1/work-orders/{id}/review-appeal",
       false,
       {Who::kSupervisor},
       Scope::kAny,
       {{"upheld", false}}},
      {"/api/v1/work-orders/{id}/supervise",
       false,
       {Who::kSupervisor},
       Scope::kAny,
       {{"trigger", "other"}, {"reason", "抽查"}}},
      {"/api/v1/sweep",
       false,
       {Who::kSupervisor, Who::kAdministrator},
       Scope::kAny,
       json::object()},
  };
}

bool allowed(const Expectation& e, Who who) {
  if (!e.roles.count(who)) return false;
  if (!is_unit(who) || e.scope == Scope::kAny) return true;
  if (e.scope == Scope::kLead) return who == Who::kLeadUnitStaff || who == Who::kApiClient;
  return who == Who::kAssistingUnitStaff;  // kAssisting
}

class PermissionMatrix : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const SharedServer& shared = shared_server();
    server_ = shared.server.get();
    tokens_[Who::kAgent] = shared.token("agent");
    tokens_[Who::kDispatcher] = shared.token("dispatcher");
    tokens_[Who::kVisitAgent] = shared.token("visitor");
    tokens_[Who::kSupervisor] = shared.token("supervisor");
    tokens_[Who::kAnalyst] = shared.token("analyst");
    tokens_[Who::kAdministrator] = shared.token("admin");
    tokens_[Who::kLeadUnitStaff] = shared.token("lead.staff");
    tokens_[Who::kOtherUnitStaff] = shared.token("other.staff");
    tokens_[Who::kAssistingUnitStaff] = shared.token("assist.staff");
    tokens_[Who::kApiClient] = server_->create_api_key("lead-system", kLeadUnit);
    tokens_[Who::kAnonymous] = "";
  }

  // A fresh request and work order (lead unit, assisted), and an applicant
  // session for that request.
  struct Case {
    std::string number, id;
  };
  static Case fresh_case(int n) {
    const TestServer& s = *server_;
    const std::string phone = "1370000" + std::to_string(1000 + n);
    const std::string number = register_request(s, tokens_[Who::kAgent], registration(phone));
    const std::string id =
        dispatch(s, tokens_[Who::kDispatcher], number, kLeadUnit, {kAssistingUnit});
    auto session = s.request("POST", "/api/v1/applicant-session",
                             json{{"number", number}, {"phone", phone}}.dump());
    EXPECT_EQ(session.status, 200) << session.body;
    tokens_[Who::kApplicant] = session.json().value("token", "");
    return {number, id};
  }

  static const TestServer* server_;
  static std::map<Who, std::string> tokens_;
};

const TestServer* PermissionMatrix::server_ = nullptr;
std::map<Who, std::string> PermissionMatrix::tokens_;

std::string fill(std::string route, const std::string& number, const std::string& id) {
  if (auto p = route.find("{number}"); p != std::string::npos) route.replace(p, 8, number);
  if (auto p = route.find("{id}"); p != std::string::npos) route.replace(p, 4, id);
  return route;
}

TEST_F(PermissionMatrix, SEC_2_EveryActionRouteTimesEveryRole) {
  int n = 0;
  int checked = 0;
  for (const auto& e : expectations()) {
    const Case c = fresh_case(n++);
    ASSERT_FALSE(c.id.empty());
    const std::string target = fill(e.route, c.number, c.id);
    // Refused roles first, so that allowed ones cannot move the work order away.
    std::vector<Who> order;
    for (Who w : kEveryone) {
      if (!allowed(e, w)) order.push_back(w);
    }
    for (Who w : kEveryone) {
      if (allowed(e, w)) order.push_back(w);
    }
    for (Who who : order) {
      auto r = server_->as(tokens_[who], "POST", target, e.body);
      SCOPED_TRACE(std::string(name_of(who)) + " POST " + e.route + " → " +
                   std::to_string(r.status) + " " + r.body.substr(0, 300));
      EXPECT_NE(r.status, 500);
      if (who == Who::kAnonymous) {
        EXPECT_EQ(r.status, 401);
      } else if (allowed(e, who)) {
        EXPECT_NE(r.status, 401);
        EXPECT_NE(r.status, 403);
        EXPECT_NE(r.status, 404);
      } else if (who == Who::kOtherUnitStaff && e.roles.count(who) && e.scope != Scope::kAny) {
        // The role may, but the work order is not its unit's: as if it did
        // not exist (issue 9), never a 403 naming the lead unit.
        EXPECT_EQ(r.status, 404);
      } else {
        EXPECT_EQ(r.status, 403);
        if (r.status == 403 && r.json().contains("error")) {
          EXPECT_EQ(r.json()["error"].value("rule", ""), "SEC-2");
        }
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 22 * 12);
  EXPECT_TRUE(server_->healthy());
}

// Authorisation comes before validation: a refused role learns nothing about
// what a valid body would be.
TEST_F(PermissionMatrix, SEC_2_RefusedRoleGets403EvenWithAnInvalidBody) {
  const Case c = fresh_case(100);
  for (const auto& e : expectations()) {
    const std::string target = fill(e.route, c.number, c.id);
    for (Who who : {Who::kAnalyst, Who::kOtherUnitStaff}) {
      if (allowed(e, who)) continue;
      // The role check needs no state; scoped refusals need the work order.
      if (e.roles.count(who)) continue;
      auto r = server_->as(tokens_[who], "POST", target, json{{"no_such_field", 1}});
      EXPECT_EQ(r.status, 403) << name_of(who) << " " << e.route << " " << r.body;
    }
  }
}

TEST_F(PermissionMatrix, SEC_2_AdminClockIsNotThereWithoutFakeClock) {
  auto r = server_->as(tokens_[Who::kAdministrator], "POST", "/api/v1/admin/clock",
                       {{"advance", "2 hours"}});
  EXPECT_EQ(r.status, 404) << r.body;
}

// A work order of another unit: not readable (404), not actionable (403).
TEST_F(PermissionMatrix, SEC_2_DIS_7_ReadsByRole) {
  const Case c = fresh_case(200);
  struct Read {
    Who who;
    int status;
  };
  for (const Read& read :
       {Read{Who::kAgent, 200}, Read{Who::kDispatcher, 200}, Read{Who::kVisitAgent, 200},
        Read{Who::kSupervisor, 200}, Read{Who::kAnalyst, 200}, Read{Who::kAdministrator, 200},
        Read{Who::kLeadUnitStaff, 200}, Read{Who::kAssistingUnitStaff, 200},
        Read{Who::kApiClient, 200}, Read{Who::kApplicant, 200}, Read{Who::kOtherUnitStaff, 404},
        Read{Who::kAnonymous, 401}}) {
    for (const std::string& path :
         {"/api/v1/work-orders/" + c.id, "/api/v1/work-orders/" + c.id + "/history",
          "/api/v1/requests/" + c.number}) {
      auto r = server_->as(tokens_[read.who], "GET", path);
      // Applicants read their request in their own view, not the staff's
      // work order and history (issue 9, item 8).
      const bool staff_view = path.find("/work-orders/") != std::string::npos;
      const int want = read.who == Who::kApplicant && staff_view ? 404 : read.status;
      EXPECT_EQ(r.status, want) << name_of(read.who) << " GET " << path << " " << r.body;
    }
  }
}

}  // namespace
}  // namespace hotline::testing
