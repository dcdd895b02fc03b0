// The command line of ANA-3 and ANA-6 (docs/analysis.md):
//
//   hotline model accuracy (--from D --to D | --month M) [--by week|month]   ANA-6
//   hotline model drift (--from D --to D | --month M) [--check]              ANA-6
//   hotline clusters recurring                                               ANA-3
//   hotline research open --args '{"title","problem","clusters","units"}' --reason WHY
//   hotline research list [--status open|closed]
//   hotline research show --id SR-000001
//   hotline research decide --id ID --text TEXT --reason WHY
//   hotline research follow-up --id ID --task T --unit U --due ISO --reason WHY
//   hotline research done --id ID --number N --result TEXT
//   hotline research close --id ID --reason WHY
//
// Each runs an operation of the Governance use case (application/
// governance.h) as the administrator named cli:$USER, with the answer of the
// server's route; a special research's change is recorded in the record's
// history and, in the same transaction, in the audit log (SEC-2).

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "adapters/json/json_reader.h"
#include "app/cli.h"
#include "app/composition_root.h"

namespace hotline::cli {
namespace {

using nlohmann::json;

struct GovernanceOptions {
  std::string from, to, month;
  std::string by = "month";
  bool check = false;
  std::string args, reason, id, text, task, unit, due, result, status;
  int number = 0;
};

// Runs an operation of the Governance use case (`call` from cli_call()):
// the checks, the audit entry (with a special
// research's change, in its transaction) and the answer of the server's
// routes.
int run_operation(const GlobalOptions& g, std::string_view name, const OperationCall& call,
                  bool check_drift = false) {
  auto root = open_root(g, "");
  if (!root) return report_error(root.error());
  if (check_drift) {
    auto services = (*root)->governance();
    if (!services) return report_error(services.error());
    auto raised = (*services)->models->check_drift();
    if (!raised) return report_error(raised.error());
    std::cerr << raised->size() << " new drift warning(s)\n";
  }
  auto governance = (*root)->governance_use_case();
  if (!governance) return report_error(governance.error());
  auto answer = (*governance)->execute(name, call);
  if (!answer) return report_error(answer.error());
  std::cout << answer->dump(2) << "\n";
  return 0;
}

OperationCall period_call(const GovernanceOptions& o) {
  OperationCall call = cli_call();
  if (!o.month.empty()) call.query.emplace("month", o.month);
  if (!o.from.empty()) call.query.emplace("from", o.from);
  if (!o.to.empty()) call.query.emplace("to", o.to);
  return call;
}

int research(const GlobalOptions& g, const GovernanceOptions& o, const std::string& verb) {
  OperationCall call = cli_call();
  if (!o.id.empty()) call.path["id"] = o.id;
  if (verb == "list") {
    if (!o.status.empty()) call.query.emplace("status", o.status);
  } else if (verb == "open") {
    auto args = parse_json_object(o.args);
    if (!args) return report_error(args.error());
    call.body = std::move(*args);
    call.body["reason"] = o.reason;
  } else if (verb == "decide") {
    call.body = {{"text", o.text}, {"reason", o.reason}};
  } else if (verb == "follow-up") {
    call.body = {{"task", o.task}, {"unit", o.unit}, {"due", o.due}, {"reason", o.reason}};
  } else if (verb == "done") {
    call.path["number"] = std::to_string(o.number);
    call.body = {{"result", o.result}};
  } else if (verb == "close") {
    call.body = {{"reason", o.reason}};
  }
  return run_operation(g, "research-" + verb, call);
}

}  // namespace

void add_governance_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto o = std::make_shared<GovernanceOptions>();
  auto period = [o](CLI::App* cmd) {
    cmd->add_option("--from", o->from, "first day YYYY-MM-DD");
    cmd->add_option("--to", o->to, "last day YYYY-MM-DD");
    cmd->add_option("--month", o->month, "YYYY-MM instead of --from/--to");
  };
  if (CLI::App* model = app.get_subcommand("model")) {
    auto* accuracy = model->add_subcommand(
        "accuracy", "ANA-6: suggestions' accuracy against the office's decisions");
    period(accuracy);
    accuracy->add_option("--by", o->by, "week or month")->capture_default_str();
    accuracy->callback([&g, &exit_code, o] {
      OperationCall call = period_call(*o);
      call.query.emplace("by", o->by);
      exit_code = run_operation(g, "model-accuracy", call);
    });
    auto* drift = model->add_subcommand("drift", "ANA-6: drift warnings of the models");
    period(drift);
    drift->add_flag("--check", o->check, "look for drift now and record new warnings");
    drift->callback([&g, &exit_code, o] {
      exit_code = run_operation(g, "model-drift", period_call(*o), o->check);
    });
  }
  if (CLI::App* clusters = app.get_subcommand("clusters")) {
    auto* rec = clusters->add_subcommand("recurring", "ANA-3: clusters that recur over months");
    rec->callback(
        [&g, &exit_code] { exit_code = run_operation(g, "recurring-clusters", cli_call()); });
  }
  auto* research_cmd =
      app.add_subcommand("research", "ANA-3: special research on long-lasting problems");
  research_cmd->require_subcommand(1);
  auto verb = [&, o](const char* name, const char* what) {
    auto* cmd = research_cmd->add_subcommand(name, what);
    cmd->callback([&g, &exit_code, o, name] { exit_code = research(g, *o, name); });
    return cmd;
  };
  auto* open = verb("open", "open a special research");
  open->add_option("--args", o->args, "JSON: title, problem, clusters, units")->required();
  open->add_option("--reason", o->reason, "why")->required();
  verb("list", "list special research")->add_option("--status", o->status, "open or closed");
  verb("show", "one special research")->add_option("--id", o->id)->required();
  auto* decide = verb("decide", "record a decision");
  decide->add_option("--id", o->id)->required();
  decide->add_option("--text", o->text, "the decision")->required();
  decide->add_option("--reason", o->reason, "why")->required();
  auto* follow = verb("follow-up", "assign a follow-up item");
  follow->add_option("--id", o->id)->required();
  follow->add_option("--task", o->task)->required();
  follow->add_option("--unit", o->unit)->required();
  follow->add_option("--due", o->due, "ISO-8601 deadline")->required();
  follow->add_option("--reason", o->reason, "why")->required();
  auto* finished = verb("done", "report a follow-up item done");
  finished->add_option("--id", o->id)->required();
  finished->add_option("--number", o->number)->required();
  finished->add_option("--result", o->result, "what was done")->required();
  auto* close = verb("close", "close a special research");
  close->add_option("--id", o->id)->required();
  close->add_option("--reason", o->reason, "why")->required();
}

}  // namespace hotline::cli
