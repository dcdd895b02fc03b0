#pragma once
// The commands of the work-order engine, one typed struct each. A struct
// declares itself (kSpec: name, target, permission, audit, privacy view),
// reads its arguments strictly from JSON (from_json: unknown members and wrong
// types are errors naming the field), describes them as a JSON Schema
// (schema(), the OpenAPI request body) and runs (run(): the engine call, with
// a typed answer). `WorkOrderCommand` lists them all; the command table
// (command_table.h) and every door are generated from that list.
//
// Adding an action: a struct here (and its entry in WorkOrderCommand), the
// rule in the engine and the permission table, a test.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "application/command.h"
#include "application/conduct_commands.h"
#include "application/interconnection_commands.h"
#include "core/engine/engine.h"

namespace hotline::commands {

using nlohmann::json;

// ---- Intake and triage (INT, TRI, DIS) ----

struct Register {
  static constexpr CommandSpec kSpec{
      "register",       "",    Subject::kNone, Action::kRegister,           true,
      Privacy::kMasked, false, "agent",        "Register a request (INT-4)"};
  RequestDetails details;
  static Result<Register> from_json(const json& args);
  static json schema();
  Result<RequestState> run(Engine& e, const CommandContext& ctx, const std::string&) &&;
};

struct Triage {
  static constexpr CommandSpec kSpec{
      "triage",
      "",
      Subject::kRequest,
      Action::kTriage,
      true,
      Privacy::kMasked,
      false,
      "agent",
      "Triage a request: transfer, refuse, answer or dispatch (TRI-1..TRI-8)"};
  RequestTriaged outcome;
  static Result<Triage> from_json(const json& args);
  static json schema();
  Result<RequestState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct OpenConsultation {
  static constexpr CommandSpec kSpec{"open-consultation",
                                     "",
                                     Subject::kRequest,
                                     Action::kConsult,
                                     true,
                                     Privacy::kMasked,
                                     false,
                                     "dispatcher",
                                     "Consult units on a complex request (DIS-5)"};
  ConsultationOpened consultation;
  static Result<OpenConsultation> from_json(const json& args);
  static json schema();
  Result<RequestState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct ConcludeConsultation {
  static constexpr CommandSpec kSpec{"conclude-consultation",
                                     "",
                                     Subject::kRequest,
                                     Action::kConsult,
                                     true,
                                     Privacy::kMasked,
                                     false,
                                     "dispatcher",
                                     "Record who leads after a consultation (DIS-5)"};
  ConsultationConcluded result;
  static Result<ConcludeConsultation> from_json(const json& args);
  static json schema();
  Result<RequestState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct Dispatch {
  static constexpr CommandSpec kSpec{
      "dispatch",
      "",
      Subject::kRequest,
      Action::kDispatch,
      true,
      Privacy::kNone,
      false,
      "dispatcher",
      "Dispatch a request as one or more work orders (DIS-1..DIS-7)"};
  std::vector<DispatchPlanOrder> plan;
  static Result<Dispatch> from_json(const json& args);
  static json schema();
  Result<std::vector<WorkOrderState>> run(Engine& e, const CommandContext& ctx,
                                          const std::string& target) &&;
};

struct Reclassify {
  static constexpr CommandSpec kSpec{"reclassify",
                                     "",
                                     Subject::kRequest,
                                     Action::kReclassify,
                                     true,
                                     Privacy::kMasked,
                                     false,
                                     "dispatcher",
                                     "Correct a request's categories, type or urgency (DIS-8)"};
  RequestReclassified correction;
  static Result<Reclassify> from_json(const json& args);
  static json schema();
  Result<RequestState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

// ---- Handling (ACC, RET, HND, EXT, REP) ----

struct Accept {
  static constexpr CommandSpec kSpec{"accept",        "",           Subject::kWorkOrder,
                                     Action::kAccept, true,         Privacy::kNone,
                                     false,           "dispatcher", "Accept a work order (ACC-1)"};
  static Result<Accept> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct Forward {
  static constexpr CommandSpec kSpec{"forward",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kForward,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "dispatcher",
                                     "Forward to a handling unit inside the unit (DIS-7)"};
  std::string to_unit;
  std::string instructions;
  static Result<Forward> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct ApplyReturn {
  static constexpr CommandSpec kSpec{"apply-return",
                                     "return",
                                     Subject::kWorkOrder,
                                     Action::kApplyReturn,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "dispatcher",
                                     "Apply to return a work order (RET-1..RET-4)"};
  ReturnApplication application;
  static Result<ApplyReturn> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct ReviewReturn {
  static constexpr CommandSpec kSpec{"review-return",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kReviewReturn,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "dispatcher",
                                     "Approve or reject a return (RET-5)"};
  bool approve = false;
  std::optional<DispatchPlanOrder> redispatch;
  static Result<ReviewReturn> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct Redispatch {
  // Redispatching is dispatching (the permission table has one row for both).
  static constexpr CommandSpec kSpec{"redispatch",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kDispatch,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "dispatcher",
                                     "Dispatch a returned work order again (RET-6)"};
  DispatchPlanOrder to;
  static Result<Redispatch> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct ApplyExtension {
  static constexpr CommandSpec kSpec{"apply-extension",
                                     "extend",
                                     Subject::kWorkOrder,
                                     Action::kApplyExtension,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "dispatcher",
                                     "Apply for an extension (EXT-1..EXT-3)"};
  ExtensionApplication application;
  static Result<ApplyExtension> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct ReviewExtension {
  static constexpr CommandSpec kSpec{"review-extension",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kReviewExtension,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "dispatcher",
                                     "Approve or refuse an extension (EXT-4)"};
  bool approve = false;
  static Result<ReviewExtension> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct SubmitAssistingResult {
  static constexpr CommandSpec kSpec{"submit-assisting-result",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kSubmitAssistingResult,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "dispatcher",
                                     "An assisting unit's result for the lead (DIS-4)"};
  std::string result;
  static Result<SubmitAssistingResult> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct Reply {
  static constexpr CommandSpec kSpec{
      "reply",        "",           Subject::kWorkOrder,
      Action::kReply, true,         Privacy::kNone,
      false,          "dispatcher", "Reply with the result (REP-1..REP-5)"};
  ReplyContent content;
  static Result<Reply> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

// ---- Return visit, evaluation, appeal (VIS, APL) ----

struct Evaluate {
  static constexpr CommandSpec kSpec{"evaluate",
                                     "visit",
                                     Subject::kWorkOrder,
                                     Action::kEvaluate,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "visit-agent",
                                     "Record the applicant's evaluation (VIS-1..VIS-6)"};
  WorkOrderEvaluated evaluation;
  static Result<Evaluate> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct SkipVisit {
  static constexpr CommandSpec kSpec{"skip-visit",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kSkipVisit,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "visit-agent",
                                     "Record why no return visit is made (VIS-2)"};
  std::string why;
  static Result<SkipVisit> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct SendBack {
  static constexpr CommandSpec kSpec{"send-back",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kSendBack,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "visit-agent",
                                     "Send back for handling again, once (VIS-5)"};
  static Result<SendBack> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct Close {
  static constexpr CommandSpec kSpec{"close",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kClose,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "visit-agent",
                                     "Close a work order (VIS-7)"};
  static Result<Close> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct FileAppeal {
  static constexpr CommandSpec kSpec{"file-appeal",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kFileAppeal,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "dispatcher",
                                     "A unit appeals an evaluation (APL-1)"};
  AppealFiled appeal;
  static Result<FileAppeal> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct ReviewAppeal {
  static constexpr CommandSpec kSpec{"review-appeal",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kReviewAppeal,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "supervisor",
                                     "Uphold or reject an appeal (APL-2, APL-3)"};
  bool upheld = false;
  std::optional<NonAppealable> not_appealable;
  static Result<ReviewAppeal> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

// ---- Supervision (SUP) and deadlines (HND-5) ----

struct Supervise {
  static constexpr CommandSpec kSpec{"supervise",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kSupervise,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "supervisor",
                                     "Raise a supervision (SUP-1..SUP-4)"};
  SupervisionRaised supervision;
  static Result<Supervise> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

// SUP-2 [R21]: the next level of supervision (method and follow-up deadline
// from the profile); `key` makes it key supervision (重点督办).
struct EscalateSupervision {
  static constexpr CommandSpec kSpec{"escalate-supervision",
                                     "escalate",
                                     Subject::kWorkOrder,
                                     Action::kSupervise,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "supervisor",
                                     "Escalate a supervision to the next level (SUP-2)"};
  bool key = false;
  static Result<EscalateSupervision> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

// SUP-2 [T23]: the lead unit reports how it handled the supervised matter.
struct ReportOnSupervision {
  static constexpr CommandSpec kSpec{"report-on-supervision",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kReply,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "dispatcher",
                                     "Report on a supervised matter (SUP-2, T23)"};
  std::string report;
  static Result<ReportOnSupervision> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

// SUP-3 [T22(5)]: a report against a management department, one level up.
struct RaiseOneLevel {
  static constexpr CommandSpec kSpec{"raise-one-level",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kSupervise,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "supervisor",
                                     "Handle a report against a department one level up (SUP-3)"};
  std::string matter;
  std::string reported_unit;
  static Result<RaiseOneLevel> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

// SUP-4 [C23, T25, M29]: referral to the discipline inspection body.
struct ReferForDiscipline {
  static constexpr CommandSpec kSpec{"refer-for-discipline",
                                     "",
                                     Subject::kWorkOrder,
                                     Action::kSupervise,
                                     true,
                                     Privacy::kNone,
                                     false,
                                     "supervisor",
                                     "Refer misconduct to the discipline inspection body (SUP-4)"};
  std::string conduct;
  static Result<ReferForDiscipline> from_json(const json& args);
  static json schema();
  Result<WorkOrderState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct Sweep {
  static constexpr CommandSpec kSpec{
      "sweep",        "",       Subject::kNone,
      Action::kSweep, true,     Privacy::kNone,
      false,          "system", "Run the deadline sweep (HND-5, SUP-1)"};
  static Result<Sweep> from_json(const json& args);
  static json schema();
  Result<SweepReport> run(Engine& e, const CommandContext& ctx, const std::string&) &&;
};

}  // namespace hotline::commands

namespace hotline {

// Every command of the engine, in lifecycle order (the CLI's and OpenAPI's order).
using WorkOrderCommand =
    std::variant<commands::Register, commands::Triage, commands::OpenConsultation,
                 commands::ConcludeConsultation, commands::Dispatch, commands::Reclassify,
                 commands::Accept, commands::Forward, commands::ApplyReturn, commands::ReviewReturn,
                 commands::Redispatch, commands::ApplyExtension, commands::ReviewExtension,
                 commands::SubmitAssistingResult, commands::Reply, commands::Evaluate,
                 commands::SkipVisit, commands::SendBack, commands::Close, commands::FileAppeal,
                 commands::ReviewAppeal, commands::Supervise, commands::EscalateSupervision,
                 commands::ReportOnSupervision, commands::RaiseOneLevel,
                 commands::ReferForDiscipline, commands::SpotCheck, commands::FileConductComplaint,
                 commands::HandleConductComplaint, commands::EvaluateAgent,
                 commands::TransferToHotline, commands::AnswerHotlineTransfer, commands::Sweep>;

// A command's typed answer.
using CommandOutcome =
    std::variant<RequestState, WorkOrderState, std::vector<WorkOrderState>, SweepReport>;

}  // namespace hotline
