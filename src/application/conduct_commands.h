#pragma once
// Commands of issue 13 beside the handling ones: spot checks (VIS-4 [T17]),
// complaints about hotline staff (INT-6 [M14]) and the evaluation of the
// agent's service (INT-7 [R14(1)]). Listed in WorkOrderCommand like the rest;
// their doors follow from the table. CON-1's actions (warn, suspend, review)
// answer with an applicant's record, not a request or a work order: their
// doors go through the ApplicantConduct use case (applicant_conduct.h).

#include <nlohmann/json.hpp>
#include <string>

#include "application/command.h"
#include "core/engine/engine.h"

namespace hotline::commands {

using nlohmann::json;

struct SpotCheck {
  static constexpr CommandSpec kSpec{"spot-check",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kSpotCheck,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "visit-agent",
                                     "Spot-check return visit of a closed work order (VIS-4)"};
  SpotCheckVisited visit;
  static Result<SpotCheck> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct FileConductComplaint {
  static constexpr CommandSpec kSpec{"file-conduct-complaint",
                                     "",
                                     Subject::kNone,
                                     Action::kFileConductComplaint,
                                     true,
                                     Privacy::kMasked,
                                     false,
                                     "agent",
                                     "Register a complaint about hotline staff (INT-6)"};
  RequestDetails details;
  ConductComplaintFiled complaint;
  static Result<FileConductComplaint> from_json(const json& args);
  static json schema();
  Result<RequestState> run(Engine& e, const CommandContext& ctx, const std::string&) &&;
};

struct HandleConductComplaint {
  static constexpr CommandSpec kSpec{"handle-conduct-complaint",
                                     "",
                                     Subject::kRequest,
                                     Action::kHandleConductComplaint,
                                     true,
                                     Privacy::kMasked,
                                     false,
                                     "supervisor",
                                     "The office's handling of a complaint about staff (INT-6)"};
  ConductComplaintHandled handling;
  static Result<HandleConductComplaint> from_json(const json& args);
  static json schema();
  Result<RequestState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct EvaluateAgent {
  static constexpr CommandSpec kSpec{"evaluate-agent",
                                     "",
                                     Subject::kRequest,
                                     Action::kEvaluateAgent,
                                     true,
                                     Privacy::kMasked,
                                     false,
                                     "visit-agent",
                                     "The applicant's evaluation of the agent's service (INT-7)"};
  AgentServiceEvaluated evaluation;
  static Result<EvaluateAgent> from_json(const json& args);
  static json schema();
  Result<RequestState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

}  // namespace hotline::commands
