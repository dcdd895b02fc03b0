#pragma once
// data/interconnection.toml: how pushes to the units' business systems are
// retried (ICN-3 [M26, C30]). Mistakes name the file, line and key.

#include <filesystem>
#include <string_view>

#include "core/ports/webhook_outbox.h"

namespace hotline {

Result<WebhookSchedule> parse_interconnection(std::string_view text, std::string_view file);
Result<WebhookSchedule> load_interconnection_file(const std::filesystem::path& file);

}  // namespace hotline
