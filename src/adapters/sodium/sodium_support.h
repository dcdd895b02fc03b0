#pragma once
// libsodium set-up and encodings shared by the sodium adapters.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hotline::sodium {

// sodium_init() once per process; fails only if the library cannot start
// (no usable random source).
Status ensure_initialised();

std::string to_hex(const unsigned char* data, std::size_t size);
// Accepts upper or lower case; fails on odd length or a non-hex character.
Result<std::vector<unsigned char>> from_hex(std::string_view hex);
// URL-safe base64 without padding.
std::string to_base64url(const unsigned char* data, std::size_t size);
// URL-safe or standard base64, with or without padding.
Result<std::vector<unsigned char>> from_base64(std::string_view text);

}  // namespace hotline::sodium
