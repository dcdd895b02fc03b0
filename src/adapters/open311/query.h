#pragma once
// The arguments of GET requests (GeoReport v2 "GET Service Requests"):
//   service_request_id  comma-delimited ids; overrides every other argument
//   service_code        comma-delimited and/or repeated; each must be ours
//   start_date/end_date W3C date-times on requested_datetime; the range may
//                       not span more than 90 days; missing ends default to
//                       the most recent 90 days (or 90 days from the given end)
//   status              open and/or closed, comma-delimited and/or repeated
// At most 1000 requests are returned, most recently requested first.
// api_key and jurisdiction_id are accepted (checked elsewhere); any other
// argument is an error naming it.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "adapters/open311/catalog.h"
#include "core/result.h"
#include "core/time.h"

namespace hotline::open311 {

inline constexpr Seconds kMaxSpan{90 * 86400};
inline constexpr std::size_t kMaxRequests = 1000;

using Query = std::multimap<std::string, std::string>;

struct RequestsQuery {
  std::vector<std::string> ids;  // non-empty: only these, other filters ignored
  std::vector<std::string> service_codes;
  Instant from{};
  Instant to{};
  std::set<std::string> statuses;  // empty: both
};

Result<RequestsQuery> parse_requests_query(const Query& query, const Catalog& catalog, Instant now);

// Refuses arguments outside `allowed` (api_key and jurisdiction_id are
// always allowed) and repeated single-valued ones.
Status check_arguments(const Query& query, const std::set<std::string>& allowed);

// The value of a single-valued argument; empty counts as absent.
std::string argument(const Query& query, const std::string& name);

}  // namespace hotline::open311
