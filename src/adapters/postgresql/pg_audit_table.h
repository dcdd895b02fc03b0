#pragma once
// The audit log's tables (SEC-2 [M27, R28, C30]) in PostgreSQL, and its
// append: shared by every PostgreSQL store that writes a command's entry in
// the same transaction as its change (issue 9, item 7), and by PgAuditLog.
//
// The chain's head is one row (`audit_head`), locked FOR UPDATE by the
// append until its transaction ends: writers on any connection or node
// append one after another, so the chain cannot fork, and an entry's
// sequence follows commit order.

#include <functional>
#include <pqxx/pqxx>
#include <string_view>

#include "core/ports/audit_log.h"
#include "core/result.h"
#include "core/security/audit.h"

namespace hotline::pg {

// CREATE … IF NOT EXISTS for the log, its head and the trigger that refuses
// UPDATE, DELETE and TRUNCATE.
extern const char* const kAuditSchema;

// The columns in the order read_audit_entry() reads them.
extern const char* const kAuditColumns;

// Appends `record` (checked by check_audit_record) after the chain's head
// inside the caller's transaction. Refuses a hasher other than the one the
// log was started with. Throws what libpqxx throws.
Result<AuditEntry> append_audit_entry(pqxx::transaction_base& txn, const AuditHasher& hasher,
                                      const AuditRecord& record);

// SEC-2 [M27]: runs `change` and appends `audit`'s record (when given) in
// one transaction on `db`, so that the change never stands without its
// entry; sets audit->committed once both stand. Refused before any write
// when an entry is handed and there is no audit log here (`hasher` null)
// or its record is not valid. A libpqxx exception becomes a storage error
// naming `what`. The caller serialises use of `db`.
Status write_with_audit(pqxx::connection& db, const AuditHasher* hasher, CommandAudit* audit,
                        std::string_view what,
                        const std::function<Status(pqxx::transaction_base&)>& change);

// One row selected with kAuditColumns.
Result<AuditEntry> read_audit_entry(const pqxx::row& row);

}  // namespace hotline::pg
