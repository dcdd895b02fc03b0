#include "adapters/sodium/intake_key.h"

#include <sodium.h>

#include "adapters/sodium/sodium_support.h"

namespace hotline::sodium {

std::string intake_key(std::string_view principal, std::string_view key) {
  unsigned char digest[16];
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof digest);
  // The separator keeps ("a", "b\nc") and ("a\nb", "c") apart: principals
  // are account ids, which hold no line break.
  for (std::string_view part : {principal, std::string_view("\n"), key}) {
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                              part.size());
  }
  crypto_generichash_final(&state, digest, sizeof digest);
  return to_hex(digest, sizeof digest);
}

}  // namespace hotline::sodium
