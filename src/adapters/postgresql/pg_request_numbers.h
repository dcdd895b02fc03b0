#pragma once
// Every request number in the event log, in registration order (the web
// queue's seed), as sqlite_request_numbers.h reads it from SQLite.

#include <string>
#include <vector>

#include "adapters/postgresql/pg_session.h"

namespace hotline {

Result<std::vector<std::string>> load_request_numbers(const pg::Target& target);

}  // namespace hotline
