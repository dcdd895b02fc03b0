#include "adapters/http/period_query.h"

namespace hotline::http {

Result<analysis::Period> period_of(const HttpRequest& r) {
  if (auto month = r.param("month")) {
    if (r.param("from") || r.param("to")) {
      return fail(Error::invalid("month", "give either month or from and to",
                                 "请只提供 month，或提供 from 和 to"));
    }
    return analysis::month_period(*month);
  }
  auto from = r.param("from");
  auto to = r.param("to");
  if (!from) return fail(Error::invalid("from", "the start date is required", "缺少开始日期 from"));
  if (!to) return fail(Error::invalid("to", "the end date is required", "缺少结束日期 to"));
  return analysis::make_period(*from, *to);
}

nlohmann::json period_json(const analysis::Period& p) {
  return {{"from", format_date(p.from)}, {"to", format_date(p.to)}};
}

}  // namespace hotline::http
