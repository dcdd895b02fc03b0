// EVA-2 and EVA-4 in the core: the text a social supervisor reads has no
// personal numbers or known names left (𠮷 names, full-width digits, ID
// numbers with X); the sample is deterministic and sized by the rule;
// circulation grounds carry their kind and article.

#include <gtest/gtest.h>

#include <set>

#include "core/oversight/records.h"
#include "core/oversight/sample.h"
#include "core/oversight/text_mask.h"

namespace hotline::oversight {
namespace {

TEST(OversightText, EVA_4_numbers_of_seven_digits_or_more_are_masked) {
  EXPECT_EQ(mask_personal_text("电话13800001111，请回电"), "电话***********，请回电");
  EXPECT_EQ(mask_personal_text("138 0000 1111"), "***********");
  EXPECT_EQ(mask_personal_text("138-0000-1111"), "***********");
  // Full-width digits (U+FF10..) count as digits.
  EXPECT_EQ(mask_personal_text("１３８００００１１１１"), "***********");
  // An ID card number with its check letter.
  EXPECT_EQ(mask_personal_text("身份证12010119900101123X号"), "身份证******************号");
  // A landline of eight digits.
  EXPECT_EQ(mask_personal_text("座机23456789"), "座机********");
}

TEST(OversightText, EVA_4_the_matter_stays_readable) {
  EXPECT_EQ(mask_personal_text("西宁道12号3门，2026年11月5日，罚款200元"),
            "西宁道12号3门，2026年11月5日，罚款200元");
  EXPECT_EQ(mask_personal_text(""), "");
}

TEST(OversightText, EVA_4_known_personal_strings_are_masked_by_code_points) {
  const std::vector<std::string> known = {"𠮷祥", "和平区新兴街道西宁道12号", "", "王"};
  // 𠮷 is one code point (four bytes): two stars for "𠮷祥".
  EXPECT_EQ(mask_personal_text("我是𠮷祥，住和平区新兴街道西宁道12号", known),
            "我是**，住*************");
  // A single character is not masked (it would blank every 王 in the text).
  EXPECT_EQ(mask_personal_text("王家的事", known), "王家的事");
}

TEST(OversightSample, EVA_4_the_sample_is_deterministic_and_sized_by_the_rule) {
  SamplingRule rule;  // 5 %, at least 5, at most 50
  std::vector<std::string> ids;
  for (int i = 0; i < 400; ++i) ids.push_back("20261101" + std::to_string(10000 + i) + "-1");
  const auto a = choose_sample(ids, "2026-11", rule);
  const auto b = choose_sample(ids, "2026-11", rule);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 20u);  // ceil(0.05 × 400)
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  for (const auto& id : a) EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end());
  // The input order does not matter.
  std::vector<std::string> reversed(ids.rbegin(), ids.rend());
  EXPECT_EQ(choose_sample(reversed, "2026-11", rule), a);
  // Another month or seed draws another sample.
  EXPECT_NE(choose_sample(ids, "2026-12", rule), a);
  SamplingRule other = rule;
  other.seed = "another";
  EXPECT_NE(choose_sample(ids, "2026-11", other), a);
}

TEST(OversightSample, EVA_4_minimum_and_maximum_bound_the_sample) {
  SamplingRule rule;
  std::vector<std::string> few = {"a-1", "b-1", "c-1"};
  EXPECT_EQ(choose_sample(few, "2026-11", rule), few);  // fewer than the minimum: all
  std::vector<std::string> many;
  for (int i = 0; i < 5000; ++i) many.push_back("w" + std::to_string(i));
  EXPECT_EQ(choose_sample(many, "2026-11", rule).size(), 50u);  // 250 capped at 50
  EXPECT_TRUE(choose_sample({}, "2026-11", rule).empty());
}

TEST(OversightSample, EVA_4_a_bad_rule_names_its_key) {
  SamplingRule rule;
  rule.rate = 0;
  EXPECT_EQ(validate(rule).error().field, "sample_rate");
  rule = SamplingRule{};
  rule.maximum = 2;
  EXPECT_EQ(validate(rule).error().field, "sample_maximum");
  EXPECT_TRUE(validate(SamplingRule{}));
}

TEST(OversightRecords, EVA_2_grounds_carry_their_kind_and_article) {
  EXPECT_EQ(kind_of(CirculationGround::kBuckPassing), CirculationKind::kCriticism);
  EXPECT_EQ(article_of(CirculationGround::kRefusedSupervision), "T24(2)");
  EXPECT_EQ(article_of(CirculationGround::kMediaExposure), "T24(3)");
  EXPECT_EQ(kind_of(CirculationGround::kExemplaryPractice), CirculationKind::kPraise);
  EXPECT_EQ(article_of(CirculationGround::kActiveGovernance), "D26");
  EXPECT_EQ(parse_circulation_ground("media-exposure"), CirculationGround::kMediaExposure);
  EXPECT_FALSE(parse_circulation_ground("bad"));
  EXPECT_EQ(to_chinese(CirculationKind::kCriticism), "通报批评");
}

TEST(OversightRecords, EVA_2_months_are_checked) {
  EXPECT_TRUE(check_month("2026-11"));
  EXPECT_EQ(check_month("2026-13").error().field, "month");
  EXPECT_FALSE(check_month("2026-1"));
  EXPECT_FALSE(check_month("202611x"));
}

}  // namespace
}  // namespace hotline::oversight
