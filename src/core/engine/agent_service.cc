// INT-7 [R14(1)]: 话务服务结束后，由诉求人对热线工作机构的话务服务进行满意度评价.
// The evaluation names the agent who took the call (the one who registered
// the request), so the figures per agent come from the events alone
// (core/analysis/agent_service.h).

#include "core/engine/engine.h"
#include "core/engine/permissions.h"
#include "core/text.h"

namespace hotline {

Result<RequestState> Engine::evaluate_agent_service(const CommandContext& ctx,
                                                    const std::string& number,
                                                    AgentServiceEvaluated evaluation) {
  if (auto st = authorize(ctx.actor, Action::kEvaluateAgent, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  auto state = load_request(ctx, number);
  if (!state) return state;
  // Only a call has an agent's service to evaluate (R14(1) 话务服务结束后).
  if (state->registered_by.role != Role::kAgent) {
    return fail(Error::refused("INT-7", "R14(1)",
                               "request " + number +
                                   " was not taken by an agent on a call; there is no agent's "
                                   "service to evaluate",
                               "该诉求不是话务员受理的来电，无话务服务可评价"));
  }
  if (ctx.actor.id == state->registered_by.id) {
    return fail(Error::refused("INT-7", "R14(1)", "an agent does not evaluate their own service",
                               "话务员不得评价本人的话务服务"));
  }
  if (state->agent_evaluation) {
    return fail(Error::refused("INT-7", "R14(1)", "the agent's service has been evaluated already",
                               "该次话务服务已评价"));
  }
  if (evaluation.remark.size() > 2000 || !is_valid_utf8(evaluation.remark)) {
    return fail(Error::invalid("remark", "too long or not valid UTF-8", "评价说明过长或编码无效"));
  }
  evaluation.agent = state->registered_by.id;
  return commit(ctx, *state, {{std::move(evaluation), "R14(1)", "", std::nullopt}});
}

}  // namespace hotline
