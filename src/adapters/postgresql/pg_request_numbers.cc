#include "adapters/postgresql/pg_request_numbers.h"

#include "core/work_order/events.h"

namespace hotline {

Result<std::vector<std::string>> load_undispatched_request_numbers(const pg::Target& target) {
  auto db = pg::connect(target);
  if (!db) return fail(db.error());
  try {
    pqxx::nontransaction txn(**db);
    // A request's stream is its number; a work order's is "number-n".
    const pqxx::result rows = txn.exec_params(
        "SELECT stream FROM events AS r WHERE version = 1 AND strpos(stream, '-') = 0 "
        "AND NOT EXISTS (SELECT 1 FROM events AS d WHERE d.stream = r.stream AND d.type = $1) "
        "ORDER BY position",
        std::string(event_name(EventBody{RequestDispatched{}})));
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (const pqxx::row& row : rows) out.push_back(row[0].as<std::string>());
    return out;
  } catch (const std::exception& e) {
    return fail(pg::storage_error(e, "list request numbers"));
  }
}

}  // namespace hotline
