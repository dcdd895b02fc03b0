#pragma once
// The use case of long-lasting problems and of the models used safely
// (ANA-3, ANA-6): the routes of governance_commands.h and the commands
// `hotline model accuracy|drift`, `hotline clusters recurring` and
// `hotline research …` run its operations, so both doors check the same
// caller and write the same audit entry — for a special research's change,
// in the same transaction as the change ("command:research-open" …).
//
// Thread-safety: as safe as the services it refers to; no state of its own.

#include "application/governance_commands.h"
#include "application/operation_use_case.h"

namespace hotline {

class Governance final : public OperationUseCase<GovernanceContext, governance_ops::Answers,
                                                 governance_ops::GovernanceOperations> {
 public:
  using OperationUseCase::OperationUseCase;
};

}  // namespace hotline
