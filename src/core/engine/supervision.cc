// Supervision by level (SUP-2), one level up (SUP-3) and referral to the
// discipline inspection body (SUP-4). Every step is an event on the work
// order with who, when, why and the article; the levels, their methods and
// follow-up deadlines, the matters raised one level and the body referred to
// are the profile's ([supervision] in data/policies/*.toml).

#include <algorithm>

#include "core/engine/engine.h"
#include "core/engine/permissions.h"
#include "core/engine/refusals.h"
#include "core/text.h"

namespace hotline {

Status Engine::apply_supervision_level(SupervisionRaised& s, const Policy& policy, int level,
                                       const Actor& actor) const {
  const auto& levels = policy.supervision.levels;
  if (levels.empty()) return {};
  if (level < 1 || level > static_cast<int>(levels.size())) {
    return fail(
        Error::refused("SUP-2", "R21",
                       "supervision has " + std::to_string(levels.size()) + " levels in profile " +
                           policy.name + "; level " + std::to_string(level) + " does not exist",
                       "本规程督办共" + std::to_string(levels.size()) + "级，已是最高一级"));
  }
  const SupervisionLevel& l = levels[static_cast<std::size_t>(level - 1)];
  s.level = level;
  // The method is the level's unless a supervisor chose a stronger one
  // (an on-site check at the first level is allowed; the platform's own
  // records use the level's).
  const auto method = parse_supervision_method(l.method);
  if (method && (actor.role == Role::kSystem || s.method == SupervisionMethod::kWorkOrder)) {
    s.method = *method;
  }
  auto due = deadlines_.add(clock_.now(), l.follow_up.value);
  if (!due) return fail(due.error());
  s.follow_up_due = *due;
  return {};
}

Result<WorkOrderState> Engine::escalate_supervision(const CommandContext& ctx,
                                                    const std::string& id, bool key) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kSupervise, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (auto st = require_reason(ctx.reason, "升级督办事由"); !st) return fail(st.error());
  if (!state->is_open()) {
    return fail(wrong_status(*state, "escalate supervision", "升级督办", "SUP-2", "R21"));
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  if ((*policy)->supervision.levels.empty()) {
    return fail(Error::refused("SUP-2", "R21",
                               "profile " + (*policy)->name + " defines no levels of supervision",
                               "本规程未规定督办层级，不能升级督办"));
  }
  const int current = state->supervision_level();
  if (current == 0) {
    return fail(Error::refused("SUP-2", "R21",
                               "work order " + id + " is not under supervision with a level yet",
                               "该工单尚未列入分级督办，请先督办"));
  }
  // The trigger of the supervision being escalated carries on.
  SupervisionRaised next;
  for (const auto& r : state->supervisions) {
    if (r.supervision.level == current) next = r.supervision;
  }
  next.key = next.key || key;
  next.automatic = ctx.actor.role == Role::kSystem;
  next.method = SupervisionMethod::kWorkOrder;  // the new level's method
  next.follow_up_due.reset();
  if (auto st = apply_supervision_level(next, **policy, current + 1, Actor::system()); !st) {
    return fail(st.error());
  }
  const std::string article =
      (*policy)->supervision.levels[static_cast<std::size_t>(current)].follow_up.article;
  return commit(ctx, *state, {{std::move(next), article, "", std::nullopt}});
}

Result<WorkOrderState> Engine::report_on_supervision(const CommandContext& ctx,
                                                     const std::string& id, std::string report) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  // The unit that answers for the work order reports (T23: 办理情况报告).
  if (auto st = authorize(ctx.actor, Action::kReply, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (trim(report).empty()) {
    return fail(Error::invalid("report", "give the report on the supervised matter",
                               "须填写督办事项办理情况报告"));
  }
  const RecordedSupervision* open = state->awaiting_report();
  if (open == nullptr) {
    return fail(Error::refused("SUP-2", "T23",
                               "work order " + id + " has no supervision awaiting a report",
                               "该工单没有待报告的督办事项"));
  }
  SupervisionReported reported{open->supervision.level, std::move(report)};
  return commit(ctx, *state, {{std::move(reported), "T23", "", std::nullopt}});
}

Result<WorkOrderState> Engine::raise_one_level(const CommandContext& ctx, const std::string& id,
                                               const std::string& matter,
                                               const std::string& reported_unit) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kSupervise, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (auto st = require_reason(ctx.reason, "提级办理事由"); !st) return fail(st.error());
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const SupervisionPolicy& sp = (*policy)->supervision;
  if (sp.one_level_up_matters.empty()) {
    return fail(Error::refused("SUP-3", "T22(5)",
                               "profile " + (*policy)->name + " raises no matters one level",
                               "本规程未规定提级办理事项"));
  }
  if (!contains(sp.one_level_up_matters, matter)) {
    std::string known;
    for (const auto& m : sp.one_level_up_matters) known += (known.empty() ? "" : "、") + m;
    return fail(Error::invalid("matter", "not a matter handled one level up: " + matter,
                               "不属于提级办理事项，可选：" + known));
  }
  if (state->status != WorkOrderStatus::kDispatched) {
    return fail(
        wrong_status(*state, "raise one level", "提级办理", "SUP-3", sp.one_level_up_article));
  }
  const Unit* reported = organisation_.find(reported_unit);
  if (reported == nullptr) {
    return fail(Error::invalid("reported_unit", "unknown unit " + reported_unit, "没有该单位"));
  }
  if (!reported->parent) {
    return fail(Error::refused("SUP-3", sp.one_level_up_article,
                               "unit " + reported_unit + " has no unit above it",
                               "被举报单位没有上一级单位"));
  }
  // The department reported must not handle the report against itself.
  if (!organisation_.is_within(state->lead_unit, reported_unit)) {
    return fail(Error::refused(
        "SUP-3", sp.one_level_up_article,
        "the lead unit " + state->lead_unit + " is not the reported unit or below it",
        "承办单位不是被举报单位或其下属单位，无需提级"));
  }
  HandlingRaisedOneLevel raised{matter, reported_unit, state->lead_unit, *reported->parent};
  return commit(ctx, *state, {{std::move(raised), sp.one_level_up_article, "", std::nullopt}});
}

Result<WorkOrderState> Engine::refer_for_discipline(const CommandContext& ctx,
                                                    const std::string& id, std::string conduct) {
  auto state = load_work_order(ctx, id);
  if (!state) return state;
  if (auto st = authorize(ctx.actor, Action::kSupervise, &*state, organisation_); !st) {
    return fail(st.error());
  }
  if (auto st = require_reason(ctx.reason, "移交事由"); !st) return fail(st.error());
  if (trim(conduct).empty()) {
    return fail(Error::invalid("conduct", "describe the misconduct", "须写明问题线索"));
  }
  auto policy = policy_of(*state);
  if (!policy) return fail(policy.error());
  const SupervisionPolicy& sp = (*policy)->supervision;
  if (sp.discipline_body.empty()) {
    return fail(Error::refused("SUP-4", "C23",
                               "profile " + (*policy)->name + " names no body to refer to",
                               "本规程未规定移交机关"));
  }
  ReferredForDiscipline referral{sp.discipline_body, std::move(conduct), state->version};
  return commit(ctx, *state, {{std::move(referral), sp.discipline_article, "", std::nullopt}});
}

}  // namespace hotline
