#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "adapters/json/event_json.h"
#include "adapters/json/json_reader.h"
#include "app/cli.h"
#include "application/command_table.h"

namespace hotline::cli {
namespace {

Result<nlohmann::json> read_args(const std::string& text) {
  if (text.empty()) return nlohmann::json::object();
  std::string body = text;
  if (text[0] == '@') {
    std::ifstream in(text.substr(1), std::ios::binary);
    if (!in) return fail(Error::invalid("--args", "cannot read " + text.substr(1), "无法读取文件"));
    std::stringstream s;
    s << in.rdbuf();
    body = s.str();
  }
  auto json = parse_json(body);
  if (!json) return fail(Error::invalid("--args", json.error().message, "参数不是有效的 JSON"));
  return json;
}

}  // namespace

int action(const GlobalOptions& g, const ActionOptions& o) {
  const CommandEntry* entry = find_command(o.action);
  if (!entry) return report_error(unknown_command(o.action));
  auto actor = parse_actor(o.as.empty() ? entry->spec.default_actor : o.as);
  if (!actor) return report_error(actor.error());
  auto args = read_args(o.args);
  if (!args) return report_error(args.error());
  auto root = open_root(g);
  if (!root) return report_error(root.error());
  const Caller caller{*actor, "cli", ""};
  Invocation call{entry->spec.name, o.target, o.reason, o.expected_version, std::move(*args)};
  WorkOrders& work_orders = (*root)->work_orders();
  auto outcome = work_orders.execute(caller, call);
  if (!outcome) return report_error(outcome.error());
  std::cout << work_orders.answer(caller, *outcome).dump(2) << "\n";
  return 0;
}

// `hotline show` reads personal data like any other door (SEC-1, SEC-2;
// issue 9, item 7): through the WorkOrders use case, so the privacy guard
// masks per role and audits the read before anything is printed. Without
// `#id` the audit entry names the command line's operator (cli:$USER).
int show(const GlobalOptions& g, const std::string& id, const std::string& as) {
  auto actor = parse_actor(as);
  if (!actor) return report_error(actor.error());
  if (as.find('#') == std::string::npos) {
    const char* user = std::getenv("USER");
    actor->id = "cli:" + std::string(user != nullptr && *user != '\0' ? user : "operator");
  }
  auto root = open_root(g);
  if (!root) return report_error(root.error());
  WorkOrders& work_orders = (*root)->work_orders();
  const Caller caller{*actor, "cli", ""};
  nlohmann::json out;
  Result<std::vector<Event>> history = fail(Error::not_found(id));
  if (id.find('-') == std::string::npos) {
    // Personal data through the privacy guard: masked per role, the read audited.
    auto request = work_orders.request(caller, id);
    if (!request) return report_error(request.error());
    out["request"] = request_to_json(request->state);
    out["request"]["details"] =
        request->details ? request_details_to_json(*request->details) : nlohmann::json();
    out["work_orders"] = nlohmann::json::array();
    for (const auto& order : request->state.orders) {
      auto wo = work_orders.work_order(caller, order.work_order);
      if (!wo) return report_error(wo.error());
      out["work_orders"].push_back(work_order_to_json(*wo));
    }
    history = work_orders.request_history(caller, id);
  } else {
    auto wo = work_orders.work_order(caller, id);
    if (!wo) return report_error(wo.error());
    out["work_order"] = work_order_to_json(*wo);
    history = work_orders.history(caller, id);
  }
  if (!history) return report_error(history.error());
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : *history) events.push_back(event_to_json(e));
  out["history"] = events;
  std::cout << out.dump(2) << "\n";
  return 0;
}

int list(const GlobalOptions& g, const ListOptions& o) {
  auto actor = parse_actor(o.as);
  if (!actor) return report_error(actor.error());
  auto root = open_root(g);
  if (!root) return report_error(root.error());
  WorkOrderFilter filter;
  if (!o.unit.empty()) filter.unit = o.unit;
  if (!o.status.empty()) {
    auto status = parse_work_order_status(o.status);
    if (!status)
      return report_error(Error::invalid("--status", "unknown status " + o.status, "状态无效"));
    filter.status = *status;
  }
  if (o.overdue) filter.overdue = true;
  filter.limit = o.limit;
  auto rows = (*root)->work_orders().list(Caller{*actor, "cli", ""}, filter);
  if (!rows) return report_error(rows.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : *rows) {
    out.push_back({{"id", r.id},
                   {"request", r.request},
                   {"status", std::string(to_string(r.status))},
                   {"status_zh", std::string(to_chinese(r.status))},
                   {"lead_unit", r.lead_unit},
                   {"handling_unit", r.handling_unit},
                   {"type", std::string(to_string(r.type))},
                   {"urgency", std::string(to_string(r.urgency))},
                   {"accept_due", r.accept_due ? nlohmann::json(format_iso8601(*r.accept_due))
                                               : nlohmann::json()},
                   {"handle_due", r.handle_due ? nlohmann::json(format_iso8601(*r.handle_due))
                                               : nlohmann::json()},
                   {"overdue", r.overdue},
                   {"supervised", r.supervised}});
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace hotline::cli
