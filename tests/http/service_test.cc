// The service around the engine: the OpenAPI document covers every route,
// push over Server-Sent Events reaches only those who may see the change,
// Open311 intake through the real server, and Prometheus metrics.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <regex>
#include <set>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

class Service : public ::testing::Test {
 protected:
  static const TestServer& s() { return *shared_server().server; }
  static const std::string& t(const std::string& user) { return shared_server().token(user); }
};

// Every route of the sources (src/adapters/http/api_*.cc, cli_serve.cc).
const std::vector<std::pair<std::string, std::string>>& known_routes() {
  static const std::vector<std::pair<std::string, std::string>> routes = [] {
    std::vector<std::pair<std::string, std::string>> r = {
        {"POST", "/api/v1/session"},
        {"DELETE", "/api/v1/session"},
        {"GET", "/api/v1/me"},
        {"POST", "/api/v1/applicant-session"},
        {"POST", "/api/v1/requests"},
        {"GET", "/api/v1/requests/{number}"},
        {"GET", "/api/v1/work-orders"},
        {"GET", "/api/v1/work-orders/{id}"},
        {"GET", "/api/v1/work-orders/{id}/history"},
        {"POST", "/api/v1/sweep"},
        {"GET", "/api/v1/events"},
        {"GET", "/healthz"},
        {"GET", "/metrics"},
        {"GET", "/api/v1/openapi.json"},
        {"GET", "/open311/v2/services/{file}"},
        {"GET", "/open311/v2/requests/{file}"},
        {"GET", "/open311/v2/tokens/{file}"},
    };
    for (const char* a : {"triage", "open-consultation", "conclude-consultation", "dispatch"}) {
      r.push_back({"POST", std::string("/api/v1/requests/{number}/") + a});
    }
    for (const char* a :
         {"accept", "forward", "apply-return", "review-return", "redispatch", "apply-extension",
          "review-extension", "submit-assisting-result", "reply", "evaluate", "skip-visit",
          "send-back", "close", "file-appeal", "review-appeal", "supervise"}) {
      r.push_back({"POST", std::string("/api/v1/work-orders/{id}/") + a});
    }
    for (const char* ext : {".xml", ".json"}) {
      r.push_back({"GET", std::string("/open311/v2/discovery") + ext});
      r.push_back({"GET", std::string("/open311/v2/services") + ext});
      r.push_back({"GET", std::string("/open311/v2/requests") + ext});
      r.push_back({"POST", std::string("/open311/v2/requests") + ext});
    }
    return r;
  }();
  return routes;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST_F(Service, OpenApiDocumentsEveryRouteTheServerAnswers) {
  auto r = s().request("GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200) << r.body;
  const json doc = r.json();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.value("openapi", "").substr(0, 2), "3.");
  EXPECT_TRUE(doc["info"].contains("version"));
  const json& paths = doc["paths"];
  ASSERT_TRUE(paths.is_object());
  for (const auto& [method, path] : known_routes()) {
    EXPECT_TRUE(paths.contains(path) && paths[path].contains(lower(method)))
        << method << " " << path << " is answered but not documented";
    if (paths.contains(path) && paths[path].contains(lower(method))) {
      const json& op = paths[path][lower(method)];
      EXPECT_FALSE(op.value("summary", "").empty()) << method << " " << path;
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
    }
  }
}

TEST_F(Service, OpenApiEveryDocumentedOperationIsServed) {
  const json doc = s().request("GET", "/api/v1/openapi.json").json();
  const std::string token = s().login("analyst");  // reads everything, changes nothing
  std::vector<std::pair<std::string, std::string>> operations;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) operations.push_back({method, path});
  }
  ASSERT_GE(operations.size(), known_routes().size());
  // Sign-out last: it ends the session the walk uses.
  std::stable_partition(operations.begin(), operations.end(), [](const auto& o) {
    return !(o.first == "delete" && o.second == "/api/v1/session");
  });
  int walked = 0;
  for (const auto& [method, path] : operations) {
    if (path == "/api/v1/events") continue;  // a stream; tested below
    std::string target = std::regex_replace(path, std::regex(R"(\{file\})"), "x.json");
    target = std::regex_replace(target, std::regex(R"(\{[a-z_]+\})"), "x");
    std::string verb = method;
    for (auto& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto r = s().request(verb, target, verb == "POST" ? "{}" : "",
                         {{"Authorization", "Bearer " + token}});
    SCOPED_TRACE(verb + " " + target + " → " + std::to_string(r.status) + " " +
                 r.body.substr(0, 200));
    EXPECT_NE(r.status, 405);
    EXPECT_NE(r.status, 500);
    // A 404 may only mean "no such resource", never "no such route".
    if (r.status == 404 && r.json().is_object() && r.json().contains("error")) {
      EXPECT_NE(r.json()["error"].value("field", ""), "path");
    }
    ++walked;
  }
  EXPECT_GT(walked, 40);
  EXPECT_TRUE(s().healthy());
}

TEST_F(Service, DIS_7_EventsReachTheUnitConcernedAndTheOfficeOnly) {
  EventStream lead(s().port(), t("lead.staff"));
  EventStream other(s().port(), t("other.staff"));
  EventStream office(s().port(), t("dispatcher"));
  ASSERT_EQ(lead.status(), 200) << lead.received();
  ASSERT_EQ(other.status(), 200) << other.received();
  ASSERT_EQ(office.status(), 200) << office.received();
  EXPECT_NE(lead.received().find("text/event-stream"), std::string::npos) << lead.received();

  const std::string number = register_request(s(), t("agent"), registration("13400001111"));
  const std::string id = dispatch(s(), t("dispatcher"), number);
  ASSERT_FALSE(id.empty());
  EXPECT_TRUE(lead.wait_for("\"id\":\"" + id + "\"", 5s)) << lead.received();
  EXPECT_NE(lead.received().find("event: work-order"), std::string::npos);
  EXPECT_TRUE(office.wait_for("\"id\":\"" + id + "\"", 5s)) << office.received();

  // A change by the unit itself is pushed too.
  ASSERT_EQ(s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/accept", json::object())
                .status,
            200);
  EXPECT_TRUE(lead.wait_for("\"status\":\"accepted\"", 5s)) << lead.received();
  EXPECT_TRUE(office.wait_for("\"status\":\"accepted\"", 5s)) << office.received();

  // The other unit hears nothing of it.
  EXPECT_FALSE(other.wait_for(id, 1s)) << other.received();
  // And no push carries the applicant's identity.
  EXPECT_EQ(lead.received().find("13400001111"), std::string::npos);
}

// The SSE id of the last frame in `text` that holds `needle`, "" if none.
std::string last_id_before(const std::string& text, const std::string& needle) {
  const auto at = text.rfind(needle);
  if (at == std::string::npos) return {};
  const auto id = text.rfind("id: ", at);
  if (id == std::string::npos) return {};
  return text.substr(id + 4, text.find('\n', id) - id - 4);
}

// Issue 9: push is a projection of the event log. Every frame carries its
// log position as its id; a client that reconnects with Last-Event-ID is
// first sent the changes it missed, read from the log again.
TEST_F(Service, DIS_7_PushResumesFromTheLastEventIdWithWhatWasMissed) {
  const std::string number = register_request(s(), t("agent"), registration("13400002222"));
  std::string id;
  std::string seen;
  {
    EventStream lead(s().port(), t("lead.staff"));
    ASSERT_EQ(lead.status(), 200) << lead.received();
    id = dispatch(s(), t("dispatcher"), number);
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(lead.wait_for("\"id\":\"" + id + "\"", 5s)) << lead.received();
    seen = last_id_before(lead.received(), "\"id\":\"" + id + "\"");
    ASSERT_FALSE(seen.empty()) << lead.received();
  }
  // While the unit is away, its work order is accepted.
  ASSERT_EQ(s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/accept", json::object())
                .status,
            200);
  EventStream back(s().port(), t("lead.staff"), seen);
  ASSERT_EQ(back.status(), 200) << back.received();
  ASSERT_TRUE(back.wait_for("\"status\":\"accepted\"", 5s)) << back.received();
  const std::string resumed = last_id_before(back.received(), "\"status\":\"accepted\"");
  EXPECT_GT(std::stoll(resumed), std::stoll(seen));
  // What it had seen is not sent again.
  EXPECT_EQ(back.received().find("\"status\":\"dispatched\""), std::string::npos)
      << back.received();
  // Another unit resuming from the same point hears nothing of it.
  EventStream other(s().port(), t("other.staff"), seen);
  ASSERT_EQ(other.status(), 200);
  EXPECT_FALSE(other.wait_for(id, 1s)) << other.received();
  // A Last-Event-ID the server never sent is named.
  EventStream bad(s().port(), t("lead.staff"), "abc");
  EXPECT_EQ(bad.status(), 400) << bad.received();
  EXPECT_NE(bad.received().find("Last-Event-ID"), std::string::npos) << bad.received();
}

TEST_F(Service, SEC_2_EventStreamNeedsASession) {
  EventStream anonymous(s().port(), "");
  EXPECT_EQ(anonymous.status(), 401) << anonymous.received();
  EventStream forged(s().port(), "hls_forged");
  EXPECT_EQ(forged.status(), 401) << forged.received();
  EXPECT_TRUE(s().healthy());
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  auto enc = [](const std::string& v) {
    std::string out;
    const char* hex = "0123456789ABCDEF";
    for (unsigned char c : v) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out.push_back(static_cast<char>(c));
      } else {
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
    return out;
  };
  std::string out;
  for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + enc(k) + "=" + enc(v);
  return out;
}

TEST_F(Service, INT_1_INT_5_Open311PostAndGetInXmlAndJsonWithIdempotency) {
  const std::string key = s().create_api_key("api.website", "office");
  const std::map<std::string, std::string> form_type = {
      {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  const auto body = form({{"api_key", key},
                          {"service_code", "urban-03"},
                          {"address_string", "和平区南京路100号"},
                          {"description", "路灯不亮已经一周"},
                          {"first_name", "明"},
                          {"last_name", "王"},
                          {"phone", "13300001111"}});
  auto posted = s().request("POST", "/open311/v2/requests.json", body, form_type);
  ASSERT_EQ(posted.status, 200) << posted.body;
  const json created = posted.json();
  ASSERT_TRUE(created.is_array() && created.size() == 1) << posted.body;
  const std::string id = created[0].value("service_request_id", "");
  ASSERT_EQ(id.size(), 16u) << posted.body;

  // INT-5: the submitting client (its key) or the applicant (number + phone).
  EXPECT_EQ(s().request("GET", "/open311/v2/requests/" + id + ".json").status, 404);
  auto as_json =
      s().request("GET", "/open311/v2/requests/" + id + ".json", {}, {{"X-Api-Key", key}});
  ASSERT_EQ(as_json.status, 200) << as_json.body;
  EXPECT_EQ(as_json.json()[0]["service_request_id"], id);
  EXPECT_EQ(as_json.json()[0]["service_code"], "urban-03");
  EXPECT_EQ(as_json.json()[0]["status"], "open");
  auto as_xml = s().request("GET", "/open311/v2/requests/" + id + ".xml?phone=13300001111");
  ASSERT_EQ(as_xml.status, 200) << as_xml.body;
  EXPECT_NE(as_xml.header("Content-Type").find("xml"), std::string::npos);
  EXPECT_NE(as_xml.body.find("<service_request_id>" + id + "</service_request_id>"),
            std::string::npos)
      << as_xml.body;
  // The public answer shows no identity.
  EXPECT_EQ(as_xml.body.find("13300001111"), std::string::npos);
  EXPECT_EQ(as_json.body.find("13300001111"), std::string::npos);
  // The office finds it in the JSON API, registered by the API client.
  auto office = s().as(t("agent"), "GET", "/api/v1/requests/" + id);
  ASSERT_EQ(office.status, 200) << office.body;
  EXPECT_EQ(office.json()["details"]["applicant"]["phone"], "13300001111");

  // Idempotency-Key: a replay gets the same answer and no second request.
  auto headers = form_type;
  headers["Idempotency-Key"] = "order-42";
  const auto body2 = form({{"service_code", "urban-03"},
                           {"address_string", "和平区南京路102号"},
                           {"description", "井盖缺失"},
                           {"phone", "13300002222"},
                           {"api_key", key}});
  auto first = s().request("POST", "/open311/v2/requests.json", body2, headers);
  ASSERT_EQ(first.status, 200) << first.body;
  auto again = s().request("POST", "/open311/v2/requests.json", body2, headers);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  EXPECT_TRUE(first.header("Idempotent-Replayed").empty());
  // Same key, another request: 422.
  const auto body3 = form({{"api_key", key},
                           {"service_code", "urban-03"},
                           {"address_string", "别处"},
                           {"description", "另一件事"}});
  auto clash = s().request("POST", "/open311/v2/requests.json", body3, headers);
  EXPECT_EQ(clash.status, 422) << clash.body;
  // The key in a header works as well.
  auto in_header = s().request(
      "POST", "/open311/v2/requests.xml",
      form({{"service_code", "urban-03"}, {"address_string", "和平区"}, {"description", "x"}}),
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Api-Key", key}});
  EXPECT_EQ(in_header.status, 200) << in_header.body;
  EXPECT_NE(in_header.body.find("<service_request_id>"), std::string::npos);

  // Without a key: the spec's 403; with a JSON body: 400.
  auto anonymous =
      s().request("POST", "/open311/v2/requests.json",
                  form({{"service_code", "urban-03"}, {"address_string", "x"}}), form_type);
  EXPECT_EQ(anonymous.status, 403) << anonymous.body;
  auto forged = s().request(
      "POST", "/open311/v2/requests.json",
      form({{"api_key", "hlk_forged"}, {"service_code", "urban-03"}, {"address_string", "x"}}),
      form_type);
  EXPECT_EQ(forged.status, 403) << forged.body;
  auto json_body =
      s().request("POST", "/open311/v2/requests.json", "{\"service_code\":\"urban-03\"}",
                  {{"Content-Type", "application/json"}, {"X-Api-Key", key}});
  EXPECT_EQ(json_body.status, 400) << json_body.body;

  // Lists and discovery.
  auto list = s().request("GET", "/open311/v2/requests.json?service_request_id=" + id, {},
                          {{"X-Api-Key", key}});
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json().size(), 1u) << list.body;
  EXPECT_EQ(s().request("GET", "/open311/v2/services.xml").status, 200);
  EXPECT_EQ(s().request("GET", "/open311/v2/discovery.json").status, 200);
  EXPECT_EQ(s().request("GET", "/open311/v2/requests/0000000000000000.json").status, 404);
}

TEST_F(Service, MetricsCountRequestsAndGaugeWorkOrders) {
  const std::string number = register_request(s(), t("agent"), registration("13200001111"));
  ASSERT_FALSE(dispatch(s(), t("dispatcher"), number).empty());
  ASSERT_EQ(s().request("GET", "/healthz").status, 200);
  auto r = s().request("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.header("Content-Type").find("text/plain"), std::string::npos);
  const std::string& m = r.body;
  EXPECT_NE(m.find("# TYPE hotline_http_requests_total counter"), std::string::npos) << m;
  EXPECT_NE(m.find("hotline_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("hotline_http_requests_total{method=\"POST\",route=\"/api/v1/requests\","
                   "status=\"201\"}"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("route=\"/api/v1/requests/{number}/dispatch\""), std::string::npos) << m;
  EXPECT_NE(m.find("hotline_http_request_duration_seconds_bucket"), std::string::npos);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(m, match,
                                std::regex(R"(hotline_work_orders\{status="dispatched"\} (\d+))")))
      << m;
  EXPECT_GE(std::stoi(match[1]), 1);
  EXPECT_NE(m.find("hotline_work_orders_overdue "), std::string::npos);
  EXPECT_NE(m.find("hotline_http_connections "), std::string::npos);
  // Unknown paths do not create a series each (bounded label cardinality).
  s().request("GET", "/no/such/path/12345");
  EXPECT_EQ(s().request("GET", "/metrics").body.find("/no/such/path/12345"), std::string::npos);
}

TEST(ServiceShutdown, SIGTERMWithAnOpenEventStreamExitsPromptly) {
  TestServer s({user("agent", "agent")});
  const std::string agent = s.login("agent");
  EventStream stream(s.port(), agent);
  ASSERT_EQ(stream.status(), 200);
  const auto started = std::chrono::steady_clock::now();
  s.terminate(SIGTERM);
  const auto code = s.wait_exit_for(10s);
  ASSERT_TRUE(code.has_value()) << s.log();
  EXPECT_EQ(*code, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

}  // namespace
}  // namespace hotline::testing
