#pragma once
// The audit log (SEC-2 [M27, R28, C30]: "whoever manages / uses is
// responsible"): every read of personal data and every change, with who,
// role, unit, what, when and from where. Entries are append-only and
// hash-chained (core/security/audit.h), so an edited, removed or reordered
// entry is found by `hotline audit verify`.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/security/audit.h"

namespace hotline {

// The chain hash: H(prev_hash ‖ canonical entry), lower-case hex. The
// adapter (adapters/sodium) uses BLAKE2b-256, keyed with a subkey of the
// data key when one is configured, so that without the key nobody can
// rebuild the chain after editing it.
class AuditHasher {
 public:
  virtual ~AuditHasher() = default;
  virtual std::string chain(std::string_view prev_hash, std::string_view canonical) const = 0;
  // Names the function and key ("blake2b-256", "blake2b-256-keyed:1a2b…"):
  // recorded with the log, so verification with another one says so.
  virtual std::string algorithm() const = 0;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  // Appends atomically after the current last entry; returns the entry with
  // its sequence and hashes. Durable once it returns.
  virtual Result<AuditEntry> append(const AuditRecord& record) = 0;
  // Entries in storage order (by sequence), from `after_sequence` exclusive.
  virtual Result<std::vector<AuditEntry>> read(std::int64_t after_sequence, std::size_t limit) = 0;
  // The algorithm the log was chained with (empty when it has no entry yet).
  virtual Result<std::string> chain_algorithm() = 0;
};

}  // namespace hotline
