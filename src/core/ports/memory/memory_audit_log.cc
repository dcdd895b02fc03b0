#include "core/ports/memory/memory_audit_log.h"

namespace hotline {

Result<AuditEntry> MemoryAuditLog::append(const AuditRecord& record) {
  std::lock_guard lock(mutex_);
  AuditEntry e;
  e.record = record;
  e.sequence = static_cast<std::int64_t>(entries_.size()) + 1;
  e.prev_hash = entries_.empty() ? std::string(kAuditGenesisHash) : entries_.back().hash;
  e.hash = hasher_->chain(e.prev_hash, canonical_audit_entry(record));
  entries_.push_back(e);
  return e;
}

Result<std::vector<AuditEntry>> MemoryAuditLog::read(std::int64_t after_sequence,
                                                     std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<AuditEntry> out;
  for (const AuditEntry& e : entries_) {
    if (out.size() >= limit) break;
    if (e.sequence > after_sequence) out.push_back(e);
  }
  return out;
}

Result<std::string> MemoryAuditLog::chain_algorithm() {
  std::lock_guard lock(mutex_);
  if (entries_.empty()) return std::string();
  return hasher_->algorithm();
}

}  // namespace hotline
