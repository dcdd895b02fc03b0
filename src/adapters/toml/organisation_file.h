#pragma once
// Reads an organisation (units and their hierarchy) from TOML, such as the
// demo organisation of Tianjin in data/demo/organisation.toml.

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/org/organisation.h"

namespace hotline {

Result<std::vector<Unit>> parse_organisation(std::string_view toml_text,
                                             std::string_view file_name);
Result<std::vector<Unit>> load_organisation_file(const std::filesystem::path& file);

}  // namespace hotline
