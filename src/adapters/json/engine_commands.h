#pragma once
// The engine's commands as JSON: one table from action name to a strict
// argument parser and the engine call. Scenario files, the command line and
// the HTTP API all drive the engine through it, so a rule is enforced the
// same way whichever door a request comes in by.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/engine.h"

namespace hotline {

// Runs `action` on `target` (a request number or work order id; empty for
// register and sweep) with JSON `args`. Returns the resulting state(s) as
// JSON. Unknown actions and malformed arguments are kInvalidArgument errors
// naming the field.
Result<nlohmann::json> run_command(Engine& engine, std::string_view action,
                                   const std::string& target, const CommandContext& ctx,
                                   const nlohmann::json& args);

// The action names, in lifecycle order.
const std::vector<std::string_view>& command_names();

// "role@unit#id" (unit defaults to "office", id to the role).
Result<Actor> parse_actor(std::string_view text);

}  // namespace hotline
