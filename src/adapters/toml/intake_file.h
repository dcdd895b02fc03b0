#pragma once
// Reads data/intake.toml: the attachment limits (INT-3 [C9]) and the rate of
// applicants' look-ups per address (INT-5). Unknown keys are refused; errors
// name the file and line.

#include <filesystem>
#include <string_view>

#include "core/attachments/attachment_policy.h"
#include "core/security/lookup_rate.h"

namespace hotline {

struct IntakeSettings {
  AttachmentPolicy attachments;
  LookupRatePolicy applicant_lookup;
};

Result<IntakeSettings> parse_intake_settings(std::string_view toml_text, std::string_view file);
Result<IntakeSettings> load_intake_file(const std::filesystem::path& file);

}  // namespace hotline
