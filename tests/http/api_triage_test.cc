// SPEC: DIS-2, DIS-8, TRI-5, SUP-1, ANA-2, REP-2, REP-3 — the triage API, called
// through Router::handle (no network).
#include "adapters/http/api_triage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/calendar/working_day_calendar.h"

namespace hotline::http {
namespace {

using nlohmann::json;

Organisation org() {
  std::vector<Unit> u;
  u.push_back({"office", "热线", UnitKind::kHotlineOffice, {}, "", "", true});
  u.push_back({"district.nankai",
               "南开区人民政府",
               UnitKind::kDistrictGovernment,
               {},
               "",
               "district.nankai",
               true});
  u.push_back({"dept.nankai.housing", "南开区住房城乡建设委", UnitKind::kDistrictDepartment,
               "district.nankai", "", "district.nankai", true});
  u.push_back(
      {"dept.human-resources", "市人社局", UnitKind::kMunicipalDepartment, {}, "", "", true});
  return *Organisation::create(std::move(u));
}

DeadlineRule rule(std::int64_t amount, PolicyDuration::Unit unit, Anchor from,
                  const char* article) {
  DeadlineRule r;
  r.within = {amount, unit};
  r.from = from;
  r.article = article;
  return r;
}

PolicySet policies() {
  Policy p;
  p.name = "tianjin";
  p.source = "R";
  p.dispatch = {rule(24, PolicyDuration::Unit::kHours, Anchor::kRegistration, "R6")};
  p.accept = {rule(1, PolicyDuration::Unit::kWorkingDays, Anchor::kDispatch, "R9")};
  p.handle = {rule(7, PolicyDuration::Unit::kWorkingDays, Anchor::kAcceptance, "R11")};
  p.reply.required = {ReplyElement::kContactedAt, ReplyElement::kResult};
  p.reply.required_article = "R13";
  p.reply.faults[ResultFault::kBare] = {"R13", {"已解决"}, ""};
  p.reply.faults[ResultFault::kProcessOnly] = {"R13", {"已转*处理"}, ""};
  p.supervision.on_concentrated_requests = Cited<int>{5, "M22(3)"};
  p.supervision.concentrated_requests_window =
      Cited<PolicyDuration>{PolicyDuration{30, PolicyDuration::Unit::kCalendarDays}, "M22(3)"};
  PolicySet s;
  s.profiles["tianjin"] = p;
  s.default_profile = "tianjin";
  return s;
}

class ApiTriageTest : public ::testing::Test {
 protected:
  ApiTriageTest()
      : org_(org()),
        policies_(policies()),
        calendar_(*WorkingDayCalendar::create({[] {
          CalendarYear y;
          y.year = 2026;
          return y;
        }()})),
        deadlines_(calendar_),
        clock_(at_local(LocalDate{std::chrono::year{2026} / 3 / 2}, Seconds{10 * 3600})),
        service_(org_, policies_, deadlines_, settings(policies_), catalogue(), gazetteer()),
        triage_(TriageContext{service_, clock_}, nullptr) {
    add_triage_routes(router_, triage_);
  }

  static triage::TriageSettings settings(const PolicySet& p) {
    triage::TriageSettings s;
    triage::apply_supervision_policy(s, p.default_policy());
    s.type_urgency.life_safety_question = "现在有没有人有危险？";
    s.type_urgency.type_questions = {"咨询还是处理？", "求助、投诉还是举报？"};
    return s;
  }

  triage::DispatchCatalogue catalogue() {
    triage::DispatchCatalogue c;
    triage::CatalogueEntry e;
    e.id = "housing.nankai";
    e.category = "城乡建设";
    e.district = "district.nankai";
    e.lead = "dept.nankai.housing";
    auto ch = c.add(e, org_, Actor::system(), "seed", Instant{});
    EXPECT_TRUE(ch);
    EXPECT_TRUE(c.apply(*ch));
    return c;
  }
  static triage::Gazetteer gazetteer() {
    return *triage::Gazetteer::create(
        {{"district.nankai", "南开区", triage::PlaceKind::kDistrict, {}, "district.nankai", ""}},
        nullptr);
  }

  HttpResponse call(const std::string& method, const std::string& path, const json& body,
                    std::optional<Actor> actor = Actor{"agent.wang", Role::kAgent, "office"}) {
    HttpRequest r;
    r.method = method;
    const auto q = path.find('?');
    r.path = path.substr(0, q);
    r.target = path;
    if (q != std::string::npos) {
      const std::string query = path.substr(q + 1);
      for (std::size_t start = 0; start < query.size();) {
        auto amp = query.find('&', start);
        if (amp == std::string::npos) amp = query.size();
        const std::string kv = query.substr(start, amp - start);
        const auto eq = kv.find('=');
        r.query.emplace(kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
        start = amp + 1;
      }
    }
    r.body = body.is_null() ? "" : body.dump();
    r.actor = std::move(actor);
    return router_.handle(r);
  }

  Organisation org_;
  PolicySet policies_;
  WorkingDayCalendar calendar_;
  DeadlineCalculator deadlines_;
  FakeClock clock_;
  triage::TriageService service_;
  Triage triage_;
  Router router_;
};

TEST_F(ApiTriageTest, DIS_8_OneSuggestionCallForTheRegistrationScreen) {
  auto r = call("POST", "/api/v1/triage/suggestions",
                {{"subject", "南开区小区下水道堵塞"},
                 {"detail", "楼下下水道堵了一周"},
                 {"category", "城乡建设/城市建设和市政管理"},
                 {"type", "complaint"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  EXPECT_EQ(j["categories"][0]["source"], "agent");
  EXPECT_EQ(j["location"]["district"], "district.nankai");
  EXPECT_EQ(j["units"][0]["lead"], "dept.nankai.housing");
  EXPECT_EQ(j["units"][0]["reason"], "catalogue");
  ASSERT_EQ(j["deadlines"].size(), 3u);
  EXPECT_EQ(j["deadlines"][0]["due"], "2026-03-03T10:00:00+08:00");
  EXPECT_EQ(j["deadlines"][0]["article"], "R6");
}

// A model that rates every text life-safety 0.4 (above the 0.3 raise).
class WorriedModel final : public TextClassifier {
 public:
  std::vector<LabelScore> predict(std::string_view, int) const override {
    return {{"general", 0.6}, {"life-safety", 0.4}};
  }
  std::vector<std::string> labels() const override { return {"general", "life-safety"}; }
};

// TYP-2, TYP-1 (issue 15): the answer carries the urgency and type
// suggestions — value, sure, source, what fired, the model's confidence when
// it decided, and the questions for the caller — or null without a lexicon.
TEST_F(ApiTriageTest, TYP_2_TYP_1_TheSuggestionCarriesUrgencyAndTypeWithWhatFired) {
  const json gas = {{"subject", "楼道燃气味"}, {"detail", "南开区某小区楼道里一股燃气味"}};
  auto r = call("POST", "/api/v1/triage/suggestions", gas);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(json::parse(r.body)["urgency"].is_null()) << r.body;
  EXPECT_TRUE(json::parse(r.body)["type"].is_null()) << r.body;

  auto E = [](const char* label, const char* pattern) {
    return make_lexicon_entry(label, pattern).value();
  };
  WorriedModel model;
  triage::TypeUrgencyRules rules;
  rules.urgency = UrgencyRules::create({E("life-safety", "燃气+味")}).value();
  rules.type = RequestTypeRules::create({E("report", "举报"), E("complaint", "*")}).value();
  service_.set_type_urgency_rules(rules);
  r = call("POST", "/api/v1/triage/suggestions", gas);
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["urgency"], json({{"value", "life-safety"},
                                {"sure", true},
                                {"source", "lexicon"},
                                {"matched", {"燃气+味"}},
                                {"questions", json::array()}}))
      << r.body;
  EXPECT_EQ(j["type"], json({{"value", "complaint"},
                             {"sure", false},
                             {"source", "default"},
                             {"matched", json::array()},
                             {"questions", {"咨询还是处理？", "求助、投诉还是举报？"}}}))
      << r.body;

  // Only the model raises it: check this, with its confidence and the question.
  rules.urgency_model = &model;
  service_.set_type_urgency_rules(rules);
  r = call("POST", "/api/v1/triage/suggestions",
           {{"subject", "我要举报电梯"}, {"detail", "电梯卡在五楼和六楼之间"}});
  ASSERT_EQ(r.status, 200) << r.body;
  j = json::parse(r.body);
  EXPECT_EQ(j["urgency"]["value"], "life-safety") << r.body;
  EXPECT_EQ(j["urgency"]["sure"], false);
  EXPECT_EQ(j["urgency"]["source"], "model");
  EXPECT_DOUBLE_EQ(j["urgency"]["confidence"].get<double>(), 0.4);
  EXPECT_EQ(j["urgency"]["questions"], json({"现在有没有人有危险？"}));
  EXPECT_EQ(j["type"]["value"], "report");
  EXPECT_EQ(j["type"]["sure"], true);
  EXPECT_EQ(j["type"]["matched"], json({"举报"}));
  EXPECT_FALSE(j["type"].contains("confidence"));
}

TEST_F(ApiTriageTest, DIS_8_BadInputIs400NamingTheFieldAndStrangersAreTurnedAway) {
  auto r = call("POST", "/api/v1/triage/suggestions", {{"subject", "x"}, {"colour", "red"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("colour"), std::string::npos);
  r = call("POST", "/api/v1/triage/suggestions", {{"subject", "x"}, {"type", "petition"}});
  EXPECT_EQ(r.status, 400);
  r = call("POST", "/api/v1/triage/suggestions", {{"subject", "x"}}, std::nullopt);
  EXPECT_EQ(r.status, 401);
  r = call("POST", "/api/v1/triage/suggestions", {{"subject", "x"}},
           Actor{"staff", Role::kUnitStaff, "dept.nankai.housing"});
  EXPECT_EQ(r.status, 403);
}

TEST_F(ApiTriageTest, SUP_1_HotClustersListTheProblemManyApplicantsReport) {
  for (int i = 0; i < 10; ++i) {
    triage::IndexedRequest bg;
    bg.number = "BG" + std::to_string(i);
    bg.at = clock_.now();
    ASSERT_TRUE(service_.observe(bg, "公交线路", "建议增加公交线路班次" + std::to_string(i)));
  }
  for (int i = 0; i < 3; ++i) {
    triage::IndexedRequest r;
    r.number = "C" + std::to_string(i);
    r.applicant_key = "1380000000" + std::to_string(i);
    r.at = clock_.now();
    ASSERT_TRUE(service_.observe(r, "丽发新城搅拌站噪音扰民", "丽发新城附近搅拌站夜间施工"));
  }
  auto r = call("GET", "/api/v1/triage/clusters/hot?min_applicants=2&limit=5", nullptr,
                Actor{"analyst", Role::kAnalyst, "office"});
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  ASSERT_EQ(j["clusters"].size(), 1u);
  EXPECT_EQ(j["clusters"][0]["recent_applicants"], 3);
  EXPECT_EQ(j["clusters"][0]["cluster"], "C0");
  EXPECT_EQ(j["article"], "M22(3)");
  r = call("GET", "/api/v1/triage/clusters/C2", nullptr);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["requests"], 3);
  EXPECT_EQ(call("GET", "/api/v1/triage/clusters/nope", nullptr).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/triage/clusters/hot?limit=x", nullptr).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/triage/clusters/hot", nullptr,
                 Actor{"staff", Role::kUnitStaff, "dept.nankai.housing"})
                .status,
            403);
}

TEST_F(ApiTriageTest, REP_3_AReplyCheckSaysWhetherItBlocksAndWhy) {
  auto r =
      call("POST", "/api/v1/triage/reply-checks", {{"reply", {{"result", "已转区住建委处理"}}}},
           Actor{"staff", Role::kUnitStaff, "dept.nankai.housing"});
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  EXPECT_TRUE(j["blocks"].get<bool>());
  bool forbidden = false, contact = false;
  for (const auto& f : j["findings"]) {
    forbidden |= f["check"] == "forbidden-phrase" && f["rule"] == "REP-3" && f["article"] == "R13";
    contact |=
        f["check"] == "missing-contact-time" && f["rule"] == "REP-2" && f["severity"] == "block";
  }
  EXPECT_TRUE(forbidden);
  EXPECT_TRUE(contact);
  r = call("POST", "/api/v1/triage/reply-checks", {{"reply", {{"results", "x"}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("reply.results"), std::string::npos);
}

TEST_F(ApiTriageTest, DIS_2_CatalogueBodiesAreReadStrictly) {
  const Actor dispatcher{"dispatcher.li", Role::kDispatcher, "office"};
  auto field_of = [](const std::string& body) {
    return json::parse(body)["error"]["field"].get<std::string>();
  };
  auto r = call("POST", "/api/v1/triage/catalogue",
                {{"id", "labour"},
                 {"category", "劳动和社会保障"},
                 {"lead", "dept.human-resources"},
                 {"reason", 3}},
                dispatcher);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(field_of(r.body), "reason");
  r = call("POST", "/api/v1/triage/catalogue/labour/retire", {{"reason", "测试"}, {"why", "x"}},
           dispatcher);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(field_of(r.body), "why");
  r = call("POST", "/api/v1/triage/catalogue/labour/retire", {{"reason", true}}, dispatcher);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(field_of(r.body), "reason");
  r = call("POST", "/api/v1/triage/reply-checks", {{"reply", "已处理"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(field_of(r.body), "reply");
}

TEST_F(ApiTriageTest, DIS_2_TheOfficeMaintainsTheCatalogueAndEveryChangeIsListed) {
  const Actor dispatcher{"dispatcher.li", Role::kDispatcher, "office"};
  auto r = call("POST", "/api/v1/triage/catalogue",
                {{"id", "labour"},
                 {"category", "劳动和社会保障"},
                 {"lead", "dept.human-resources"},
                 {"functional", true},
                 {"reason", "依据市人社局权责清单"}},
                dispatcher);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["action"], "add");
  r = call("PUT", "/api/v1/triage/catalogue/labour",
           {{"category", "劳动和社会保障"},
            {"lead", "dept.human-resources"},
            {"basis", "权责清单2026版"},
            {"reason", "更新依据"}},
           dispatcher);
  ASSERT_EQ(r.status, 200) << r.body;
  r = call("POST", "/api/v1/triage/catalogue/labour/retire", {{"reason", "测试"}}, dispatcher);
  ASSERT_EQ(r.status, 200) << r.body;
  r = call("POST", "/api/v1/triage/catalogue",
           {{"id", "x"}, {"category", "民政"}, {"lead", "dept.human-resources"}, {"reason", "r"}},
           Actor{"staff", Role::kUnitStaff, "dept.human-resources"});
  EXPECT_EQ(r.status, 403) << "refused: DIS-2 R7";
  EXPECT_NE(r.body.find("R7"), std::string::npos);
  r = call("POST", "/api/v1/triage/catalogue/labour/retire", {{"reason", "r"}},
           Actor{"agent.zhao", Role::kAgent, "office"});
  EXPECT_EQ(r.status, 403) << r.body;
  r = call("GET", "/api/v1/triage/catalogue/changes", nullptr);
  ASSERT_EQ(r.status, 200);
  const json log = json::parse(r.body)["changes"];
  ASSERT_EQ(log.size(), 4u);  // the seed and three changes
  EXPECT_EQ(log[2]["before"]["basis"], "");
  EXPECT_EQ(log[2]["after"]["basis"], "权责清单2026版");
  EXPECT_EQ(log[3]["actor"]["id"], "dispatcher.li");
}

// The routes are generated from the Triage use case's table: every change
// takes a body with a schema, every answer has one, and the role is checked
// before the body is read (a stranger's malformed body is 403, not 400).
TEST_F(ApiTriageTest, SEC_2_TriageOperationsDeclareSchemasAndRefuseBeforeReading) {
  for (const auto& e : Triage::operations()) {
    EXPECT_FALSE(e.answer_schema.is_null()) << e.spec.name;
    if (e.spec.method != "GET") {
      EXPECT_FALSE(e.body_schema.is_null()) << e.spec.name;
    }
    const bool routed = std::any_of(router_.routes().begin(), router_.routes().end(),
                                    [&](const Route& r) { return r.pattern == e.spec.path; });
    EXPECT_TRUE(routed) << e.spec.path;
  }
  HttpRequest r;
  r.method = "POST";
  r.path = r.target = "/api/v1/triage/suggestions";
  r.body = "{not json";
  r.actor = Actor{"staff", Role::kUnitStaff, "dept.nankai.housing"};
  EXPECT_EQ(router_.handle(r).status, 403);
  r.actor = Actor{"agent.wang", Role::kAgent, "office"};
  EXPECT_EQ(router_.handle(r).status, 400);
  // Without a rebuild wired in, rebuilding is refused, not a crash.
  auto rebuilt = call("POST", "/api/v1/triage/reindex", nullptr,
                      Actor{"admin", Role::kAdministrator, "office"});
  EXPECT_EQ(rebuilt.status, 409) << rebuilt.body;
  EXPECT_EQ(call("POST", "/api/v1/triage/reindex", nullptr).status, 403);
}

}  // namespace
}  // namespace hotline::http
