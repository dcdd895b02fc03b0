#pragma once
// The numbers of every request in the event store, oldest first: the web
// application's dispatch queue (issue 11) is rebuilt from them when the
// service starts, then kept up to date from the engine's commits.

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace hotline {

Result<std::vector<std::string>> load_request_numbers(const std::filesystem::path& db);

}  // namespace hotline
