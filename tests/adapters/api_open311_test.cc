// The Open311 routes on the Router, called through Router::handle with no
// network: paths, formats, methods, headers and the API-key actor.
#include "adapters/http/api_open311.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "open311_fixture.h"

namespace hotline::open311_test {
namespace {

using http::HttpRequest;
using http::HttpResponse;
using nlohmann::json;

class ApiOpen311 : public Open311Fixture {
 protected:
  void SetUp() override {
    Open311Fixture::SetUp();
    http::add_open311_routes(router_, *service_);
  }
  HttpResponse call(std::string method, std::string path,
                    std::multimap<std::string, std::string> query = {}, std::string body = {},
                    std::optional<Actor> actor = std::nullopt,
                    std::map<std::string, std::string> headers = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = path;
    r.target = path;
    r.query = std::move(query);
    r.body = std::move(body);
    r.actor = std::move(actor);
    r.headers = std::move(headers);
    if (!r.body.empty() && !r.headers.count("content-type")) {
      r.headers["content-type"] = "application/x-www-form-urlencoded; charset=utf-8";
    }
    return router_.handle(r);
  }
  http::Router router_;
};

TEST_F(ApiOpen311, EveryRouteIsPublicSoTheSpecAnswersMissingKeys) {
  ASSERT_EQ(router_.routes().size(), 11u);
  for (const auto& r : router_.routes()) {
    EXPECT_TRUE(r.public_route) << r.pattern;
    EXPECT_EQ(r.pattern.rfind("/open311/v2/", 0), 0u);
  }
}

TEST_F(ApiOpen311, DiscoveryAndServicesInBothFormats) {
  auto xml = call("GET", "/open311/v2/discovery.xml");
  EXPECT_EQ(xml.status, 200);
  EXPECT_EQ(xml.content_type, "text/xml; charset=utf-8");
  EXPECT_NE(xml.body.find("<discovery>"), std::string::npos);
  auto services = call("GET", "/open311/v2/services.json", {{"jurisdiction_id", "tj.gov.cn"}});
  EXPECT_EQ(services.status, 200);
  EXPECT_EQ(services.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(json::parse(services.body).size(), 118u);
  auto def = call("GET", "/open311/v2/services/urban-02.xml");
  EXPECT_EQ(def.status, 200);
  EXPECT_NE(def.body.find("<service_definition>"), std::string::npos);
  auto missing = call("GET", "/open311/v2/services/urban-99.json");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json::parse(missing.body)[0]["code"], 404);
  auto no_format = call("GET", "/open311/v2/services/urban-02.yaml");
  EXPECT_EQ(no_format.status, 404);
  EXPECT_NE(no_format.body.find("<errors>"), std::string::npos);
}

TEST_F(ApiOpen311, INT_1_INT_5_PostThenLookUp) {
  auto anonymous =
      call("POST", "/open311/v2/requests.json", {}, "service_code=transport-01&address_id=A-1");
  EXPECT_EQ(anonymous.status, 403);
  EXPECT_EQ(json::parse(anonymous.body)[0]["code"], 403);

  auto created = call("POST", "/open311/v2/requests.xml", {},
                      "api_key=k&service_code=transport-01&address_string=%E5%8D%97%E4%BA%AC"
                      "%E8%B7%AF&description=%E5%BC%A0%F0%A0%AE%B7",
                      api_client(), {{"idempotency-key", "abc-1"}});
  ASSERT_EQ(created.status, 200) << created.body;
  const auto start = created.body.find("<service_request_id>") + 20;
  const std::string id = created.body.substr(start, 16);
  auto replay = call("POST", "/open311/v2/requests.xml", {},
                     "service_code=transport-01&address_string=%E5%8D%97%E4%BA%AC"
                     "%E8%B7%AF&description=%E5%BC%A0%F0%A0%AE%B7&api_key=k",
                     api_client(), {{"idempotency-key", "abc-1"}});
  EXPECT_EQ(replay.body, created.body);
  EXPECT_EQ(replay.headers["Idempotent-Replayed"], "true");

  // INT-5: the submitting client looks it up; anyone else without the phone
  // is told it does not exist (issue 9, item 3).
  EXPECT_EQ(call("GET", "/open311/v2/requests/" + id + ".json").status, 404);
  auto one = call("GET", "/open311/v2/requests/" + id + ".json", {}, "", api_client());
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(json::parse(one.body)[0]["description"], "张𠮷");
  EXPECT_EQ(call("GET", "/open311/v2/requests.xml", {{"status", "open"}}).status, 403);
  auto all = call("GET", "/open311/v2/requests.xml", {{"status", "open"}}, "", api_client());
  EXPECT_EQ(all.status, 200);
  EXPECT_NE(all.body.find("<service_request_id>" + id + "</service_request_id>"),
            std::string::npos);
  auto token = call("GET", "/open311/v2/tokens/123.json");
  EXPECT_EQ(token.status, 404);
}

TEST_F(ApiOpen311, WrongMethodIs405) {
  auto put = call("PUT", "/open311/v2/requests.json");
  EXPECT_EQ(put.status, 405);
}

}  // namespace
}  // namespace hotline::open311_test
