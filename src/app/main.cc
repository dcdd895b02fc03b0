// hotline — the 12345 government service hotline platform.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <utility>  // before Boost.Asio's awaitable.hpp under GCC 12, when the server lands

#include "app/cli.h"
#include "application/command_table.h"

int main(int argc, char** argv) {
  using namespace hotline::cli;
  CLI::App app{"hotline — 12345 政务服务便民热线平台"};
  app.require_subcommand(1);
  GlobalOptions g;
  if (const char* env = std::getenv("HOTLINE_DATA_DIR")) g.data_dir = env;
  if (g.data_dir.empty()) g.data_dir = HOTLINE_DATA_DIR;
  if (const char* env = std::getenv("HOTLINE_DB")) g.db = env;
  app.add_option("--data", g.data_dir, "data directory (policies/, calendar/, demo/)");
  app.add_option("--db", g.db,
                 "SQLite database file, or a PostgreSQL URL postgresql://…[?schema=NAME]");
  if (const char* env = std::getenv("HOTLINE_STATE_DIR")) g.state_dir = env;
  app.add_option("--state-dir", g.state_dir,
                 "a PostgreSQL node's local files: data key, attachments, search index");
  app.add_option("--policies", g.policies_dir, "policy directory (default DATA/policies)");
  app.add_option("--now", g.now, "run on a fake clock starting at this ISO-8601 instant");
  app.add_flag("--calendar-fallback", g.calendar_fallback,
               "count weekends only past the calendar's known years (logged), instead of failing");

  bool force = false;
  auto* init_cmd = app.add_subcommand("init", "create a database with the demo organisation");
  init_cmd->add_flag("--force", force, "replace an existing database");

  DeadlineOptions d;
  auto* deadline_cmd = app.add_subcommand("deadline", "print the due instant of a stage");
  deadline_cmd->add_option("--policy", d.policy, "policy profile")->capture_default_str();
  deadline_cmd->add_option("--stage", d.stage, "dispatch|accept|return|handle")->required();
  deadline_cmd
      ->add_option("--type", d.type, "inquiry|assistance|complaint|report|suggestion|praise")
      ->required();
  deadline_cmd->add_option("--urgency", d.urgency, "general|utilities|life-safety")
      ->capture_default_str();
  deadline_cmd->add_option("--label", d.label, "特急|紧急|急");
  deadline_cmd->add_option("--channel", d.channel, "intake channel")->capture_default_str();
  deadline_cmd->add_option("--from", d.from, "ISO-8601 instant the period counts from")->required();
  deadline_cmd->add_flag("--explain", d.explain, "print the rule and article");

  std::string scenario_file, keep_db;
  auto* simulate_cmd = app.add_subcommand("simulate", "replay a scenario on a fake clock");
  simulate_cmd->add_option("file", scenario_file, "scenario file (JSON lines)")->required();
  simulate_cmd->add_option("--keep-db", keep_db,
                           "write the store here instead of a temporary file");

  std::string show_id, show_as = "supervisor";
  auto* show_cmd = app.add_subcommand("show", "print a request or work order with its history");
  show_cmd->add_option("id", show_id, "request number or work order id")->required();
  show_cmd->add_option("--as", show_as, "reader: role@unit#id (personal data masked per role)")
      ->capture_default_str();

  ListOptions l;
  auto* list_cmd = app.add_subcommand("list", "list work orders");
  list_cmd->add_option("--as", l.as, "reader: role@unit#id")->capture_default_str();
  list_cmd->add_option("--unit", l.unit, "lead, handling or assisting unit");
  list_cmd->add_option("--status", l.status, "work order status");
  list_cmd->add_flag("--overdue", l.overdue, "only overdue work orders");
  list_cmd->add_option("--limit", l.limit, "at most this many");

  // One subcommand per command of the table (application/command_table.h),
  // with the short alias the command declares.
  ActionOptions a;
  std::vector<std::pair<CLI::App*, std::string>> action_cmds;
  for (const auto& entry : hotline::command_table()) {
    const auto& spec = entry.spec;
    auto* cmd = app.add_subcommand(std::string(spec.name), std::string(spec.summary));
    if (!spec.alias.empty()) cmd->alias(std::string(spec.alias));
    if (spec.subject != hotline::Subject::kNone) {
      cmd->add_option("target", a.target, "request number or work order id")->required();
    }
    cmd->add_option("--as", a.as,
                    "actor: role@unit#id, e.g. unit-staff@district.heping (default " +
                        std::string(spec.default_actor) + ")");
    cmd->add_option("--reason", a.reason, "why (recorded on the event)");
    cmd->add_option("--args", a.args, "arguments as JSON, or @file");
    cmd->add_option("--expected-version", a.expected_version, "fail if the version differs");
    action_cmds.emplace_back(cmd, std::string(spec.name));
  }

  int feature_exit = -1;
  add_serve_commands(app, g, feature_exit);
  add_security_commands(app, g, feature_exit);
  add_knowledge_commands(app, g, feature_exit);
  add_model_commands(app, g, feature_exit);
  add_triage_commands(app, g, feature_exit);
  add_report_commands(app, g, feature_exit);
  add_interconnect_commands(app, g, feature_exit);
  add_calendar_commands(app, g, feature_exit);
  add_reindex_commands(app, g, feature_exit);
  add_backup_commands(app, g, feature_exit);
  add_governance_commands(app, g, feature_exit);
  add_assessment_commands(app, g, feature_exit);

  CLI11_PARSE(app, argc, argv);
  if (feature_exit >= 0) return feature_exit;

  if (init_cmd->parsed()) return init(g, force);
  if (deadline_cmd->parsed()) return deadline(g, d);
  if (simulate_cmd->parsed()) return simulate(g, scenario_file, keep_db);
  if (show_cmd->parsed()) return show(g, show_id, show_as);
  if (list_cmd->parsed()) return list(g, l);
  for (const auto& [cmd, name] : action_cmds) {
    if (cmd->parsed()) {
      a.action = name;
      return action(g, a);
    }
  }
  return 2;
}
