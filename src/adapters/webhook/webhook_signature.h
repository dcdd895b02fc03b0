#pragma once
// ICN-3: how a push is signed, and how a receiver checks it. The header
//   X-Hotline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// binds the body to the moment it was sent; a receiver refuses a signature
// older (or newer) than its replay window and de-duplicates by the
// X-Hotline-Event-Id header. HMAC-SHA256 is libsodium's crypto_auth_hmacsha256.

#include <cstdint>
#include <string>
#include <string_view>

namespace hotline::webhook {

inline constexpr std::string_view kSignatureHeader = "X-Hotline-Signature";
inline constexpr std::string_view kEventIdHeader = "X-Hotline-Event-Id";

// Lower-case hex HMAC-SHA256 of "<timestamp>.<body>" under `secret`.
std::string sign(std::string_view secret, std::int64_t timestamp, std::string_view body);
// "t=<timestamp>,v1=<signature>"
std::string signature_header(std::string_view secret, std::int64_t timestamp,
                             std::string_view body);

enum class Verdict { kValid, kMalformed, kOutsideWindow, kMismatch };
std::string_view to_string(Verdict v);
// Checks a header against the body, `now` and the replay window (seconds);
// the comparison takes constant time.
Verdict verify(std::string_view secret, std::string_view header, std::string_view body,
               std::int64_t now, std::int64_t window);

// 32 random bytes as hex: a new subscription's secret.
std::string new_secret();

}  // namespace hotline::webhook
