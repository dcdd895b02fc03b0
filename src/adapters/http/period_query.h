#pragma once
// The period an analysis question asks about, as its query says it:
// ?from=YYYY-MM-DD&to=YYYY-MM-DD or ?month=YYYY-MM (one or the other), and
// the period as an answer gives it back. Shared by the analysis and the
// governance routes (ANA-1…ANA-6).

#include <nlohmann/json.hpp>
#include <vector>

#include "adapters/http/router.h"
#include "core/analysis/assessment.h"

namespace hotline::http {

Result<analysis::Period> period_of(const HttpRequest& r);
nlohmann::json period_json(const analysis::Period& p);
// The route's query parameters for it (application/analysis_commands.h).
std::vector<QueryParam> period_query_params();

}  // namespace hotline::http
