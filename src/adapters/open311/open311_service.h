#pragma once
// The Open311 GeoReport v2 endpoint, independent of the HTTP server: each
// method takes what a call carries (format, query, body, headers that
// matter, the authenticated actor) and returns the status, content type and
// body to send. http/api_open311.cc mounts it on the Router.
//
// - Intake: POST requests registers a request through the Engine (channel
//   by API client, INT-1) and answers with its number as service_request_id
//   (INT-5). Every service is "realtime", so no token is ever issued.
// - Idempotency-Key (not part of GeoReport; docs/open311.md): the same key
//   and body from the same client get the stored response again; the same
//   key with another body is 422, one still running is 409.
// - Errors are the spec's errors/error list, with 404 for what does not
//   exist, 403 for a missing or invalid api_key and 400 for everything else.
//
// Thread-safe: the engine, index and idempotency store are.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/open311/catalog.h"
#include "adapters/open311/decode.h"
#include "adapters/open311/model.h"
#include "adapters/open311/query.h"
#include "adapters/open311/request_index.h"
#include "application/work_orders.h"
#include "core/clock.h"
#include "core/engine/engine.h"
#include "core/ports/idempotency_store.h"

namespace hotline::open311 {

struct Call {
  Format format = Format::kXml;
  std::string path;  // as requested, for the idempotency fingerprint
  Query query;
  std::string body;
  std::string content_type;                    // of the body
  std::optional<std::string> idempotency_key;  // the Idempotency-Key header
  std::optional<Actor> actor;                  // set when an API key was valid
  std::string remote;                          // the caller's address (throttling, audit)
};

// INT-5 [M14]: does `phone` belong to request `number`? Throttled and
// audited by the caller's address; a throttled caller gets an error
// (Authenticator::verify_applicant).
using ApplicantCheck = std::function<Result<bool>(
    const std::string& number, const std::string& phone, const std::string& remote)>;

struct Reply {
  int status = 200;
  std::string content_type;
  std::string body;
  std::map<std::string, std::string> headers;
};

class Open311Service {
 public:
  struct Options {
    // The endpoint URL announced by discovery; empty: the catalog's.
    std::string base_url;
    // A claim on an Idempotency-Key older than this is taken as abandoned.
    Seconds idempotency_stale_after = kIdempotencyStaleAfter;
    // Anything about one request is told to the API client that submitted
    // it, or to whoever gives its number with the applicant's phone
    // (`phone`, an extension argument). Unset: only to the submitter.
    ApplicantCheck applicant_check;
  };

  // An intake registers through `work_orders`, the use case every door
  // shares (the role check, the audit entry "command:register" committed
  // with the registration, SEC-2 [M27]); `engine` answers the look-ups.
  Open311Service(Engine& engine, WorkOrders& work_orders, const Catalog& catalog,
                 RequestIndex& index, IdempotencyStore& idempotency, const Clock& clock,
                 Options options);
  Open311Service(Engine& engine, WorkOrders& work_orders, const Catalog& catalog,
                 RequestIndex& index, IdempotencyStore& idempotency, const Clock& clock)
      : Open311Service(engine, work_orders, catalog, index, idempotency, clock, Options{}) {}

  Reply discovery(const Call& call) const;
  Reply services(const Call& call) const;
  Reply service_definition(const Call& call, std::string_view service_code) const;
  Reply post_request(const Call& call);
  Reply get_requests(const Call& call);
  Reply get_request(const Call& call, std::string_view service_request_id);
  Reply get_token(const Call& call, std::string_view token) const;

  // An errors/error reply. `code` defaults to the HTTP status.
  static Reply error(Format format, int status, std::string description, int code = 0);
  // The reply for an Error of the core or an adapter: kInvalidArgument 400,
  // kNotFound 404, a refusal by permission 403, a store failure 400 with
  // code 503 (the spec's "General Service Error"; retry with the same key).
  static Reply error(Format format, const Error& e);

  const Catalog& catalog() const { return catalog_; }

 private:
  Reply post_request_once(const Call& call, const std::vector<FormField>& fields);
  // The request as Open311 shows it; `viewer` is the caller's actor id;
  // `applicant`: the caller proved to be its applicant (number + phone).
  Result<ServiceRequest> view(const std::string& number, const std::string& viewer,
                              std::optional<IndexedRequest> indexed, bool applicant = false);
  // May the caller be told about request `number`? Not-yours and not-there
  // both give kNotFound; a throttled caller gets the throttle error.
  // error() for `e`, but 429 with Retry-After for a throttled look-up.
  Reply refusal(Format format, const Error& e) const;
  Result<bool> may_view(const Call& call, const std::string& number, const std::string& phone,
                        std::optional<IndexedRequest>& indexed);

  Engine& engine_;
  WorkOrders& work_orders_;
  const Catalog& catalog_;
  RequestIndex& index_;
  IdempotencyStore& idempotency_;
  const Clock& clock_;
  Options options_;
};

}  // namespace hotline::open311
