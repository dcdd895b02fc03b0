#include "adapters/sodium/sodium_credentials.h"

#include <sodium.h>

#include <array>

#include "adapters/sodium/sodium_support.h"

namespace hotline {

Argon2Limits Argon2Limits::interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}
Argon2Limits Argon2Limits::moderate() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MODERATE, crypto_pwhash_argon2id_MEMLIMIT_MODERATE};
}
Argon2Limits Argon2Limits::fastest_for_tests() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}
bool Argon2Limits::standard_is_test_cost() {
#ifdef HOTLINE_TEST_PASSWORD_COST
  return true;
#else
  return false;
#endif
}
Argon2Limits Argon2Limits::standard() {
  return standard_is_test_cost() ? fastest_for_tests() : interactive();
}

Result<SodiumCredentials> SodiumCredentials::create(Argon2Limits limits) {
  if (auto st = sodium::ensure_initialised(); !st) return fail(st.error());
  if (limits.ops < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      limits.ops > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
      limits.mem < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      limits.mem > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    return fail(Error::invalid("argon2", "limits out of libsodium's range"));
  }
  return SodiumCredentials(limits);
}

Result<std::string> SodiumCredentials::hash_password(std::string_view password) const {
  std::array<char, crypto_pwhash_argon2id_STRBYTES> out{};
  if (crypto_pwhash_argon2id_str(out.data(), password.data(), password.size(), limits_.ops,
                                 limits_.mem) != 0) {
    return fail(Error::internal("password hashing ran out of memory"));
  }
  return std::string(out.data());
}

bool SodiumCredentials::verify_password(std::string_view stored_hash,
                                        std::string_view password) const {
  // The stored string must be NUL-terminated within STRBYTES.
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_argon2id_STRBYTES) return false;
  std::array<char, crypto_pwhash_argon2id_STRBYTES> stored{};
  std::copy(stored_hash.begin(), stored_hash.end(), stored.begin());
  return crypto_pwhash_argon2id_str_verify(stored.data(), password.data(), password.size()) == 0;
}

bool SodiumCredentials::needs_rehash(std::string_view stored_hash) const {
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_argon2id_STRBYTES) return true;
  std::array<char, crypto_pwhash_argon2id_STRBYTES> stored{};
  std::copy(stored_hash.begin(), stored_hash.end(), stored.begin());
  // 1: other limits; -1: not an Argon2id string at all. Both want a new hash.
  return crypto_pwhash_argon2id_str_needs_rehash(stored.data(), limits_.ops, limits_.mem) != 0;
}

std::string SodiumCredentials::new_secret() const {
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string out = sodium::to_base64url(bytes.data(), bytes.size());
  sodium_memzero(bytes.data(), bytes.size());
  return out;
}

std::string SodiumCredentials::secret_hash(std::string_view secret) const {
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr,
                     0);
  return sodium::to_hex(digest.data(), digest.size());
}

}  // namespace hotline
