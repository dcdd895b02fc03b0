// A transfer from another city's hotline (ICN-2 [M9]) on the Router with no
// network, over a real engine and SQLite file: their reference is the retry
// key of the registration itself (INT-4), so a retry after the node that
// registered it died before storing its answer gets the same request.
#include "adapters/http/api_hotlines.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "open311_fixture.h"

namespace hotline::open311_test {
namespace {

using http::HttpRequest;
using http::HttpResponse;
using nlohmann::json;

Actor beijing() { return {"beijing-12345", Role::kApiClient, "hotline.beijing"}; }

json transfer(const std::string& reference) {
  const std::string detail = "在天津办理医保异地结算遇到问题";
  return {{"their_reference", reference},
          {"request",
           {{"channel", "hotline-transfer"},
            {"type", "assistance"},
            {"applicant", {{"name", "李𠮷"}, {"phone", "13700006002"}}},
            {"detail", detail},
            {"items", {{{"text", detail}}}},
            {"location", {{"district", "district.heping"}}}}}};
}

class ApiHotlines : public Open311Fixture {
 protected:
  HttpResponse post(http::Router& router, const json& body) {
    HttpRequest r;
    r.method = "POST";
    r.path = r.target = "/api/v1/hotlines/transfers-in";
    r.body = body.dump();
    r.actor = beijing();
    r.headers["content-type"] = "application/json";
    return router.handle(r);
  }
  http::EventBus bus_;
};

TEST_F(ApiHotlines, ICN_2_INT_4_ARetryAfterTheFirstNodeDiedGetsTheFirstRequest) {
  AnswerLostByACrash lost(*keys_);
  http::Router dying;
  http::add_hotline_routes(dying, {*work_orders_, bus_, clock_, nullptr, &lost});
  http::Router alive;
  http::add_hotline_routes(alive, {*work_orders_, bus_, clock_, nullptr, keys_.get()});

  auto first = post(dying, transfer("BJ-𠮷-0009"));
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string number = json::parse(first.body).value("number", "");
  ASSERT_FALSE(number.empty());
  // The dead node's claim holds the reference until it is stale …
  EXPECT_EQ(post(alive, transfer("BJ-𠮷-0009")).status, 409);
  // … then the retry is answered with the request it registered.
  clock_.advance(Seconds{121});
  auto retry = post(alive, transfer("BJ-𠮷-0009"));
  ASSERT_EQ(retry.status, 201) << retry.body;
  EXPECT_EQ(json::parse(retry.body).value("number", ""), number);
  // Another reference is another request.
  auto other = post(alive, transfer("BJ-𠮷-0010"));
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_NE(json::parse(other.body).value("number", ""), number);
}

}  // namespace
}  // namespace hotline::open311_test
