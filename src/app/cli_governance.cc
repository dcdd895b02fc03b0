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
// The command line acts for the office: figures as an analyst, changes of a
// special research as a supervisor named cli:$USER, each recorded in the
// record's history and the audit log (SEC-2).

#include <CLI/CLI.hpp>
#include <iostream>

#include "adapters/http/api_governance.h"
#include "adapters/json/json_reader.h"
#include "adapters/sqlite/sqlite_research_store.h"
#include "adapters/sqlite/sqlite_suggestion_store.h"
#include "adapters/toml/governance_settings_file.h"
#include "app/cli.h"
#include "app/composition_root.h"
#include "core/analysis/model_accuracy_service.h"
#include "core/security/privacy_guard.h"

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

Result<analysis::Period> period_of(const GovernanceOptions& o) {
  if (!o.month.empty()) return analysis::month_period(o.month);
  if (o.from.empty() || o.to.empty()) {
    return fail(Error::invalid("--from", "give --month, or --from and --to",
                               "请提供 --month，或 --from 与 --to"));
  }
  return analysis::make_period(o.from, o.to);
}

Result<GovernanceSettings> settings_of(const GlobalOptions& g) {
  return load_governance_settings(std::filesystem::path(g.data_dir) / "triage" / "settings.toml");
}

int print(const json& j) {
  std::cout << j.dump(2) << "\n";
  return 0;
}

int model_figures(const GlobalOptions& g, const GovernanceOptions& o, bool drift) {
  auto period = period_of(o);
  if (!period) return report_error(period.error());
  auto by = analysis::parse_granularity(o.by);
  if (!by) return report_error(Error::invalid("--by", "allowed: week, month", "可选：week、month"));
  auto settings = settings_of(g);
  if (!settings) return report_error(settings.error());
  auto root = open_root(g, "");
  if (!root) return report_error(root.error());
  analysis::ModelAccuracyService service((*root)->suggestions(), settings->drift, (*root)->clock());
  const Actor office = cli_actor(Role::kAnalyst);
  if (!drift) {
    auto figures = service.accuracy(office, *period, *by);
    if (!figures) return report_error(figures.error());
    json out = json::array();
    for (const auto& f : *figures) {
      out.push_back(
          {{"bucket", f.bucket},
           {"model", f.model},
           {"suggestions", f.suggestions},
           {"category_decided", f.category_decided},
           {"category_correct", f.category_correct},
           {"category_accuracy", f.category_accuracy() ? json(*f.category_accuracy()) : json()},
           {"unit_decided", f.unit_decided},
           {"unit_correct", f.unit_correct},
           {"unit_accuracy", f.unit_accuracy() ? json(*f.unit_accuracy()) : json()}});
    }
    return print({{"from", format_date(period->from)},
                  {"to", format_date(period->to)},
                  {"by", o.by},
                  {"figures", out}});
  }
  if (o.check) {
    auto raised = service.check_drift();
    if (!raised) return report_error(raised.error());
    std::cerr << raised->size() << " new drift warning(s)\n";
  }
  auto list = service.drift_warnings(office, *period);
  if (!list) return report_error(list.error());
  json out = json::array();
  for (const auto& w : *list) out.push_back(http::drift_warning_to_json(w));
  return print({{"warnings", out}});
}

int recurring(const GlobalOptions& g) {
  auto settings = settings_of(g);
  if (!settings) return report_error(settings.error());
  auto root = open_root(g, "");
  if (!root) return report_error(root.error());
  json out = json::array();
  for (const auto& c :
       (*root)->triage().recurring_clusters((*root)->clock().now(), settings->recurring)) {
    json months = json::array();
    for (const auto& m : c.months) months.push_back({{"month", m.month}, {"requests", m.requests}});
    out.push_back({{"cluster", c.cluster},
                   {"requests", c.requests},
                   {"applicants", c.applicants},
                   {"district", c.district},
                   {"category", c.category},
                   {"months", months}});
  }
  return print({{"months", settings->recurring.months},
                {"min_months", settings->recurring.min_months},
                {"article", settings->recurring.article},
                {"clusters", out}});
}

int research(const GlobalOptions& g, const GovernanceOptions& o, const std::string& verb) {
  auto root = open_root(g, "");
  if (!root) return report_error(root.error());
  CompositionRoot& r = **root;
  auto store = SqliteResearchStore::open(g.db);
  if (!store) return report_error(store.error());
  const Clock& clock = r.clock();
  triage::TriageService& triage = r.triage();
  analysis::SpecialResearchService service(**store, r.organisation(), clock,
                                           [&triage, &clock](const std::string& n) {
                                             return triage.cluster(n, clock.now()).has_value();
                                           });
  const Actor actor = cli_actor(Role::kSupervisor);
  Result<analysis::SpecialResearch> done = fail(Error::internal("no command"));
  if (verb == "list") {
    std::optional<analysis::ResearchStatus> status;
    if (!o.status.empty()) {
      status = analysis::parse_research_status(o.status);
      if (!status) {
        return report_error(
            Error::invalid("--status", "allowed: open, closed", "可选：open、closed"));
      }
    }
    auto items = service.list(actor, status);
    if (!items) return report_error(items.error());
    json out = json::array();
    for (const auto& x : *items) out.push_back(http::special_research_to_json(x, clock.now()));
    return print({{"items", out}});
  }
  if (verb == "show") {
    done = service.get(actor, o.id);
  } else if (verb == "open") {
    auto text = o.args;
    auto parsed = parse_json_object(text);
    if (!parsed) return report_error(parsed.error());
    JsonReader reader(*parsed, "");
    analysis::OpenResearch in;
    in.title = reader.string("title", true);
    in.problem = reader.string("problem", true);
    in.clusters = reader.strings("clusters");
    in.units = reader.strings("units");
    if (auto st = reader.finish(); !st) return report_error(st.error());
    done = service.open(actor, in, o.reason);
  } else if (verb == "decide") {
    done = service.decide(actor, o.id, o.text, o.reason);
  } else if (verb == "follow-up") {
    auto due = parse_iso8601(o.due);
    if (!due)
      return report_error(Error::invalid("--due", due.error().message, "时间格式应为 ISO-8601"));
    done = service.add_follow_up(actor, o.id, {o.task, o.unit, *due}, o.reason);
  } else if (verb == "done") {
    done = service.complete_follow_up(actor, o.id, o.number, o.result);
  } else if (verb == "close") {
    done = service.close(actor, o.id, o.reason);
  }
  // SEC-2: every change is recorded, done or refused.
  if (verb != "show" && r.platform().privacy) {
    (void)r.platform().privacy->record_change(actor, "cli", "command:research-" + verb,
                                              done ? done->id : o.id, static_cast<bool>(done),
                                              done ? std::string() : done.error().describe());
  }
  if (!done) return report_error(done.error());
  return print(http::special_research_to_json(*done, clock.now()));
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
    accuracy->callback([&g, &exit_code, o] { exit_code = model_figures(g, *o, false); });
    auto* drift = model->add_subcommand("drift", "ANA-6: drift warnings of the models");
    period(drift);
    drift->add_flag("--check", o->check, "look for drift now and record new warnings");
    drift->callback([&g, &exit_code, o] { exit_code = model_figures(g, *o, true); });
  }
  if (CLI::App* clusters = app.get_subcommand("clusters")) {
    auto* rec = clusters->add_subcommand("recurring", "ANA-3: clusters that recur over months");
    rec->callback([&g, &exit_code] { exit_code = recurring(g); });
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
