#pragma once
// Reads policy profiles from TOML (data/policies/*.toml). A file with a
// mistake is refused with the file, line and what is wrong; unknown keys are
// errors, not silently ignored.

#include <filesystem>
#include <string_view>

#include "core/policy/policy.h"

namespace hotline {

Result<Policy> parse_policy(std::string_view toml_text, std::string_view file_name);
Result<Policy> load_policy_file(const std::filesystem::path& file);
// Every *.toml in `dir`; `default_profile` must be among them.
Result<PolicySet> load_policy_dir(const std::filesystem::path& dir,
                                  std::string_view default_profile = "tianjin");

}  // namespace hotline
