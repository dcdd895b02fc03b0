#pragma once
// The attachment vault as files beside the database (<db>.attachments/):
// each content in its own file, sealed with XChaCha20-Poly1305 under a key
// derived from the data key for this purpose only (crypto_kdf, context
// "hotattch", subkey 1), a random nonce per file and the file's name as
// associated data, so a file renamed or swapped does not open. The name is
// BLAKE2b-256 of the content keyed with subkey 2. Written to a temporary
// file, flushed and renamed: a crash leaves the old state or the new, never
// half a file. File: "hlv1" ‖ nonce (24) ‖ ciphertext ‖ tag (16).

#include <array>
#include <filesystem>
#include <memory>

#include "adapters/sodium/data_key.h"
#include "core/ports/attachment_vault.h"

namespace hotline {

class SealedFileVault final : public AttachmentVault {
 public:
  static Result<std::unique_ptr<SealedFileVault>> open(std::filesystem::path dir,
                                                       const DataKey& key);
  ~SealedFileVault() override;

  Result<std::string> put(std::string_view content,
                          const std::optional<std::string>& thumbnail) override;
  Result<std::string> get(std::string_view id, bool thumbnail) const override;
  bool contains(std::string_view id) const override;
  // A claim is an empty file <id>.claimed, fsynced with its folder. A vault
  // folder from before claims existed has every file it holds claimed once,
  // when first opened (marker file "claims-v1"): they may belong to requests.
  Status claim(std::string_view id) override;
  Result<int> sweep_unclaimed(Instant uploaded_before) override;

 private:
  SealedFileVault() = default;
  Status write_sealed(const std::string& name, std::string_view plain) const;
  Status claim_existing_files_once();

  std::filesystem::path dir_;
  std::array<unsigned char, 32> seal_key_{};
  std::array<unsigned char, 32> name_key_{};
};

}  // namespace hotline
