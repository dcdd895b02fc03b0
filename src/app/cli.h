#pragma once
// The `hotline` command line: each command is a function from its parsed
// options to an exit code (0 ok, 1 refused or failed checks, 2 bad input).

#include <optional>
#include <string>
#include <vector>

#include "app/composition_root.h"
#include "app/platform.h"

namespace CLI {
class App;
}

namespace hotline::cli {

struct GlobalOptions {
  std::string data_dir;
  std::string db = "var/hotline.db";
  std::string state_dir = "var";  // with a PostgreSQL --db (PlatformOptions::state_dir)
  std::string policies_dir;
  std::string now;  // ISO-8601: run on a fake clock
  bool calendar_fallback = false;
};

struct DeadlineOptions {
  std::string policy = "tianjin";
  std::string stage;
  std::string type;
  std::string urgency = "general";
  std::string label;
  std::string channel = "phone";
  std::string from;
  bool explain = false;
};

struct ActionOptions {
  std::string action;
  std::string target;
  std::string as;
  std::string reason;
  std::string args;  // JSON text, or @file
  std::optional<std::int64_t> expected_version;
};

struct ListOptions {
  std::string as = "supervisor";
  std::string unit;
  std::string status;
  bool overdue = false;
  std::size_t limit = 100;
};

int init(const GlobalOptions& g, bool force);
int deadline(const GlobalOptions& g, const DeadlineOptions& o);
int simulate(const GlobalOptions& g, const std::string& file, const std::string& keep_db);
int action(const GlobalOptions& g, const ActionOptions& o);
int show(const GlobalOptions& g, const std::string& id, const std::string& as);
int list(const GlobalOptions& g, const ListOptions& o);

// Feature command groups: each adds its subcommands to `app`; a chosen
// subcommand's callback runs it and stores its exit code in `exit_code`.
void add_serve_commands(CLI::App& app, const GlobalOptions& g, int& exit_code);      // issue 3
void add_security_commands(CLI::App& app, const GlobalOptions& g, int& exit_code);   // issue 3
void add_knowledge_commands(CLI::App& app, const GlobalOptions& g, int& exit_code);  // issue 5
void add_model_commands(CLI::App& app, const GlobalOptions& g, int& exit_code);      // issue 4
void add_triage_commands(CLI::App& app, const GlobalOptions& g, int& exit_code);     // issue 4
void add_report_commands(CLI::App& app, const GlobalOptions& g, int& exit_code);     // issue 12
void add_calendar_commands(CLI::App& app, const GlobalOptions& g, int& exit_code);   // issue 9.13
void add_interconnect_commands(CLI::App& app, const GlobalOptions& g,
                               int& exit_code);  // issue 13: ICN-3, INT-7
void add_reindex_commands(CLI::App& app, const GlobalOptions& g, int& exit_code);  // issue 9
void add_backup_commands(CLI::App& app, const GlobalOptions& g, int& exit_code);   // issue 14
// `hotline reindex knowledge` (and its alias `hotline kb reindex`): the
// knowledge base's search index rebuilt from its articles.
int reindex_knowledge(const GlobalOptions& g);
// issue 12: ANA-3, ANA-6 (after the model and triage commands, which it extends).
void add_governance_commands(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_assessment_commands(CLI::App& app, const GlobalOptions& g,
                             int& exit_code);  // issue 12: EVA-2

// Shared helpers.
PlatformOptions platform_options(const GlobalOptions& g);
// The policy profiles alone, for commands that work on files without a database.
Result<PolicySet> load_policies(const GlobalOptions& g);
// The composition root for a command: the whole platform on the database of
// `g`, on a fake clock when --now is given.
Result<std::unique_ptr<CompositionRoot>> open_root(const GlobalOptions& g,
                                                   const std::string& model = {});
int report_error(const Error& e);
// The person at the command line, as the audit log records them:
// "cli:$USER" of the office, with `role` (the administrator by default).
Actor cli_actor(Role role = Role::kAdministrator);
// An operation's call from the command line: `actor` (none: anonymous, as
// an applicant's search), from "cli" (what the audit log records as where
// it came from).
OperationCall cli_call(std::optional<Actor> actor = cli_actor());

}  // namespace hotline::cli
