#pragma once
// The checks every WorkOrderStore makes before it writes anything: on an
// append, stream names, contiguous versions, UTF-8 text; on the units, ids
// present, unique and UTF-8. One place, so
// the durable stores and the in-memory one refuse the same batches with the
// same field names (the contract suite holds them all to it).

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ports/audit_log.h"
#include "core/ports/work_order_store.h"
#include "core/result.h"

namespace hotline {

Status check_append(const std::vector<StreamAppend>& batch,
                    const std::vector<WorkOrderSummary>& summaries);
Status check_units(const std::vector<Unit>& units);
// check_units, and every parent among the units without a cycle: the
// indexes of `units` with each parent before its children, the order a
// store with a foreign key on the parent inserts them in.
Result<std::vector<std::size_t>> units_parents_first(const std::vector<Unit>& units);
// The text rule every store keeps: valid UTF-8 without NUL. PostgreSQL's
// text cannot hold U+0000 and refuses malformed UTF-8 at the commit; SQLite
// would keep either: both refuse alike, before writing, naming the field.
bool is_storable_text(std::string_view text);
Status check_stored_text(std::string_view field, std::string_view text);
// Each item, named "<field>[i]".
Status check_stored_texts(std::string_view field, const std::vector<std::string>& items);
// (field, text) pairs; the first whose text may not be stored is refused.
Status check_stored_fields(
    std::initializer_list<std::pair<std::string_view, std::string_view>> fields);

// The record's texts are valid UTF-8. Stores check before they open the
// transaction (or queue the append), so a bad record costs no write lock.
Status check_audit_record(const AuditRecord& record);
// The entries handed to a store may be written there: it keeps an audit log
// (`hasher` not null; else no_audit_log()) and each record passes
// check_audit_record. Nothing to check when none is handed.
Status check_audit_records(const AuditHasher* hasher, std::span<const AuditRecord> records);
// An append carried audit entries to a store that keeps no audit log.
Error no_audit_log();

}  // namespace hotline
