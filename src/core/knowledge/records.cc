#include "core/knowledge/records.h"

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<UpdateKind, 4> kKinds{{
    {UpdateKind::kAdd, "add", "增补"},
    {UpdateKind::kCorrect, "correct", "修改"},
    {UpdateKind::kConfirm, "confirm", "确认"},
    {UpdateKind::kWithdraw, "withdraw", "撤销"},
}};

constexpr EnumTable<UpdateRequestStatus, 5> kRequestStatuses{{
    {UpdateRequestStatus::kOpen, "open", "办理中"},
    {UpdateRequestStatus::kDone, "done", "已完成"},
    {UpdateRequestStatus::kOverdue, "overdue", "已超期"},
    {UpdateRequestStatus::kDoneLate, "done-late", "超期完成"},
    {UpdateRequestStatus::kCancelled, "cancelled", "已取消"},
}};

constexpr EnumTable<ReportKind, 2> kReportKinds{{
    {ReportKind::kKnowledgeBase, "knowledge-base", "知识库信息月报表"},
    {ReportKind::kTraining, "training", "培训材料月报表"},
}};

}  // namespace

std::string_view to_string(UpdateKind k) { return enum_name(kKinds, k); }
std::string_view to_chinese(UpdateKind k) { return enum_chinese(kKinds, k); }
std::optional<UpdateKind> parse_update_kind(std::string_view s) { return enum_parse(kKinds, s); }

std::string_view to_string(UpdateRequestStatus s) { return enum_name(kRequestStatuses, s); }
std::optional<UpdateRequestStatus> parse_update_request_status(std::string_view s) {
  return enum_parse(kRequestStatuses, s);
}

std::string_view to_string(ReportKind k) { return enum_name(kReportKinds, k); }
std::string_view to_chinese(ReportKind k) { return enum_chinese(kReportKinds, k); }
std::optional<ReportKind> parse_report_kind(std::string_view s) {
  return enum_parse(kReportKinds, s);
}

}  // namespace hotline
