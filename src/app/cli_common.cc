#include <cstdlib>
#include <iostream>

#include "adapters/toml/policy_file.h"
#include "app/cli.h"
#include "app/storage.h"

namespace hotline::cli {

PlatformOptions platform_options(const GlobalOptions& g) {
  PlatformOptions o;
  o.data_dir = g.data_dir;
  o.policies_dir = g.policies_dir;
  o.db = g.db;
  o.state_dir = g.state_dir;
  o.calendar_fallback = g.calendar_fallback;
  return o;
}

Result<PolicySet> load_policies(const GlobalOptions& g) {
  const auto dir = g.policies_dir.empty() ? std::filesystem::path(g.data_dir) / "policies"
                                          : std::filesystem::path(g.policies_dir);
  return load_policy_dir(dir);
}

Result<std::unique_ptr<CompositionRoot>> open_root(const GlobalOptions& g,
                                                   const std::string& model) {
  RootOptions options;
  options.platform = platform_options(g);
  options.model = model;
  // A command beside a running server may still search the knowledge base.
  options.knowledge_read_only_when_locked = true;
  if (!g.now.empty()) {
    auto now = parse_iso8601(g.now);
    if (!now) return fail(Error::invalid("--now", now.error().message, "时间格式应为 ISO-8601"));
    options.platform.fake_now = *now;
  }
  return CompositionRoot::open(std::move(options));
}

OperationCall cli_call(std::optional<Actor> actor) {
  OperationCall call;
  call.actor = std::move(actor);
  call.remote = "cli";
  return call;
}

Actor cli_actor(Role role) {
  const char* user = std::getenv("USER");
  return Actor{std::string("cli:") + (user != nullptr && *user != '\0' ? user : "unknown"), role,
               std::string(kOfficeUnit)};
}

int report_error(const Error& e) {
  std::cerr << "hotline: " << e.describe();
  if (!e.field.empty() && e.message.find(e.field) == std::string::npos)
    std::cerr << " [" << e.field << "]";
  if (!e.rule.empty()) std::cerr << " [" << e.rule << "]";
  std::cerr << "\n";
  if (!e.message_zh.empty() && e.message_zh != e.message) std::cerr << "  " << e.message_zh << "\n";
  return e.code == ErrorCode::kRefused || e.code == ErrorCode::kForbidden ||
                 e.code == ErrorCode::kConflict || e.code == ErrorCode::kNotFound
             ? 1
             : 2;
}

int init(const GlobalOptions& g, bool force) {
  auto options = platform_options(g);
  if (auto st = init_database(options, force); !st) return report_error(st.error());
  auto platform = open_platform(options);
  if (!platform) return report_error(platform.error());
  const auto& p = **platform;
  // The storage's name, never the URL: it may hold a password.
  std::cout << "initialised " << p.storage->name() << ": " << p.organisation->units().size()
            << " units, " << p.policies.profiles.size() << " policy profiles (default "
            << p.policies.default_profile << "), calendar " << p.calendar->first_year() << "–"
            << p.calendar->last_year() << "\n";
  return 0;
}

}  // namespace hotline::cli
