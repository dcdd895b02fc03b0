#include "application/command_table.h"

#include <type_traits>

#include "adapters/json/event_json.h"
#include "application/json_schema.h"

namespace hotline {
namespace {

using json = nlohmann::json;

template <typename Answer>
json answer_schema_of() {
  if constexpr (std::is_same_v<Answer, RequestState>) {
    return schema::ref("Request");
  } else if constexpr (std::is_same_v<Answer, WorkOrderState>) {
    return schema::ref("WorkOrder");
  } else if constexpr (std::is_same_v<Answer, std::vector<WorkOrderState>>) {
    return schema::array_of(schema::ref("WorkOrder"), "the new work orders");
  } else {
    static_assert(std::is_same_v<Answer, SweepReport>);
    return schema::ref("SweepReport");
  }
}

template <typename C>
CommandEntry entry_of() {
  using Answer =
      typename std::invoke_result_t<decltype(&C::run), C&&, Engine&, const CommandContext&,
                                    const std::string&>::value_type;
  return CommandEntry{C::kSpec, &C::schema, &answer_schema_of<Answer>,
                      [](const json& args) -> Result<WorkOrderCommand> {
                        auto c = C::from_json(args.is_null() ? json::object() : args);
                        if (!c) return fail(c.error());
                        return WorkOrderCommand{std::move(*c)};
                      }};
}

template <typename... C>
std::vector<CommandEntry> table_of(std::type_identity<std::variant<C...>>) {
  return {entry_of<C>()...};
}

}  // namespace

const std::vector<CommandEntry>& command_table() {
  static const std::vector<CommandEntry> kTable = table_of(std::type_identity<WorkOrderCommand>{});
  return kTable;
}

const CommandEntry* find_command(std::string_view name) {
  for (const auto& e : command_table()) {
    if (e.spec.name == name) return &e;
  }
  return nullptr;
}

const std::vector<std::string_view>& command_names() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const auto& e : command_table()) names.push_back(e.spec.name);
    return names;
  }();
  return kNames;
}

Error unknown_command(std::string_view name) {
  std::string known;
  for (auto n : command_names()) known += (known.empty() ? "" : ", ") + std::string(n);
  return Error::invalid("action", "unknown action '" + std::string(name) + "'; one of: " + known,
                        "未知操作");
}

Result<CommandOutcome> run_command(Engine& engine, const CommandContext& ctx,
                                   const std::string& target, WorkOrderCommand command) {
  return std::visit(
      [&](auto&& c) -> Result<CommandOutcome> {
        auto r = std::move(c).run(engine, ctx, target);
        if (!r) return fail(r.error());
        return CommandOutcome{std::move(*r)};
      },
      std::move(command));
}

json outcome_to_json(const CommandOutcome& outcome) {
  return std::visit(
      [](const auto& o) -> json {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, RequestState>) {
          return request_to_json(o);
        } else if constexpr (std::is_same_v<T, WorkOrderState>) {
          return work_order_to_json(o);
        } else if constexpr (std::is_same_v<T, std::vector<WorkOrderState>>) {
          json out = json::array();
          for (const auto& wo : o) out.push_back(work_order_to_json(wo));
          return out;
        } else {
          return json{{"examined", o.examined},
                      {"warnings", o.warnings},
                      {"missed", o.missed},
                      {"supervisions", o.supervisions},
                      {"conflicts", o.conflicts}};
        }
      },
      outcome);
}

Result<nlohmann::json> run_command(Engine& engine, std::string_view action,
                                   const std::string& target, const CommandContext& ctx,
                                   const nlohmann::json& args) {
  const CommandEntry* entry = find_command(action);
  if (!entry) return fail(unknown_command(action));
  auto command = entry->parse(args);
  if (!command) return fail(command.error());
  auto outcome = run_command(engine, ctx, target, std::move(*command));
  if (!outcome) return fail(outcome.error());
  return outcome_to_json(*outcome);
}

Result<Actor> parse_actor(std::string_view text) {
  Actor actor;
  std::string_view rest = text;
  if (auto hash = rest.find('#'); hash != std::string_view::npos) {
    actor.id = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  std::string_view role = rest;
  actor.unit = "office";
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    role = rest.substr(0, at);
    actor.unit = std::string(rest.substr(at + 1));
  }
  auto r = parse_role(role);
  if (!r) {
    return fail(Error::invalid("actor",
                               "unknown role '" + std::string(role) +
                                   "'; write role@unit#id, e.g. unit-staff@district.heping",
                               "角色无效"));
  }
  actor.role = *r;
  if (actor.id.empty()) actor.id = std::string(role) + "@" + actor.unit;
  return actor;
}

}  // namespace hotline
