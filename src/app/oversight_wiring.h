#pragma once
// Builds the Oversight use case (EVA-2, EVA-4) for a door: its store (tables
// of the work-order database), the social supervisors' sampling rule from
// data/oversight.toml, over the Analysis use case and the engine.

#include <filesystem>
#include <memory>

#include "adapters/sqlite/sqlite_oversight_store.h"
#include "core/oversight/oversight_service.h"

namespace hotline {

struct Platform;

struct OversightParts {
  std::unique_ptr<SqliteOversightStore> store;
  std::unique_ptr<oversight::OversightService> service;
};

Result<OversightParts> open_oversight(Platform& platform, analysis::AnalysisService& analysis,
                                      const std::filesystem::path& db,
                                      const std::filesystem::path& data_dir);

}  // namespace hotline
