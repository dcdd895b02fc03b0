#pragma once
// INT-4: the key a registration keeps of who asked and the retry key they
// sent (an Idempotency-Key, another hotline's reference), so that a retry
// after a node died mid-intake answers the first request on any node
// (Caller::intake_key, RequestRegistered::intake_key). Every door that takes
// a retry key builds it here, so one caller's keys never meet another's.

#include <string>
#include <string_view>

namespace hotline::sodium {

// 32 hex digits of BLAKE2b-128 over the principal and the key: fixed length
// whatever the client sent, and not guessable across principals.
std::string intake_key(std::string_view principal, std::string_view key);

}  // namespace hotline::sodium
