#include "core/oversight/records.h"

#include "core/enum_table.h"

namespace hotline::oversight {
namespace {

constexpr EnumTable<CirculationKind, 2> kKinds{{
    {CirculationKind::kCriticism, "criticism", "通报批评"},
    {CirculationKind::kPraise, "praise", "通报表扬"},
}};

constexpr EnumTable<CirculationGround, 5> kGrounds{{
    {CirculationGround::kBuckPassing, "buck-passing", "推诿扯皮、敷衍拖延"},
    {CirculationGround::kRefusedSupervision, "refused-supervision", "对督办事项无正当理由拒不办理"},
    {CirculationGround::kMediaExposure, "media-exposure", "办事不力受到媒体曝光或相关部门通报"},
    {CirculationGround::kExemplaryPractice, "exemplary-practice", "担当作为的优秀做法或典型案例"},
    {CirculationGround::kActiveGovernance, "active-governance", "主动治理成效显著"},
}};

constexpr EnumTable<OpinionStatus, 2> kOpinionStatuses{{
    {OpinionStatus::kOpen, "open", "待答复"},
    {OpinionStatus::kAnswered, "answered", "已答复"},
}};

}  // namespace

std::string_view to_string(CirculationKind k) { return enum_name(kKinds, k); }
std::string_view to_chinese(CirculationKind k) { return enum_chinese(kKinds, k); }
std::optional<CirculationKind> parse_circulation_kind(std::string_view s) {
  return enum_parse(kKinds, s);
}

std::string_view to_string(CirculationGround g) { return enum_name(kGrounds, g); }
std::string_view to_chinese(CirculationGround g) { return enum_chinese(kGrounds, g); }
std::optional<CirculationGround> parse_circulation_ground(std::string_view s) {
  return enum_parse(kGrounds, s);
}

CirculationKind kind_of(CirculationGround g) {
  switch (g) {
    case CirculationGround::kBuckPassing:
    case CirculationGround::kRefusedSupervision:
    case CirculationGround::kMediaExposure:
      return CirculationKind::kCriticism;
    case CirculationGround::kExemplaryPractice:
    case CirculationGround::kActiveGovernance:
      return CirculationKind::kPraise;
  }
  return CirculationKind::kCriticism;
}

std::string_view article_of(CirculationGround g) {
  switch (g) {
    case CirculationGround::kBuckPassing:
      return "T24(1)";
    case CirculationGround::kRefusedSupervision:
      return "T24(2)";
    case CirculationGround::kMediaExposure:
      return "T24(3)";
    case CirculationGround::kExemplaryPractice:
      return "T26";
    case CirculationGround::kActiveGovernance:
      return "D26";
  }
  return "";
}

std::string_view to_string(OpinionStatus s) { return enum_name(kOpinionStatuses, s); }
std::string_view to_chinese(OpinionStatus s) { return enum_chinese(kOpinionStatuses, s); }
std::optional<OpinionStatus> parse_opinion_status(std::string_view s) {
  return enum_parse(kOpinionStatuses, s);
}

Result<std::string> check_month(std::string_view month, std::string_view field) {
  const bool shape = month.size() == 7 && month[4] == '-';
  if (shape) {
    if (auto d = parse_date(std::string(month) + "-01"); d) return std::string(month);
  }
  return fail(Error::invalid(std::string(field), "a month is YYYY-MM, e.g. 2026-11",
                             "月份格式应为 YYYY-MM，例如 2026-11"));
}

}  // namespace hotline::oversight
