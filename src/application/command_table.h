#pragma once
// The command table: one entry per command of WorkOrderCommand, generated
// from the structs' declarations. Every door is built from it — the CLI's
// verbs (app/main.cc), the HTTP routes with their authentication
// (adapters/http/api_engine.cc), the scenario files' "do"
// (adapters/scenario), the OpenAPI operations with the schemas of body and
// answer (adapters/http/openapi.cc) and the fuzz target's actions.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "application/command.h"
#include "application/work_order_commands.h"

namespace hotline {

struct CommandEntry {
  CommandSpec spec;
  // The JSON Schema of the arguments (without the reserved members).
  nlohmann::json (*body_schema)();
  // The JSON Schema of the answer.
  nlohmann::json (*answer_schema)();
  // Reads the arguments strictly into the typed command.
  Result<WorkOrderCommand> (*parse)(const nlohmann::json& args);
};

// In lifecycle order.
const std::vector<CommandEntry>& command_table();
// Null for an unknown name.
const CommandEntry* find_command(std::string_view name);
// An error naming "action" that lists the known names.
Error unknown_command(std::string_view name);

// The command names, in lifecycle order.
const std::vector<std::string_view>& command_names();

// Runs a command on the engine alone: no role check before the arguments, no
// audit, no privacy view (the fuzz target and engine tests). Doors use
// WorkOrders::execute.
Result<nlohmann::json> run_command(Engine& engine, std::string_view action,
                                   const std::string& target, const CommandContext& ctx,
                                   const nlohmann::json& args);

// Runs a parsed command (the engine call of the command's struct).
Result<CommandOutcome> run_command(Engine& engine, const CommandContext& ctx,
                                   const std::string& target, WorkOrderCommand command);

// The answer as JSON; a request's details as given (the caller masks them).
nlohmann::json outcome_to_json(const CommandOutcome& outcome);

// "role@unit#id" (unit defaults to "office", id to "role@unit").
Result<Actor> parse_actor(std::string_view text);

}  // namespace hotline
