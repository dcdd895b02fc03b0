#include "core/work_order/classification.h"

#include <array>
#include <utility>

namespace hotline {
namespace {

template <typename E, std::size_t N>
using Names = std::array<std::tuple<E, std::string_view, std::string_view>, N>;

constexpr Names<RequestType, 6> kTypes{{
    {RequestType::kInquiry, "inquiry", "咨询"},
    {RequestType::kAssistance, "assistance", "求助"},
    {RequestType::kComplaint, "complaint", "投诉"},
    {RequestType::kReport, "report", "举报"},
    {RequestType::kSuggestion, "suggestion", "意见建议"},
    {RequestType::kPraise, "praise", "表扬"},
}};
constexpr Names<Urgency, 3> kUrgencies{{
    {Urgency::kGeneral, "general", "一般诉求"},
    {Urgency::kUtilities, "utilities", "水电气热等基本民生保障"},
    {Urgency::kLifeSafety, "life-safety", "可能危及生命财产安全"},
}};
constexpr Names<UrgencyLabel, 4> kLabels{{
    {UrgencyLabel::kNone, "none", "无"},
    {UrgencyLabel::kMostUrgent, "特急", "特急"},
    {UrgencyLabel::kVeryUrgent, "紧急", "紧急"},
    {UrgencyLabel::kUrgent, "急", "急"},
}};
constexpr Names<SpecialLabel, 4> kSpecial{{
    {SpecialLabel::kInternetPlusInspection, "internet-plus-inspection", "【互联网+督查】"},
    {SpecialLabel::kBusinessEnvironmentSupervisor, "business-environment-supervisor",
     "【营商环境监督员】"},
    {SpecialLabel::kChinaGovWebsiteMessage, "china-gov-website-message", "【中国政府网留言】"},
    {SpecialLabel::kEnterpriseServiceLineTransfer, "enterprise-service-line-transfer",
     "【转接企业营商服务专线】"},
}};
constexpr Names<Channel, 11> kChannels{{
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

template <typename E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E v, int column) {
  for (const auto& row : names) {
    if (std::get<0>(row) == v) return column == 1 ? std::get<1>(row) : std::get<2>(row);
  }
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> parse(const Names<E, N>& names, std::string_view s) {
  for (const auto& row : names) {
    if (std::get<1>(row) == s || std::get<2>(row) == s) return std::get<0>(row);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(RequestType v) { return name_of(kTypes, v, 1); }
std::string_view to_string(Urgency v) { return name_of(kUrgencies, v, 1); }
std::string_view to_string(UrgencyLabel v) { return name_of(kLabels, v, 1); }
std::string_view to_string(SpecialLabel v) { return name_of(kSpecial, v, 1); }
std::string_view to_string(Channel v) { return name_of(kChannels, v, 1); }
std::string_view to_chinese(RequestType v) { return name_of(kTypes, v, 2); }
std::string_view to_chinese(Urgency v) { return name_of(kUrgencies, v, 2); }
std::string_view to_chinese(UrgencyLabel v) { return name_of(kLabels, v, 2); }
std::string_view to_chinese(SpecialLabel v) { return name_of(kSpecial, v, 2); }
std::string_view to_chinese(Channel v) { return name_of(kChannels, v, 2); }

std::optional<RequestType> parse_request_type(std::string_view s) { return parse(kTypes, s); }
std::optional<Urgency> parse_urgency(std::string_view s) { return parse(kUrgencies, s); }
std::optional<UrgencyLabel> parse_urgency_label(std::string_view s) {
  if (s.empty()) return UrgencyLabel::kNone;
  return parse(kLabels, s);
}
std::optional<SpecialLabel> parse_special_label(std::string_view s) { return parse(kSpecial, s); }
std::optional<Channel> parse_channel(std::string_view s) { return parse(kChannels, s); }

}  // namespace hotline
