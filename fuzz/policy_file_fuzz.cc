// Fuzz target for the policy file loader: any bytes must give a Policy or an
// Error, never an exception, crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/toml/policy_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto policy = hotline::parse_policy(text, "fuzz.toml");
  if (policy) {
    // A policy that loads has passed validate(): every stage must answer.
    hotline::DeadlineSubject subject;
    for (auto stage : {hotline::Stage::kDispatch, hotline::Stage::kAccept, hotline::Stage::kReturn,
                       hotline::Stage::kHandle}) {
      if (!policy->rules_for(stage, subject)) __builtin_trap();
    }
    (void)policy->reply.forbidden_match(text);
  }
  return 0;
}
