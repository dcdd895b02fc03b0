#include "core/work_order/classification.h"

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<RequestType, 6> kTypes{{
    {RequestType::kInquiry, "inquiry", "咨询"},
    {RequestType::kAssistance, "assistance", "求助"},
    {RequestType::kComplaint, "complaint", "投诉"},
    {RequestType::kReport, "report", "举报"},
    {RequestType::kSuggestion, "suggestion", "意见建议"},
    {RequestType::kPraise, "praise", "表扬"},
}};
constexpr EnumTable<Urgency, 3> kUrgencies{{
    {Urgency::kGeneral, "general", "一般诉求"},
    {Urgency::kUtilities, "utilities", "水电气热等基本民生保障"},
    {Urgency::kLifeSafety, "life-safety", "可能危及生命财产安全"},
}};
constexpr EnumTable<UrgencyLabel, 4> kLabels{{
    {UrgencyLabel::kNone, "none", "无"},
    {UrgencyLabel::kMostUrgent, "特急", "特急"},
    {UrgencyLabel::kVeryUrgent, "紧急", "紧急"},
    {UrgencyLabel::kUrgent, "急", "急"},
}};
constexpr EnumTable<SpecialLabel, 4> kSpecial{{
    {SpecialLabel::kInternetPlusInspection, "internet-plus-inspection", "【互联网+督查】"},
    {SpecialLabel::kBusinessEnvironmentSupervisor, "business-environment-supervisor",
     "【营商环境监督员】"},
    {SpecialLabel::kChinaGovWebsiteMessage, "china-gov-website-message", "【中国政府网留言】"},
    {SpecialLabel::kEnterpriseServiceLineTransfer, "enterprise-service-line-transfer",
     "【转接企业营商服务专线】"},
}};
constexpr EnumTable<Channel, 11> kChannels{{
    {Channel::kPhone, "phone", "电话"},
    {Channel::kWebsite, "website", "网站"},
    {Channel::kWechatOfficialAccount, "wechat-official-account", "微信公众号"},
    {Channel::kWechatMiniProgram, "wechat-mini-program", "微信小程序"},
    {Channel::kSms, "sms", "短信"},
    {Channel::kWeibo, "weibo", "微博"},
    {Channel::kHotline12328, "hotline-12328", "12328热线"},
    {Channel::kWechat12328, "wechat-12328", "12328微信公众号/小程序"},
    {Channel::kZhengminLingjuliColumn, "zhengmin-lingjuli", "《政民零距离》栏目"},
    {Channel::kHotlineTransfer, "hotline-transfer", "其他热线转入"},
    {Channel::kOpen311, "open311", "Open311接口"},
}};

}  // namespace

std::string_view to_string(RequestType v) { return enum_name(kTypes, v); }
std::string_view to_string(Urgency v) { return enum_name(kUrgencies, v); }
std::string_view to_string(UrgencyLabel v) { return enum_name(kLabels, v); }
std::string_view to_string(SpecialLabel v) { return enum_name(kSpecial, v); }
std::string_view to_string(Channel v) { return enum_name(kChannels, v); }
std::string_view to_chinese(RequestType v) { return enum_chinese(kTypes, v); }
std::string_view to_chinese(Urgency v) { return enum_chinese(kUrgencies, v); }
std::string_view to_chinese(UrgencyLabel v) { return enum_chinese(kLabels, v); }
std::string_view to_chinese(SpecialLabel v) { return enum_chinese(kSpecial, v); }
std::string_view to_chinese(Channel v) { return enum_chinese(kChannels, v); }

std::optional<RequestType> parse_request_type(std::string_view s) {
  return enum_parse(kTypes, s, true);
}
std::optional<Urgency> parse_urgency(std::string_view s) { return enum_parse(kUrgencies, s, true); }
std::optional<UrgencyLabel> parse_urgency_label(std::string_view s) {
  if (s.empty()) return UrgencyLabel::kNone;
  return enum_parse(kLabels, s, true);
}
std::optional<SpecialLabel> parse_special_label(std::string_view s) {
  return enum_parse(kSpecial, s, true);
}
std::optional<Channel> parse_channel(std::string_view s) { return enum_parse(kChannels, s, true); }

}  // namespace hotline
