#pragma once
// The audit log in memory: the same append-only hash chain as the SQLite
// log (the chain made by the hasher it is given), for the core's tests and
// for the in-memory work-order store, which chains a command's entries onto
// it with the command's events.
//
// Thread-safety: every method may be called from any thread; one mutex
// guards the entries.

#include <memory>
#include <mutex>
#include <vector>

#include "core/ports/audit_log.h"

namespace hotline {

class MemoryAuditLog final : public AuditLog {
 public:
  explicit MemoryAuditLog(std::shared_ptr<const AuditHasher> hasher) : hasher_(std::move(hasher)) {}

  Result<AuditEntry> append(const AuditRecord& record) override;
  Result<std::vector<AuditEntry>> read(std::int64_t after_sequence, std::size_t limit) override;
  Result<std::string> chain_algorithm() override;

 private:
  std::shared_ptr<const AuditHasher> hasher_;
  std::mutex mutex_;
  std::vector<AuditEntry> entries_;  // GUARDED_BY(mutex_)
};

}  // namespace hotline
