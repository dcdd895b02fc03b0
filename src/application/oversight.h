#pragma once
// The use case of EVA-2 (circulations, the performance assessment's
// figures) and EVA-4 (social supervision): the routes of
// oversight_commands.h and `hotline assessment circulate|circulations|export`
// run its operations, so both doors check the same caller and write the same
// audit entry — for a circulation, an opinion and its answer in the same
// transaction as the change ("command:circulation-record" …).
//
// Thread-safety: as safe as the OversightService; no state of its own.

#include "application/operation_use_case.h"
#include "application/oversight_commands.h"

namespace hotline {

class Oversight final : public OperationUseCase<OversightContext, oversight_ops::Answers,
                                                oversight_ops::OversightOperations> {
 public:
  using OperationUseCase::OperationUseCase;
};

}  // namespace hotline
