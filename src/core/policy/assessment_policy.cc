#include "core/policy/assessment_policy.h"

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<AssessmentIndicator, 6> kIndicators{{
    {AssessmentIndicator::kOnTimeAcceptance, "on-time-acceptance", "按时接收率"},
    {AssessmentIndicator::kOnTimeReply, "on-time-reply", "按时反馈率"},
    {AssessmentIndicator::kReplyQuality, "reply-quality", "答复质量"},
    {AssessmentIndicator::kHandlingQuality, "handling-quality", "办理质量"},
    {AssessmentIndicator::kSatisfaction, "satisfaction", "满意率"},
    {AssessmentIndicator::kFirstContact, "first-contact", "首接负责率"},
}};

constexpr EnumTable<DeductionBasis, 2> kBases{{
    {DeductionBasis::kCirculation, "circulation", "通报批评"},
    {DeductionBasis::kKeySupervision, "key-supervision", "重点督办"},
}};

}  // namespace

std::string_view to_string(AssessmentIndicator i) { return enum_name(kIndicators, i); }
std::string_view to_chinese(AssessmentIndicator i) { return enum_chinese(kIndicators, i); }
std::optional<AssessmentIndicator> parse_assessment_indicator(std::string_view s) {
  return enum_parse(kIndicators, s);
}
std::string_view to_string(DeductionBasis b) { return enum_name(kBases, b); }
std::optional<DeductionBasis> parse_deduction_basis(std::string_view s) {
  return enum_parse(kBases, s);
}

bool AssessmentPolicy::judged_not_by_satisfaction_alone(std::string_view category) const {
  for (const std::string& prefix : not_by_satisfaction_alone) {
    if (category == prefix) return true;
    if (category.size() > prefix.size() && category.starts_with(prefix) &&
        category[prefix.size()] == '/') {
      return true;
    }
  }
  return false;
}

}  // namespace hotline
