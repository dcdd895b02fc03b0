#pragma once
// Reads the gazetteer (data/triage/gazetteer.toml): districts, streets and
// well-known places with their names and units, for place extraction (DIS-2).

#include <filesystem>
#include <string_view>

#include "core/org/organisation.h"
#include "core/triage/gazetteer.h"

namespace hotline {

Result<triage::Gazetteer> parse_gazetteer(std::string_view toml_text, std::string_view file_name,
                                          const Organisation* org);
Result<triage::Gazetteer> load_gazetteer_file(const std::filesystem::path& file,
                                              const Organisation* org);

}  // namespace hotline
