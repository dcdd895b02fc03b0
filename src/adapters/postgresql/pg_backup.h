#pragma once
// Backup and restore of a PostgreSQL schema (issue 14, operations), with
// PostgreSQL's own tools: pg_dump in its custom format, pg_restore.
//
// - Backup: the dump is made from a snapshot this process exports
//   (pg_export_snapshot), and the audit chain is verified in that same
//   snapshot: the check covers exactly the data the dump holds, while the
//   nodes keep serving. Written as FILE.partial, renamed to FILE only when
//   pg_dump succeeded and the chain is intact; an existing FILE is refused.
// - Restore: the dump goes into its schema; a schema already there is kept,
//   renamed NAME_before_restore_TIME (with --force only), not dropped. The
//   restored audit chain is verified with the platform's key; if it does not
//   verify, the restored schema is dropped and the old one renamed back.

#include <filesystem>
#include <string>

#include "adapters/postgresql/pg_session.h"
#include "core/ports/audit_log.h"
#include "core/security/audit.h"

namespace hotline {

struct PgCopySummary {
  std::uintmax_t bytes = 0;  // of the dump file
  AuditVerification audit;
  std::string set_aside;  // restore: the schema the old data was renamed to, if any
};

Result<PgCopySummary> pg_backup(const pg::Target& target, const std::filesystem::path& file,
                                const AuditHasher& hasher);

Result<PgCopySummary> pg_restore(const pg::Target& target, const std::filesystem::path& file,
                                 const AuditHasher& hasher, bool force);

}  // namespace hotline
