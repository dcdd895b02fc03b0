#include "core/work_order/request_progress.h"

#include <algorithm>

namespace hotline {

void settle_request_status(RequestState& request, std::span<const WorkOrderState> orders) {
  if (request.status != RequestStatus::kDispatched || orders.empty()) return;
  const bool all_closed = std::all_of(orders.begin(), orders.end(), [](const WorkOrderState& w) {
    return w.status == WorkOrderStatus::kClosed;
  });
  if (all_closed) request.status = RequestStatus::kConcluded;
}

}  // namespace hotline
