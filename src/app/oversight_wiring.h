#pragma once
// Builds the Oversight use case (EVA-2, EVA-4) for a door: its store (tables
// of the work-order database), the social supervisors' sampling rule from
// data/oversight.toml, over the Analysis use case and the engine. It also
// gives the Analysis use case the circulations (EVA-2) its scores and
// reports show; the parts must outlive its use of them.

#include <filesystem>
#include <memory>

#include "application/oversight.h"
#include "core/oversight/oversight_service.h"
#include "core/oversight/store_circulations.h"
#include "core/ports/oversight_store.h"

namespace hotline {

struct Platform;

struct OversightParts {
  std::unique_ptr<OversightStore> store;
  std::unique_ptr<oversight::OversightService> service;
  // EVA-2: the circulations the analysis use case reads (set on it by open_oversight).
  std::unique_ptr<oversight::StoreCirculations> circulations;
  // The use case on the service, audited through the platform's guard (a
  // change commits with its entry): what the doors call.
  std::unique_ptr<Oversight> use_case;
};

Result<OversightParts> open_oversight(Platform& platform, analysis::AnalysisService& analysis,
                                      const std::filesystem::path& data_dir);

}  // namespace hotline
