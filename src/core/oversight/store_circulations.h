#pragma once
// EVA-2 for the figures: the analysis use case's CirculationSource over the
// oversight store, so that EVA-1 scores carry their T24 deductions and the
// assessment and the monthly report list the circulations
// (core/analysis/circulation_note.h).

#include "core/analysis/assessment.h"
#include "core/analysis/circulation_note.h"
#include "core/ports/oversight_store.h"

namespace hotline::oversight {

class StoreCirculations : public analysis::CirculationSource {
 public:
  explicit StoreCirculations(OversightStore& store) : store_(store) {}
  Result<std::vector<analysis::CirculationNote>> circulations(
      const analysis::Period& period) override;

 private:
  OversightStore& store_;
};

analysis::CirculationNote to_note(const Circulation& c);

}  // namespace hotline::oversight
