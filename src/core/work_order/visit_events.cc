#include "core/work_order/visit_events.h"

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<SpotCheckBy, 2> kBy{{
    {SpotCheckBy::kOffice, "office", "热线工作机构抽查回访"},
    {SpotCheckBy::kUnit, "unit", "承办单位自行抽查回访"},
}};
constexpr EnumTable<SpotCheckFinding, 3> kFindings{{
    {SpotCheckFinding::kFulfilled, "fulfilled", "履职到位"},
    {SpotCheckFinding::kDutiesNotFulfilled, "duties-not-fulfilled", "履职不到位"},
    {SpotCheckFinding::kNewQuestion, "new-question", "群众提出新的疑问"},
}};

}  // namespace

std::string_view to_string(SpotCheckBy b) { return enum_name(kBy, b); }
std::string_view to_chinese(SpotCheckBy b) { return enum_chinese(kBy, b); }
std::optional<SpotCheckBy> parse_spot_check_by(std::string_view s) { return enum_parse(kBy, s); }
std::string_view to_string(SpotCheckFinding f) { return enum_name(kFindings, f); }
std::string_view to_chinese(SpotCheckFinding f) { return enum_chinese(kFindings, f); }
std::optional<SpotCheckFinding> parse_spot_check_finding(std::string_view s) {
  return enum_parse(kFindings, s);
}

}  // namespace hotline
