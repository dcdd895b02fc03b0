// Fuzz target for scenario files (`hotline simulate`): parse_scenario must
// return steps or an Error naming the line for any bytes, never throw or
// crash. What it accepts must be well-formed: known actions, args an object,
// refs only on register lines, line numbers increasing.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/scenario/scenario.h"
#include "application/command_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto steps = hotline::parse_scenario(text, "fuzz.jsonl");
  if (!steps) {
    // Every refusal says where.
    if (steps.error().field.rfind("fuzz.jsonl:", 0) != 0) __builtin_trap();
    return 0;
  }
  const auto& names = hotline::command_names();
  int last_line = 0;
  for (const auto& step : *steps) {
    if (step.line <= last_line) __builtin_trap();
    last_line = step.line;
    const bool known =
        step.action == "check" || std::find(names.begin(), names.end(), step.action) != names.end();
    if (!known) __builtin_trap();
    if (!step.args.is_object()) __builtin_trap();
    if (!step.ref.empty() && step.action != "register") __builtin_trap();
    (void)step.args.dump();  // must not throw: strings came from valid JSON
    (void)step.expect.dump();
  }
  return 0;
}
