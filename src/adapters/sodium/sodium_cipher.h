#pragma once
// Personal data at rest with libsodium. From the data key, crypto_kdf
// derives one subkey per purpose, so no key serves two:
//   1  XChaCha20-Poly1305 (IETF AEAD) for names, phones and addresses; a
//      random 192-bit nonce per value, the field's context as associated data
//   2  keyed BLAKE2b-256 for the phone look-up hash
//   3  keyed BLAKE2b-256 for the audit chain (Blake2bAuditHasher)
//   4  the key's public fingerprint (key_id)
// Sealed value: "enc:v1:" + base64url(nonce ‖ ciphertext ‖ tag).

#include <array>
#include <memory>
#include <optional>

#include "adapters/sodium/data_key.h"
#include "core/ports/audit_log.h"
#include "core/ports/personal_data_cipher.h"

namespace hotline {

class SodiumPersonalDataCipher final : public PersonalDataCipher {
 public:
  static Result<std::unique_ptr<SodiumPersonalDataCipher>> create(const DataKey& key);
  ~SodiumPersonalDataCipher() override;

  Result<std::string> seal(std::string_view plaintext, std::string_view context) const override;
  Result<std::string> open(std::string_view sealed, std::string_view context) const override;
  std::string lookup_hash(std::string_view normalized) const override;
  std::string key_id() const override { return key_id_; }

  // The audit chain hash keyed with this key's audit subkey.
  std::unique_ptr<AuditHasher> audit_hasher() const;

 private:
  SodiumPersonalDataCipher() = default;

  std::array<unsigned char, 32> aead_key_{};
  std::array<unsigned char, 32> lookup_key_{};
  std::array<unsigned char, 32> audit_key_{};
  std::string key_id_;
};

// BLAKE2b-256 over prev_hash (its hex text) ‖ canonical entry; keyed when a
// key is given. Without a key the chain still shows edits made by hand, but
// whoever can write the database could rebuild it — configure a data key.
class Blake2bAuditHasher final : public AuditHasher {
 public:
  Blake2bAuditHasher();  // unkeyed
  Blake2bAuditHasher(const std::array<unsigned char, 32>& key, std::string key_id);
  ~Blake2bAuditHasher() override;

  std::string chain(std::string_view prev_hash, std::string_view canonical) const override;
  std::string algorithm() const override;

 private:
  std::optional<std::array<unsigned char, 32>> key_;
  std::string key_id_;
};

}  // namespace hotline
