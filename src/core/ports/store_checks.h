#pragma once
// The checks every WorkOrderStore makes before it writes anything: on an
// append, stream names, contiguous versions, UTF-8 text; on the units, ids
// present, unique and UTF-8. One place, so
// the durable stores and the in-memory one refuse the same batches with the
// same field names (the contract suite holds them all to it).

#include <vector>

#include "core/ports/work_order_store.h"
#include "core/result.h"

namespace hotline {

Status check_append(const std::vector<StreamAppend>& batch,
                    const std::vector<WorkOrderSummary>& summaries);
Status check_units(const std::vector<Unit>& units);
// An append carried audit entries to a store that keeps no audit log.
Error no_audit_log();

}  // namespace hotline
