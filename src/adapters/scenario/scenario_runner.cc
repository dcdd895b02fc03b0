#include <map>

#include "adapters/json/event_json.h"
#include "adapters/scenario/scenario.h"
#include "application/command_table.h"

namespace hotline {
namespace {

using json = nlohmann::json;

// "$r1" -> the request number registered under ref r1; "$r1-2" -> its work
// order 2. Other strings are returned unchanged.
Result<std::string> resolve(const std::string& text,
                            const std::map<std::string, std::string>& refs) {
  if (text.empty() || text[0] != '$') return text;
  std::string name = text.substr(1);
  std::string suffix;
  if (auto dash = name.find('-'); dash != std::string::npos) {
    suffix = name.substr(dash);
    name = name.substr(0, dash);
  }
  auto it = refs.find(name);
  if (it == refs.end()) return fail(Error::invalid("on", "unknown ref $" + name, "未知引用"));
  return it->second + suffix;
}

Result<json> resolve_all(const json& j, const std::map<std::string, std::string>& refs) {
  if (j.is_string()) {
    auto r = resolve(j.get<std::string>(), refs);
    if (!r) return fail(r.error());
    return json(*r);
  }
  if (j.is_array() || j.is_object()) {
    json out = j;
    for (auto& [k, v] : out.items()) {
      auto r = resolve_all(v, refs);
      if (!r) return fail(r.error());
      v = *r;
    }
    return out;
  }
  return j;
}

// The actor of a line that names none: the command's declared default.
std::string default_actor(const std::string& action) {
  const CommandEntry* entry = find_command(action);
  return std::string(entry ? entry->spec.default_actor : "dispatcher");
}

json stages(const std::set<std::pair<Stage, std::int64_t>>& marks) {
  json out = json::array();
  for (const auto& [stage, due] : marks) out.push_back(std::string(to_string(stage)));
  return out;
}

// The facts a "check" line may state about a work order or request.
json facts_of(const WorkOrderState& s) {
  json f;
  f["status"] = std::string(to_string(s.status));
  f["lead_unit"] = s.lead_unit;
  f["handling_unit"] = s.handling_unit;
  f["assisting_units"] = s.assisting_units;
  f["policy_profile"] = s.policy_profile;
  f["accept_due"] = format_iso8601(s.accept_due.due);
  f["return_due"] = format_iso8601(s.return_due.due);
  f["return_due_complex"] =
      s.return_due_complex ? json(format_iso8601(s.return_due_complex->due)) : json();
  f["handle_due"] = s.handle_due ? json(format_iso8601(s.handle_due->due)) : json();
  f["handle_due_article"] = s.handle_due ? json(s.handle_due->article) : json();
  f["extensions"] = s.extensions_approved;
  f["extension_pending"] = s.pending_extension.has_value();
  f["returns"] = s.returns_applied;
  f["returns_approved"] = s.returns_approved;
  f["return_pending"] = s.pending_return.has_value();
  f["handled_again"] = s.handled_again;
  f["evaluations"] = s.evaluations;
  f["satisfaction"] =
      s.last_evaluation ? json(std::string(to_string(s.last_evaluation->satisfaction))) : json();
  f["appeal"] = std::string(to_string(s.appeal));
  f["supervisions"] = s.supervisions.size();
  json triggers = json::array();
  for (const auto& r : s.supervisions)
    triggers.push_back(std::string(to_string(r.supervision.trigger)));
  f["supervision_triggers"] = triggers;
  f["missed"] = stages(s.missed);
  f["warned"] = stages(s.warned);
  f["reply_late"] = s.last_reply ? json(s.last_reply->late) : json();
  json missing = json::array();
  if (s.last_reply) {
    for (auto e : s.last_reply->missing) missing.push_back(std::string(to_string(e)));
  }
  f["reply_missing"] = missing;
  f["version"] = s.version;
  return f;
}

json facts_of(const RequestState& s) {
  json f;
  f["status"] = std::string(to_string(s.status));
  f["dispatch_due"] = s.dispatch_due ? json(format_iso8601(s.dispatch_due->due)) : json();
  f["dispatched_late"] = s.dispatched_late;
  f["work_orders"] = s.orders.size();
  f["triage"] = s.triage ? json(std::string(to_string(s.triage->outcome))) : json();
  f["version"] = s.version;
  return f;
}

void compare(const json& expect, const json& facts, const std::string& where,
             std::vector<std::string>& failures) {
  if (!expect.is_object()) {
    failures.push_back(where + ": a check expects an object of facts");
    return;
  }
  for (const auto& [key, want] : expect.items()) {
    if (!facts.contains(key)) {
      failures.push_back(std::string(where).append(": no fact '").append(key).append("' to check"));
      continue;
    }
    if (facts[key] != want) {
      failures.push_back(std::string(where)
                             .append(": ")
                             .append(key)
                             .append(" is ")
                             .append(facts[key].dump())
                             .append(", expected ")
                             .append(want.dump()));
    }
  }
}

// Checks an action's outcome against "expect": null/"ok", {"refused": rule,
// "article": a}, or {"error": code, "field": f}.
void check_outcome(const ScenarioStep& step, const Result<CommandOutcome>& outcome,
                   const std::string& where, std::vector<std::string>& failures) {
  const json& e = step.expect;
  if (e.is_null() || e == "ok") {
    if (!outcome) failures.push_back(where + ": expected ok, got " + outcome.error().describe());
    return;
  }
  if (!e.is_object()) {
    failures.push_back(where + ": expect must be \"ok\" or an object");
    return;
  }
  if (outcome) {
    failures.push_back(where + ": expected a refusal or error " + e.dump() + ", but it succeeded");
    return;
  }
  const Error& err = outcome.error();
  // A refusal by a rule (kRefused) or by the permission table (kForbidden, SEC-2).
  const bool refused = err.code == ErrorCode::kRefused || err.code == ErrorCode::kForbidden;
  if (e.contains("refused") && (!refused || err.rule != e["refused"])) {
    failures.push_back(where + ": expected refusal by " + e["refused"].dump() + ", got " +
                       std::string(to_string(err.code)) + " " + err.rule + ": " + err.message);
  }
  if (e.contains("article") && err.article != e["article"]) {
    failures.push_back(where + ": expected article " + e["article"].dump() + ", got '" +
                       err.article + "'");
  }
  if (e.contains("error") && to_string(err.code) != e["error"]) {
    failures.push_back(where + ": expected error " + e["error"].dump() + ", got " +
                       std::string(to_string(err.code)) + ": " + err.message);
  }
  if (e.contains("field") && err.field != e["field"]) {
    failures.push_back(where + ": expected field " + e["field"].dump() + ", got '" + err.field +
                       "'");
  }
}

}  // namespace

Result<ScenarioReport> run_scenario(const std::vector<ScenarioStep>& steps, WorkOrders& work_orders,
                                    FakeClock& clock, std::string_view file_name) {
  ScenarioReport report;
  // Checks and the report read as the system, which sees everything.
  const Caller system{Actor::system(), "scenario", ""};
  std::map<std::string, std::string> refs;
  std::vector<std::string> requests;
  json refusals = json::array();
  for (const auto& step : steps) {
    const std::string where = std::string(file_name) + ":" + std::to_string(step.line);
    if (step.at) {
      if (*step.at < clock.now()) {
        return fail(Error::invalid(where, "time goes backwards", "时间不能倒退"));
      }
      clock.set(*step.at);
    }
    auto target = resolve(step.target, refs);
    if (!target) return fail(Error::invalid(where, target.error().message, "引用无效"));
    if (step.action == "check") {
      auto wo = target->find('-') != std::string::npos
                    ? work_orders.work_order(system, *target)
                    : Result<WorkOrderState>(fail(Error::not_found("")));
      if (wo) {
        compare(step.expect, facts_of(*wo), where, report.failures);
        continue;
      }
      auto rq = work_orders.request(system, *target);
      if (!rq) {
        report.failures.push_back(where + ": nothing to check: " + rq.error().message);
        continue;
      }
      compare(step.expect, facts_of(rq->state), where, report.failures);
      continue;
    }
    auto actor = parse_actor(step.by.empty() ? default_actor(step.action) : step.by);
    if (!actor) return fail(Error::invalid(where, actor.error().message, "操作人无效"));
    auto args = resolve_all(step.args, refs);
    if (!args) return fail(Error::invalid(where, args.error().message, "引用无效"));
    // The same use case as every other door: role check, audit, the engine
    // with all its hooks.
    const Caller caller{*actor, "scenario", ""};
    const Invocation call{step.action, *target, step.reason, step.expected_version, *args};
    auto outcome = work_orders.execute(caller, call);
    if (outcome && step.action == "register") {
      const std::string number = std::get<RequestState>(*outcome).number;
      requests.push_back(number);
      if (!step.ref.empty()) refs[step.ref] = number;
    }
    if (!outcome) {
      const Error& e = outcome.error();
      refusals.push_back({{"line", step.line},
                          {"action", step.action},
                          {"on", *target},
                          {"at", format_iso8601(clock.now())},
                          {"code", std::string(to_string(e.code))},
                          {"rule", e.rule},
                          {"article", e.article},
                          {"field", e.field},
                          {"message", e.message},
                          {"message_zh", e.message_zh}});
    }
    check_outcome(step, outcome, where, report.failures);
  }
  json out;
  out["scenario"] = std::string(file_name);
  out["steps"] = steps.size();
  out["clock"] = format_iso8601(clock.now());
  out["requests"] = json::array();
  out["work_orders"] = json::array();
  out["supervisions"] = json::array();
  for (const auto& number : requests) {
    auto rq = work_orders.request(system, number);
    if (!rq) return fail(rq.error());
    out["requests"].push_back(request_to_json(rq->state));
    for (const auto& order : rq->state.orders) {
      auto wo = work_orders.work_order(system, order.work_order);
      if (!wo) return fail(wo.error());
      out["work_orders"].push_back(work_order_to_json(*wo));
      for (const auto& s : wo->supervisions) {
        out["supervisions"].push_back(
            {{"work_order", wo->id},
             {"trigger", std::string(to_string(s.supervision.trigger))},
             {"trigger_zh", std::string(to_chinese(s.supervision.trigger))},
             {"method", std::string(to_string(s.supervision.method))},
             {"automatic", s.supervision.automatic},
             {"at", format_iso8601(s.at)},
             {"article", s.article},
             {"reason", s.reason}});
      }
    }
  }
  out["refusals"] = refusals;
  out["failures"] = report.failures;
  report.output = std::move(out);
  return report;
}

}  // namespace hotline
