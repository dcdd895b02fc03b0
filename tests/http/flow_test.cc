// The JSON API end to end through a real server: intake, dispatch, handling,
// reply and evaluation; what each reader sees (DIS-7, SEC-4).

#include <gtest/gtest.h>

#include <memory>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

class ApiFlow : public ::testing::Test {
 protected:
  static const TestServer& s() { return *shared_server().server; }
  static const std::string& t(const std::string& user) { return shared_server().token(user); }
};

bool lists(const HttpResult& r, const std::string& id) {
  const json body = r.json();
  if (!body.is_object() || !body.contains("items")) return false;
  for (const auto& item : body["items"]) {
    if (item.value("id", std::string()) == id) return true;
  }
  return false;
}

TEST_F(ApiFlow, INT_4_DIS_1_ACC_1_VIS_1_RegisterDispatchAcceptReplyEvaluate) {
  // Register (INT-4): 201 with the number (INT-5) and the details as the agent may see them.
  auto reg = s().as(t("agent"), "POST", "/api/v1/requests", registration("13900001111"));
  ASSERT_EQ(reg.status, 201) << reg.body;
  EXPECT_NE(reg.header("Content-Type").find("application/json"), std::string::npos);
  const json request = reg.json();
  const std::string number = request.value("number", "");
  ASSERT_EQ(number.size(), 16u) << reg.body;
  EXPECT_EQ(request["status"], "registered");
  EXPECT_EQ(request["version"], 1);
  EXPECT_TRUE(request.contains("dispatch_due")) << reg.body;
  EXPECT_EQ(request["details"]["applicant"]["name"], "陈小明");
  EXPECT_EQ(request["details"]["applicant"]["phone"], "13900001111");

  // GET it back.
  auto got = s().as(t("agent"), "GET", "/api/v1/requests/" + number);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["number"], number);

  // Dispatch (DIS-1): an array of work orders.
  auto dis = s().as(t("dispatcher"), "POST", "/api/v1/requests/" + number + "/dispatch",
                    {{"lead_unit", kLeadUnit}, {"reason", "属地管理"}});
  ASSERT_EQ(dis.status, 200) << dis.body;
  ASSERT_TRUE(dis.json().is_array());
  ASSERT_EQ(dis.json().size(), 1u);
  const json order = dis.json()[0];
  const std::string id = order.value("id", "");
  EXPECT_EQ(id, number + "-1");
  EXPECT_EQ(order["status"], "dispatched");
  EXPECT_EQ(order["lead_unit"], kLeadUnit);
  EXPECT_TRUE(order["deadlines"]["accept"].contains("due")) << order.dump();
  EXPECT_EQ(order["deadlines"]["accept"].value("article", ""), "R9") << order.dump();

  // The unit sees it in its inbox.
  auto inbox = s().as(t("lead.staff"), "GET", "/api/v1/work-orders?status=dispatched");
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  EXPECT_TRUE(lists(inbox, id)) << inbox.body;
  EXPECT_TRUE(inbox.json().contains("limit"));
  EXPECT_TRUE(inbox.json().contains("offset"));

  // Accept (ACC-1) with the version it saw.
  const int version = order["version"].get<int>();
  auto acc = s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/accept",
                    {{"expected_version", version}});
  ASSERT_EQ(acc.status, 200) << acc.body;
  EXPECT_EQ(acc.json()["status"], "accepted");
  EXPECT_GT(acc.json()["version"].get<int>(), version);

  // Reply (HND).
  auto rep = s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/reply", reply_body());
  ASSERT_EQ(rep.status, 200) << rep.body;
  EXPECT_EQ(rep.json()["status"], "replied");

  // Evaluate (VIS-1).
  auto ev = s().as(t("visitor"), "POST", "/api/v1/work-orders/" + id + "/evaluate",
                   {{"method", "phone"}, {"satisfaction", "satisfied"}});
  ASSERT_EQ(ev.status, 200) << ev.body;
  EXPECT_NE(ev.json()["status"], "replied") << ev.body;

  // The work order and its history.
  auto wo = s().as(t("agent"), "GET", "/api/v1/work-orders/" + id);
  ASSERT_EQ(wo.status, 200) << wo.body;
  EXPECT_EQ(wo.json()["id"], id);
  auto history = s().as(t("lead.staff"), "GET", "/api/v1/work-orders/" + id + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  ASSERT_TRUE(history.json().is_array());
  EXPECT_GE(history.json().size(), 4u) << history.body;  // dispatched, accepted, replied, evaluated

  // The request lists its work order.
  auto after = s().as(t("agent"), "GET", "/api/v1/requests/" + number);
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.body.find(id), std::string::npos) << after.body;
}

TEST_F(ApiFlow, DIS_7_SEC_2_UnitReadsOnlyItsOwnWorkOrders) {
  const std::string number = register_request(s(), t("agent"), registration("13900002222"));
  const std::string id = dispatch(s(), t("dispatcher"), number);
  ASSERT_FALSE(id.empty());

  // The lead unit.
  EXPECT_TRUE(lists(s().as(t("lead.staff"), "GET", "/api/v1/work-orders?limit=500"), id));
  EXPECT_EQ(s().as(t("lead.staff"), "GET", "/api/v1/work-orders/" + id).status, 200);
  EXPECT_EQ(s().as(t("lead.staff"), "GET", "/api/v1/requests/" + number).status, 200);

  // Another unit: not in its list, and 404 (not 403: it does not learn the work order exists).
  auto other = s().as(t("other.staff"), "GET", "/api/v1/work-orders?limit=500");
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_FALSE(lists(other, id)) << other.body;
  const json other_items = other.json()["items"];
  for (const auto& item : other_items) {
    EXPECT_EQ(item["lead_unit"], kOtherUnit) << item.dump();
  }
  EXPECT_EQ(s().as(t("other.staff"), "GET", "/api/v1/work-orders/" + id).status, 404);
  EXPECT_EQ(s().as(t("other.staff"), "GET", "/api/v1/work-orders/" + id + "/history").status, 404);
  EXPECT_EQ(s().as(t("other.staff"), "GET", "/api/v1/requests/" + number).status, 404);
  // Asking for the other unit's inbox explicitly does not help.
  auto filtered =
      s().as(t("other.staff"), "GET", std::string("/api/v1/work-orders?unit=") + kLeadUnit);
  EXPECT_TRUE(filtered.status == 404 || (filtered.status == 200 && !lists(filtered, id)))
      << filtered.status << " " << filtered.body;

  // Analysts and the office read everything.
  for (const char* reader : {"analyst", "agent", "dispatcher", "supervisor", "visitor"}) {
    EXPECT_TRUE(lists(s().as(t(reader), "GET", "/api/v1/work-orders?limit=500"), id)) << reader;
    EXPECT_EQ(s().as(t(reader), "GET", "/api/v1/work-orders/" + id).status, 200) << reader;
    EXPECT_EQ(s().as(t(reader), "GET", "/api/v1/requests/" + number).status, 200) << reader;
  }
  // Filters and paging.
  auto page = s().as(t("agent"), "GET", "/api/v1/work-orders?limit=1&offset=0");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.json()["items"].size(), 1u);
  EXPECT_EQ(s().as(t("agent"), "GET", "/api/v1/work-orders?status=bogus").status, 400);
  EXPECT_EQ(s().as(t("agent"), "GET", "/api/v1/work-orders?limit=x").status, 400);
  auto overdue = s().as(t("agent"), "GET", "/api/v1/work-orders?overdue=true");
  ASSERT_EQ(overdue.status, 200);
  EXPECT_FALSE(lists(overdue, id));
}

TEST_F(ApiFlow, SEC_4_ComplainedUnitSeesNoIdentityOthersMaskedOfficeFull) {
  json body = registration("13912345678", "李建国", "投诉和平区住建委工作人员推诿");
  body["applicant"]["complained_unit"] = kLeadUnit;
  const std::string number = register_request(s(), t("agent"), body);
  const std::string id = dispatch(s(), t("dispatcher"), number, kLeadUnit, {kAssistingUnit});
  ASSERT_FALSE(id.empty());

  auto applicant_of = [&](const std::string& user) {
    auto r = s().as(t(user), "GET", "/api/v1/requests/" + number);
    EXPECT_EQ(r.status, 200) << user << " " << r.body;
    return std::make_pair(r.json()["details"].value("applicant", json::object()), r.body);
  };

  // The complained unit: nothing that identifies the applicant, anywhere in the answers.
  auto [lead, lead_body] = applicant_of("lead.staff");
  EXPECT_EQ(lead.value("name", ""), "") << lead_body;
  EXPECT_EQ(lead.value("phone", ""), "") << lead_body;
  EXPECT_EQ(lead.value("address", ""), "") << lead_body;
  for (const std::string& target :
       {"/api/v1/requests/" + number, "/api/v1/work-orders/" + id,
        "/api/v1/work-orders/" + id + "/history", std::string("/api/v1/work-orders?limit=500")}) {
    auto r = s().as(t("lead.staff"), "GET", target);
    EXPECT_EQ(r.status, 200) << target;
    for (const char* secret : {"李建国", "李**", "13912345678", "5678", "西宁道"}) {
      EXPECT_EQ(r.body.find(secret), std::string::npos) << target << " shows " << secret;
    }
  }
  // The unit's own actions answer without identity too.
  auto acc =
      s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/accept", json::object());
  EXPECT_EQ(acc.status, 200) << acc.body;
  EXPECT_EQ(acc.body.find("13912345678"), std::string::npos);
  EXPECT_EQ(acc.body.find("李建国"), std::string::npos);

  // Another unit on the work order: masked.
  auto [assist, assist_body] = applicant_of("assist.staff");
  EXPECT_EQ(assist.value("name", ""), "李**") << assist_body;
  EXPECT_EQ(assist.value("phone", ""), "139****5678") << assist_body;
  EXPECT_NE(assist.value("address", ""), "") << assist_body;
  EXPECT_EQ(assist_body.find("13912345678"), std::string::npos);
  EXPECT_EQ(assist_body.find("西宁道12号"), std::string::npos);

  // The office: in full.
  for (const char* office : {"agent", "dispatcher", "visitor", "supervisor"}) {
    auto [full, full_body] = applicant_of(office);
    EXPECT_EQ(full.value("name", ""), "李建国") << office;
    EXPECT_EQ(full.value("phone", ""), "13912345678") << office;
    EXPECT_EQ(full.value("address", ""), "和平区新兴街道西宁道12号") << office;
  }
  // Administrators are masked, analysts see no identity (docs/security.md).
  EXPECT_EQ(applicant_of("admin").first.value("phone", ""), "139****5678");
  auto [analyst, analyst_body] = applicant_of("analyst");
  EXPECT_EQ(analyst_body.find("5678"), std::string::npos) << analyst_body;
}

}  // namespace
}  // namespace hotline::testing
