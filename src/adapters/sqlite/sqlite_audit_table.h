#pragma once
// The audit log's table (SEC-2 [M27, R28, C30]) in the platform's SQLite
// file, and its append: shared by the security store (reads, refusals,
// administrative acts) and the work-order store, which writes a command's
// entry in the same transaction as the command's events, so that a change
// never stands without its audit entry (issue 9, item 7).
//
// The append reads the chain's head and inserts the next entry inside the
// caller's write transaction: SQLite has one writer per file at a time, so
// writers on different connections (server, CLI) cannot fork the chain.

#include <functional>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/ports/audit_log.h"
#include "core/ports/store_checks.h"
#include "core/security/audit.h"

namespace hotline::sqlite {

// CREATE … IF NOT EXISTS for the log, its meta table and the triggers that
// refuse UPDATE and DELETE.
extern const char* const kAuditSchema;

// The columns in the order read_audit_entry() reads them.
extern const char* const kAuditColumns;

// Appends `record`, checked by check_audit_record, after the chain's head;
// the caller holds a write transaction (or savepoint) on `db`. Refuses a
// hasher other than the one the log was started with.
Result<AuditEntry> append_audit_entry(Connection& db, const AuditHasher& hasher,
                                      const AuditRecord& record);

// SEC-2 [M27]: runs `change` and appends `audit`'s record (when given) in
// one transaction on `db`, so that the change never stands without its
// entry; sets audit->committed once both stand. Refused before any write
// when an entry is handed and there is no audit log here (`hasher` null)
// or its record is not valid. The caller serialises use of `db`.
Status write_with_audit(Connection& db, const AuditHasher* hasher, CommandAudit* audit,
                        const std::function<Status()>& change);

// One row selected with kAuditColumns.
Result<AuditEntry> read_audit_entry(const Statement& row);

}  // namespace hotline::sqlite
