#pragma once
// ANA-6 [R26]: the version of a model file is a digest of its bytes,
// computed when the file is loaded, so that every suggestion names the exact
// model that made it (two files of one name are told apart).

#include <filesystem>
#include <string>

#include "core/result.h"

namespace hotline::sodium {

// "blake2b-256:" and the first 16 hex digits of the file's BLAKE2b-256.
Result<std::string> file_digest(const std::filesystem::path& file);

}  // namespace hotline::sodium
