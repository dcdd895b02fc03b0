// Issue 13 over real HTTP: the 12328 sub-centre with its own accounts
// (ICN-1 [D31, T2]), Beijing–Tianjin–Hebei transfers in and out with both
// references (ICN-2 [M9]) and the call-centre hook (a telephony system's
// incoming call opens a draft with the caller's earlier requests, pushed to
// the agent who takes the call).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "fixtures.h"
#include "test_server.h"

namespace hotline::testing {
namespace {

using nlohmann::json;

constexpr const char* kSubCentre = "subcentre.12328";

struct HotlineServer {
  std::unique_ptr<TestServer> server;
  std::string agent, dispatcher, sub_centre, lead;
};

const HotlineServer& hotline_server() {
  static HotlineServer h = [] {
    HotlineServer s;
    s.server = std::make_unique<TestServer>(std::vector<std::vector<std::string>>{
        user("agent", "agent"), user("dispatcher", "dispatcher"),
        user("sc.liu", "unit-staff", kSubCentre), user("lead.staff", "unit-staff", kLeadUnit)});
    s.agent = s.server->login("agent");
    s.dispatcher = s.server->login("dispatcher");
    s.sub_centre = s.server->login("sc.liu");
    s.lead = s.server->login("lead.staff");
    return s;
  }();
  return h;
}

json transport_call(const std::string& phone, const std::string& channel = "hotline-12328") {
  json body = registration(phone, "王𠮷", "公交车到站不停，司机态度差");
  body["channel"] = channel;
  return body;
}

TEST(Hotlines, ICN_1_SubCentreRegistersWithItsOwnAccountAndIsDispatchedTo) {
  const HotlineServer& h = hotline_server();
  const TestServer& s = *h.server;
  const std::string number = register_request(s, h.sub_centre, transport_call("13700006001"));
  ASSERT_FALSE(number.empty());
  // Its own channels only (D31, T2), the refusal citing the article.
  auto website =
      s.as(h.sub_centre, "POST", "/api/v1/requests", transport_call("13700006001", "website"));
  EXPECT_EQ(website.status, 422) << website.body;
  EXPECT_EQ(website.json()["error"].value("rule", ""), "ICN-1");
  EXPECT_EQ(website.json()["error"].value("article", ""), "D31, T2");
  // Another unit's staff register nothing.
  EXPECT_EQ(s.as(h.lead, "POST", "/api/v1/requests", transport_call("13700006001")).status, 403);
  // It does not dispatch; the office does, here to the sub-centre itself.
  EXPECT_EQ(s.as(h.sub_centre, "POST", "/api/v1/requests/" + number + "/dispatch",
                 json{{"lead_unit", kLeadUnit}})
                .status,
            403);
  const std::string id = dispatch(s, h.dispatcher, number, kSubCentre);
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(s.as(h.lead, "GET", "/api/v1/work-orders/" + id).status, 404);
  auto accepted =
      s.as(h.sub_centre, "POST", "/api/v1/work-orders/" + id + "/accept", json::object());
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  auto replied = s.as(h.sub_centre, "POST", "/api/v1/work-orders/" + id + "/reply", reply_body());
  EXPECT_EQ(replied.status, 200) << replied.body;
}

TEST(Hotlines, ICN_2_TransferInIsIdempotentOnTheirReference) {
  const HotlineServer& h = hotline_server();
  const TestServer& s = *h.server;
  const std::string beijing = s.create_api_key("beijing-12345", "hotline.beijing");
  json body = {{"their_reference", "BJ20260302-𠮷-0001"},
               {"request", registration("13700006002", "李雷", "在天津办理医保异地结算遇到问题")}};
  body["request"]["channel"] = "hotline-transfer";
  auto first = s.as(beijing, "POST", "/api/v1/hotlines/transfers-in", body);
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string number = first.json().value("number", "");
  ASSERT_FALSE(number.empty());
  // The office sees their reference on the request.
  auto seen = s.as(h.dispatcher, "GET", "/api/v1/requests/" + number);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json()["details"].value("external_ref", ""), "hotline.beijing:BJ20260302-𠮷-0001");
  EXPECT_EQ(seen.json()["details"].value("channel", ""), "hotline-transfer");
  // The same transfer again: the first answer, no second request.
  auto again = s.as(beijing, "POST", "/api/v1/hotlines/transfers-in", body);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json().value("number", ""), number);
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  // Other content under the same reference: a conflict naming the field.
  json changed = body;
  changed["request"]["detail"] = "另一件事";
  changed["request"]["items"] = json::array({{{"text", "另一件事"}}});
  auto clash = s.as(beijing, "POST", "/api/v1/hotlines/transfers-in", changed);
  EXPECT_EQ(clash.status, 409) << clash.body;
  EXPECT_EQ(clash.json()["error"].value("field", ""), "their_reference");
  // Only another hotline's key transfers in; a missing reference is named.
  EXPECT_EQ(s.as(h.agent, "POST", "/api/v1/hotlines/transfers-in", body).status, 403);
  const std::string housing = s.create_api_key("housing-system-icn", kLeadUnit);
  EXPECT_EQ(s.as(housing, "POST", "/api/v1/hotlines/transfers-in", body).status, 403);
  auto no_ref =
      s.as(beijing, "POST", "/api/v1/hotlines/transfers-in", json{{"request", body["request"]}});
  EXPECT_EQ(no_ref.status, 400) << no_ref.body;
  EXPECT_EQ(no_ref.json()["error"].value("field", ""), "their_reference");
}

TEST(Hotlines, ICN_2_TransferOutAndJointHandlingShowBothReferences) {
  const HotlineServer& h = hotline_server();
  const TestServer& s = *h.server;
  const std::string hebei = s.create_api_key("hebei-12345", "hotline.hebei");
  const std::string number = register_request(s, h.agent, registration("13700006003"));
  const std::string id = dispatch(s, h.dispatcher, number);
  auto joint =
      s.as(h.dispatcher, "POST", "/api/v1/requests/" + number + "/transfer-to-hotline",
           json{{"hotline", "hotline.hebei"}, {"joint", true}, {"note", "京冀联动处置𡒄"}});
  ASSERT_EQ(joint.status, 200) << joint.body;
  EXPECT_EQ(joint.json().value("status", ""), "dispatched");
  // Hebei's system answers with its own number.
  auto answered =
      s.as(hebei, "POST", "/api/v1/requests/" + number + "/answer-hotline-transfer",
           json{{"their_reference", "HB-2026-77"}, {"result", "accepted"}, {"note", "已接收"}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  auto seen = s.as(h.dispatcher, "GET", "/api/v1/requests/" + number);
  ASSERT_EQ(seen.status, 200);
  const json t = seen.json()["transfers"][0];
  EXPECT_EQ(t.value("our_reference", ""), number);
  EXPECT_EQ(t.value("their_reference", ""), "HB-2026-77");
  EXPECT_EQ(t.value("result", ""), "accepted");
  EXPECT_TRUE(t.value("joint", false));
  // Beijing's system has nothing to answer here.
  const std::string beijing = s.create_api_key("beijing-12345-b", "hotline.beijing");
  auto not_theirs = s.as(beijing, "POST", "/api/v1/requests/" + number + "/answer-hotline-transfer",
                         json{{"their_reference", "BJ-1"}, {"result", "accepted"}});
  EXPECT_EQ(not_theirs.status, 404) << not_theirs.body;
  // A unit transfers nothing out.
  EXPECT_EQ(s.as(h.lead, "POST", "/api/v1/requests/" + number + "/transfer-to-hotline",
                 json{{"hotline", "hotline.beijing"}})
                .status,
            403);
  (void)id;
}

TEST(Hotlines, CallCentreHookOpensADraftForTheAgentWithoutKeepingTheNumber) {
  const HotlineServer& h = hotline_server();
  const TestServer& s = *h.server;
  const std::string phone = "13700006999";
  const std::string earlier = register_request(s, h.agent, registration(phone));
  const std::string telephony = s.create_api_key("ipcc", "office");
  EventStream stream(s.port(), h.agent);
  ASSERT_EQ(stream.status(), 200);
  auto r = s.as(telephony, "POST", "/api/v1/calls",
                json{{"caller", phone}, {"line", "12345"}, {"agent", "agent"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const json draft = r.json();
  EXPECT_EQ(draft.value("caller", ""), "137****6999");
  EXPECT_EQ(draft["registration"].value("channel", ""), "phone");
  ASSERT_TRUE(draft["earlier"].is_array());
  ASSERT_FALSE(draft["earlier"].empty());
  EXPECT_EQ(draft["earlier"][0].value("number", ""), earlier);
  // The answer to the telephony system never holds the number.
  EXPECT_EQ(r.body.find(phone), std::string::npos);
  // The agent who takes the call gets the draft, with the number to fill the form.
  ASSERT_TRUE(stream.wait_for("incoming-call", std::chrono::seconds(5))) << stream.received();
  ASSERT_TRUE(stream.wait_for(phone, std::chrono::seconds(5))) << stream.received();
  // Nothing of the number at rest: no audit entry or table holds it in clear.
  EXPECT_EQ(s.sql("SELECT count(*) FROM audit_log WHERE detail LIKE '%" + phone + "%';"), "0");
  // Only a telephony system's key reports calls; a bad number is named.
  EXPECT_EQ(s.as(h.agent, "POST", "/api/v1/calls",
                 json{{"caller", phone}, {"line", "12345"}, {"agent", "agent"}})
                .status,
            403);
  auto bad = s.as(telephony, "POST", "/api/v1/calls",
                  json{{"caller", "电话"}, {"line", "12345"}, {"agent", "agent"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["error"].value("field", ""), "caller");
}

}  // namespace
}  // namespace hotline::testing
