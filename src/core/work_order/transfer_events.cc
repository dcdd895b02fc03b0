#include "core/work_order/transfer_events.h"

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<TransferResult, 4> kResults{{
    {TransferResult::kPending, "pending", "待对方热线接收"},
    {TransferResult::kAccepted, "accepted", "对方热线已接收"},
    {TransferResult::kRefused, "refused", "对方热线退回"},
    {TransferResult::kCompleted, "completed", "对方热线已办结"},
}};

}  // namespace

std::string_view to_string(TransferResult r) { return enum_name(kResults, r); }
std::string_view to_chinese(TransferResult r) { return enum_chinese(kResults, r); }
std::optional<TransferResult> parse_transfer_result(std::string_view s) {
  return enum_parse(kResults, s);
}

}  // namespace hotline
