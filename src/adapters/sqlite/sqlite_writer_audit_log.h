#pragma once
// SEC-2 entries appended through the work-order store's group-committed
// writer (issue 14), read back from the audit log itself. The privacy
// guard records the reads of personal data here: an answer's entry then
// shares a transaction, and its fsync, with the appends and entries queued
// beside it, instead of taking the file's write lock for a commit of its
// own. The chain stays one: each append reads the chain's head inside its
// write transaction (sqlite_audit_table.h), whichever connection writes.
//
// Not for an entry written inside another connection's transaction (the
// knowledge base's changes): the writer would wait for that transaction's
// lock while it waits for the writer.

#include "adapters/sqlite/sqlite_work_order_store.h"
#include "core/ports/audit_log.h"

namespace hotline {

class WriterAuditLog final : public AuditLog {
 public:
  // Both must outlive it; `log` answers the reads.
  WriterAuditLog(SqliteWorkOrderStore& writer, AuditLog& log) : writer_(writer), log_(log) {}

  Result<AuditEntry> append(const AuditRecord& record) override {
    return writer_.append_audit(record);
  }
  Result<std::vector<AuditEntry>> read(std::int64_t after_sequence, std::size_t limit) override {
    return log_.read(after_sequence, limit);
  }
  Result<std::string> chain_algorithm() override { return log_.chain_algorithm(); }

 private:
  SqliteWorkOrderStore& writer_;
  AuditLog& log_;
};

}  // namespace hotline
