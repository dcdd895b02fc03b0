#pragma once
// A request's status as its applicant and every door see it (issue 9,
// item 11). The request's own events end at its dispatch (kDispatched):
// what happens next is in its work orders' events. Once every work order
// is closed (归档, after the visit, VIS-*), the request is concluded
// (已办结) — the JSON API, the command line and Open311 all read it so.

#include <span>

#include "core/work_order/request_state.h"
#include "core/work_order/work_order_state.h"

namespace hotline {

// kDispatched becomes kConcluded when `orders` (the request's work orders)
// are all closed; any other status is left as folded.
void settle_request_status(RequestState& request, std::span<const WorkOrderState> orders);

}  // namespace hotline
