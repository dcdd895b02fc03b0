// SPEC: DIS-2, DIS-6, SUP-1, REP-3 — the triage data files: catalogue and settings.
#include "adapters/toml/catalogue_file.h"

#include <gtest/gtest.h>

#include "triage_fixture.h"

namespace hotline {
namespace {

using triage_testing::shipped;

TEST(CatalogueFile, DIS_2_TheShippedCatalogueLoadsAndCoversEveryTipdmFirstLevel) {
  const auto& s = shipped();
  ASSERT_GE(s.entries.size(), 30u);
  for (const char* level1 :
       {"城乡建设", "环境保护", "交通运输", "劳动和社会保障", "卫生计生", "商贸旅游", "教育文体",
        "民政", "政法", "国土资源", "农村农业", "经济管理", "科技与信息产业"}) {
    const auto c = s.catalogue();
    EXPECT_FALSE(c.match({level1, "district.hexi", "", ""}).empty()) << level1;
  }
}

TEST(CatalogueFile, DIS_2_ErrorsNameTheFileAndLine) {
  const auto& org = shipped().organisation;
  auto r = parse_catalogue("[[entry]]\nid = \"a\"\ncategory = \"城乡建设\"\nlead = \"dept.nope\"\n",
                           "cat.toml", &org);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "cat.toml:4");
  EXPECT_EQ(r.error().rule, "DIS-2");
  r = parse_catalogue("[[entry]]\nid = \"a\"\ncategory = \"城乡建设\"\nleader = \"x\"\n",
                      "cat.toml", &org);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "cat.toml:4") << "a misspelt key is an error";
  r = parse_catalogue("[[entry]]\nid = \"a\"\ncategory = \"城乡建设\"\n", "cat.toml", &org);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("lead"), std::string::npos);
  r = parse_catalogue("", "cat.toml", &org);
  EXPECT_FALSE(r) << "an empty catalogue";
}

TEST(CatalogueFile, DIS_6_AFunctionalMatterForAStreetIsRefusedAtLoad) {
  const auto& org = shipped().organisation;
  auto r = parse_catalogue(
      "[[entry]]\nid = \"q\"\ncategory = \"城乡建设/工程质量\"\nfunctional = true\n"
      "lead = \"street.nankai.xuefu\"\n",
      "cat.toml", &org);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rule, "DIS-6");
  EXPECT_EQ(r.error().article, "R8");
  EXPECT_EQ(r.error().field, "cat.toml:5");
}

TEST(CatalogueFile, SUP_1_TheClusterThresholdComesFromThePolicyWithItsArticle) {
  auto s = shipped().settings;
  triage::apply_supervision_policy(s, shipped().policies.default_policy());
  EXPECT_EQ(s.index.clusters.supervision_applicants.value, 5);
  EXPECT_EQ(s.index.clusters.supervision_applicants.article, "M22(3)");
  EXPECT_EQ(s.index.clusters.window, Seconds{30 * 86400});
  EXPECT_DOUBLE_EQ(s.index.clusters.join_similarity, 0.2);
  EXPECT_DOUBLE_EQ(s.same_applicant_similarity, 0.2);
  // Issue 12: the anchor rule's thresholds, cited (data/triage/settings.toml).
  EXPECT_DOUBLE_EQ(s.index.clusters.anchor_rarity, 0.6);
  EXPECT_EQ(s.index.clusters.anchor_window, Seconds{7 * 86400});
}

TEST(CatalogueFile, SUP_1_ClusterThresholdsAreCitedOrRefused) {
  triage::TriageSettings s;
  auto st = parse_triage_settings(
      "[clusters]\nanchor_rarity = { value = 0.7, article = \"R27\", note = \"x\" }\n", "s.toml",
      s);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_DOUBLE_EQ(s.index.clusters.anchor_rarity, 0.7);
  EXPECT_EQ(s.index.clusters.article, "R27");
  st = parse_triage_settings("[clusters]\nanchor_rarity = { value = 0.7 }\n", "s.toml", s);
  ASSERT_FALSE(st) << "a cited threshold needs its article";
  EXPECT_EQ(st.error().field, "s.toml:2");
  st = parse_triage_settings("[clusters]\nanchor_window_days = 0\n", "s.toml", s);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("anchor_window_days"), std::string::npos);
}

TEST(CatalogueFile, DIS_8_TheSureThresholdIsTheOfficesSettingWithinReason) {
  EXPECT_DOUBLE_EQ(shipped().settings.sure_confidence, 0.90);  // data/triage/settings.toml
  triage::TriageSettings s;
  auto st = parse_triage_settings("[suggestions]\nsure_confidence = 0.95\n", "s.toml", s);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_DOUBLE_EQ(s.sure_confidence, 0.95);
  st = parse_triage_settings("[suggestions]\nsure_confidence = 0.3\n", "s.toml", s);
  ASSERT_FALSE(st) << "a guess must not be called sure";
  EXPECT_EQ(st.error().field, "s.toml:2");
  st = parse_triage_settings("[suggestions]\nsure = 0.9\n", "s.toml", s);
  EXPECT_FALSE(st) << "an unknown key is refused";
}

// The type and urgency suggestions' settings and questions are data
// (data/triage/settings.toml [suggestions], [suggestions.questions]).
TEST(CatalogueFile, TYP_1_TYP_2_TheQuestionsForTheCallerAreData) {
  const auto& tu = shipped().settings.type_urgency;
  EXPECT_DOUBLE_EQ(tu.urgency_model_raise, 0.3);
  EXPECT_DOUBLE_EQ(tu.type_model_confidence, 0.5);
  EXPECT_EQ(tu.life_safety_question, "现在有没有人有危险？（有没有燃气味、冒烟、被困、有人受伤）");
  EXPECT_EQ(tu.utilities_question, "现在是不是停水／停电／停气／暖气不热？");
  ASSERT_EQ(tu.type_questions.size(), 2u);
  EXPECT_EQ(tu.type_questions[0], "您是想了解情况（咨询），还是需要有人处理？");
  triage::TriageSettings s;
  auto st = parse_triage_settings(
      "[suggestions]\nurgency_model_raise = 0.5\n[suggestions.questions]\nutilities = "
      "\"停电了吗？\"\n"
      "type = [\"问一\", \"问二\", \"问三\"]\n",
      "s.toml", s);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_DOUBLE_EQ(s.type_urgency.urgency_model_raise, 0.5);
  EXPECT_EQ(s.type_urgency.utilities_question, "停电了吗？");
  EXPECT_EQ(s.type_urgency.type_questions.size(), 3u);
  st = parse_triage_settings("[suggestions]\ntype_model_confidence = 1.5\n", "s.toml", s);
  EXPECT_FALSE(st) << "a confidence is a fraction";
  st = parse_triage_settings("[suggestions.questions]\nfire = \"着火了吗？\"\n", "s.toml", s);
  EXPECT_FALSE(st) << "an unknown question is refused";
  st = parse_triage_settings("[suggestions.questions]\ntype = \"一个问题\"\n", "s.toml", s);
  ASSERT_FALSE(st) << "the type questions are a list";
  EXPECT_EQ(st.error().field, "s.toml:2");
}

TEST(CatalogueFile, REP_3_ReplyCheckSeveritiesPerProfile) {
  const auto& s = shipped().settings;
  ASSERT_TRUE(s.reply_checks.contains("tianjin"));
  ASSERT_TRUE(s.reply_checks.contains("tianjin-transport"));
  EXPECT_EQ(s.reply_checks.at("tianjin").severity.at(triage::ReplyCheck::kProcessOnly),
            triage::Severity::kBlock);
  EXPECT_EQ(s.reply_checks.at("tianjin-transport").severity.at(triage::ReplyCheck::kVague),
            triage::Severity::kBlock);
}

TEST(CatalogueFile, SUP_1_BadSettingsAreRefusedWithTheirLine) {
  triage::TriageSettings s;
  auto st = parse_triage_settings("[clusters]\njoin_similarity = 2.0\n", "s.toml", s);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "s.toml:2");
  // The threshold moved to the policy file; the settings name where it went.
  st = parse_triage_settings(
      "[clusters]\nsupervision_applicants = { value = 8, article = \"M22(3)\" }\n", "s.toml", s);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "s.toml:2");
  EXPECT_NE(st.error().message.find("on_concentrated_requests"), std::string::npos);
  st = parse_triage_settings("[clusters]\nwindow_days = 30\n", "s.toml", s);
  EXPECT_FALSE(st);
  st = parse_triage_settings("[reply_checks.tianjin]\nvauge = \"warn\"\n", "s.toml", s);
  EXPECT_FALSE(st) << "unknown check";
  st = parse_triage_settings("[reply_checks.tianjin]\nvague = \"fatal\"\n", "s.toml", s);
  EXPECT_FALSE(st) << "unknown severity";
}

TEST(CatalogueFile, SUP_1_APolicyWithoutTheThresholdRaisesNoClusterSupervision) {
  auto s = shipped().settings;
  Policy policy = shipped().policies.default_policy();
  policy.supervision.on_concentrated_requests.reset();
  policy.supervision.concentrated_requests_window.reset();
  triage::apply_supervision_policy(s, policy);
  EXPECT_EQ(s.index.clusters.supervision_applicants.value, 0);
}

}  // namespace
}  // namespace hotline
