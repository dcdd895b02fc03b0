#pragma once
// Reads the triage data files: the dispatch catalogue (data/triage/
// catalogue.toml, DIS-2) and the triage settings (data/triage/settings.toml:
// cluster threshold SUP-1 [M22(3)], duplicate thresholds TRI-5, reply-check
// severities REP-2/REP-3). Errors name the file and line.

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/org/organisation.h"
#include "core/triage/catalogue.h"
#include "core/triage/triage_service.h"

namespace hotline {

// With an organisation, every entry is validated against it (units exist,
// DIS-6) and exceptions must name an earlier entry.
Result<std::vector<triage::CatalogueEntry>> parse_catalogue(std::string_view toml_text,
                                                            std::string_view file_name,
                                                            const Organisation* org);
Result<std::vector<triage::CatalogueEntry>> load_catalogue_file(const std::filesystem::path& file,
                                                                const Organisation* org);

// Fills the cluster, duplicate and reply-check parts of `settings`.
Status parse_triage_settings(std::string_view toml_text, std::string_view file_name,
                             triage::TriageSettings& settings);
Status load_triage_settings(const std::filesystem::path& file, triage::TriageSettings& settings);

// The text of a file, or an error naming it (shared by the triage loaders).
Result<std::string> read_text_file(const std::filesystem::path& file, std::string_view what_zh);

}  // namespace hotline
