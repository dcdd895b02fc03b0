#pragma once
// Reads data/oversight.toml: the social supervisors' sample (EVA-4 [R22]).
// Unknown keys are refused; errors name the file and line.

#include <filesystem>
#include <string_view>

#include "core/oversight/sample.h"

namespace hotline {

Result<oversight::SamplingRule> parse_oversight_settings(std::string_view toml_text,
                                                         std::string_view file);
Result<oversight::SamplingRule> load_oversight_file(const std::filesystem::path& file);

}  // namespace hotline
