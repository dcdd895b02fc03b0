#pragma once
// The idempotency port: remembers, per principal and Idempotency-Key, what a
// create request looked like (its fingerprint) and the response it got, so a
// channel that retries after a lost response gets the same answer instead of
// a second request. The HTTP adapters (Open311 intake, the JSON API intake
// endpoints) use it; SqliteIdempotencyStore implements it.
//
// Protocol: claim() before doing the work. kClaimed: do it, then complete()
// with the response (or release() if it failed, so the client may retry with
// the same key). kReplay: answer the stored response, do nothing. kMismatch:
// the key was used for a different request. kInProgress: another request
// with this key is running now. A claim left by a crashed process counts as
// abandoned after `stale_after` and may be claimed again.

#include <optional>
#include <string>

#include "core/result.h"
#include "core/time.h"

namespace hotline {

// A claim older than this is taken as abandoned by a crashed process, so a
// retry after a crash waits at most this long (docs/open311.md).
inline constexpr Seconds kIdempotencyStaleAfter{120};

struct StoredResponse {
  int status = 200;
  std::string content_type;
  std::string body;
};

enum class ClaimOutcome { kClaimed, kReplay, kMismatch, kInProgress };

struct IdempotencyClaim {
  ClaimOutcome outcome = ClaimOutcome::kClaimed;
  std::optional<StoredResponse> response;  // set for kReplay
};

struct IdempotencyScope {
  std::string principal;    // who: the API client or account id
  std::string key;          // the client's Idempotency-Key
  std::string fingerprint;  // digest of what was asked (method, path, canonical body)
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;

  virtual Result<IdempotencyClaim> claim(const IdempotencyScope& scope, Instant now,
                                         Seconds stale_after) = 0;
  // Stores the response of a claimed key; later claims with the same
  // fingerprint replay it.
  virtual Status complete(const IdempotencyScope& scope, const StoredResponse& response,
                          Instant now) = 0;
  // Gives up a claim whose request failed; the key is free again.
  virtual Status release(const IdempotencyScope& scope) = 0;
  // Forgets keys created before `before`; returns how many.
  virtual Result<std::size_t> purge(Instant before) = 0;
};

}  // namespace hotline
