#pragma once
// Who sees which work orders (SEC-2 [M27], DIS-7 [M6, T6, T8]). The office
// and analysts see every work order; a unit sees the work orders dispatched
// to it or to a unit below it — as lead, handling or assisting unit — and
// nothing else; an API client sees as its unit does; applicants see only
// their own request, through the INT-5 look-up. What each may *do* is
// engine/permissions.h; this is only about reading.

#include <span>
#include <string>
#include <vector>

#include "core/org/organisation.h"
#include "core/work_order/actor.h"
#include "core/work_order/work_order_state.h"

namespace hotline {

// Roles that read every work order: the office's and analysts.
bool sees_all_work_orders(Role role);

bool can_see_work_order(const Actor& actor, const WorkOrderState& state,
                        const Organisation& organisation);

// A request is visible to the office, to its applicant (`scope` is the
// request number of an applicant's session), and to a unit that sees at
// least one of its work orders.
bool can_see_request(const Actor& actor, std::string_view request_number, std::string_view scope,
                     std::span<const WorkOrderState> work_orders, const Organisation& organisation);

// The actor's unit and every unit below it: the units to pass, one by one,
// as WorkOrderFilter::unit when listing for a unit actor.
std::vector<std::string> units_within(const Organisation& organisation, std::string_view unit);

}  // namespace hotline
