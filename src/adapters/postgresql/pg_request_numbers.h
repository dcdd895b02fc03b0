#pragma once
// The numbers of the requests never dispatched, in registration order (the
// web queue's seed), as sqlite_request_numbers.h reads them from SQLite.

#include <string>
#include <vector>

#include "adapters/postgresql/pg_session.h"

namespace hotline {

Result<std::vector<std::string>> load_undispatched_request_numbers(const pg::Target& target);

}  // namespace hotline
