#pragma once
// The assessment-and-analysis use case (EVA-1, EVA-3, ANA-1, ANA-2, ANA-4,
// ANA-5): the routes under /api/v1/analysis and GET /api/v1/public/figures
// are generated from its operations (analysis_commands.h): who may ask is
// checked before anything is read (SEC-2), the service narrows a unit to its
// own area, and the change of the watch list is audited
// ("command:analysis-set-watch-list", after the change: the list is kept
// with the analysis checkpoint, not in the audit log's transaction).
//
// Thread-safety: as safe as the AnalysisService (its own shared mutex) and
// the guard; no state of its own.

#include "application/analysis_commands.h"
#include "application/operation_use_case.h"

namespace hotline {

class Analysis final : public OperationUseCase<AnalysisContext, analysis_ops::Answers,
                                               analysis_ops::AnalysisOperations> {
 public:
  using OperationUseCase::OperationUseCase;
};

}  // namespace hotline
