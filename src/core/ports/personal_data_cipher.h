#pragma once
// Encryption of applicants' personal data at rest (SEC-1 [M19, M27]): names,
// phone numbers and addresses are sealed before they reach storage and opened
// when read. The key lives outside the database (docs/security.md); the
// adapter (adapters/sodium) uses XChaCha20-Poly1305 with a key derived for
// this purpose only.

#include <string>
#include <string_view>

#include "core/result.h"

namespace hotline {

class PersonalDataCipher {
 public:
  virtual ~PersonalDataCipher() = default;

  // Authenticated encryption of `plaintext`, bound to `context` (e.g.
  // "R2026…/applicant.phone"): a sealed value moved to another field or
  // request does not open. The result is printable ASCII starting with
  // kSealedPrefix and differs on every call (random nonce).
  virtual Result<std::string> seal(std::string_view plaintext, std::string_view context) const = 0;
  // Fails (kStorage, no plaintext, no key material in the message) when the
  // value was sealed with another key or context, or was altered.
  virtual Result<std::string> open(std::string_view sealed, std::string_view context) const = 0;
  // A keyed hash for equality lookups (a phone number → its requests), with
  // a key of its own: equal inputs give equal hashes, and without the key
  // the hash cannot be computed from a guessed phone number. Lower-case hex.
  virtual std::string lookup_hash(std::string_view normalized) const = 0;
  // A public fingerprint of the key (not the key, nor derivable to it), so a
  // store can tell at open time that it is given the key it was written with.
  virtual std::string key_id() const = 0;

  static constexpr std::string_view kSealedPrefix = "enc:v1:";
  static bool is_sealed(std::string_view value) { return value.starts_with(kSealedPrefix); }
};

}  // namespace hotline
