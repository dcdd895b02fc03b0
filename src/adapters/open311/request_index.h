#pragma once
// The Open311 adapter's own read model of the requests it took in: what GET
// requests filters on (service_code, requested time, open/closed) and what
// Open311 carries that RequestDetails has no field for (lat/long,
// address_id, media_url, the submitting API client). The WorkOrderStore port
// lists work orders, not requests, so this index is a projection of the
// event log (open311_projection.h) that the intake path completes with what
// the log does not hold; its status is refreshed from the engine whenever a
// row is read.
// Requests registered by other channels are not in it (docs/open311.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace hotline::open311 {

struct IndexedRequest {
  std::string number;  // service_request_id: the request number (INT-5)
  std::string service_code;
  Instant requested_at{};
  bool closed = false;
  Instant updated_at{};
  std::string principal;  // the API client that submitted it
  std::optional<double> lat;
  std::optional<double> lon;
  std::string address_id;
  std::string media_url;
  // The e-mail and account_id are on the registration event (the
  // applicant's, sealed at rest: SEC-1), not here.
};

struct IndexQuery {
  std::vector<std::string> service_codes;  // empty: all
  Instant from{};                          // requested_at >= from
  Instant to{};                            // requested_at <= to
  std::size_t limit = 1000;
  std::size_t offset = 0;
  std::optional<std::string> principal;  // only the rows this API client submitted
};

class RequestIndex {
 public:
  virtual ~RequestIndex() = default;
  // Inserts or replaces the row of `entry.number`.
  virtual Status put(const IndexedRequest& entry) = 0;
  virtual Result<std::optional<IndexedRequest>> get(const std::string& number) = 0;
  // Rows in the range, most recently requested first.
  virtual Result<std::vector<IndexedRequest>> list(const IndexQuery& query) = 0;
  virtual Status set_status(const std::string& number, bool closed, Instant updated_at) = 0;
  // Inserts the row unless `entry.number` has one; whether it did.
  virtual Result<bool> add_missing(const IndexedRequest& entry) = 0;
  // The projection's cursor: the position in the event log read so far
  // (nullopt: none stored yet).
  virtual Result<std::optional<std::int64_t>> log_position() = 0;
  virtual Status save_log_position(std::int64_t position) = 0;
};

}  // namespace hotline::open311
