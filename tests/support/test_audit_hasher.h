#pragma once
// A deterministic, unkeyed chain hash for the core's tests, which link no
// crypto library: FNV-1a 64 of prev ‖ canonical, as hex. Good enough to show
// that entries chain in order; the platform uses BLAKE2b (adapters/sodium).

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/ports/audit_log.h"

namespace hotline::testing {

class TestAuditHasher final : public AuditHasher {
 public:
  std::string chain(std::string_view prev_hash, std::string_view canonical) const override {
    std::uint64_t h = 14695981039346656037ull;
    for (std::string_view part : {prev_hash, canonical}) {
      for (unsigned char c : part) {
        h ^= c;
        h *= 1099511628211ull;
      }
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
  }
  std::string algorithm() const override { return "test-fnv1a-64"; }
};

}  // namespace hotline::testing
