// Fuzz target for the organisation file (STYLE 8): parse_organisation must
// return a result for any input, never throw or crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/toml/organisation_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto units = hotline::parse_organisation(text, "fuzz.toml");
  if (units) {
    // What the adapter accepts, the core must accept too.
    if (!hotline::Organisation::create(*units)) __builtin_trap();
  }
  return 0;
}
