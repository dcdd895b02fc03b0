// The OpenAPI document says what the service expects and answers (issue 9):
// every request body the HTTP tests send that the server accepts, and every
// JSON answer they receive, must match the document's schemas. Each test
// process records its servers' traffic (test_server.cc) and checks it when it
// ends, so every HTTP test is also a test of the document, in both
// directions. The validator itself is tested first.
#include <gtest/gtest.h>

#include "http/fixtures.h"
#include "http/schema_check.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

const json kDocument = {
    {"components",
     {{"schemas",
       {{"Thing",
         {{"type", "object"},
          {"required", {"name"}},
          {"additionalProperties", false},
          {"properties",
           {{"name", {{"type", "string"}, {"minLength", 1}}},
            {"kind", {{"type", "string"}, {"enum", {"a", "b"}}}},
            {"at", {{"type", "string"}, {"format", "date-time"}}},
            {"n", {{"type", "integer"}, {"minimum", 0}}},
            {"next", {{"nullable", true}, {"allOf", {{{"$ref", "#/components/schemas/Thing"}}}}}},
            {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}}}}}}}};
const json kThing = {{"$ref", "#/components/schemas/Thing"}};

TEST(SchemaCheck, AcceptsWhatTheSchemaDescribes) {
  EXPECT_TRUE(schema_errors({{"name", "x"}}, kThing, kDocument).empty());
  EXPECT_TRUE(schema_errors({{"name", "x"},
                             {"kind", "b"},
                             {"at", "2026-03-02T09:00:00+08:00"},
                             {"n", 3},
                             {"next", nullptr},
                             {"tags", {"p", "q"}}},
                            kThing, kDocument)
                  .empty());
  EXPECT_TRUE(schema_errors({{"name", "x"}, {"next", {{"name", "y"}}}}, kThing, kDocument).empty());
}

TEST(SchemaCheck, RefusesWhatItDoesNot) {
  auto refused = [](const json& v) { return !schema_errors(v, kThing, kDocument).empty(); };
  EXPECT_TRUE(refused(json::object()));                              // required member
  EXPECT_TRUE(refused({{"name", ""}}));                              // minLength
  EXPECT_TRUE(refused({{"name", "x"}, {"kind", "c"}}));              // enum
  EXPECT_TRUE(refused({{"name", "x"}, {"at", "2026-03-02"}}));       // format
  EXPECT_TRUE(refused({{"name", "x"}, {"n", -1}}));                  // minimum
  EXPECT_TRUE(refused({{"name", "x"}, {"n", 1.5}}));                 // integer
  EXPECT_TRUE(refused({{"name", "x"}, {"extra", 1}}));               // additionalProperties
  EXPECT_TRUE(refused({{"name", "x"}, {"tags", {1}}}));              // items
  EXPECT_TRUE(refused({{"name", "x"}, {"next", {{"kind", "a"}}}}));  // nested $ref
  EXPECT_TRUE(refused(nullptr));
}

TEST(SchemaCheck, OneOfMeansExactlyOne) {
  const json s = {
      {"oneOf",
       {{{"type", "object"}, {"required", {"a"}}}, {{"type", "object"}, {"required", {"b"}}}}}};
  EXPECT_TRUE(schema_errors({{"a", 1}}, s, kDocument).empty());
  EXPECT_FALSE(schema_errors({{"a", 1}, {"b", 2}}, s, kDocument).empty());
  EXPECT_FALSE(schema_errors(json::object(), s, kDocument).empty());
}

// A work order's life over HTTP, so that every engine route's body and answer
// pass through the check below even when this test runs alone.
TEST(OpenApiTraffic, SEC_2_AWorkOrdersLifeMatchesTheDocument) {
  TestServer s(all_role_users());
  const std::string agent = s.login("agent"), dispatcher = s.login("dispatcher"),
                    lead = s.login("lead.staff"), visitor = s.login("visitor"),
                    supervisor = s.login("supervisor");
  const std::string number = register_request(s, agent, registration("13800000001"));
  const std::string id = dispatch(s, dispatcher, number);
  ASSERT_FALSE(id.empty());
  const std::string wo = "/api/v1/work-orders/" + id;
  EXPECT_EQ(s.as(lead, "POST", wo + "/accept", json::object()).status, 200);
  EXPECT_EQ(s.as(lead, "POST", wo + "/reply",
                 {{"contacted_at", now_iso()},
                  {"handler", "李明"},
                  {"handler_contact", "022-12345678"},
                  {"process", "现场核查楼道照明线路"},
                  {"result", "楼道灯已修复，恢复照明"},
                  {"policy_basis", "《天津市物业管理条例》"},
                  {"applicant_feedback", "诉求人表示认可"},
                  {"reason", "已修复"}})
                .status,
            200);
  EXPECT_EQ(
      s.as(visitor, "POST", wo + "/evaluate", {{"method", "phone"}, {"satisfaction", "satisfied"}})
          .status,
      200);
  EXPECT_EQ(s.as(supervisor, "POST", "/api/v1/sweep", json::object()).status, 200);
  EXPECT_EQ(s.as(dispatcher, "GET", "/api/v1/requests/" + number).status, 200);
  EXPECT_EQ(s.as(dispatcher, "GET", wo).status, 200);
  EXPECT_EQ(s.as(dispatcher, "GET", wo + "/history").status, 200);
  EXPECT_EQ(s.as(dispatcher, "GET", "/api/v1/work-orders?status=closed&limit=5").status, 200);
  EXPECT_EQ(s.as(dispatcher, "POST", wo + "/accept", json::object()).status, 403);
  EXPECT_EQ(s.as(lead, "POST", wo + "/accept", json::object()).status, 422);
}

// Checks the traffic of the test process when it ends.
class TrafficCheck : public ::testing::Environment {
 public:
  void TearDown() override {
    Traffic& t = traffic();
    std::lock_guard lock(t.mutex);
    if (t.exchanges.empty()) return;
    ASSERT_TRUE(t.document.is_object()) << "no OpenAPI document was fetched";
    std::size_t problems = 0;
    for (const auto& e : t.exchanges) {
      for (const auto& problem : exchange_errors(e, t.document)) {
        if (++problems <= 50) ADD_FAILURE() << "OpenAPI: " << problem;
      }
    }
    EXPECT_EQ(problems, 0u) << "of " << t.exchanges.size() << " exchanges";
  }
};

const auto* const kTrafficCheck = ::testing::AddGlobalTestEnvironment(new TrafficCheck);

}  // namespace
}  // namespace hotline::testing
