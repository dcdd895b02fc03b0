#pragma once
// Reads the ANA-3 and ANA-6 settings from data/triage/settings.toml:
// [recurring_clusters] (months, min_months; C25) and [model_drift]
// (recent_days, baseline_days, max_drop, min_decided; R26). Every value is
// cited ({ value = …, article = "…", note = "…" }); a bare number or an
// unknown key is refused with file:line.

#include <filesystem>
#include <string_view>

#include "core/analysis/model_accuracy.h"
#include "core/analysis/recurring_clusters.h"
#include "core/result.h"

namespace hotline {

struct GovernanceSettings {
  analysis::RecurringSettings recurring;
  analysis::DriftSettings drift;
};

Result<GovernanceSettings> parse_governance_settings(std::string_view toml_text,
                                                     std::string_view file_name);
Result<GovernanceSettings> load_governance_settings(const std::filesystem::path& file);

}  // namespace hotline
