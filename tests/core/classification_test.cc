// SPEC: TYP-1, TYP-2, TYP-3, TYP-4, INT-1
#include "core/work_order/classification.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

TEST(Classification, TYP_1_SixRequestTypesRoundTrip) {
  for (auto t : {RequestType::kInquiry, RequestType::kAssistance, RequestType::kComplaint,
                 RequestType::kReport, RequestType::kSuggestion, RequestType::kPraise}) {
    EXPECT_EQ(parse_request_type(to_string(t)), t);
    EXPECT_EQ(parse_request_type(to_chinese(t)), t);
  }
  EXPECT_EQ(to_chinese(RequestType::kSuggestion), "意见建议");
  EXPECT_FALSE(parse_request_type("petition").has_value());
}

TEST(Classification, TYP_2_UrgencyClasses) {
  EXPECT_EQ(parse_urgency("life-safety"), Urgency::kLifeSafety);
  EXPECT_EQ(parse_urgency("utilities"), Urgency::kUtilities);
  EXPECT_EQ(parse_urgency("general"), Urgency::kGeneral);
  EXPECT_FALSE(parse_urgency("urgent").has_value());
}

TEST(Classification, TYP_3_TransportUrgencyLabelsAreTheChineseLabels) {
  EXPECT_EQ(parse_urgency_label("特急"), UrgencyLabel::kMostUrgent);
  EXPECT_EQ(parse_urgency_label("紧急"), UrgencyLabel::kVeryUrgent);
  EXPECT_EQ(parse_urgency_label("急"), UrgencyLabel::kUrgent);
  EXPECT_EQ(parse_urgency_label(""), UrgencyLabel::kNone);
  EXPECT_FALSE(parse_urgency_label("很急").has_value());
}

TEST(Classification, TYP_4_SpecialLabelsOfProfileT) {
  EXPECT_EQ(parse_special_label("【互联网+督查】"), SpecialLabel::kInternetPlusInspection);
  EXPECT_EQ(parse_special_label("business-environment-supervisor"),
            SpecialLabel::kBusinessEnvironmentSupervisor);
  EXPECT_EQ(to_chinese(SpecialLabel::kChinaGovWebsiteMessage), "【中国政府网留言】");
  EXPECT_EQ(to_chinese(SpecialLabel::kEnterpriseServiceLineTransfer), "【转接企业营商服务专线】");
}

TEST(Classification, INT_1_EveryChannelHasAWireAndChineseName) {
  for (auto c : {Channel::kPhone, Channel::kWebsite, Channel::kWechatOfficialAccount,
                 Channel::kWechatMiniProgram, Channel::kSms, Channel::kWeibo,
                 Channel::kHotline12328, Channel::kWechat12328, Channel::kZhengminLingjuliColumn,
                 Channel::kHotlineTransfer, Channel::kOpen311}) {
    EXPECT_EQ(parse_channel(to_string(c)), c);
    EXPECT_NE(to_chinese(c), "?");
  }
}

}  // namespace
}  // namespace hotline
