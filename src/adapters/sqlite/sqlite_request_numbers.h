#pragma once
// The numbers of the requests never dispatched in the event store, oldest
// first: the web application's dispatch queue (issue 11) is rebuilt from
// them when the service starts, then kept up to date from the engine's
// commits. A request's stream never returns to waiting after its dispatch
// (request_state.cc), so the queue needs no other (issue 14: looking every
// request up was most of a second start).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hotline {

Result<std::vector<std::string>> load_undispatched_request_numbers(const std::filesystem::path& db);

}  // namespace hotline
