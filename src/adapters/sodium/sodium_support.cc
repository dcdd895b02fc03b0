#include "adapters/sodium/sodium_support.h"

#include <sodium.h>

#include <mutex>

namespace hotline::sodium {

Status ensure_initialised() {
  static std::once_flag once;
  static int rc = -1;
  std::call_once(once, [] { rc = sodium_init(); });
  if (rc < 0) return fail(Error::internal("libsodium could not be initialised"));
  return {};
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.resize(size * 2);
  return out;
}

Result<std::vector<unsigned char>> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return fail(Error::invalid("hex", "odd number of digits"));
  std::vector<unsigned char> out(hex.size() / 2);
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &written, &end) !=
          0 ||
      written != out.size() || end != hex.data() + hex.size()) {
    return fail(Error::invalid("hex", "not hexadecimal"));
  }
  return out;
}

std::string to_base64url(const unsigned char* data, std::size_t size) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(size, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<std::vector<unsigned char>> from_base64(std::string_view text) {
  std::string trimmed(text);
  while (!trimmed.empty() && trimmed.back() == '=') trimmed.pop_back();
  const bool url = trimmed.find_first_of("-_") != std::string::npos;
  const int variant =
      url ? sodium_base64_VARIANT_URLSAFE_NO_PADDING : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
  std::vector<unsigned char> out(trimmed.size() * 3 / 4 + 1);
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), trimmed.data(), trimmed.size(), nullptr, &written,
                        &end, variant) != 0 ||
      end != trimmed.data() + trimmed.size()) {
    return fail(Error::invalid("base64", "not base64"));
  }
  out.resize(written);
  return out;
}

}  // namespace hotline::sodium
