// SPEC: INT-1, INT-5 — the Open311 request index as a projection of the event
// log (issue 9: "an event committed just before a crash never reaches" a
// derived store; `hotline reindex open311`). Real SQLite files; a "crash" is
// a registration the Open311 door committed whose index row was never
// written (the process died between the two).
#include "adapters/open311/open311_projection.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "adapters/open311_fixture.h"

namespace hotline::open311_test {
namespace {

using open311::Open311Projection;

class Open311ProjectionTest : public Open311Fixture {
 protected:
  // What the Open311 door commits for a POST (open311_service.cc), committed
  // by an engine without the projection: the process stops before the index.
  std::string commit_without_index(const std::string& principal) {
    const open311::Service* service = shipped().catalog->find("urban-02");
    EXPECT_NE(service, nullptr);
    RequestDetails d;
    d.channel = Channel::kWebsite;
    d.type = RequestType::kAssistance;
    d.subject = service->service_name;
    d.detail = "路灯不亮，𠮷祥路口";
    d.applicant.name = "张𠮷";
    d.applicant.phone = "13800000001";
    d.location.address = "WGS84 39.1175,117.2108";
    d.location.district = "district.heping";
    d.attachments.push_back({"https://example.org/p.jpg", "image/jpeg", "media_url", ""});
    d.items.push_back({d.detail, service->category});
    Engine bare(*store_, clock_, *shipped().calendar, shipped().policies, *shipped().organisation);
    auto r = bare.register_request(
        CommandContext{api_client(principal), std::string(open311::kIntakeReason), std::nullopt},
        d);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? r->number : std::string();
  }
  std::optional<open311::IndexedRequest> row(const std::string& number) {
    auto r = index_->get(number);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : std::nullopt;
  }
};

const char* kPost =
    "api_key=k&jurisdiction_id=tj.gov.cn&service_code=urban-02&lat=39.1175&long=117.2108"
    "&first_name=%F0%A0%AE%B7&last_name=%E5%BC%A0&phone=13800000000&email=a%40b.cn"
    "&description=%E8%B7%AF%E7%81%AF%E4%B8%8D%E4%BA%AE"
    "&attribute[utilities]=general&attribute[district]=district.heping";

TEST_F(Open311ProjectionTest, INT_5_ARequestCommittedBeforeACrashIsIndexedAtTheNextStart) {
  Open311Projection projection(*shipped().catalog, *index_, *store_);
  engine_->add_listener(&projection);
  ASSERT_TRUE(projection.catch_up());
  auto posted = service_->post_request(post_call(kPost));
  ASSERT_EQ(posted.status, 200) << posted.body;
  const nlohmann::json answer = nlohmann::json::parse(posted.body);
  const std::string first = answer[0]["service_request_id"].get<std::string>();
  ASSERT_TRUE(row(first));
  // The e-mail is the applicant's, on the registration event (SEC-1: sealed
  // at rest where the store has a cipher), not in the index.
  auto registered = engine_->request(first);
  ASSERT_TRUE(registered);
  EXPECT_EQ(registered->details.applicant.email, "a@b.cn");

  // The door commits, the process dies before the index row is written.
  clock_.advance(Seconds{60});
  const std::string lost = commit_without_index("api.wechat");
  EXPECT_FALSE(row(lost));
  // Another door's request (an agent's phone registration) is not Open311's.
  RequestDetails phone;
  phone.channel = Channel::kPhone;
  phone.type = RequestType::kInquiry;
  phone.subject = "咨询";
  phone.detail = "公积金提取";
  phone.applicant.name = "李四";
  phone.applicant.phone = "13900000000";
  phone.items.push_back({phone.detail, ""});
  Engine bare(*store_, clock_, *shipped().calendar, shipped().policies, *shipped().organisation);
  auto agent_request = bare.register_request(
      CommandContext{{"agent.wang", Role::kAgent, "office"}, "test", std::nullopt}, phone);
  ASSERT_TRUE(agent_request) << agent_request.error().describe();

  // The next start takes it in from the stored position.
  Open311Projection restarted(*shipped().catalog, *index_, *store_);
  auto caught = restarted.catch_up();
  ASSERT_TRUE(caught) << caught.error().describe();
  EXPECT_EQ(caught->added, 1u);
  auto taken = row(lost);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->service_code, "urban-02");
  EXPECT_EQ(taken->principal, "api.wechat");
  EXPECT_EQ(taken->media_url, "https://example.org/p.jpg");
  ASSERT_TRUE(taken->lat && taken->lon);
  EXPECT_DOUBLE_EQ(*taken->lat, 39.1175);
  EXPECT_DOUBLE_EQ(*taken->lon, 117.2108);
  EXPECT_EQ(taken->requested_at, clock_.now());
  EXPECT_FALSE(row(agent_request->number));
  // GET requests lists it for its client, like any other.
  open311::IndexQuery q;
  q.from = clock_.now() - Seconds{3600};
  q.to = clock_.now() + Seconds{3600};
  q.principal = "api.wechat";
  auto listed = index_->list(q);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].number, lost);
  // Taking the log in again adds nothing.
  caught = restarted.catch_up();
  ASSERT_TRUE(caught);
  EXPECT_EQ(caught->added, 0u);
  EXPECT_TRUE(row(first));
}

TEST_F(Open311ProjectionTest, INT_5_RebuildRestoresTheIndexFromTheLog) {
  Open311Projection projection(*shipped().catalog, *index_, *store_);
  engine_->add_listener(&projection);
  ASSERT_EQ(service_->post_request(post_call(kPost)).status, 200);
  clock_.advance(Seconds{60});
  const std::string lost = commit_without_index("api.website");
  // The table is lost altogether (a restored backup without it).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "hotline.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DELETE FROM open311_requests", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto rebuilt = projection.rebuild();
  ASSERT_TRUE(rebuilt) << rebuilt.error().describe();
  EXPECT_EQ(rebuilt->added, 2u);
  EXPECT_GE(rebuilt->events, 2u);
  EXPECT_TRUE(row(lost));
  auto position = index_->log_position();
  ASSERT_TRUE(position && *position);
  EXPECT_GT(**position, 0);
}

}  // namespace
}  // namespace hotline::open311_test
