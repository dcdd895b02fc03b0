#pragma once
// The JSON API of triage under /api/v1/triage/ (DIS-2, DIS-3, DIS-8, TRI-5,
// SUP-1, ANA-2, REP-2, REP-3), generated from the Triage use case's table of
// operations (application/triage_commands.h): one route per operation with
// its method, path, query parameters, body and answer schemas; who may call
// it is checked before the body is read, changes are audited by the use case.
//
//   POST /api/v1/triage/suggestions            office roles, API clients
//   GET  /api/v1/triage/clusters/hot           office roles, analysts; unit staff: their area
//   GET  /api/v1/triage/clusters/{number}      office roles, analysts; unit staff: their area
//   POST /api/v1/triage/reply-checks           office and unit staff
//   GET  /api/v1/triage/catalogue              any authenticated actor
//   GET  /api/v1/triage/catalogue/changes      any authenticated actor
//   POST /api/v1/triage/catalogue              dispatchers, supervisors, administrators (add)
//   PUT  /api/v1/triage/catalogue/{id}         the same (change)
//   POST /api/v1/triage/catalogue/{id}/retire  the same (retire)
//   POST /api/v1/triage/reindex                administrators

#include "adapters/http/router.h"
#include "application/triage.h"

namespace hotline::http {

using hotline::AreaFilter;

// `triage` must outlive the router.
void add_triage_routes(Router& router, Triage& triage);

}  // namespace hotline::http
