// TYP-2 urgency lexicon rules and TYP-1 request type rules: pattern syntax,
// clause matching, precedence, and how a model's scores combine with them.
// SPEC: TYP-1, TYP-2, DIS-1, ACC-1

#include "core/triage/urgency_rules.h"

#include <gtest/gtest.h>

#include "core/triage/request_type_rules.h"

namespace hotline {
namespace {

LexiconEntry E(const char* label, const char* pattern) {
  return make_lexicon_entry(label, pattern).value();
}

UrgencyRules urgency_rules() {
  return UrgencyRules::create({E("life-safety", "燃气+泄漏"), E("life-safety", "煤气味"),
                               E("utilities", "停水"), E("utilities", "暖气+不热")})
      .value();
}

TEST(TYP_2_UrgencyRules, EmptyPartIsAnError) {
  EXPECT_FALSE(make_lexicon_entry("life-safety", "燃气++泄漏"));
  EXPECT_FALSE(make_lexicon_entry("life-safety", ""));
  EXPECT_FALSE(UrgencyRules::create({E("urgent", "停水")}));
}

// "general" entries exclude a clause (a bill, a company's name, thanks for a
// repair) from the search; the other clauses are still searched.
TEST(TYP_2_UrgencyRules, GeneralEntriesExcludeTheirClause) {
  const auto rules = UrgencyRules::create({E("utilities", "暖气"), E("utilities", "停水"),
                                           E("general", "暖气费"), E("general", "修好了")})
                         .value();
  EXPECT_EQ(rules.classify("暖气费今年涨价了没有").urgency, Urgency::kGeneral);
  EXPECT_EQ(rules.classify("上回停水第二天就修好了").urgency, Urgency::kGeneral);
  EXPECT_EQ(rules.classify("交了暖气费，暖气还是冰凉的").urgency, Urgency::kUtilities);
  EXPECT_EQ(rules.classify("暖气不热").urgency, Urgency::kUtilities);
}

TEST(TYP_2_UrgencyRules, AllPartsInOneClause) {
  const auto rules = urgency_rules();
  EXPECT_EQ(rules.classify("厨房里燃气好像泄漏了").urgency, Urgency::kLifeSafety);
  // The parts are in different clauses: no match.
  EXPECT_EQ(rules.classify("燃气费怎么交。水管泄漏了找谁").urgency, Urgency::kGeneral);
  EXPECT_EQ(rules.classify("小区停水三天了").urgency, Urgency::kUtilities);
  EXPECT_EQ(rules.classify("咨询公积金提取").urgency, Urgency::kGeneral);
}

TEST(TYP_2_UrgencyRules, IgnoresSpacesWidthAndCase) {
  const auto rules =
      UrgencyRules::create({E("utilities", "wifi+断"), E("life-safety", "煤气味")}).value();
  EXPECT_EQ(rules.classify("楼道 有 煤 气味").urgency, Urgency::kLifeSafety);
  EXPECT_EQ(rules.classify("小区ＷＩＦＩ断了").urgency, Urgency::kUtilities);
}

TEST(TYP_2_UrgencyRules, LifeSafetyOutranksUtilitiesAndListsWhatFired) {
  const auto d = urgency_rules().classify("停水以后家里一股煤气味");
  EXPECT_EQ(d.urgency, Urgency::kLifeSafety);
  ASSERT_EQ(d.matched.size(), 2u);
  EXPECT_EQ(d.matched[0], "煤气味");
  EXPECT_EQ(d.matched[1], "停水");
  EXPECT_FALSE(d.from_model);
}

TEST(TYP_2_CombineUrgency, ModelRaisesButNeverLowers) {
  const auto rules = urgency_rules();
  // The model sees a danger the lexicon misses, above the threshold.
  auto d = combine_urgency(rules.classify("电梯卡在半空"),
                           {{"general", 0.55}, {"life-safety", 0.40}, {"utilities", 0.05}}, 0.3);
  EXPECT_EQ(d.urgency, Urgency::kLifeSafety);
  EXPECT_TRUE(d.from_model);
  EXPECT_DOUBLE_EQ(d.confidence, 0.40);
  // Below the threshold it does not.
  d = combine_urgency(rules.classify("电梯卡在半空"), {{"general", 0.8}, {"life-safety", 0.2}},
                      0.3);
  EXPECT_EQ(d.urgency, Urgency::kGeneral);
  // A sure "general" never lowers a lexicon match.
  d = combine_urgency(rules.classify("停水了"), {{"general", 0.99}}, 0.3);
  EXPECT_EQ(d.urgency, Urgency::kUtilities);
  EXPECT_FALSE(d.from_model);
}

RequestTypeRules type_rules() {
  return RequestTypeRules::create({E("praise", "表扬"), E("report", "举报"), E("complaint", "投诉"),
                                   E("inquiry", "请问"), E("inquiry", "怎么+办理"),
                                   E("complaint", "*")})
      .value();
}

TEST(TYP_1_RequestTypeRules, NeedsKnownLabelsAndOneDefault) {
  EXPECT_FALSE(RequestTypeRules::create({E("question", "请问"), E("complaint", "*")}));
  EXPECT_FALSE(RequestTypeRules::create({E("inquiry", "请问")}));
  EXPECT_FALSE(RequestTypeRules::create({E("inquiry", "*"), E("complaint", "*")}));
}

TEST(TYP_1_RequestTypeRules, MostCuesWinTiesGoToPriority) {
  const auto rules = type_rules();
  EXPECT_EQ(rules.classify("请问社保卡怎么补办理").type, RequestType::kInquiry);
  // One cue each: 举报 comes before 请问 in the lexicon.
  EXPECT_EQ(rules.classify("请问在哪里举报黑车").type, RequestType::kReport);
  // Two inquiry cues beat one complaint cue.
  EXPECT_EQ(rules.classify("请问投诉以后怎么办理退款").type, RequestType::kInquiry);
  const auto d = rules.classify("楼下烧烤店太吵");
  EXPECT_EQ(d.type, RequestType::kComplaint);
  EXPECT_TRUE(d.by_default);
}

TEST(TYP_1_RequestTypeRules, ModelDecidesOnlyWithoutCues) {
  const auto rules = type_rules();
  auto d = rules.classify("楼下烧烤店太吵", {{"suggestion", 0.7}, {"complaint", 0.3}}, 0.5);
  EXPECT_EQ(d.type, RequestType::kSuggestion);
  EXPECT_TRUE(d.from_model);
  d = rules.classify("楼下烧烤店太吵", {{"suggestion", 0.4}, {"complaint", 0.3}}, 0.5);
  EXPECT_EQ(d.type, RequestType::kComplaint);
  EXPECT_TRUE(d.by_default);
  d = rules.classify("表扬社区医生", {{"complaint", 0.9}}, 0.5);
  EXPECT_EQ(d.type, RequestType::kPraise);
}

}  // namespace
}  // namespace hotline
