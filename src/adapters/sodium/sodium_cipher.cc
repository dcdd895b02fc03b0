#include "adapters/sodium/sodium_cipher.h"

#include <sodium.h>

#include <vector>

#include "adapters/sodium/sodium_support.h"

namespace hotline {
namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "hotline1";
enum Subkey : std::uint64_t { kAead = 1, kLookup = 2, kAudit = 3, kKeyId = 4 };

static_assert(crypto_kdf_KEYBYTES == DataKey::kSize);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);

bool derive(std::array<unsigned char, 32>& out, Subkey id, const DataKey& key) {
  return crypto_kdf_derive_from_key(out.data(), out.size(), id, kKdfContext, key.data()) == 0;
}

Error cannot_open() {
  // Never the value, the key or the context: only that it failed.
  return Error::storage(
      "personal data could not be decrypted: the data key is not the one it was written with, "
      "or the stored value was altered");
}

}  // namespace

Result<std::unique_ptr<SodiumPersonalDataCipher>> SodiumPersonalDataCipher::create(
    const DataKey& key) {
  if (auto st = sodium::ensure_initialised(); !st) return fail(st.error());
  std::unique_ptr<SodiumPersonalDataCipher> c(new SodiumPersonalDataCipher());
  std::array<unsigned char, 32> id_key{};
  if (!derive(c->aead_key_, kAead, key) || !derive(c->lookup_key_, kLookup, key) ||
      !derive(c->audit_key_, kAudit, key) || !derive(id_key, kKeyId, key)) {
    return fail(Error::internal("key derivation failed"));
  }
  constexpr std::string_view kLabel = "hotline data key id";
  std::array<unsigned char, 8> id{};
  crypto_generichash(id.data(), id.size(), reinterpret_cast<const unsigned char*>(kLabel.data()),
                     kLabel.size(), id_key.data(), id_key.size());
  sodium_memzero(id_key.data(), id_key.size());
  c->key_id_ = sodium::to_hex(id.data(), id.size());
  return c;
}

SodiumPersonalDataCipher::~SodiumPersonalDataCipher() {
  sodium_memzero(aead_key_.data(), aead_key_.size());
  sodium_memzero(lookup_key_.data(), lookup_key_.size());
  sodium_memzero(audit_key_.data(), audit_key_.size());
}

Result<std::string> SodiumPersonalDataCipher::seal(std::string_view plaintext,
                                                   std::string_view context) const {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::vector<unsigned char> out(kNonce + plaintext.size() +
                                 crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(out.data(), kNonce);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_encrypt(
          out.data() + kNonce, &written, reinterpret_cast<const unsigned char*>(plaintext.data()),
          plaintext.size(), reinterpret_cast<const unsigned char*>(context.data()), context.size(),
          nullptr, out.data(), aead_key_.data()) != 0) {
    return fail(Error::internal("encryption failed"));
  }
  out.resize(kNonce + written);
  return std::string(kSealedPrefix) + sodium::to_base64url(out.data(), out.size());
}

Result<std::string> SodiumPersonalDataCipher::open(std::string_view sealed,
                                                   std::string_view context) const {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!is_sealed(sealed)) return fail(cannot_open());
  auto bytes = sodium::from_base64(sealed.substr(kSealedPrefix.size()));
  if (!bytes || bytes->size() < kNonce + kTag) return fail(cannot_open());
  std::string plain(bytes->size() - kNonce - kTag, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr, bytes->data() + kNonce,
          bytes->size() - kNonce, reinterpret_cast<const unsigned char*>(context.data()),
          context.size(), bytes->data(), aead_key_.data()) != 0) {
    return fail(cannot_open());
  }
  plain.resize(written);
  return plain;
}

std::string SodiumPersonalDataCipher::lookup_hash(std::string_view normalized) const {
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(normalized.data()), normalized.size(),
                     lookup_key_.data(), lookup_key_.size());
  return sodium::to_hex(digest.data(), digest.size());
}

std::unique_ptr<AuditHasher> SodiumPersonalDataCipher::audit_hasher() const {
  return std::make_unique<Blake2bAuditHasher>(audit_key_, key_id_);
}

Blake2bAuditHasher::Blake2bAuditHasher() { (void)sodium::ensure_initialised(); }

Blake2bAuditHasher::Blake2bAuditHasher(const std::array<unsigned char, 32>& key, std::string key_id)
    : key_(key), key_id_(std::move(key_id)) {
  (void)sodium::ensure_initialised();
}

Blake2bAuditHasher::~Blake2bAuditHasher() {
  if (key_) sodium_memzero(key_->data(), key_->size());
}

std::string Blake2bAuditHasher::chain(std::string_view prev_hash,
                                      std::string_view canonical) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, key_ ? key_->data() : nullptr, key_ ? key_->size() : 0, 32);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(prev_hash.data()),
                            prev_hash.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(canonical.data()),
                            canonical.size());
  std::array<unsigned char, 32> digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  return sodium::to_hex(digest.data(), digest.size());
}

std::string Blake2bAuditHasher::algorithm() const {
  return key_ ? "blake2b-256-keyed:" + key_id_ : "blake2b-256";
}

}  // namespace hotline
