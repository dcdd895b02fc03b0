// VIS-4 [T17]: 委政务服务处对全委办结工单随机进行抽查回访，对履职不到位、回访过程中群众提出新的
// 疑问等情况，应派回原承办单位重新办理。各承办单位受理部门应随机对本单位办结工单抽查回访。
// Who visits follows from the actor: the office's visit agents and supervisors,
// or the lead unit's own staff. Handling again after a spot check has the
// same period as the first handling (T21: 逐条逐项进行办理).

#include "core/engine/engine.h"
#include "core/engine/permissions.h"
#include "core/engine/refusals.h"

namespace hotline {

Result<WorkOrderState> Engine::spot_check(const CommandContext& ctx, const std::string& id,
                                          SpotCheckVisited visit) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kSpotCheck, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (state->status != WorkOrderStatus::kClosed) {
    return fail(wrong_status(*state, "spot check", "抽查回访", "VIS-4", "T17"));
  }
  const bool unit =
      ctx.actor.role == Role::kUnitStaff || ctx.actor.role == Role::kUnitAdministrator;
  visit.by = unit ? SpotCheckBy::kUnit : SpotCheckBy::kOffice;
  if (visit.note.size() > 2000 || !is_valid_utf8(visit.note)) {
    return fail(Error::invalid("note", "too long or not valid UTF-8", "回访记录过长或编码无效"));
  }
  visit.handle_due.reset();
  if (visit.finding != SpotCheckFinding::kFulfilled) {
    // What was not fulfilled, or the new question, goes back with it.
    if (trim(visit.note).empty()) {
      return fail(Error::invalid("note", "say what was not fulfilled or what the applicant asked",
                                 "须记录履职不到位的情况或群众提出的新疑问"));
    }
    auto due = deadlines_.add(clock_.now(), state->handle_period);
    if (!due) return fail(due.error());
    visit.handle_due =
        Deadline{*due, "T17", state->handle_period.describe() + " from the spot check"};
  }
  return commit(ctx, *state, {{std::move(visit), "T17", "", std::nullopt}});
}

}  // namespace hotline
