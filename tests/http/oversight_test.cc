// EVA-2 and EVA-4 over real HTTP. Social supervisors (社会监督员, R22) see the
// month's sample of closed work orders with no personal data in it (the
// fixture's 𠮷 name, phone, address, the handler and staff accounts do not
// appear anywhere), cannot read a work order outside the sample (404 like
// one that does not exist), leave opinions in their own name only; the
// office answers them once. The office circulates units (通报, T24/T26); a
// unit sees its own records only; the performance assessment carries the
// circulations and downloads as Excel.

#include <gtest/gtest.h>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

constexpr const char* kName = "𠮷祥云";
constexpr const char* kPhone = "13912345678";
constexpr const char* kAddress = "和平区新兴街道西宁道12号";

class Oversight : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto setup = all_role_users();
    setup.push_back(user("social", "social-supervisor"));
    setup.push_back(user("social2", "social-supervisor"));
    server_ = new TestServer(setup);
    for (const char* u : {"agent", "dispatcher", "visitor", "supervisor", "analyst", "lead.staff",
                          "other.staff", "social", "social2"}) {
      tokens_[u] = server_->login(u);
    }
    month_ = now_iso().substr(0, 7);
    // Three closed work orders (fewer than the sample's minimum: all sampled)
    // and one still open.
    for (int i = 0; i < 4; ++i) {
      const std::string detail = std::string("我是") + kName + "，电话" + kPhone +
                                 "，小区楼道灯损坏一个月无人维修" + std::to_string(i);
      const std::string number =
          register_request(s(), t("agent"), registration(kPhone, kName, detail));
      const std::string id = dispatch(s(), t("dispatcher"), number);
      ASSERT_FALSE(id.empty());
      if (i == 3) {
        open_ = id;
        break;
      }
      ASSERT_EQ(
          s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/accept", json::object())
              .status,
          200);
      ASSERT_EQ(
          s().as(t("lead.staff"), "POST", "/api/v1/work-orders/" + id + "/reply", reply_body())
              .status,
          200);
      auto ev = s().as(t("visitor"), "POST", "/api/v1/work-orders/" + id + "/evaluate",
                       {{"method", "phone"}, {"satisfaction", "satisfied"}});
      ASSERT_EQ(ev.status, 200) << ev.body;
      if (ev.json().value("status", "") != "closed") {
        auto closed =
            s().as(t("visitor"), "POST", "/api/v1/work-orders/" + id + "/close", json::object());
        ASSERT_EQ(closed.status, 200) << closed.body;
      }
      closed_.push_back(id);
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static const TestServer& s() { return *server_; }
  static const std::string& t(const std::string& u) { return tokens_.at(u); }
  static void expect_no_personal_data(const std::string& body) {
    for (const std::string& secret :
         {std::string(kName), std::string(kPhone), std::string("1391234"), std::string(kAddress),
          std::string("西宁道12号"), std::string("王工"), std::string("022-23000000"),
          std::string("lead.staff"), std::string("visitor")}) {
      EXPECT_EQ(body.find(secret), std::string::npos) << secret << " in " << body;
    }
  }
  static inline TestServer* server_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
  static inline std::string month_;
  static inline std::vector<std::string> closed_;
  static inline std::string open_;
};

TEST_F(Oversight, EVA_4_a_social_supervisor_sees_the_sample_without_personal_data) {
  ASSERT_EQ(closed_.size(), 3u);
  auto r = s().as(t("social"), "GET", "/api/v1/social-supervision/sample?month=" + month_);
  ASSERT_EQ(r.status, 200) << r.body;
  expect_no_personal_data(r.body);
  const json body = r.json();
  EXPECT_EQ(body["rule"]["article"], "R22");
  ASSERT_EQ(body["work_orders"].size(), 3u) << r.body;
  for (const auto& w : body["work_orders"]) {
    EXPECT_NE(std::find(closed_.begin(), closed_.end(), w["id"].get<std::string>()), closed_.end());
    // The matter stays readable.
    EXPECT_NE(w["detail"].get<std::string>().find("楼道灯损坏"), std::string::npos) << w.dump();
    EXPECT_EQ(w["lead_unit"], kLeadUnit);
    EXPECT_EQ(w["satisfaction"], "satisfied");
  }
  // Two calls agree.
  auto again = s().as(t("social"), "GET", "/api/v1/social-supervision/sample?month=" + month_);
  EXPECT_EQ(again.json()["work_orders"], body["work_orders"]);

  auto one = s().as(t("social"), "GET", "/api/v1/social-supervision/work-orders/" + closed_[0]);
  ASSERT_EQ(one.status, 200) << one.body;
  expect_no_personal_data(one.body);
  EXPECT_EQ(one.json()["reply"]["result"], "楼道灯已修复");
}

TEST_F(Oversight, EVA_4_outside_the_sample_is_not_found_like_not_there) {
  auto open = s().as(t("social"), "GET", "/api/v1/social-supervision/work-orders/" + open_);
  EXPECT_EQ(open.status, 404) << open.body;
  auto none =
      s().as(t("social"), "GET", "/api/v1/social-supervision/work-orders/2026010199999999-1");
  EXPECT_EQ(none.status, 404) << none.body;
  EXPECT_EQ(open.json()["error"]["code"], none.json()["error"]["code"]);
  // The staff's routes are closed to them: a sampled work order, its request.
  EXPECT_EQ(s().as(t("social"), "GET", "/api/v1/work-orders/" + closed_[0]).status, 404);
  EXPECT_EQ(s().as(t("social"), "GET", "/api/v1/work-orders/" + closed_[0] + "/history").status,
            404);
  const std::string request = closed_[0].substr(0, closed_[0].find('-'));
  EXPECT_EQ(s().as(t("social"), "GET", "/api/v1/requests/" + request).status, 404);
  // A unit has no part in the sample.
  EXPECT_EQ(
      s().as(t("lead.staff"), "GET", "/api/v1/social-supervision/sample?month=" + month_).status,
      403);
}

TEST_F(Oversight, EVA_4_opinions_are_left_in_ones_own_name_and_answered_once) {
  auto left = s().as(t("social"), "POST", "/api/v1/social-supervision/opinions",
                     {{"work_order", closed_[1]}, {"text", "答复过于简单，请联系13800001111核实"}});
  ASSERT_EQ(left.status, 201) << left.body;
  const json opinion = left.json();
  EXPECT_EQ(opinion["status"], "open");
  EXPECT_EQ(opinion["work_order"], closed_[1]);
  // A phone number typed into an opinion is not stored.
  EXPECT_EQ(left.body.find("13800001111"), std::string::npos) << left.body;
  const std::string id = std::to_string(opinion["id"].get<std::int64_t>());

  // Nobody writes in another's name: an "author" member is refused.
  auto forged = s().as(t("social"), "POST", "/api/v1/social-supervision/opinions",
                       {{"text", "冒名"}, {"author", "social2"}});
  EXPECT_EQ(forged.status, 400) << forged.body;
  // Other roles do not leave supervision opinions.
  for (const char* u : {"supervisor", "lead.staff", "agent"}) {
    auto r = s().as(t(u), "POST", "/api/v1/social-supervision/opinions", {{"text", "意见"}});
    EXPECT_EQ(r.status, 403) << u << ": " << r.body;
  }
  // Not on a work order outside the sample.
  auto outside = s().as(t("social"), "POST", "/api/v1/social-supervision/opinions",
                        {{"work_order", open_}, {"text", "这件还没办完"}});
  EXPECT_EQ(outside.status, 404) << outside.body;
  // In general.
  auto general = s().as(t("social2"), "POST", "/api/v1/social-supervision/opinions",
                        {{"text", "建议公布各单位按时办结率"}});
  ASSERT_EQ(general.status, 201) << general.body;
  EXPECT_TRUE(general.json()["work_order"].is_null());
  EXPECT_NE(general.json()["author"], opinion["author"]);

  // Each supervisor sees their own; another's is not there.
  auto mine = s().as(t("social2"), "GET", "/api/v1/social-supervision/opinions");
  ASSERT_EQ(mine.status, 200);
  // Bound to locals: never iterate over a member of a temporary document.
  const json mine_body = mine.json();
  const json general_author = general.json()["author"];
  for (const auto& o : mine_body["items"]) EXPECT_EQ(o["author"], general_author);
  EXPECT_EQ(s().as(t("social2"), "GET", "/api/v1/social-supervision/opinions/" + id).status, 404);
  EXPECT_EQ(s().as(t("lead.staff"), "GET", "/api/v1/social-supervision/opinions").status, 403);

  // The office lists and answers, once.
  auto all = s().as(t("supervisor"), "GET", "/api/v1/social-supervision/opinions?status=open");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_GE(all.json()["items"].size(), 2u);
  EXPECT_EQ(s().as(t("social"), "POST", "/api/v1/social-supervision/opinions/" + id + "/answer",
                   {{"answer", "自己答复"}})
                .status,
            403);
  auto answered =
      s().as(t("supervisor"), "POST", "/api/v1/social-supervision/opinions/" + id + "/answer",
             {{"answer", "已要求承办单位补充答复"}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.json()["status"], "answered");
  EXPECT_EQ(s().as(t("supervisor"), "POST", "/api/v1/social-supervision/opinions/" + id + "/answer",
                   {{"answer", "再答"}})
                .status,
            409);
  auto seen = s().as(t("social"), "GET", "/api/v1/social-supervision/opinions/" + id);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json()["answer"], "已要求承办单位补充答复");
  EXPECT_TRUE(seen.json()["answered_by"].is_null());  // not which account answered
}

TEST_F(Oversight, EVA_2_the_office_circulates_and_a_unit_sees_its_own) {
  json body = {{"unit", kLeadUnit},           {"month", month_},
               {"ground", "buck-passing"},    {"reason", "多次推诿，群众反复来电"},
               {"work_orders", {closed_[0]}}, {"indicators", {"on-time-reply"}}};
  auto made = s().as(t("supervisor"), "POST", "/api/v1/assessment/circulations", body);
  ASSERT_EQ(made.status, 201) << made.body;
  const json c = made.json();
  EXPECT_EQ(c["kind"], "criticism");
  EXPECT_EQ(c["kind_zh"], "通报批评");
  EXPECT_EQ(c["article"], "T24(1)");
  const std::string id = std::to_string(c["id"].get<std::int64_t>());

  EXPECT_EQ(s().as(t("agent"), "POST", "/api/v1/assessment/circulations", body).status, 403);
  json bad = body;
  bad["ground"] = "laziness";
  auto refused = s().as(t("supervisor"), "POST", "/api/v1/assessment/circulations", bad);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.json()["error"]["field"], "ground");
  json unrelated = body;
  unrelated["unit"] = kOtherUnit;
  auto wrong = s().as(t("supervisor"), "POST", "/api/v1/assessment/circulations", unrelated);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json()["error"]["field"], "work_orders[0]");

  json praise = body;
  praise["ground"] = "exemplary-practice";
  praise["reason"] = "主动回访，群众送锦旗";
  auto praised = s().as(t("supervisor"), "POST", "/api/v1/assessment/circulations", praise);
  ASSERT_EQ(praised.status, 201) << praised.body;
  EXPECT_EQ(praised.json()["kind"], "praise");
  EXPECT_EQ(praised.json()["article"], "T26");

  auto own = s().as(t("lead.staff"), "GET", "/api/v1/assessment/circulations?month=" + month_);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.json()["items"].size(), 2u);
  EXPECT_EQ(s().as(t("lead.staff"), "GET", "/api/v1/assessment/circulations/" + id).status, 200);
  auto others = s().as(t("other.staff"), "GET", "/api/v1/assessment/circulations");
  ASSERT_EQ(others.status, 200);
  EXPECT_TRUE(others.json()["items"].empty());
  auto not_yours = s().as(t("other.staff"), "GET", "/api/v1/assessment/circulations/" + id);
  auto not_there = s().as(t("other.staff"), "GET", "/api/v1/assessment/circulations/999999");
  EXPECT_EQ(not_yours.status, 404);
  EXPECT_EQ(not_there.status, 404);
  EXPECT_EQ(s().as(t("other.staff"), "GET",
                   std::string("/api/v1/assessment/circulations?unit=") + kLeadUnit)
                .status,
            404);
  EXPECT_EQ(s().as(t("social"), "GET", "/api/v1/assessment/circulations").status, 403);

  // The performance assessment carries them; a unit gets its own area.
  auto perf = s().as(t("analyst"), "GET", "/api/v1/assessment/performance?month=" + month_);
  ASSERT_EQ(perf.status, 200) << perf.body;
  bool found = false;
  const json perf_body = perf.json();
  for (const auto& u : perf_body["units"]) {
    if (u["unit"] != kLeadUnit) continue;
    found = true;
    EXPECT_EQ(u["criticisms"], 1);
    EXPECT_EQ(u["praises"], 1);
    EXPECT_EQ(u["circulations"].size(), 2u);
    EXPECT_FALSE(u["score"].is_null()) << u.dump();
  }
  EXPECT_TRUE(found) << perf.body;
  auto unit_view =
      s().as(t("other.staff"), "GET", "/api/v1/assessment/performance?month=" + month_);
  ASSERT_EQ(unit_view.status, 200);
  const json unit_body = unit_view.json();
  for (const auto& u : unit_body["units"]) EXPECT_NE(u["unit"], kLeadUnit);
  auto no_month = s().as(t("analyst"), "GET", "/api/v1/assessment/performance");
  EXPECT_EQ(no_month.status, 400);
  auto book =
      s().as(t("analyst"), "GET", "/api/v1/assessment/performance/workbook?month=" + month_);
  ASSERT_EQ(book.status, 200);
  EXPECT_NE(book.header("Content-Type").find("spreadsheetml"), std::string::npos);
  EXPECT_EQ(book.body.substr(0, 2), "PK");

  // EVA-1 answers show the unit's circulations beside its figures; another
  // unit's rows carry none of them.
  auto assessed = s().as(t("lead.staff"), "GET", "/api/v1/analysis/assessment?month=" + month_);
  ASSERT_EQ(assessed.status, 200) << assessed.body;
  const json assessed_body = assessed.json();
  bool listed = false;
  for (const auto& u : assessed_body["units"]) {
    if (u["unit"] != kLeadUnit) {
      EXPECT_TRUE(u["circulations"].empty()) << u.dump();
      continue;
    }
    listed = true;
    ASSERT_EQ(u["circulations"].size(), 2u) << u.dump();
    EXPECT_EQ(u["circulations"][0]["kind"], "criticism");
    EXPECT_EQ(u["circulations"][0]["reason"], "多次推诿，群众反复来电");
    EXPECT_EQ(u["circulations"][1]["kind"], "praise");
    EXPECT_EQ(u["circulations"][1]["article"], "T26");
  }
  EXPECT_TRUE(listed) << assessed.body;
}

}  // namespace
}  // namespace hotline::testing
