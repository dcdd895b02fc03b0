#include "adapters/sqlite/sqlite_request_numbers.h"

#include "adapters/sqlite/sqlite_connection.h"
#include "core/work_order/events.h"

namespace hotline {

Result<std::vector<std::string>> load_undispatched_request_numbers(
    const std::filesystem::path& db) {
  auto connection = sqlite::Connection::open(db, false);
  if (!connection) return fail(connection.error());
  // A request's stream is its number; a work order's is "number-n".
  auto st = (*connection)
                ->prepare(
                    "SELECT stream FROM events AS r WHERE version = 1 AND instr(stream, '-') = 0 "
                    "AND NOT EXISTS (SELECT 1 FROM events AS d WHERE d.stream = r.stream AND "
                    "d.type = ?1) ORDER BY rowid");
  if (!st) return fail(st.error());
  st->bind(1, event_name(EventBody{RequestDispatched{}}));
  std::vector<std::string> out;
  while (st->step() == SQLITE_ROW) out.push_back(st->text(0));
  return out;
}

}  // namespace hotline
