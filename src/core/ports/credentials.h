#pragma once
// Secrets of people and systems: password hashing and verification, random
// session tokens and API keys, and the one-way hash under which tokens and
// keys are stored (a stored hash never lets anyone sign in). Implemented with
// libsodium (adapters/sodium): Argon2id for passwords, BLAKE2b for tokens.

#include <string>
#include <string_view>

#include "core/result.h"

namespace hotline {

class Credentials {
 public:
  virtual ~Credentials() = default;

  // A self-describing password hash (algorithm, limits and salt included).
  virtual Result<std::string> hash_password(std::string_view password) const = 0;
  // Constant-time with respect to the password; false on any mismatch or a
  // malformed stored hash.
  virtual bool verify_password(std::string_view stored_hash, std::string_view password) const = 0;
  // True when `stored_hash` was made with other limits than the current ones.
  virtual bool needs_rehash(std::string_view stored_hash) const = 0;

  // A new random secret of 256 bits, URL-safe base64 without padding.
  virtual std::string new_secret() const = 0;
  // The hash a token or API key is stored and looked up under (hex).
  virtual std::string secret_hash(std::string_view secret) const = 0;
};

}  // namespace hotline
