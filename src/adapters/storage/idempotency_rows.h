#pragma once
// What the SQL idempotency stores (SqliteIdempotencyStore,
// PgIdempotencyStore) share besides SQL, so both decide, check and seal
// alike: the replay window, the text rule (core/ports/store_checks.h), the answer to a
// claim of a key already stored, and the sealing of stored answers (SEC-1;
// issue 9, item 1), bound to their principal and key.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/ports/idempotency_store.h"
#include "core/ports/personal_data_cipher.h"
#include "core/ports/store_checks.h"

namespace hotline {

// How long a key is remembered (the replay window), from its claim.
inline constexpr Seconds kIdempotencyRetention{24 * 3600};

// Checked before anything is written or looked up: libpq would cut a key
// at a NUL and find another one.
inline Status check_idempotency_scope(const IdempotencyScope& scope) {
  if (auto st = check_stored_text("principal", scope.principal); !st) return st;
  if (auto st = check_stored_text("key", scope.key); !st) return st;
  return check_stored_text("fingerprint", scope.fingerprint);
}

inline Status check_stored_response(const StoredResponse& response) {
  if (auto st = check_stored_text("content_type", response.content_type); !st) return st;
  return check_stored_text("body", response.body);
}

// A claim of a key already stored (claimed `claimed_at`, seconds since the
// epoch): kClaimed means the claim was abandoned (its process died) and the
// caller takes it over.
inline ClaimOutcome decide_stored_claim(const IdempotencyScope& scope,
                                        std::string_view stored_fingerprint, bool done,
                                        std::int64_t claimed_at, Instant now, Seconds stale_after) {
  if (stored_fingerprint != scope.fingerprint) return ClaimOutcome::kMismatch;
  if (done) return ClaimOutcome::kReplay;
  if (claimed_at + stale_after.count() > now.time_since_epoch().count()) {
    return ClaimOutcome::kInProgress;
  }
  return ClaimOutcome::kClaimed;
}

// The associated data of a stored body: a body copied to another key does not open.
inline std::string idempotency_context(std::string_view principal, std::string_view key) {
  return "idempotency/" + std::string(principal) + "/" + std::string(key);
}

// A response body as stored: sealed when there is a cipher.
inline Result<std::string> seal_idempotency_body(const PersonalDataCipher* cipher,
                                                 std::string_view principal, std::string_view key,
                                                 std::string body) {
  if (cipher == nullptr) return body;
  return cipher->seal(body, idempotency_context(principal, key));
}

inline Result<std::string> open_idempotency_body(const PersonalDataCipher* cipher,
                                                 std::string_view principal, std::string_view key,
                                                 std::string stored) {
  if (cipher == nullptr) return stored;
  return cipher->open(stored, idempotency_context(principal, key));
}

}  // namespace hotline
