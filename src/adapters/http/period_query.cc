#include "adapters/http/period_query.h"

#include "application/analysis_commands.h"

namespace hotline::http {

Result<analysis::Period> period_of(const HttpRequest& r) {
  return analysis_ops::read_period(r.param("month"), r.param("from"), r.param("to"));
}

nlohmann::json period_json(const analysis::Period& p) { return analysis_ops::period_json(p); }

std::vector<QueryParam> period_query_params() {
  std::vector<QueryParam> out;
  for (const OperationParam& p : analysis_ops::period_params()) {
    out.push_back({p.name, p.schema, p.required});
  }
  return out;
}

}  // namespace hotline::http
