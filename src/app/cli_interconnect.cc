// ICN-3 and INT-7 at the command line:
//   hotline webhook add --unit U --url http://…   (prints the new secret once)
//   hotline webhook remove --unit U | list
//   hotline webhook deliver                         relay new events, send what is due
//   hotline webhook dead                            the dead letters, as JSON
//   hotline webhook replay ID                       a dead letter back to the queue
//   hotline agents figures [--from DATE] [--to DATE]   INT-7 figures per agent
// Changes are written to the audit log as the operating-system user (SEC-2).

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "adapters/sodium/sodium_cipher.h"
#include "adapters/toml/interconnection_file.h"
#include "adapters/webhook/webhook_delivery.h"
#include "adapters/webhook/webhook_relay.h"
#include "adapters/webhook/webhook_signature.h"
#include "app/cli.h"
#include "app/storage.h"
#include "core/analysis/agent_service.h"

namespace hotline::cli {
namespace {

struct Opened {
  std::unique_ptr<Platform> platform;
  std::unique_ptr<WebhookOutbox> outbox;
};

Result<Opened> open_outbox(const GlobalOptions& g) {
  auto platform = open_platform(platform_options(g));
  if (!platform) return fail(platform.error());
  auto outbox = (*platform)->storage->webhook_outbox((*platform)->cipher.get());
  if (!outbox) return fail(outbox.error());
  return Opened{std::move(*platform), std::move(*outbox)};
}

Status audit(Platform& p, std::string action, std::string target, std::string detail = {}) {
  if (p.audit_log == nullptr) return {};
  AuditRecord r;
  r.at = p.clock->now();
  r.actor = cli_actor();
  r.action = std::move(action);
  r.target = std::move(target);
  r.detail = std::move(detail);
  r.remote = "cli";
  r.success = true;
  auto entry = p.audit_log->append(r);
  if (!entry) return fail(entry.error());
  return {};
}

nlohmann::json message_json(const OutboxMessage& m) {
  nlohmann::json j{{"id", m.id},
                   {"event_id", m.event_id},
                   {"unit", m.unit},
                   {"topic", m.topic},
                   {"state", std::string(to_string(m.state))},
                   {"attempts", m.attempts},
                   {"created", format_iso8601(m.created)},
                   {"next_attempt", format_iso8601(m.next_attempt)},
                   {"last_error", m.last_error}};
  if (m.delivered_at) j["delivered_at"] = format_iso8601(*m.delivered_at);
  return j;
}

int webhook_add(const GlobalOptions& g, const std::string& unit, const std::string& url) {
  auto o = open_outbox(g);
  if (!o) return report_error(o.error());
  if (!o->platform->organisation->find(unit)) {
    return report_error(Error::invalid("--unit", "unknown unit " + unit, "单位不存在：" + unit));
  }
  if (!url.starts_with("http://")) {
    return report_error(Error::invalid("--url", "an http:// address (TLS belongs to a proxy)",
                                       "须为 http:// 地址"));
  }
  const std::string secret = webhook::new_secret();
  if (secret.empty()) return report_error(Error::internal("no random source for the secret"));
  if (auto st = o->outbox->save_subscription({unit, url, secret, o->platform->clock->now()}); !st) {
    return report_error(st.error());
  }
  if (auto st = audit(*o->platform, "webhook-add", unit, "url=" + url); !st) {
    return report_error(st.error());
  }
  std::cerr << "Webhook of " << unit << " → " << url
            << ". Its signing secret is shown once; give it to the unit's system:\n";
  std::cout << secret << "\n";
  return 0;
}

int webhook_remove(const GlobalOptions& g, const std::string& unit) {
  auto o = open_outbox(g);
  if (!o) return report_error(o.error());
  if (auto st = o->outbox->remove_subscription(unit); !st) return report_error(st.error());
  if (auto st = audit(*o->platform, "webhook-remove", unit); !st) return report_error(st.error());
  return 0;
}

int webhook_list(const GlobalOptions& g) {
  auto o = open_outbox(g);
  if (!o) return report_error(o.error());
  auto subs = o->outbox->subscriptions();
  if (!subs) return report_error(subs.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : *subs) {
    out.push_back({{"unit", s.unit}, {"url", s.url}, {"created", format_iso8601(s.created)}});
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

int webhook_deliver(const GlobalOptions& g) {
  auto o = open_outbox(g);
  if (!o) return report_error(o.error());
  auto schedule =
      load_interconnection_file(std::filesystem::path(g.data_dir) / "interconnection.toml");
  if (!schedule) return report_error(schedule.error());
  webhook::Relay relay(*o->platform->store, *o->outbox, *o->platform->clock);
  auto derived = relay.catch_up();
  if (!derived) return report_error(derived.error());
  webhook::Delivery delivery(*o->outbox, *o->platform->clock, *schedule);
  auto report = delivery.deliver_due(1000);
  if (!report) return report_error(report.error());
  std::cout << nlohmann::json{{"derived", *derived},
                              {"attempted", report->attempted},
                              {"delivered", report->delivered},
                              {"retrying", report->retrying},
                              {"dead", report->dead}}
                   .dump(2)
            << "\n";
  return 0;
}

int webhook_dead(const GlobalOptions& g) {
  auto o = open_outbox(g);
  if (!o) return report_error(o.error());
  auto dead = o->outbox->list(OutboxState::kDead, 1000);
  if (!dead) return report_error(dead.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : *dead) out.push_back(message_json(m));
  std::cout << out.dump(2) << "\n";
  return 0;
}

int webhook_replay(const GlobalOptions& g, std::int64_t id) {
  auto o = open_outbox(g);
  if (!o) return report_error(o.error());
  if (auto st = o->outbox->replay(id, o->platform->clock->now()); !st) {
    return report_error(st.error());
  }
  if (auto st = audit(*o->platform, "webhook-replay", std::to_string(id)); !st) {
    return report_error(st.error());
  }
  return 0;
}

// INT-7 through the WorkOrders use case, as GET /api/v1/agents/figures.
int agent_figures(const GlobalOptions& g, const std::string& from, const std::string& to) {
  auto root = open_root(g);
  if (!root) return report_error(root.error());
  std::optional<Instant> f, t;
  if (!from.empty()) {
    auto d = parse_iso8601(from);
    if (!d) return report_error(Error::invalid("--from", d.error().message, d.error().message_zh));
    f = *d;
  }
  if (!to.empty()) {
    auto d = parse_iso8601(to);
    if (!d) return report_error(Error::invalid("--to", d.error().message, d.error().message_zh));
    t = *d;
  }
  auto rows = (*root)->work_orders().agent_figures(f, t);
  if (!rows) return report_error(rows.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : *rows) {
    nlohmann::json row{{"agent", r.agent},
                       {"calls", r.calls},
                       {"evaluated", r.evaluated},
                       {"satisfied", r.satisfied},
                       {"basically_satisfied", r.basically_satisfied},
                       {"dissatisfied", r.dissatisfied},
                       {"conduct_complaints", r.conduct_complaints},
                       {"conduct_complaints_substantiated", r.conduct_complaints_substantiated}};
    row["satisfaction_rate"] =
        r.satisfaction_rate() ? nlohmann::json(*r.satisfaction_rate()) : nlohmann::json();
    row["evaluation_rate"] =
        r.evaluation_rate() ? nlohmann::json(*r.evaluation_rate()) : nlohmann::json();
    out.push_back(std::move(row));
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace

void add_interconnect_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto* webhook = app.add_subcommand("webhook", "Pushes to the units' business systems (ICN-3)");
  webhook->require_subcommand(1);
  static std::string unit, url;
  static std::int64_t id = 0;
  auto* add = webhook->add_subcommand("add", "Register a unit's endpoint; prints its secret once");
  add->add_option("--unit", unit, "unit id")->required();
  add->add_option("--url", url, "http:// endpoint")->required();
  add->callback([&] { exit_code = webhook_add(g, unit, url); });
  auto* remove = webhook->add_subcommand("remove", "Remove a unit's endpoint");
  remove->add_option("--unit", unit, "unit id")->required();
  remove->callback([&] { exit_code = webhook_remove(g, unit); });
  webhook->add_subcommand("list", "The registered endpoints")->callback([&] {
    exit_code = webhook_list(g);
  });
  webhook->add_subcommand("deliver", "Derive pushes from new events and send what is due")
      ->callback([&] { exit_code = webhook_deliver(g); });
  webhook->add_subcommand("dead", "The dead letters")->callback([&] {
    exit_code = webhook_dead(g);
  });
  auto* replay = webhook->add_subcommand("replay", "Send a dead letter again");
  replay->add_option("id", id, "dead letter id")->required();
  replay->callback([&] { exit_code = webhook_replay(g, id); });

  auto* agents = app.add_subcommand("agents", "Agents' service figures (INT-7)");
  agents->require_subcommand(1);
  static std::string from, to;
  auto* figures = agents->add_subcommand("figures", "Evaluations and conduct complaints per agent");
  figures->add_option("--from", from, "ISO-8601 instant (inclusive)");
  figures->add_option("--to", to, "ISO-8601 instant (exclusive)");
  figures->callback([&] { exit_code = agent_figures(g, from, to); });
}

}  // namespace hotline::cli
