#pragma once
// SEC-2 entries appended through the work-order store's group-committed
// writer (issue 14), read back from the audit log itself. The privacy
// guard records the reads of personal data here: an answer's entry then
// shares a transaction, and its commit, with the appends and entries queued
// beside it, instead of a transaction of its own. The chain stays one: each
// append reads the chain's head inside its write transaction, whichever
// connection writes (sqlite_audit_table.h, pg_audit_table.h).
//
// Not for an entry written inside another connection's transaction (the
// knowledge base's changes on SQLite): the writer would wait for that
// transaction's lock while it waits for the writer.

#include <functional>
#include <utility>

#include "core/ports/audit_log.h"

namespace hotline {

class WriterAuditLog final : public AuditLog {
 public:
  using Append = std::function<Result<AuditEntry>(const AuditRecord&)>;
  // `append`: the store's append_audit; `log` (outliving this) answers the reads.
  WriterAuditLog(Append append, AuditLog& log) : append_(std::move(append)), log_(log) {}

  Result<AuditEntry> append(const AuditRecord& record) override { return append_(record); }
  Result<std::vector<AuditEntry>> read(std::int64_t after_sequence, std::size_t limit) override {
    return log_.read(after_sequence, limit);
  }
  Result<std::string> chain_algorithm() override { return log_.chain_algorithm(); }

 private:
  Append append_;
  AuditLog& log_;
};

}  // namespace hotline
