// `hotline serve`: the HTTP service (issue 3). Wires the platform to the
// router: authentication, the engine's JSON API, sessions, Open311, push,
// metrics, the OpenAPI document and, with --fake-clock, the clock endpoint;
// triage (issue 4) and the knowledge base (issue 5) with their engine hooks;
// and the scheduler that sweeps deadlines and the knowledge base.

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <iostream>

#include "adapters/http/api_analysis.h"
#include "adapters/http/api_applicant.h"
#include "adapters/http/api_conduct.h"
#include "adapters/http/api_engine.h"
#include "adapters/http/api_hotlines.h"
#include "adapters/http/api_interconnect.h"
#include "adapters/http/api_knowledge.h"
#include "adapters/http/api_open311.h"
#include "adapters/http/api_oversight.h"
#include "adapters/http/api_portal.h"
#include "adapters/http/api_session.h"
#include "adapters/http/api_system.h"
#include "adapters/http/api_triage.h"
#include "adapters/http/server.h"
#include "adapters/http/static_files.h"
#include "adapters/http/work_order_push.h"
#include "adapters/json/event_json.h"
#include "adapters/open311/catalog.h"
#include "adapters/open311/open311_projection.h"
#include "adapters/open311/open311_service.h"
#include "adapters/report/monthly_files.h"
#include "adapters/report/performance_xlsx.h"
#include "adapters/sodium/sodium_cipher.h"
#include "adapters/sodium/sodium_credentials.h"
#include "adapters/toml/interconnection_file.h"
#include "adapters/webhook/webhook_delivery.h"
#include "adapters/webhook/webhook_relay.h"
#include "app/cli.h"
#include "app/composition_root.h"
#include "app/oversight_wiring.h"
#include "app/scheduler.h"
#include "app/serve_governance.h"
#include "app/storage.h"
#include "app/web_app.h"
#include "application/calendar_admin.h"
#include "core/analysis/analysis_service.h"
#include "core/calendar/calendar_warning.h"
#include "core/security/masking.h"
#include "core/security/visibility.h"

namespace hotline::cli {
namespace {

struct ServeOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  // Handlers wait on the store's commits: more of them in flight let the
  // writer group more commits into one (issue 14: 4 → 16 workers took
  // intake from 422 to 573 per second on 2 cores; docs/http-performance.md).
  std::size_t workers = 16;
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_address = 128;
  int header_timeout = 10;  // seconds
  // Seconds after which an Idempotency-Key still "in progress" is taken for
  // abandoned (the node that claimed it died) and may be claimed again.
  int idempotency_stale_after = static_cast<int>(kIdempotencyStaleAfter.count());
  std::vector<std::string> trusted_proxies;
  std::size_t body_limit = 1 << 20;
  std::string fake_clock;     // ISO-8601: run on a fake clock with the clock endpoint
  std::string base_url;       // public URL of the Open311 endpoint
  std::string model;          // category model for triage suggestions (DIS-8)
  std::string urgency_model;  // TYP-2 model beside the urgency lexicon
  std::string type_model;     // TYP-1 model beside the type cue lexicon
  // Seconds between sweeps of deadlines and the knowledge base; 0: none;
  // unset: 60 on the system clock, none on a fake clock (tests sweep by hand).
  std::optional<int> sweep_interval;
  std::string web_root;  // the built web application (web/dist); "": none
  // Overrides data/intake.toml [applicant_lookup] max_per_address (INT-5).
  std::optional<int> applicant_lookups_per_address;
};

constexpr const char* kVersion = "0.1.0";

// Structured logs: one JSON object per line on stderr (stdout is for the
// "listening on" line). No token, key, password or personal data is logged.
void log_json(spdlog::level::level_enum level, nlohmann::json fields) {
  fields["level"] = spdlog::level::to_string_view(level).data();
  fields["time"] = format_iso8601(SystemClock().now());
  spdlog::log(level, "{}", fields.dump());
}

// The gauges of /metrics, counted through the use case as the system.
std::string open_work_order_gauges(WorkOrders& work_orders) {
  const Caller system{Actor::system(), "metrics", ""};
  std::string out =
      "# HELP hotline_work_orders Work orders by status.\n# TYPE hotline_work_orders gauge\n";
  for (auto status : {WorkOrderStatus::kDispatched, WorkOrderStatus::kAccepted,
                      WorkOrderStatus::kReturnPending, WorkOrderStatus::kAwaitingRedispatch,
                      WorkOrderStatus::kReplied, WorkOrderStatus::kHandlingAgain}) {
    WorkOrderFilter filter;
    filter.status = status;
    auto counts = work_orders.count(system, filter);
    out += "hotline_work_orders{status=\"" + std::string(to_string(status)) + "\"} " +
           std::to_string(counts ? *counts : 0) + "\n";
  }
  WorkOrderFilter overdue;
  overdue.overdue = true;
  auto n = work_orders.count(system, overdue);
  out +=
      "# HELP hotline_work_orders_overdue Work orders that missed a deadline.\n"
      "# TYPE hotline_work_orders_overdue gauge\nhotline_work_orders_overdue " +
      std::to_string(n ? *n : 0) + "\n";
  return out;
}

// SEC-2 [M27, R28]: a route that declares itself audited (a change to the
// knowledge base or the dispatch catalogue) is recorded like a command, done
// or refused. The command table's routes record their own through the use
// cases, with the work order as target.
void audit_route(PrivacyGuard& guard, const http::HttpRequest& request, const http::Route* route,
                 const http::HttpResponse& response) {
  if (route == nullptr || !route->audited || !request.actor) return;
  const bool done = response.status < 300;
  (void)guard.record_change(*request.actor, request.remote, request.method + " " + route->pattern,
                            request.path, done,
                            done ? std::string() : "status=" + std::to_string(response.status));
}

// INT-5 for Open311 look-ups: number + phone, throttled and audited.
open311::ApplicantCheck open311_applicant_check(Platform& p) {
  if (!p.applicant_lookup) return {};
  return [&p](const std::string& number, const std::string& phone, const std::string& remote) {
    return p.authenticator->verify_applicant(*p.applicant_lookup, number, phone, remote);
  };
}

int serve(const GlobalOptions& g, const ServeOptions& o) {
  auto logger = spdlog::stderr_logger_mt("hotline-serve");
  logger->set_pattern("%v");
  spdlog::set_default_logger(logger);
  RootOptions root_options;
  root_options.platform = platform_options(g);
  PlatformOptions& options = root_options.platform;
  if (!o.fake_clock.empty()) {
    auto t = parse_iso8601(o.fake_clock);
    if (!t)
      return report_error(
          Error::invalid("--fake-clock", t.error().message, "时间格式应为 ISO-8601"));
    options.fake_now = *t;
  }
  // The service keeps taking work orders past the last year with holiday
  // data: weekends only, every such deadline marked PROVISIONAL and /healthz
  // warning (issue 9, item 13), rather than refusing them.
  options.calendar_fallback = true;
  root_options.model = o.model;
  root_options.urgency_model = o.urgency_model;
  root_options.type_model = o.type_model;
  root_options.on_hook_error = [](const Error& e) {
    log_json(spdlog::level::warn, {{"event", "triage"}, {"error", e.describe()}});
  };
  auto opened = CompositionRoot::open(root_options);
  if (!opened) return report_error(opened.error());
  CompositionRoot& root = **opened;
  Platform& p = root.platform();

  // Open311 (intake from the web channel and partner systems).
  auto index = p.storage->open311_index();
  if (!index) return report_error(index.error());
  auto keys = p.storage->idempotency(p.cipher.get());
  if (!keys) return report_error(keys.error());
  auto catalog = open311::load_catalog(options.data_dir / "open311" / "services.json");
  if (!catalog) return report_error(catalog.error());
  if (auto st = open311::check_catalog(*catalog, *p.organisation); !st)
    return report_error(st.error());
  open311::Open311Service::Options open311_options;
  open311_options.base_url =
      o.base_url.empty() ? "http://" + o.address + ":" + std::to_string(o.port) + "/open311/v2"
                         : o.base_url;
  open311_options.applicant_check = open311_applicant_check(p);
  open311_options.idempotency_stale_after = Seconds{o.idempotency_stale_after};
  open311::Open311Service open311(*p.engine, root.work_orders(), *catalog, **index, **keys,
                                  *p.clock, open311_options);
  // The index is a projection of the event log: what the Open311 door
  // registered just before a crash is taken in now, the rest on each commit.
  open311::Open311Projection open311_projection(*catalog, **index, *p.store);
  open311_projection.on_error([](const Error& e) {
    log_json(spdlog::level::err, {{"event", "open311-index"}, {"error", e.describe()}});
  });
  if (auto caught = open311_projection.catch_up(); !caught) {
    log_json(spdlog::level::err,
             {{"event", "open311-index"}, {"error", caught.error().describe()}});
  } else if (caught->added > 0) {
    log_json(spdlog::level::warn, {{"event", "open311-index"}, {"taken_in", caught->added}});
  }
  p.engine->add_listener(&open311_projection);

  // Triage and the knowledge base (their hooks are in the engine already);
  // the server opens the knowledge base at once, not on first use.
  triage::TriageService& triage_service = root.triage();
  auto knowledge = root.knowledge();
  if (!knowledge) return report_error(knowledge.error());
  KnowledgeService& knowledge_service = *(*knowledge)->service;
  auto knowledge_base = root.knowledge_base();
  if (!knowledge_base) return report_error(knowledge_base.error());

  http::Router router;
  http::Metrics metrics;
  http::EventBus bus;
  const Organisation& org = *p.organisation;
  PrivacyGuard& guard = *p.privacy;

  http::SessionApi session_api{*p.authenticator, p.applicant_lookup.get()};
  http::add_session_routes(router, session_api);

  // Push is a projection of the event log (work_order_push.h): every door's
  // and every process's changes, resumable with Last-Event-ID.
  http::WorkOrderPush push(*p.store, *p.engine, bus);
  if (auto st = push.start(); !st) return report_error(st.error());
  p.engine->add_listener(&push);
  const Seconds stale_after{o.idempotency_stale_after};
  http::EngineApi engine_api{root.work_orders(), keys->get(), p.clock.get(), stale_after};
  http::add_engine_routes(router, engine_api);
  // ICN-2: requests other cities' hotlines transfer in; the call-centre hook.
  http::add_hotline_routes(
      router, http::HotlinesApi{root.work_orders(), bus, *p.clock, p.applicant_lookup.get(),
                                keys->get(), stale_after});
  // CON-1: warning, suspension and its review; the applicant's record.
  ApplicantConduct applicant_conduct(*p.engine, *p.clock, p.privacy.get());
  http::add_conduct_routes(router, applicant_conduct);
  http::add_open311_routes(router, open311);
  http::add_applicant_routes(router, root.work_orders());
  http::add_triage_routes(router, root.triage_use_case());
  http::add_knowledge_routes(router, **knowledge_base);

  // Assessment and analysis (issue 12): the projection catches up with the
  // log on every question and every 10 s, pushing new warnings (ANA-2).
  auto analysis_checkpoints = p.storage->analysis_checkpoints();
  if (!analysis_checkpoints) return report_error(analysis_checkpoints.error());
  // Bounded memory: facts of work orders closed past the appeal window go
  // to the archive (docs/analysis.md), which answers their drill-downs.
  auto analysis_archive = p.storage->analysis_archive();
  if (!analysis_archive) return report_error(analysis_archive.error());
  analysis::AnalysisService analysis_service(*p.store, analysis_checkpoints->get(), p.policies, org,
                                             *p.clock, {}, analysis_archive->get());
  analysis_service.on_warning([&bus](const analysis::WarningRecord& w) {
    bus.publish({"warning",
                 nlohmann::json{{"id", w.id},
                                {"kind", std::string(analysis::to_string(w.kind))},
                                {"title", w.title},
                                {"created_at", format_iso8601(w.created_at)},
                                {"district", w.district},
                                {"count", w.count}}
                     .dump(),
                 {w.district}});
  });
  if (auto st = analysis_service.start(); !st) return report_error(st.error());
  Analysis analysis(AnalysisContext{analysis_service, *p.clock}, p.privacy.get());
  http::add_analysis_routes(
      router,
      http::AnalysisApi{
          analysis, analysis_service,
          [&analysis_service](const Actor& actor, const std::string& month, const std::string& unit,
                              const std::string& format) -> Result<http::ReportFile> {
            auto period = analysis::month_period(month);
            if (!period) return fail(period.error());
            auto r = analysis_service.monthly_report(actor, *period, unit);
            if (!r) return fail(r.error());
            auto file = report::render_monthly(*r, format);
            if (!file) return fail(file.error());
            return http::ReportFile{file->content_type, file->file_name, std::move(file->bytes)};
          }});
  // ANA-3, ANA-6: recurring clusters, special research, the models' accuracy
  // and drift warnings (looked for every 10 minutes, pushed as warnings).
  auto governance = open_governance(router, root, bus, std::chrono::seconds(600));
  if (!governance) return report_error(governance.error());
  // EVA-2 circulations and performance assessment, EVA-4 social supervision.
  auto oversight_parts = open_oversight(p, analysis_service, options.data_dir);
  if (!oversight_parts) return report_error(oversight_parts.error());
  http::add_oversight_routes(
      router,
      http::OversightApi{
          *oversight_parts->use_case, *oversight_parts->service,
          [](const oversight::PerformanceExport& e) -> Result<http::ReportFile> {
            auto file = report::render_performance_xlsx(e);
            if (!file) return fail(file.error());
            return http::ReportFile{file->content_type, file->file_name, std::move(file->bytes)};
          }});
  // ICN-3: the outbox of pushes to the units' systems, its office routes,
  // and (below) its delivery on a timer; INT-7: the agents' figures.
  auto outbox = p.storage->webhook_outbox(p.cipher.get());
  if (!outbox) return report_error(outbox.error());
  auto webhook_schedule =
      load_interconnection_file(std::filesystem::path(g.data_dir) / "interconnection.toml");
  if (!webhook_schedule) return report_error(webhook_schedule.error());
  http::add_interconnect_routes(
      router,
      http::InterconnectApi{**outbox, *p.clock,
                            [&root](std::optional<Instant> from, std::optional<Instant> to) {
                              return root.work_orders().agent_figures(from, to);
                            }});
  webhook::Relay webhook_relay(*p.store, **outbox, *p.clock);
  webhook::Delivery webhook_delivery(**outbox, *p.clock, *webhook_schedule);
  // Several nodes on PostgreSQL: one relays and delivers at a time.
  auto webhook_leader = p.storage->leadership("webhook");
  Scheduler webhook_scheduler;
  webhook_scheduler.every(std::chrono::seconds(10), [&webhook_relay, &webhook_delivery,
                                                     &webhook_leader] {
    if (!webhook_leader->lead()) return;
    if (auto r = webhook_relay.catch_up(); !r) {
      log_json(spdlog::level::err, {{"event", "webhook-relay"}, {"error", r.error().describe()}});
      return;
    }
    if (auto r = webhook_delivery.deliver_due(); !r) {
      log_json(spdlog::level::err, {{"event", "webhook"}, {"error", r.error().describe()}});
    } else if (r->attempted > 0) {
      log_json(spdlog::level::info, {{"event", "webhook"},
                                     {"delivered", r->delivered},
                                     {"retrying", r->retrying},
                                     {"dead", r->dead}});
    }
  });
  // Changes committed by other processes (the command line beside the
  // server) reach the push within a second or two.
  Scheduler push_scheduler;
  // Other nodes' commits on PostgreSQL reach this node's push at once
  // (LISTEN/NOTIFY); the timer stays for what a lost notification delays.
  auto log_watch = p.storage->watch_log([&push] { (void)push.catch_up(); });
  push_scheduler.every(std::chrono::seconds(2), [&push] {
    if (auto st = push.catch_up(); !st) {
      log_json(spdlog::level::err, {{"event", "push"}, {"error", st.error().describe()}});
    }
  });
  Scheduler analysis_scheduler;
  analysis_scheduler.every(std::chrono::seconds(10), [&analysis_service] {
    if (auto r = analysis_service.refresh(); !r) {
      log_json(spdlog::level::err, {{"event", "analysis"}, {"error", r.error().describe()}});
    }
  });
  // The web application's routes and files (issue 11, app/web_app.cc).
  auto web = add_web_app_routes(router, root, options, o.web_root);
  if (!web) return report_error(web.error());
  if (o.applicant_lookups_per_address) {
    LookupRatePolicy lookups = (*web)->intake.applicant_lookup;
    lookups.max_per_address = *o.applicant_lookups_per_address;
    (*web)->lookup_rate = std::make_unique<LookupRateLimiter>(std::move(lookups));
  }
  session_api.lookup_rate = (*web)->lookup_rate.get();

  WorkOrders& work_orders = root.work_orders();
  http::SystemApi system_api{
      metrics,
      *p.clock,
      p.fake_clock,
      kVersion,
      [&work_orders]() -> Status {
        auto r = work_orders.count(Caller{Actor::system(), "healthz", ""}, WorkOrderFilter{});
        if (!r) return fail(r.error());
        return {};
      },
      {}};
  metrics.set_gauges([&work_orders] { return open_work_order_gauges(work_orders); });
  // Issue 9, item 13: a year without holiday data is said on /healthz and at start.
  system_api.warnings = [&p] {
    std::vector<std::string> out;
    if (auto w = calendar_warning(*p.calendar, p.clock->now())) out.push_back(*w);
    return out;
  };
  if (auto w = calendar_warning(*p.calendar, p.clock->now())) {
    log_json(spdlog::level::warn, {{"event", "calendar"}, {"warning", *w}});
  }
  // A year entered by `hotline calendar add-year` while the server runs is
  // taken in within 10 s (the API's own entries apply at once).
  Scheduler calendar_scheduler;
  calendar_scheduler.every(std::chrono::seconds(10), [&p] {
    auto added = p.calendar_admin->sync();
    if (!added) {
      log_json(spdlog::level::err, {{"event", "calendar"}, {"error", added.error().describe()}});
    }
    for (int year : added ? *added : std::vector<int>{}) {
      log_json(spdlog::level::info, {{"event", "calendar"}, {"added_year", year}});
    }
  });
  // The event stream is served by the server itself (below); this route puts
  // it in the OpenAPI document and answers a request the server does not
  // take as a stream.
  router.add({"GET", "/api/v1/events",
              [](const http::HttpRequest&, const http::PathParams&) {
                return http::HttpResponse::error(400, "bad_request", "open the stream with GET",
                                                 "请用 GET 打开事件流");
              },
              "Server-Sent Events: changes of the work orders the caller may see "
              "(text/event-stream; event \"work-order\")"});
  http::add_system_routes(router, system_api);

  http::ServerOptions so;
  so.address = o.address;
  so.port = o.port;
  so.worker_threads = o.workers;
  so.max_connections = o.max_connections;
  so.max_connections_per_address = o.max_connections_per_address;
  so.header_timeout = std::chrono::seconds(o.header_timeout);
  so.trusted_proxies = o.trusted_proxies;
  so.body_limit = o.body_limit;
  // INT-3: an attachment may be as large as the policy's largest kind.
  for (const char* path : {http::kAttachmentUploadPath, http::kStaffAttachmentUploadPath}) {
    so.body_limits_by_path[path] =
        std::max<std::size_t>(o.body_limit, (*web)->intake.attachments.largest());
  }
  http::HttpServer server(
      so,
      [&router, &session_api, &guard, &web](http::HttpRequest& request) {
        const auto started = std::chrono::steady_clock::now();
        http::PathParams params;
        const http::Route* route = router.match(request, params);
        http::HttpResponse response;
        if (auto refused =
                http::authenticate(session_api, request, route ? route->public_route : true)) {
          response = std::move(*refused);
        } else if (auto anonymous = http::require_authentication(route, request)) {
          // Every route needs a caller unless it declares itself public.
          response = std::move(*anonymous);
        } else {
          response = router.handle(request);
          audit_route(guard, request, route, response);
          if (!route && (*web)->files) {
            if (auto file = (*web)->files->serve(request)) response = std::move(*file);
          }
        }
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        log_json(response.status >= 500 ? spdlog::level::err : spdlog::level::info,
                 {{"event", "request"},
                  {"method", request.method},
                  {"route", route ? route->pattern : request.path},
                  {"status", response.status},
                  {"ms", ms},
                  {"remote", request.remote},
                  {"actor", request.actor ? request.actor->id : ""}});
        return response;
      },
      metrics);
  server.set_route_namer([&router](const http::HttpRequest& request) {
    http::PathParams params;
    const http::Route* route = router.match(request, params);
    return route ? route->pattern : std::string("(unknown)");
  });
  // SSE: a unit's inbox and the office's dashboard, without polling.
  server.set_event_stream(
      "/api/v1/events",
      [&session_api, &push, &org](const http::HttpRequest& incoming,
                                  const boost::asio::any_io_executor& executor)
          -> Result<std::shared_ptr<http::EventSubscription>> {
        http::HttpRequest request = incoming;
        if (auto refused = http::authenticate(session_api, request, false)) {
          return fail(
              Error::invalid("authorization", "sign in to open the event stream", "请先登录"));
        }
        if (!request.actor) {
          return fail(
              Error::invalid("authorization", "sign in to open the event stream", "请先登录"));
        }
        const Actor actor = *request.actor;
        // A reconnecting EventSource sends the last id it saw.
        std::optional<std::int64_t> last_event_id;
        if (const std::string id = request.header("last-event-id"); !id.empty()) {
          std::int64_t n = 0;
          const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
          if (ec != std::errc() || end != id.data() + id.size() || n < 0) {
            return fail(Error::invalid("Last-Event-ID", "must be a number this server sent",
                                       "Last-Event-ID 应为服务器发出的事件编号"));
          }
          last_event_id = n;
        }
        auto filter = [actor, &org](const http::PushMessage& m) {
          if (!m.account.empty()) return m.account == actor.id;
          if (sees_all_work_orders(actor.role)) return true;
          for (const auto& u : m.units) {
            if (org.is_within(u, actor.unit)) return true;
          }
          return false;
        };
        return push.subscribe(executor, std::move(filter), last_event_id);
      });
#if defined(__GLIBC__)
  // Catching up folded the log and decoded saved states into temporaries:
  // the freed heap goes back to the system, so that a node's RSS is what it
  // holds (issue 14, docs/performance.md).
  malloc_trim(0);
#endif
  auto port = server.start();
  if (!port) return report_error(port.error());
  // The first line of stdout says where: tests and scripts read it.
  std::cout << "listening on http://" << o.address << ":" << *port << std::endl;
  log_json(spdlog::level::info, {{"event", "start"},
                                 {"version", kVersion},
                                 {"address", o.address},
                                 {"port", *port},
                                 {"workers", o.workers},
                                 {"fake_clock", p.fake_clock != nullptr}});
  if (Argon2Limits::standard_is_test_cost()) {
    log_json(spdlog::level::warn,
             {{"event", "test_build"},
              {"warning",
               "built with HOTLINE_TEST_PASSWORD_COST: new passwords are hashed at the "
               "minimum Argon2id cost; never deploy this build"}});
  }
  // Deadlines (HND-5, SUP-1) and the knowledge base (KB-3, KB-5, KB-8) are
  // swept on a timer; each sweep is idempotent.
  const int interval = o.sweep_interval.value_or(p.fake_clock ? 0 : 60);
  auto sweep_leader = p.storage->leadership("sweep");
  Scheduler scheduler;
  if (interval > 0) {
    scheduler.every(std::chrono::seconds(interval), [&work_orders, &knowledge_service,
                                                     &triage_service, &sweep_leader,
                                                     sweep_leading = false]() mutable {
      if (auto st = triage_service.flush(); !st) {
        log_json(spdlog::level::err, {{"event", "triage-flush"}, {"error", st.error().describe()}});
      }
      // Several nodes on PostgreSQL: one sweeps at a time (each sweep is
      // idempotent, so a leader that lost its lock mid-sweep does no harm).
      const bool leads = sweep_leader->lead();
      if (leads != sweep_leading) {
        sweep_leading = leads;
        log_json(spdlog::level::info, {{"event", "sweep-leader"}, {"leader", leads}});
      }
      if (!leads) return;
      if (auto r = work_orders.sweep(); !r) {
        log_json(spdlog::level::err, {{"event", "sweep"}, {"error", r.error().describe()}});
      } else if (r->warnings + r->missed + r->supervisions > 0) {
        log_json(spdlog::level::info, {{"event", "sweep"},
                                       {"examined", r->examined},
                                       {"warnings", r->warnings},
                                       {"missed", r->missed},
                                       {"supervisions", r->supervisions}});
      }
      if (auto r = knowledge_service.sweep(); !r) {
        log_json(spdlog::level::err, {{"event", "kb-sweep"}, {"error", r.error().describe()}});
      }
    });
  }
  // INT-3 [C9]: uploads never attached to a request or a reply are removed
  // after the hours data/intake.toml keeps them (their time is the files').
  Scheduler vault_scheduler;
  if (AttachmentVault* vault = root.attachment_vault(); vault != nullptr && interval > 0) {
    const auto kept = std::chrono::hours(root.intake().attachments.unattached_kept_hours);
    const Clock& clock = *p.clock;
    vault_scheduler.every(std::chrono::minutes(30), [vault, kept, &clock] {
      auto removed = vault->sweep_unclaimed(clock.now() - kept);
      if (!removed) {
        log_json(spdlog::level::err,
                 {{"event", "attachment-sweep"}, {"error", removed.error().describe()}});
      } else if (*removed > 0) {
        log_json(spdlog::level::info, {{"event", "attachment-sweep"}, {"removed", *removed}});
      }
    });
  }
  server.run();
  vault_scheduler.stop();
  scheduler.stop();
  webhook_scheduler.stop();
  analysis_scheduler.stop();
  push_scheduler.stop();
  (void)analysis_service.checkpoint();
  if (auto st = root.flush(); !st) {
    log_json(spdlog::level::err, {{"event", "triage-flush"}, {"error", st.error().describe()}});
  }
  bus.close_all();
  log_json(spdlog::level::info, {{"event", "stop"}});
  return 0;
}

}  // namespace

void add_serve_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto o = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "run the HTTP service (JSON API, Open311, push)");
  cmd->add_option("--address", o->address, "address to listen on")->capture_default_str();
  cmd->add_option("--port", o->port, "port (0: any free port)")->capture_default_str();
  cmd->add_option("--workers", o->workers, "handler threads")->capture_default_str();
  cmd->add_option("--max-connections", o->max_connections, "open connections at most")
      ->capture_default_str();
  cmd->add_option("--max-connections-per-address", o->max_connections_per_address,
                  "open connections from one address at most (raise it behind a proxy)")
      ->capture_default_str();
  cmd->add_option("--trusted-proxy", o->trusted_proxies,
                  "address of a reverse proxy whose X-Forwarded-For is believed (repeatable)");
  cmd->add_option("--header-timeout", o->header_timeout,
                  "seconds a connection has to send its request headers")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--idempotency-stale-after", o->idempotency_stale_after,
                  "seconds after which a key still in progress (its node died) may be claimed "
                  "again")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--body-limit", o->body_limit, "largest request body in bytes")
      ->capture_default_str();
  cmd->add_option("--applicant-lookups-per-address", o->applicant_lookups_per_address,
                  "distinct request numbers one address may look up in the window "
                  "(default: data/intake.toml [applicant_lookup])")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--fake-clock", o->fake_clock,
                  "run on a fake clock from this ISO-8601 instant; adds POST /api/v1/admin/clock");
  cmd->add_option("--base-url", o->base_url, "public URL of the Open311 endpoint");
  cmd->add_option("--web-root", o->web_root, "the built web application (web/dist) to serve at /");
  cmd->add_option("--model", o->model,
                  "category model for triage suggestions (hotline model train)");
  cmd->add_option("--urgency-model", o->urgency_model,
                  "urgency model beside the urgency lexicon (hotline model train --task urgency)");
  cmd->add_option("--type-model", o->type_model,
                  "type model beside the type cue lexicon (hotline model train --task type)");
  cmd->add_option(
         "--sweep-interval", o->sweep_interval,
         "seconds between sweeps of deadlines and the knowledge base (0: none; default 60, "
         "none with --fake-clock)")
      ->check(CLI::Range(0, 86400));
  cmd->callback([&g, &exit_code, o] { exit_code = serve(g, *o); });
}

}  // namespace hotline::cli
