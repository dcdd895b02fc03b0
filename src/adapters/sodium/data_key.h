#pragma once
// The data key: 32 random bytes from which every key protecting personal data
// and the audit chain is derived (crypto_kdf). It never enters the database.
// It comes from, in this order:
//   HOTLINE_KEY_FILE   a file holding the key as 64 hex digits or base64
//                      (whitespace around it ignored); must not be readable
//                      or writable by group or others (mode 0600 or 0400)
//   HOTLINE_DATA_KEY   the key itself, hex or base64
// Setting both is an error (which one is meant?). `hotline key generate`
// writes a new key file.

#include <array>
#include <filesystem>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace hotline {

class DataKey {
 public:
  static constexpr std::size_t kSize = 32;
  explicit DataKey(const std::array<unsigned char, kSize>& bytes) : bytes_(bytes) {}
  DataKey(const DataKey&) = default;
  DataKey& operator=(const DataKey&) = default;
  ~DataKey();  // zeroes the bytes

  const unsigned char* data() const { return bytes_.data(); }

 private:
  std::array<unsigned char, kSize> bytes_;
};

// Hex (64 digits) or base64 of exactly 32 bytes. Errors never echo the text.
Result<DataKey> parse_data_key(std::string_view text);
Result<DataKey> load_data_key_file(const std::filesystem::path& file);
// The key configured in the environment, or nothing when neither variable is set.
Result<std::optional<DataKey>> load_data_key_from_environment();
// Writes a new random key (hex) to `file`, created with mode 0600; refuses
// to overwrite an existing file.
Status generate_data_key_file(const std::filesystem::path& file);

inline constexpr const char* kKeyFileVariable = "HOTLINE_KEY_FILE";
inline constexpr const char* kDataKeyVariable = "HOTLINE_DATA_KEY";

}  // namespace hotline
