#pragma once
// SHA-256 (libsodium), for request fingerprints of the idempotency store.
// Not used for secrets.

#include <string>
#include <string_view>

namespace hotline::open311 {

// The digest as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace hotline::open311
