#include "adapters/webhook/webhook_signature.h"

#include <sodium.h>

#include <charconv>
#include <string>
#include <vector>

namespace hotline::webhook {
namespace {

std::string hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

}  // namespace

std::string sign(std::string_view secret, std::int64_t timestamp, std::string_view body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  const std::string prefix = std::to_string(timestamp) + ".";
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()),
                                prefix.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return hex(mac, sizeof mac);
}

std::string signature_header(std::string_view secret, std::int64_t timestamp,
                             std::string_view body) {
  return "t=" + std::to_string(timestamp) + ",v1=" + sign(secret, timestamp, body);
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::kValid:
      return "valid";
    case Verdict::kMalformed:
      return "malformed";
    case Verdict::kOutsideWindow:
      return "outside-window";
    case Verdict::kMismatch:
      return "mismatch";
  }
  return "?";
}

Verdict verify(std::string_view secret, std::string_view header, std::string_view body,
               std::int64_t now, std::int64_t window) {
  if (!header.starts_with("t=")) return Verdict::kMalformed;
  const auto comma = header.find(",v1=");
  if (comma == std::string_view::npos) return Verdict::kMalformed;
  std::int64_t timestamp = 0;
  const std::string_view t = header.substr(2, comma - 2);
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), timestamp);
  if (ec != std::errc{} || end != t.data() + t.size()) return Verdict::kMalformed;
  const std::string_view given = header.substr(comma + 4);
  if (timestamp < now - window || timestamp > now + window) return Verdict::kOutsideWindow;
  const std::string expected = sign(secret, timestamp, body);
  if (given.size() != expected.size()) return Verdict::kMismatch;
  return sodium_memcmp(given.data(), expected.data(), expected.size()) == 0 ? Verdict::kValid
                                                                            : Verdict::kMismatch;
}

std::string new_secret() {
  if (sodium_init() < 0) return {};  // no random source: no secret (callers check)
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return hex(bytes, sizeof bytes);
}

}  // namespace hotline::webhook
