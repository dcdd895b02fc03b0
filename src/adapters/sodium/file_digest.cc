#include "adapters/sodium/file_digest.h"

#include <sodium.h>

#include <fstream>
#include <vector>

#include "adapters/sodium/sodium_support.h"

namespace hotline::sodium {

Result<std::string> file_digest(const std::filesystem::path& file) {
  if (auto st = ensure_initialised(); !st) return fail(st.error());
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail(Error::invalid("--model", "cannot read " + file.string(), "无法读取模型文件"));
  }
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = in.gcount();
    if (got > 0) {
      crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                                static_cast<unsigned long long>(got));
    }
  }
  if (in.bad()) {
    return fail(Error::invalid("--model", "cannot read " + file.string(), "无法读取模型文件"));
  }
  unsigned char out[32];
  crypto_generichash_final(&state, out, sizeof out);
  return "blake2b-256:" + to_hex(out, 8);
}

}  // namespace hotline::sodium
