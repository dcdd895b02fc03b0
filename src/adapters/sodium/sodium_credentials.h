#pragma once
// Credentials with libsodium: Argon2id password hashes (crypto_pwhash_str,
// which embeds algorithm, limits and a random salt), random 256-bit secrets
// for session tokens and API keys, and BLAKE2b-256 of those secrets as the
// only thing stored.
//
// Limits: INTERACTIVE (2 passes, 64 MiB) by default. It is libsodium's
// setting for online sign-in; MODERATE (3 passes, 256 MiB, ~0.7 s) would
// make a shift change — a few hundred agents signing in within minutes on
// a server that also runs the hotline — cost gigabytes of memory at once,
// while sign-in throttling already bounds online guessing. Offline, 64 MiB
// per guess still makes a stolen hash table expensive to attack. Raise the
// limits in Argon2Limits and existing hashes are upgraded at next sign-in
// (needs_rehash). Tests use Argon2Limits::fastest_for_tests().
//
// Tokens and API keys are 256-bit random values, so a fast hash is enough:
// no one can guess one from its hash, and look-up stays one index probe.

#include <cstddef>
#include <cstdint>

#include "core/ports/credentials.h"

namespace hotline {

struct Argon2Limits {
  std::uint64_t ops = 0;
  std::size_t mem = 0;

  static Argon2Limits interactive();
  static Argon2Limits moderate();
  // The smallest limits libsodium allows: for tests only, never production.
  static Argon2Limits fastest_for_tests();
  // What new passwords are hashed with: interactive(), or fastest_for_tests()
  // in a build configured with HOTLINE_TEST_PASSWORD_COST (the test builds of
  // `./run test`, whose server tests each create and sign in nine accounts).
  static Argon2Limits standard();
  static bool standard_is_test_cost();
};

class SodiumCredentials final : public Credentials {
 public:
  // Fails if libsodium cannot start or the limits are out of range.
  static Result<SodiumCredentials> create(Argon2Limits limits = Argon2Limits::standard());

  Result<std::string> hash_password(std::string_view password) const override;
  bool verify_password(std::string_view stored_hash, std::string_view password) const override;
  bool needs_rehash(std::string_view stored_hash) const override;
  std::string new_secret() const override;
  std::string secret_hash(std::string_view secret) const override;

 private:
  explicit SodiumCredentials(Argon2Limits limits) : limits_(limits) {}
  Argon2Limits limits_;
};

}  // namespace hotline
