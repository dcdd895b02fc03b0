// Commands of accounts, API keys, the data key and the audit log (issue 3):
//
//   hotline user add --username U --role R --unit UNIT [--name 王芳] [--password-stdin]
//   hotline user list
//   hotline user disable U
//   hotline user change U [--role R] [--unit UNIT] [--name 王芳] [--enable]
//   hotline user reset-password U [--password-stdin]      (ends its sessions)
//   hotline apikey create --name N --role api-client --unit UNIT   (prints the key once)
//   hotline audit verify [--anchor SEQ:HASH]...
//   hotline key generate --out FILE
//
// Every change made here is written to the audit log as the operating-system
// user at the command line (SEC-2). No secret is ever printed except the one
// API key at its creation.

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "adapters/sodium/data_key.h"
#include "adapters/sqlite/sqlite_security_store.h"
#include "app/cli.h"
#include "application/accounts.h"
#include "core/security/account_admin.h"

namespace hotline::cli {
namespace {

struct UserOptions {
  std::string username;
  std::string display_name;
  std::string role;
  std::string unit;
  bool password_stdin = false;
};

struct ChangeOptions {
  std::string username;
  std::string display_name;
  std::string role;
  std::string unit;
  bool enable = false;
};

struct ApiKeyOptions {
  std::string name;
  std::string role = "api-client";
  std::string unit;
};

// Reads a line without echo from the terminal.
std::optional<std::string> prompt_hidden(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  const bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios silent = old;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &silent);
  }
  std::string line;
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  if (!ok) return std::nullopt;
  return line;
}

Result<std::string> read_password(bool from_stdin) {
  if (from_stdin) {
    std::string line;
    if (!std::getline(std::cin, line)) {
      return fail(Error::invalid("--password-stdin", "no password on standard input",
                                 "标准输入中没有密码"));
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  if (isatty(STDIN_FILENO) == 0) {
    return fail(Error::invalid("--password-stdin", "not a terminal: pass the password on stdin",
                               "非终端：请用 --password-stdin 从标准输入传入密码"));
  }
  auto first = prompt_hidden("password: ");
  auto second = prompt_hidden("again: ");
  if (!first || !second || *first != *second) {
    return fail(Error::invalid("password", "the two entries differ", "两次输入的密码不一致"));
  }
  return *first;
}

Result<Account> find_user(SecurityStore& store, const std::string& username) {
  auto account = store.find_account_by_username(username);
  if (!account) return fail(account.error());
  if (!*account) return fail(Error::not_found("user " + username, "用户不存在"));
  return **account;
}

// Runs an account operation of the Accounts use case as the command-line
// administrator (remote "cli"), with the checks and the audit entry the
// server's routes have. `username` names the account; its id goes in the path.
// An empty `username`: an operation on no account yet (account-create).
Result<nlohmann::json> run_account_operation(const GlobalOptions& g, std::string_view name,
                                             const std::string& username, nlohmann::json body) {
  auto platform = open_platform(platform_options(g));
  if (!platform) return fail(platform.error());
  Platform& p = **platform;
  OperationCall call = cli_call();
  if (!username.empty()) {
    auto account = find_user(*p.security, username);
    if (!account) return fail(account.error());
    call.path["id"] = account->id;
  }
  call.body = std::move(body);
  return p.accounts->execute(name, call);
}

// Through the Accounts use case, as GET /api/v1/directory/accounts.
int user_list(const GlobalOptions& g) {
  auto listed =
      run_account_operation(g, account_ops::ListAccounts::kSpec.name, {}, nlohmann::json::object());
  if (!listed) return report_error(listed.error());
  for (const auto& a : (*listed)["items"]) {
    std::cout << a["username"].get<std::string>() << "\t" << a["display_name"].get<std::string>()
              << "\t" << a["role"].get<std::string>() << "\t" << a["unit"].get<std::string>()
              << "\t" << (a["active"].get<bool>() ? "active" : "disabled")
              << (a["api_client"].get<bool>() ? "\tapi-client" : "") << "\n";
  }
  return 0;
}

// Through the Accounts use case, as POST /api/v1/admin/accounts: the same
// checks and the audit entry "command:account-create".
int user_add(const GlobalOptions& g, const UserOptions& o) {
  nlohmann::json body = {{"username", o.username},
                         {"display_name", o.display_name.empty() ? o.username : o.display_name},
                         {"role", o.role},
                         {"unit", o.unit}};
  auto password = read_password(o.password_stdin);
  if (!password) return report_error(password.error());
  body["password"] = *password;
  std::fill(password->begin(), password->end(), '\0');
  auto created =
      run_account_operation(g, account_ops::CreateAccount::kSpec.name, {}, std::move(body));
  if (!created) return report_error(created.error());
  std::cout << "added " << (*created)["username"].get<std::string>() << " ("
            << (*created)["role"].get<std::string>() << ", "
            << (*created)["unit"].get<std::string>() << ")\n";
  return 0;
}

// Through the Accounts use case, as PUT /api/v1/admin/accounts/{id} with
// "active": false (its sessions end, its API keys are revoked).
int user_disable(const GlobalOptions& g, const std::string& username) {
  auto changed = run_account_operation(g, account_ops::ChangeAccount::kSpec.name, username,
                                       nlohmann::json{{"active", false}});
  if (!changed) return report_error(changed.error());
  std::cout << "disabled " << username << "; its sessions ended and API keys revoked\n";
  return 0;
}

int user_change(const GlobalOptions& g, const ChangeOptions& o) {
  nlohmann::json body = nlohmann::json::object();
  if (!o.role.empty()) body["role"] = o.role;
  if (!o.unit.empty()) body["unit"] = o.unit;
  if (!o.display_name.empty()) body["display_name"] = o.display_name;
  if (o.enable) body["active"] = true;
  auto changed =
      run_account_operation(g, account_ops::ChangeAccount::kSpec.name, o.username, std::move(body));
  if (!changed) return report_error(changed.error());
  std::cout << "changed " << (*changed)["username"].get<std::string>() << " ("
            << (*changed)["role"].get<std::string>() << ", "
            << (*changed)["unit"].get<std::string>()
            << ((*changed)["active"].get<bool>() ? "" : ", disabled") << ")\n";
  return 0;
}

int user_reset_password(const GlobalOptions& g, const std::string& username, bool from_stdin) {
  auto pw = read_password(from_stdin);
  if (!pw) return report_error(pw.error());
  nlohmann::json body = {{"password", *pw}};
  std::fill(pw->begin(), pw->end(), '\0');
  auto st =
      run_account_operation(g, account_ops::ResetPassword::kSpec.name, username, std::move(body));
  if (!st) return report_error(st.error());
  std::cout << "password of " << username << " reset; its sessions ended\n";
  return 0;
}

// Through the Accounts use case, as POST /api/v1/admin/api-keys: the key
// and its audit entry "command:apikey-create" commit together.
int apikey_create(const GlobalOptions& g, const ApiKeyOptions& o) {
  if (o.role != "api-client") {
    return report_error(
        Error::invalid("--role", "API keys are for role api-client", "接口密钥仅用于 api-client"));
  }
  auto created = run_account_operation(g, account_ops::CreateApiKey::kSpec.name, {},
                                       nlohmann::json{{"name", o.name}, {"unit", o.unit}});
  if (!created) return report_error(created.error());
  const auto& account = (*created)["account"];
  std::cerr << "API key " << (*created)["id"].get<std::string>() << " for "
            << account["username"].get<std::string>() << " (" << account["unit"].get<std::string>()
            << "). It is shown once; store it now:\n";
  std::cout << (*created)["key"].get<std::string>() << "\n";
  return 0;
}

Result<AuditAnchor> parse_anchor(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return fail(Error::invalid("--anchor", "expected SEQUENCE:HASH", "格式应为 序号:哈希"));
  }
  AuditAnchor a;
  try {
    a.sequence = std::stoll(text.substr(0, colon));
  } catch (const std::exception&) {
    return fail(Error::invalid("--anchor", "the sequence is not a number", "序号不是数字"));
  }
  a.hash = text.substr(colon + 1);
  return a;
}

int audit_verify(const GlobalOptions& g, const std::vector<std::string>& anchor_texts) {
  std::vector<AuditAnchor> anchors;
  for (const auto& t : anchor_texts) {
    auto a = parse_anchor(t);
    if (!a) return report_error(a.error());
    anchors.push_back(std::move(*a));
  }
  auto platform = open_platform(platform_options(g));
  if (!platform) return report_error(platform.error());
  auto v = (*platform)->verify_audit(anchors);
  if (!v) return report_error(v.error());
  if (!v->intact()) {
    std::cout << "audit: " << v->explanation << " [" << to_string(v->problem) << "]\n";
    std::cerr << "  审计日志被篡改：第 " << v->bad_sequence << " 条（SEC-2）\n";
    return 1;
  }
  std::cout << "audit: " << v->entries << " entries, chain intact\n";
  if (v->entries > 0) std::cout << "head: " << v->entries << ":" << v->head_hash << "\n";
  return 0;
}

int key_generate(const std::string& out) {
  if (auto st = generate_data_key_file(out); !st) return report_error(st.error());
  std::cout << "wrote a new data key to " << out << " (mode 0600); set " << kKeyFileVariable << "="
            << out << " and keep a copy offline: without it, encrypted personal data "
            << "cannot be read\n";
  return 0;
}

}  // namespace

void add_security_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto* user = app.add_subcommand("user", "accounts of people and systems");
  user->require_subcommand(1);

  auto add_opts = std::make_shared<UserOptions>();
  auto* add = user->add_subcommand("add", "add an account");
  add->add_option("--username", add_opts->username, "sign-in name (a-z 0-9 . _ -)")->required();
  add->add_option("--name", add_opts->display_name, "display name, e.g. 王芳");
  add->add_option("--role", add_opts->role,
                  "agent|dispatcher|visit-agent|supervisor|analyst|administrator|unit-staff|"
                  "unit-administrator|api-client|social-supervisor")
      ->required();
  add->add_option("--unit", add_opts->unit, "unit id; \"office\" for office roles")->required();
  add->add_flag("--password-stdin", add_opts->password_stdin,
                "read the password from standard input (one line)");
  add->callback([&g, &exit_code, add_opts] { exit_code = user_add(g, *add_opts); });

  auto* list = user->add_subcommand("list", "list accounts");
  list->callback([&g, &exit_code] { exit_code = user_list(g); });

  auto disable_name = std::make_shared<std::string>();
  auto* disable = user->add_subcommand("disable", "disable an account, end its sessions");
  disable->add_option("username", *disable_name, "the account's username")->required();
  disable->callback([&g, &exit_code, disable_name] { exit_code = user_disable(g, *disable_name); });

  auto change_opts = std::make_shared<ChangeOptions>();
  auto* change = user->add_subcommand("change", "change an account's role, unit or name");
  change->add_option("username", change_opts->username, "the account's username")->required();
  change->add_option("--role", change_opts->role, "the new role (office roles act for office)");
  change->add_option("--unit", change_opts->unit, "the new unit id");
  change->add_option("--name", change_opts->display_name, "the new display name");
  change->add_flag("--enable", change_opts->enable, "enable a disabled account");
  change->callback([&g, &exit_code, change_opts] { exit_code = user_change(g, *change_opts); });

  auto reset_name = std::make_shared<std::string>();
  auto reset_stdin = std::make_shared<bool>(false);
  auto* reset = user->add_subcommand("reset-password", "set a new password, end its sessions");
  reset->add_option("username", *reset_name, "the account's username")->required();
  reset->add_flag("--password-stdin", *reset_stdin, "read the password from standard input");
  reset->callback([&g, &exit_code, reset_name, reset_stdin] {
    exit_code = user_reset_password(g, *reset_name, *reset_stdin);
  });

  auto* apikey = app.add_subcommand("apikey", "API keys of other systems");
  apikey->require_subcommand(1);
  auto key_opts = std::make_shared<ApiKeyOptions>();
  auto* create = apikey->add_subcommand("create", "create an API key (printed once)");
  create->add_option("--name", key_opts->name, "client name, e.g. 12328")->required();
  create->add_option("--role", key_opts->role, "api-client")->capture_default_str();
  create->add_option("--unit", key_opts->unit, "the unit the client acts for")->required();
  create->callback([&g, &exit_code, key_opts] { exit_code = apikey_create(g, *key_opts); });

  auto* audit_cmd = app.add_subcommand("audit", "the audit log (SEC-2)");
  audit_cmd->require_subcommand(1);
  auto anchors = std::make_shared<std::vector<std::string>>();
  auto* verify = audit_cmd->add_subcommand("verify", "check the audit log's hash chain");
  verify->add_option("--anchor", *anchors,
                     "SEQUENCE:HASH recorded earlier (e.g. from a previous verify's head line)");
  verify->callback([&g, &exit_code, anchors] { exit_code = audit_verify(g, *anchors); });

  auto* key = app.add_subcommand("key", "the data key");
  key->require_subcommand(1);
  auto out = std::make_shared<std::string>();
  auto* generate = key->add_subcommand("generate", "write a new data key file (mode 0600)");
  generate->add_option("--out", *out, "file to create")->required();
  generate->callback([&exit_code, out] { exit_code = key_generate(*out); });
}

}  // namespace hotline::cli
