// The Open311 endpoint on a real Engine and SQLite file: intake (INT-1,
// INT-5), lookups and filters, status mapping, errors, idempotency.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "open311_fixture.h"

namespace hotline::open311_test {
namespace {

using nlohmann::json;
using open311::Format;

constexpr const char* kUnit = "dept.heping.urban-management";

class Open311Service : public Open311Fixture {
 protected:
  // POSTs and returns the new service_request_id.
  std::string post(const std::string& body, Actor actor = api_client()) {
    auto reply = service_->post_request(post_call(body, Format::kJson, actor));
    EXPECT_EQ(reply.status, 200) << reply.body;
    const json j = json::parse(reply.body, nullptr, false);
    if (!j.is_array() || j.empty()) return {};
    return j[0].value("service_request_id", "");
  }
  // By default as the client that submitted it: anyone else needs the phone (INT-5).
  json get_one(const std::string& id, std::optional<Actor> actor = api_client()) {
    auto reply = service_->get_request(get_call({}, Format::kJson, actor), id);
    EXPECT_EQ(reply.status, 200) << reply.body;
    const json j = json::parse(reply.body, nullptr, false);
    return j.is_array() && !j.empty() ? j[0] : json();
  }
  json list(open311::Query q) {
    auto reply = service_->get_requests(get_call(std::move(q), Format::kJson, api_client()));
    EXPECT_EQ(reply.status, 200) << reply.body;
    return json::parse(reply.body, nullptr, false);
  }
  // Dispatches, accepts and replies to request `number`; returns the work order id.
  std::string handle_to_reply(const std::string& number) {
    CommandContext dispatcher{{"dispatcher.zhao", Role::kDispatcher, "office"}, "派单", {}};
    DispatchPlanOrder order;
    order.lead_unit = kUnit;
    auto orders = engine_->dispatch(dispatcher, number, {order});
    EXPECT_TRUE(orders) << orders.error().describe();
    if (!orders) return {};
    const std::string id = orders->front().id;
    CommandContext staff{{"staff.li", Role::kUnitStaff, kUnit}, "处理", {}};
    clock_.advance(Seconds{3600});
    EXPECT_TRUE(engine_->accept(staff, id));
    clock_.advance(Seconds{3600});
    ReplyContent reply;
    reply.contacted_at = clock_.now() - Seconds{600};
    reply.process = "现场查看";
    reply.result = "路灯已修复";
    reply.policy_basis = "《天津市市容和环境卫生管理条例》";
    reply.applicant_feedback = "认可";
    auto replied = engine_->reply(staff, id, reply);
    EXPECT_TRUE(replied) << replied.error().describe();
    return id;
  }
  // … and evaluates and closes it after the visit.
  std::string handle_to_close(const std::string& number) {
    return close_after_visit(handle_to_reply(number));
  }
  std::string close_after_visit(const std::string& id) {
    CommandContext visitor{{"visitor.sun", Role::kVisitAgent, "office"}, "回访", {}};
    clock_.advance(Seconds{3600});
    auto evaluated = engine_->evaluate(visitor, id, WorkOrderEvaluated{});
    // A request with no phone cannot be evaluated by phone (M18); it closes
    // after the reply without an evaluation nobody could give.
    if (!evaluated) {
      auto closed = engine_->close(visitor, id);
      EXPECT_TRUE(closed) << evaluated.error().describe() << " / " << closed.error().describe();
      return id;
    }
    if (evaluated->status != WorkOrderStatus::kClosed) {
      auto closed = engine_->close(visitor, id);
      EXPECT_TRUE(closed) << closed.error().describe();
    }
    return id;
  }
};

const char* kStreetLight =
    "api_key=k&jurisdiction_id=tj.gov.cn&service_code=urban-02&lat=39.1175&long=117.2108"
    "&address_string=%E5%92%8C%E5%B9%B3%E5%8C%BA%E5%8D%97%E4%BA%AC%E8%B7%AF1%E5%8F%B7"
    "&first_name=%F0%A0%AE%B7&last_name=%E5%BC%A0&phone=13800000000&email=a%40b.cn"
    "&description=%E8%B7%AF%E7%81%AF%E4%B8%8D%E4%BA%AE%0A%E5%BC%A0%F0%A0%AE%B7%E5%8F%8D%E6%98%A0"
    "&attribute[utilities]=general&attribute[district]=district.heping";

TEST_F(Open311Service, INT_1_INT_5_PostRegistersAndAnswersWithTheNumber) {
  const std::string id = post(kStreetLight);
  ASSERT_EQ(id.size(), 16u);  // 2026030200000001
  auto state = engine_->request(id);
  ASSERT_TRUE(state) << state.error().describe();
  const RequestDetails& d = state->details;
  EXPECT_EQ(d.channel, Channel::kWebsite);  // api.website stands for the website (INT-1)
  EXPECT_EQ(d.applicant.name, "张𠮷");
  EXPECT_EQ(d.applicant.phone, "13800000000");
  EXPECT_EQ(d.detail, "路灯不亮\n张𠮷反映");
  EXPECT_EQ(d.location.district, "district.heping");
  EXPECT_EQ(d.location.address, "和平区南京路1号");
  EXPECT_EQ(d.urgency, Urgency::kGeneral);
  EXPECT_EQ(d.type, RequestType::kAssistance);
  ASSERT_EQ(d.items.size(), 1u);
  EXPECT_EQ(d.items[0].category, "城乡建设/城市建设和市政管理");

  // INT-5: the number looks the request up.
  const json r = get_one(id);
  EXPECT_EQ(r["service_request_id"], id);
  EXPECT_EQ(r["status"], "open");
  EXPECT_EQ(r["service_code"], "urban-02");
  EXPECT_EQ(r["service_name"], "城市建设和市政管理");
  EXPECT_EQ(r["description"], "路灯不亮\n张𠮷反映");  // 𠮷 round trip
  EXPECT_EQ(r["requested_datetime"], "2026-03-02T09:00:00+08:00");
  EXPECT_DOUBLE_EQ(r["lat"].get<double>(), 39.1175);
  EXPECT_EQ(r["status_notes"], "已登记");
  // Contact details are never published.
  EXPECT_EQ(r.dump().find("13800000000"), std::string::npos);
  EXPECT_EQ(r.dump().find("a@b.cn"), std::string::npos);
}

TEST_F(Open311Service, INT_5_XmlLookupKeepsUtf8) {
  const std::string id = post(kStreetLight);
  auto reply = service_->get_request(get_call({}, Format::kXml, api_client()), id);
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "text/xml; charset=utf-8");
  EXPECT_NE(reply.body.find("<service_request_id>" + id + "</service_request_id>"),
            std::string::npos);
  EXPECT_NE(reply.body.find("<description>路灯不亮\n张𠮷反映</description>"), std::string::npos)
      << reply.body;
}

TEST_F(Open311Service, UtilitiesAttributeMakesTheRequestUrgent) {
  std::string utilities = kStreetLight;
  utilities.replace(utilities.find("attribute[utilities]=general"),
                    std::string("attribute[utilities]=general").size(),
                    "attribute[utilities]=utilities");
  const std::string id = post(utilities);
  auto state = engine_->request(id);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->details.urgency, Urgency::kUtilities);  // TYP-2: dispatched at once (DIS-1)
}

TEST_F(Open311Service, PostErrorsFollowTheSpec) {
  auto no_key = service_->post_request(post_call(kStreetLight, Format::kJson, std::nullopt));
  EXPECT_EQ(no_key.status, 403);
  EXPECT_EQ(json::parse(no_key.body)[0]["code"], 403);

  auto json_body = post_call(R"({"service_code":"urban-02"})");
  json_body.content_type = "application/json";
  auto refused = service_->post_request(json_body);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("Content-Type"), std::string::npos);

  auto unknown = service_->post_request(post_call("service_code=nope&address_id=1"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("service_code nope not found"), std::string::npos);

  auto other_city = service_->post_request(
      post_call("jurisdiction_id=sfgov.org&service_code=urban-03&address_id=1"));
  EXPECT_EQ(other_city.status, 404);
  EXPECT_NE(other_city.body.find("jurisdiction_id"), std::string::npos);

  // A required attribute of the service definition.
  auto missing = service_->post_request(post_call("service_code=urban-02&address_id=1"));
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("attribute[utilities]: required"), std::string::npos) << missing.body;
  auto bad_value = service_->post_request(
      post_call("service_code=urban-02&address_id=1&attribute[utilities]=maybe"));
  EXPECT_EQ(bad_value.status, 400);
  EXPECT_NE(bad_value.body.find("attribute[utilities]"), std::string::npos);
  auto foreign = service_->post_request(
      post_call("service_code=urban-03&address_id=1&attribute[utilities]=general"));
  EXPECT_EQ(foreign.status, 400);

  // The engine's own checks come back under the Open311 names.
  auto phone = service_->post_request(post_call("service_code=urban-03&address_id=1&phone=abc"));
  EXPECT_EQ(phone.status, 400);
  EXPECT_NE(phone.body.find("phone: not a telephone number"), std::string::npos) << phone.body;

  auto xml = service_->post_request(post_call("lat=1&long=2", Format::kXml));
  EXPECT_EQ(xml.status, 400);
  EXPECT_NE(xml.body.find("<errors>"), std::string::npos);
  EXPECT_NE(xml.body.find("service_code: was not provided"), std::string::npos) << xml.body;
}

// Issue 9, item 11: Open311 and the request agree — closed once every work
// order is closed, not while a visit may still send a reply back (VIS-2).
TEST_F(Open311Service, INT_5_StatusIsClosedOnceEveryWorkOrderIsClosed) {
  const std::string id = post(kStreetLight);
  const std::string wo = handle_to_reply(id);
  json r = get_one(id);
  EXPECT_EQ(r["status"], "open");
  EXPECT_EQ(r["agency_responsible"], engine_->organisation().find(kUnit)->name);
  EXPECT_EQ(r["updated_datetime"], "2026-03-02T11:00:00+08:00");
  // The reply text goes to the client that submitted the request (SEC-1).
  EXPECT_NE(r["status_notes"].get<std::string>().find("路灯已修复"), std::string::npos) << r;
  EXPECT_EQ(engine_->request(id)->status, RequestStatus::kDispatched);

  close_after_visit(wo);
  r = get_one(id);
  EXPECT_EQ(r["status"], "closed") << r;
  EXPECT_TRUE(r["expected_datetime"].is_null());
  EXPECT_NE(r["status_notes"].get<std::string>().find("已办结"), std::string::npos) << r;
  auto request = engine_->request(id);
  ASSERT_TRUE(request);
  EXPECT_EQ(request->status, RequestStatus::kConcluded);
}

// Issue 9, item 3: anything about one request is told to the client that
// submitted it or to whoever gives its number with the applicant's phone;
// to anyone else "not yours" looks exactly like "not there".
TEST_F(Open311Service, INT_5_LookupsNeedTheSubmitterOrTheApplicantsPhone) {
  const std::string id = post(kStreetLight);
  handle_to_reply(id);
  const auto missing = service_->get_request(get_call(), "2026030299999999");
  ASSERT_EQ(missing.status, 404);
  const auto anonymous = service_->get_request(get_call(), id);
  EXPECT_EQ(anonymous.status, 404);
  const auto shown_missing =
      std::string(missing.body).replace(missing.body.find("2026030299999999"), 16, id);
  EXPECT_EQ(anonymous.body, shown_missing);
  EXPECT_EQ(service_->get_request(get_call({}, Format::kJson, api_client("api.other")), id).status,
            404);
  EXPECT_EQ(service_->get_request(get_call({{"phone", "13800000001"}}), id).status, 404);
  const auto applicant = service_->get_request(get_call({{"phone", "13800000000"}}), id);
  ASSERT_EQ(applicant.status, 200) << applicant.body;
  // The applicant sees the reply, as the submitter does.
  EXPECT_NE(applicant.body.find("路灯已修复"), std::string::npos) << applicant.body;
  // By list of ids: the same rule; a listing needs the submitter's key.
  const auto ids = service_->get_requests(get_call({{"service_request_id", id}}));
  ASSERT_EQ(ids.status, 200);
  EXPECT_TRUE(json::parse(ids.body).empty()) << ids.body;
  EXPECT_EQ(service_->get_requests(get_call()).status, 403);
  EXPECT_TRUE(
      json::parse(service_->get_requests(get_call({}, Format::kJson, api_client("api.other"))).body)
          .empty());
}

TEST_F(Open311Service, OpenWorkOrderShowsItsUnitAndExpectedDate) {
  const std::string id = post(kStreetLight);
  CommandContext dispatcher{{"dispatcher.zhao", Role::kDispatcher, "office"}, "派单", {}};
  DispatchPlanOrder order;
  order.lead_unit = kUnit;
  auto orders = engine_->dispatch(dispatcher, id, {order});
  ASSERT_TRUE(orders);
  CommandContext staff{{"staff.li", Role::kUnitStaff, kUnit}, "接单", {}};
  auto accepted = engine_->accept(staff, orders->front().id);
  ASSERT_TRUE(accepted);
  const json r = get_one(id);
  EXPECT_EQ(r["status"], "open");
  EXPECT_EQ(r["status_notes"], "办理中");
  ASSERT_TRUE(accepted->handle_due);
  EXPECT_EQ(r["expected_datetime"], format_iso8601(accepted->handle_due->due));
}

TEST_F(Open311Service, PhoneRequestsAreFoundByNumberButNotPublished) {
  RequestDetails d;
  d.channel = Channel::kPhone;
  d.applicant.name = "李某";
  d.applicant.phone = "13900000001";
  d.detail = "家门口路灯不亮，电话 13900000000";
  d.items.push_back({d.detail, "城乡建设/城市建设和市政管理/城市公共设施"});
  auto r = engine_->register_request({{"agent.wang", Role::kAgent, "office"}, "来电", {}}, d);
  ASSERT_TRUE(r);
  // Not the client's: only with the applicant's phone (INT-5).
  EXPECT_EQ(service_->get_request(get_call({}, Format::kJson, api_client()), r->number).status,
            404);
  auto reply = service_->get_request(get_call({{"phone", "13900000001"}}), r->number);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json j = json::parse(reply.body)[0];
  EXPECT_EQ(j["service_code"], "urban-02");  // from the category
  EXPECT_TRUE(j["description"].is_null());
  EXPECT_TRUE(j["address"].is_null());
  EXPECT_TRUE(list({}).empty());  // not in the Open311 index
}

TEST_F(Open311Service, LookupOfUnknownIdsIs404) {
  for (const char* id : {"2026030299999999", "abc", "../etc"}) {
    auto reply = service_->get_request(get_call(), id);
    EXPECT_EQ(reply.status, 404) << id;
  }
  auto token = service_->get_token(get_call(), "12345");
  EXPECT_EQ(token.status, 404);
  EXPECT_NE(token.body.find("realtime"), std::string::npos);
}

TEST_F(Open311Service, GetRequestsFilters) {
  const std::string a = post(kStreetLight);  // urban-02, 09:00
  clock_.advance(Seconds{600});
  const std::string b =
      post("service_code=transport-01&address_string=%E5%8D%97%E4%BA%AC%E8%B7%AF");
  clock_.advance(Seconds{600});
  const std::string c = post("service_code=transport-01&address_id=A-7");
  handle_to_close(c);

  json all = list({});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0]["service_request_id"], c);  // most recent first
  EXPECT_EQ(all[2]["service_request_id"], a);

  json transport = list({{"service_code", "transport-01"}});
  ASSERT_EQ(transport.size(), 2u);
  json closed = list({{"status", "closed"}});
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0]["service_request_id"], c);
  json open = list({{"status", "open"}, {"service_code", "transport-01"}});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0]["service_request_id"], b);
  json window =
      list({{"start_date", "2026-03-02T09:05:00+08:00"}, {"end_date", "2026-03-02T01:15:00Z"}});
  ASSERT_EQ(window.size(), 1u);
  EXPECT_EQ(window[0]["service_request_id"], b);
  json ids = list({{"service_request_id", a + "," + c + ",2026030299999999"},
                   {"status", "open"}});  // ids override the other filters
  ASSERT_EQ(ids.size(), 2u);

  // Later than 90 days the default range no longer covers them.
  clock_.advance(Seconds{91 * 86400});
  EXPECT_TRUE(list({}).empty());

  auto bad = service_->get_requests(get_call({{"end_date", "2026-03-02"}, {"start_date", "x"}}));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("start_date"), std::string::npos);
  auto other_city = service_->get_requests(get_call({{"jurisdiction_id", "sfgov.org"}}));
  EXPECT_EQ(other_city.status, 404);
}

TEST_F(Open311Service, ServicesAndDefinitions) {
  auto services = service_->services(get_call({{"jurisdiction_id", "tj.gov.cn"}}));
  ASSERT_EQ(services.status, 200);
  EXPECT_EQ(json::parse(services.body).size(), 118u);
  auto xml = service_->services(get_call({}, Format::kXml));
  EXPECT_NE(xml.body.find("<service_code>urban-02</service_code>"), std::string::npos);
  auto def = service_->service_definition(get_call(), "urban-02");
  ASSERT_EQ(def.status, 200);
  const json j = json::parse(def.body);
  EXPECT_EQ(j["attributes"][0]["code"], "utilities");
  EXPECT_EQ(j["attributes"][0]["required"], true);
  EXPECT_EQ(service_->service_definition(get_call(), "nope").status, 404);
  auto discovery = service_->discovery(get_call());
  EXPECT_EQ(json::parse(discovery.body)["endpoints"][0]["specification"],
            "http://wiki.open311.org/GeoReport_v2");
}

// ---- Idempotency-Key --------------------------------------------------------------------------

TEST_F(Open311Service, SameKeyAndBodyGiveTheSameResponseAndOneRequest) {
  auto call = post_call(kStreetLight);
  call.idempotency_key = "retry-1";
  auto first = service_->post_request(call);
  ASSERT_EQ(first.status, 200) << first.body;
  clock_.advance(Seconds{30});
  auto second = service_->post_request(call);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.headers["Idempotent-Replayed"], "true");
  // The same fields in another order, with another api_key, are the same request.
  auto reordered = post_call(
      "attribute[district]=district.heping&attribute[utilities]=general&service_code=urban-02"
      "&api_key=rotated&jurisdiction_id=tj.gov.cn&lat=39.1175&long=117.2108"
      "&address_string=%E5%92%8C%E5%B9%B3%E5%8C%BA%E5%8D%97%E4%BA%AC%E8%B7%AF1%E5%8F%B7"
      "&first_name=%F0%A0%AE%B7&last_name=%E5%BC%A0&phone=13800000000&email=a%40b.cn"
      "&description=%E8%B7%AF%E7%81%AF%E4%B8%8D%E4%BA%AE%0A%E5%BC%A0%F0%A0%AE%B7%E5%8F%8D%E6%98%"
      "A0");
  reordered.idempotency_key = "retry-1";
  EXPECT_EQ(service_->post_request(reordered).body, first.body);
  EXPECT_EQ(list({}).size(), 1u);  // one request, not three
  // The stored response survives a restart.
  close_all();
  open_all();
  EXPECT_EQ(service_->post_request(call).body, first.body);
  EXPECT_EQ(list({}).size(), 1u);
}

TEST_F(Open311Service, SameKeyWithAnotherBodyIsRefused) {
  auto call = post_call(kStreetLight);
  call.idempotency_key = "k-2";
  ASSERT_EQ(service_->post_request(call).status, 200);
  auto other = post_call("service_code=transport-01&address_id=A-1");
  other.idempotency_key = "k-2";
  auto refused = service_->post_request(other);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("Idempotency-Key"), std::string::npos);
  // Keys belong to their client: another client may use the same one.
  auto elsewhere =
      post_call("service_code=transport-01&address_id=A-1", Format::kJson, api_client("api.other"));
  elsewhere.idempotency_key = "k-2";
  EXPECT_EQ(service_->post_request(elsewhere).status, 200);
  EXPECT_EQ(list({}).size(), 1u);  // each client lists what it submitted
  auto theirs = service_->get_requests(get_call({}, Format::kJson, api_client("api.other")));
  EXPECT_EQ(json::parse(theirs.body).size(), 1u);
}

TEST_F(Open311Service, AFailedRequestFreesItsKey) {
  auto bad = post_call("service_code=transport-01&address_id=A-1&phone=abc");
  bad.idempotency_key = "k-3";
  EXPECT_EQ(service_->post_request(bad).status, 400);
  auto fixed = post_call("service_code=transport-01&address_id=A-1&phone=13800000000");
  fixed.idempotency_key = "k-3";
  EXPECT_EQ(service_->post_request(fixed).status, 200);
  auto invalid = post_call("service_code=transport-01&address_id=A-1");
  invalid.idempotency_key = std::string(256, 'k');
  EXPECT_EQ(service_->post_request(invalid).status, 400);
}

TEST_F(Open311Service, AKeyStillInUseIsAConflict) {
  auto call = post_call("service_code=transport-01&address_id=A-1");
  call.idempotency_key = "k-4";
  auto first = service_->post_request(call);
  ASSERT_EQ(first.status, 200);
  // A claim made a moment ago by another worker, then abandoned by a crash.
  auto claim = keys_->claim({"api.website", "k-5", "fp"}, clock_.now(), Seconds{120});
  ASSERT_TRUE(claim);
  ASSERT_EQ(claim->outcome, ClaimOutcome::kClaimed);
  auto again = keys_->claim({"api.website", "k-5", "fp"}, clock_.now(), Seconds{120});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->outcome, ClaimOutcome::kInProgress);
  clock_.advance(Seconds{121});
  auto abandoned = keys_->claim({"api.website", "k-5", "fp"}, clock_.now(), Seconds{120});
  ASSERT_TRUE(abandoned);
  EXPECT_EQ(abandoned->outcome, ClaimOutcome::kClaimed);
}

TEST_F(Open311Service, INT_4_ARetryAfterTheFirstNodeDiedGetsTheFirstRequest) {
  AnswerLostByACrash lost(*keys_);
  open311::Open311Service dying(*engine_, *work_orders_, *shipped().catalog, *index_, lost, clock_,
                                {});
  auto call = post_call(kStreetLight);
  call.idempotency_key = "retry-after-crash";
  auto first = dying.post_request(call);
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string number = json::parse(first.body)[0].value("service_request_id", "");
  // Until the dead node's claim is stale the retry is told to wait …
  EXPECT_EQ(service_->post_request(call).status, 409);
  // … then it is answered with the request the dead node registered.
  clock_.advance(Seconds{121});
  auto retry = service_->post_request(call);
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(json::parse(retry.body)[0].value("service_request_id", ""), number);
  EXPECT_EQ(list({}).size(), 1u);
  // Another client's request with the same key is its own.
  auto elsewhere = post_call(kStreetLight, Format::kJson, api_client("api.other"));
  elsewhere.idempotency_key = "retry-after-crash";
  auto theirs = service_->post_request(elsewhere);
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_NE(json::parse(theirs.body)[0].value("service_request_id", ""), number);
}

}  // namespace
}  // namespace hotline::open311_test
