#pragma once
// How a request is classified: type (TYP-1), urgency class (TYP-2), urgency
// label and special labels of profile T (TYP-3, TYP-4), and the channel it
// came through (INT-1). Wire names are stable kebab-case strings.

#include <optional>
#include <string>
#include <string_view>

namespace hotline {

// TYP-1 [M10, R14, T11]
enum class RequestType { kInquiry, kAssistance, kComplaint, kReport, kSuggestion, kPraise };
// TYP-2 [R6, R9, R11, C20]
enum class Urgency { kGeneral, kUtilities, kLifeSafety };
// TYP-3 [T11]: 特急, 紧急, 急
enum class UrgencyLabel { kNone, kMostUrgent, kVeryUrgent, kUrgent };
// TYP-4 [T13]
enum class SpecialLabel {
  kInternetPlusInspection,         // 【互联网+督查】
  kBusinessEnvironmentSupervisor,  // 【营商环境监督员】
  kChinaGovWebsiteMessage,         // 【中国政府网留言】
  kEnterpriseServiceLineTransfer,  // 【转接企业营商服务专线】
};
// INT-1 [M2, R5, T2, C2, D2]
enum class Channel {
  kPhone,
  kWebsite,
  kWechatOfficialAccount,
  kWechatMiniProgram,
  kSms,
  kWeibo,
  kHotline12328,            // the 12328 transport hotline (phone)
  kWechat12328,             // 12328's WeChat official account and mini-program
  kZhengminLingjuliColumn,  // 《政民零距离》 column
  kHotlineTransfer,         // transferred from another hotline (e.g. 110, Beijing/Hebei 12345)
  kOpen311,                 // Open311 GeoReport intake from partner systems
};

std::string_view to_string(RequestType v);
std::string_view to_string(Urgency v);
std::string_view to_string(UrgencyLabel v);
std::string_view to_string(SpecialLabel v);
std::string_view to_string(Channel v);
std::string_view to_chinese(RequestType v);
std::string_view to_chinese(Urgency v);
std::string_view to_chinese(UrgencyLabel v);
std::string_view to_chinese(SpecialLabel v);
std::string_view to_chinese(Channel v);

// Parse the wire name (or, for labels, the Chinese label itself).
std::optional<RequestType> parse_request_type(std::string_view s);
std::optional<Urgency> parse_urgency(std::string_view s);
std::optional<UrgencyLabel> parse_urgency_label(std::string_view s);  // 特急|紧急|急|none
std::optional<SpecialLabel> parse_special_label(std::string_view s);
std::optional<Channel> parse_channel(std::string_view s);

}  // namespace hotline
