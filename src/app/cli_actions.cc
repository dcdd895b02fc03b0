#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "adapters/json/engine_commands.h"
#include "adapters/json/event_json.h"
#include "adapters/json/json_reader.h"
#include "app/cli.h"

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
  auto root = open_root(g);
  if (!root) return report_error(root.error());
  auto actor = parse_actor(o.as.empty() ? (o.action == "sweep" ? "system" : "agent") : o.as);
  if (!actor) return report_error(actor.error());
  auto args = read_args(o.args);
  if (!args) return report_error(args.error());
  const CommandContext ctx{*actor, o.reason, o.expected_version};
  auto result = run_command((*root)->engine(), o.action, o.target, ctx, *args);
  if (!result) return report_error(result.error());
  std::cout << result->dump(2) << "\n";
  return 0;
}

// `hotline show` reads personal data like any other door (SEC-1, SEC-2;
// issue 9, item 7): through the privacy guard, with an audit entry written
// before anything is printed. The reader is the command line's operator,
// with the office's full view; the audit entry names them.
Actor command_line_operator() {
  const char* user = std::getenv("USER");
  return Actor{"cli:" + std::string(user != nullptr && *user != '\0' ? user : "operator"),
               Role::kSupervisor, "office"};
}

int show(const GlobalOptions& g, const std::string& id) {
  auto root = open_root(g);
  if (!root) return report_error(root.error());
  Engine& engine = (*root)->engine();
  PrivacyGuard& guard = *(*root)->platform().privacy;
  const Actor reader = command_line_operator();
  auto history = engine.history(id);
  if (!history) return report_error(history.error());
  auto readable = guard.read_events(reader, "cli", id, *history);
  if (!readable) return report_error(readable.error());
  nlohmann::json out;
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : *readable) events.push_back(event_to_json(e));
  if (id.find('-') == std::string::npos) {
    auto request = engine.request(id);
    if (!request) return report_error(request.error());
    auto details = guard.read_request(reader, "cli", id, request->details);
    if (!details) return report_error(details.error());
    out["request"] = request_to_json(*request);
    out["request"]["details"] = request_details_to_json(*details);
    out["work_orders"] = nlohmann::json::array();
    for (const auto& order : request->orders) {
      auto wo = engine.work_order(order.work_order);
      if (!wo) return report_error(wo.error());
      out["work_orders"].push_back(work_order_to_json(*wo));
    }
  } else {
    auto wo = engine.work_order(id);
    if (!wo) return report_error(wo.error());
    out["work_order"] = work_order_to_json(*wo);
  }
  out["history"] = events;
  std::cout << out.dump(2) << "\n";
  return 0;
}

int list(const GlobalOptions& g, const ListOptions& o) {
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
  auto rows = (*root)->platform().store->list_work_orders(filter);
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
