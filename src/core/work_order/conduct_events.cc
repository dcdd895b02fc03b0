#include "core/work_order/conduct_events.h"

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<StaffMisconduct, 4> kStaffMisconduct{{
    {StaffMisconduct::kRudeAttitude, "rude-attitude", "态度生硬"},
    {StaffMisconduct::kRoughManner, "rough-manner", "作风粗暴"},
    {StaffMisconduct::kPerfunctory, "perfunctory", "敷衍塞责"},
    {StaffMisconduct::kOther, "other", "其他不规范服务行为"},
}};
constexpr EnumTable<ComplaintFinding, 3> kFindings{{
    {ComplaintFinding::kSubstantiated, "substantiated", "投诉属实"},
    {ComplaintFinding::kPartlySubstantiated, "partly-substantiated", "投诉部分属实"},
    {ComplaintFinding::kUnsubstantiated, "unsubstantiated", "投诉不属实"},
}};
constexpr EnumTable<ApplicantMisconduct, 2> kApplicantMisconduct{{
    {ApplicantMisconduct::kOccupyingLine, "occupying-line", "无正当理由反复或长时间占用热线资源"},
    {ApplicantMisconduct::kHarassingStaff, "harassing-staff", "骚扰、侮辱、威胁工作人员"},
}};

}  // namespace

std::string_view to_string(StaffMisconduct m) { return enum_name(kStaffMisconduct, m); }
std::string_view to_chinese(StaffMisconduct m) { return enum_chinese(kStaffMisconduct, m); }
std::optional<StaffMisconduct> parse_staff_misconduct(std::string_view s) {
  return enum_parse(kStaffMisconduct, s);
}
std::string_view to_string(ComplaintFinding f) { return enum_name(kFindings, f); }
std::string_view to_chinese(ComplaintFinding f) { return enum_chinese(kFindings, f); }
std::optional<ComplaintFinding> parse_complaint_finding(std::string_view s) {
  return enum_parse(kFindings, s);
}
std::string_view to_string(ApplicantMisconduct m) { return enum_name(kApplicantMisconduct, m); }
std::string_view to_chinese(ApplicantMisconduct m) { return enum_chinese(kApplicantMisconduct, m); }
std::optional<ApplicantMisconduct> parse_applicant_misconduct(std::string_view s) {
  return enum_parse(kApplicantMisconduct, s);
}

}  // namespace hotline
