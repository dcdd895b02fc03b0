#include "adapters/http/api_triage.h"

#include "adapters/http/operation_routes.h"

namespace hotline::http {

void add_triage_routes(Router& router, Triage& triage) { add_operation_routes(router, triage); }

}  // namespace hotline::http
