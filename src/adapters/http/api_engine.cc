#include "adapters/http/api_engine.h"

#include <sodium.h>

#include "adapters/http/api_applicant.h"
#include "adapters/json/engine_commands.h"
#include "adapters/json/event_json.h"
#include "adapters/json/json_reader.h"
#include "core/engine/permissions.h"

namespace hotline::http {
namespace {

using json = nlohmann::json;

HttpResponse unauthenticated() {
  return HttpResponse::error(401, "unauthenticated", "log in or present an API key",
                             "请先登录或提供接口密钥");
}

HttpResponse ok_json(int status, const json& body) {
  return HttpResponse::json(status, body.dump());
}

// The permission-table action of a route's engine action.
std::optional<Action> action_of(std::string_view name) {
  if (name == "open-consultation" || name == "conclude-consultation") name = "consult";
  if (name == "redispatch") name = "dispatch";
  for (int a = static_cast<int>(Action::kRegister);
       a <= static_cast<int>(Action::kReviewSuspension); ++a) {
    if (to_string(static_cast<Action>(a)) == name) return static_cast<Action>(a);
  }
  return std::nullopt;
}

// May the caller read this work order? An applicant (INT-5) reads the work
// orders of the request of their session; everyone else as `can_see` says.
bool may_read(const EngineApi& api, const HttpRequest& request, const WorkOrderState& s) {
  // The staff's view holds internal notes: applicants have their own
  // (api_applicant.h), given for their request on GET /requests/{number}.
  if (request.actor->role == Role::kApplicant) return false;
  return api.can_see(*request.actor, s);
}

// SEC-2: the role check of the permission table, before the body is read, so
// that a refused caller learns nothing from validation errors. The unit scope
// (lead, assisting) needs the work order and is checked by the engine.
std::optional<HttpResponse> refuse_role(const EngineApi& api, const HttpRequest& request,
                                        std::string_view name, const std::string& target) {
  const auto action = action_of(name);
  if (!action) return std::nullopt;
  if (auto st = authorize(*request.actor, *action, nullptr, api.organisation); !st) {
    // Refused attempts are recorded like refused commands (SEC-2).
    if (api.on_command) api.on_command(request, name, target, fail(st.error()));
    return HttpResponse::error(st.error());
  }
  return std::nullopt;
}

// Splits the body into the command context and the action's arguments. For
// apply-return, "reason" is the action's own argument (the return reason, RET-1),
// not the reserved member.
Result<std::pair<CommandContext, json>> read_body(const HttpRequest& request,
                                                  bool reason_is_argument = false) {
  json args = json::object();
  if (!request.body.empty()) {
    auto parsed = parse_json(request.body);
    if (!parsed) return fail(parsed.error());
    args = std::move(*parsed);
  }
  if (!args.is_object()) {
    return fail(Error::invalid("body", "must be a JSON object", "请求体应为 JSON 对象"));
  }
  CommandContext ctx;
  ctx.actor = *request.actor;
  if (auto it = args.find("reason"); it != args.end() && !reason_is_argument) {
    if (!it->is_string()) return fail(Error::invalid("reason", "must be a string", "应为字符串"));
    ctx.reason = it->get<std::string>();
    args.erase(it);
  }
  if (auto it = args.find("expected_version"); it != args.end()) {
    if (!it->is_number_integer()) {
      return fail(Error::invalid("expected_version", "must be an integer", "应为整数"));
    }
    ctx.expected_version = it->get<std::int64_t>();
    args.erase(it);
  }
  return std::make_pair(std::move(ctx), std::move(args));
}

void publish_work_order(EventBus& bus, const WorkOrderState& s) {
  json data = {{"id", s.id},
               {"request", s.request},
               {"status", std::string(to_string(s.status))},
               {"status_zh", std::string(to_chinese(s.status))},
               {"lead_unit", s.lead_unit},
               {"version", s.version}};
  bus.publish({"work-order", data.dump(), units_of(s)});
}

// A route that runs engine action `action` on the path's {id}.
Handler action_handler(const EngineApi& api, std::string action, bool on_request) {
  return [&api, action, on_request](const HttpRequest& request, const PathParams& params) {
    if (!request.actor) return unauthenticated();
    if (auto refused =
            refuse_role(api, request, action, on_request ? params.at("number") : params.at("id"))) {
      return *refused;
    }
    auto body = read_body(request, action == "apply-return");
    if (!body) return HttpResponse::error(body.error());
    const std::string target = on_request ? params.at("number") : params.at("id");
    // INT-5: an applicant acts only on the request of their session.
    if (request.actor->role == Role::kApplicant) {
      // INT-7: an applicant evaluates the agent of their own request.
      if (on_request && action == "evaluate-agent" && target == request.scope) {
        // allowed
      } else if (auto wo = api.engine.work_order(target);
                 on_request || !wo || wo->request != request.scope) {
        return HttpResponse::error(Error::not_found("work order " + target));
      }
    }
    auto result = run_command(api.engine, action, target, body->first, body->second);
    if (api.on_command) api.on_command(request, action, target, result);
    if (!result) return HttpResponse::error(result.error());
    if (request.actor->role == Role::kApplicant) {
      auto view = applicant_view_json(api.engine, request.scope);
      if (auto wo = api.engine.work_order(target)) publish_work_order(api.bus, *wo);
      if (!view) return HttpResponse::error(view.error());
      return ok_json(200, *view);
    }
    // Tell the units concerned (and the office's dashboard) what changed.
    if (!on_request) {
      if (auto wo = api.engine.work_order(target)) publish_work_order(api.bus, *wo);
    } else if (result->is_array()) {
      for (const auto& o : *result) {
        if (auto wo = api.engine.work_order(o.value("id", std::string())))
          publish_work_order(api.bus, *wo);
      }
    } else if (result->is_object()) {
      // A request comes back with its personal data through the privacy guard
      // (masked per role and the read audited, SEC-2), as GET shows it.
      auto state = api.engine.request(target);
      if (!state) return HttpResponse::error(state.error());
      return ok_json(200, api.request_view(request, *state));
    }
    return ok_json(200, *result);
  };
}

std::optional<std::size_t> size_param(const HttpRequest& r, const char* name) {
  auto v = r.param(name);
  if (!v) return std::nullopt;
  // Digits only: std::stoul would take "-1" as the largest number (issue 9).
  if (v->empty() || v->size() > 9 ||
      !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  try {
    std::size_t pos = 0;
    const auto n = std::stoul(*v, &pos);
    if (pos != v->size()) return std::nullopt;
    return n;
  } catch (...) {
    return std::nullopt;
  }
}

// A digest of what was asked, for Idempotency-Key: method, path and body.
std::string fingerprint(const HttpRequest& r) {
  const std::string text = r.method + "\n" + r.path + "\n" + r.body;
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

// Registration, once per Idempotency-Key: a channel that retries after a lost
// answer gets the first answer, not a second request.
HttpResponse register_once(const EngineApi& api, const HttpRequest& request,
                           const std::function<HttpResponse()>& work) {
  const std::string key = request.header("idempotency-key");
  if (key.empty() || !api.idempotency || !api.clock) return work();
  if (key.size() > 200) {
    return HttpResponse::error(
        Error::invalid("Idempotency-Key", "longer than 200 characters", "过长"));
  }
  const IdempotencyScope scope{request.actor->id, key, fingerprint(request)};
  auto claim = api.idempotency->claim(scope, api.clock->now(), kIdempotencyStaleAfter);
  if (!claim) return HttpResponse::error(claim.error());
  switch (claim->outcome) {
    case ClaimOutcome::kReplay: {
      auto r = HttpResponse::json(claim->response->status, claim->response->body);
      r.headers["Idempotent-Replayed"] = "true";
      return r;
    }
    case ClaimOutcome::kMismatch:
      return HttpResponse::error(422, "idempotency_key_reused",
                                 "this Idempotency-Key was used for a different request",
                                 "该幂等键已用于另一请求", "Idempotency-Key");
    case ClaimOutcome::kInProgress:
      return HttpResponse::error(409, "idempotency_key_in_progress",
                                 "a request with this Idempotency-Key is still running",
                                 "相同幂等键的请求正在处理", "Idempotency-Key");
    case ClaimOutcome::kClaimed:
      break;
  }
  HttpResponse response = work();
  if (response.status < 300) {
    (void)api.idempotency->complete(scope, {response.status, response.content_type, response.body},
                                    api.clock->now());
  } else {
    (void)api.idempotency->release(scope);
  }
  return response;
}

}  // namespace

std::set<std::string> units_of(const WorkOrderState& s) {
  std::set<std::string> units{s.lead_unit};
  if (!s.handling_unit.empty()) units.insert(s.handling_unit);
  units.insert(s.assisting_units.begin(), s.assisting_units.end());
  return units;
}

void add_engine_routes(Router& router, const EngineApi& api) {
  // INT: registration (the intake every channel uses).
  router.add({"POST", "/api/v1/requests",
              [&api](const HttpRequest& request, const PathParams&) {
                if (!request.actor) return unauthenticated();
                if (auto refused = refuse_role(api, request, "register", "")) return *refused;
                return register_once(api, request, [&api, &request] {
                  auto body = read_body(request);
                  if (!body) return HttpResponse::error(body.error());
                  auto result = run_command(api.engine, "register", "", body->first, body->second);
                  if (api.on_command) {
                    api.on_command(request, "register",
                                   result ? (*result)["number"].get<std::string>() : "new-request",
                                   result);
                  }
                  if (!result) return HttpResponse::error(result.error());
                  auto state = api.engine.request((*result)["number"].get<std::string>());
                  if (!state) return HttpResponse::error(state.error());
                  return ok_json(201, api.request_view(request, *state));
                });
              },
              "Register a request (INT-4); honours Idempotency-Key"});
  router.add({"GET", "/api/v1/requests/{number}",
              [&api](const HttpRequest& request, const PathParams& params) {
                if (!request.actor) return unauthenticated();
                auto state = api.engine.request(params.at("number"));
                if (!state) return HttpResponse::error(state.error());
                const Actor& actor = *request.actor;
                if (actor.role == Role::kApplicant) {
                  if (request.scope != params.at("number")) {
                    return HttpResponse::error(Error::not_found("request " + params.at("number")));
                  }
                  auto view = applicant_view_json(api.engine, request.scope);
                  if (!view) return HttpResponse::error(view.error());
                  return ok_json(200, *view);
                } else if (!is_office_role(actor.role) && actor.role != Role::kAnalyst) {
                  // A unit sees a request only through a work order it may see.
                  bool visible = false;
                  for (const auto& o : state->orders) {
                    auto wo = api.engine.work_order(o.work_order);
                    if (wo && api.can_see(actor, *wo)) visible = true;
                  }
                  if (!visible) {
                    return HttpResponse::error(Error::not_found("request " + params.at("number")));
                  }
                }
                return ok_json(200, api.request_view(request, *state));
              },
              "A request with its triage and dispatch (INT-5)"});
  for (const char* action : {"triage", "open-consultation", "conclude-consultation", "dispatch",
                             "reclassify", "handle-conduct-complaint", "evaluate-agent",
                             "warn-applicant", "suspend-applicant", "review-suspension"}) {
    router.add({"POST", std::string("/api/v1/requests/{number}/") + action,
                action_handler(api, action, true), std::string("Engine action ") + action});
  }

  router.add({"GET", "/api/v1/work-orders",
              [&api](const HttpRequest& request, const PathParams&) {
                if (!request.actor) return unauthenticated();
                const Actor& actor = *request.actor;
                WorkOrderFilter filter;
                if (auto unit = request.param("unit")) filter.unit = *unit;
                if (auto status = request.param("status")) {
                  auto s = parse_work_order_status(*status);
                  if (!s) {
                    return HttpResponse::error(
                        Error::invalid("status", "unknown status " + *status, "状态无效"));
                  }
                  filter.status = *s;
                }
                if (auto overdue = request.param("overdue")) filter.overdue = *overdue == "true";
                if (request.param("limit") && !size_param(request, "limit")) {
                  return HttpResponse::error(Error::invalid("limit", "not a number", "应为数字"));
                }
                if (request.param("offset") && !size_param(request, "offset")) {
                  return HttpResponse::error(Error::invalid("offset", "not a number", "应为数字"));
                }
                filter.limit =
                    std::min<std::size_t>(size_param(request, "limit").value_or(50), 500);
                filter.offset = size_param(request, "offset").value_or(0);
                // A unit lists only its own work orders (and its handling units').
                if (actor.role == Role::kApplicant) {
                  filter.request = request.scope;
                } else if (!is_office_role(actor.role) && actor.role != Role::kAnalyst) {
                  if (filter.unit && !api.organisation.is_within(*filter.unit, actor.unit)) {
                    return HttpResponse::error(Error::not_found("unit " + *filter.unit));
                  }
                  if (!filter.unit) filter.any_of_units = api.units_of_actor(actor);
                }
                auto rows = api.store.list_work_orders(filter);
                if (!rows) return HttpResponse::error(rows.error());
                json items = json::array();
                for (const auto& r : *rows) {
                  items.push_back(
                      {{"id", r.id},
                       {"request", r.request},
                       {"status", std::string(to_string(r.status))},
                       {"status_zh", std::string(to_chinese(r.status))},
                       {"lead_unit", r.lead_unit},
                       {"handling_unit", r.handling_unit},
                       {"type", std::string(to_string(r.type))},
                       {"urgency", std::string(to_string(r.urgency))},
                       {"dispatched_at", format_iso8601(r.dispatched_at)},
                       {"accept_due", r.accept_due ? json(format_iso8601(*r.accept_due)) : json()},
                       {"handle_due", r.handle_due ? json(format_iso8601(*r.handle_due)) : json()},
                       {"overdue", r.overdue},
                       {"supervised", r.supervised},
                       {"version", r.version}});
                }
                return ok_json(
                    200, {{"items", items}, {"limit", filter.limit}, {"offset", filter.offset}});
              },
              "List work orders with filters and paging"});
  router.add({"GET", "/api/v1/work-orders/{id}",
              [&api](const HttpRequest& request, const PathParams& params) {
                if (!request.actor) return unauthenticated();
                auto state = api.engine.work_order(params.at("id"));
                if (!state || !may_read(api, request, *state)) {
                  return HttpResponse::error(Error::not_found("work order " + params.at("id")));
                }
                return ok_json(200, work_order_to_json(*state));
              },
              "A work order's current state"});
  router.add({"GET", "/api/v1/work-orders/{id}/history",
              [&api](const HttpRequest& request, const PathParams& params) {
                if (!request.actor) return unauthenticated();
                auto state = api.engine.work_order(params.at("id"));
                if (!state || !may_read(api, request, *state)) {
                  return HttpResponse::error(Error::not_found("work order " + params.at("id")));
                }
                auto events = api.engine.history(params.at("id"));
                if (!events) return HttpResponse::error(events.error());
                json out = json::array();
                for (const auto& e : *events) out.push_back(event_to_json(e));
                return ok_json(200, out);
              },
              "A work order's history of events"});
  for (const char* action :
       {"accept", "forward", "apply-return", "review-return", "redispatch", "apply-extension",
        "review-extension", "submit-assisting-result", "reply", "evaluate", "skip-visit",
        "send-back", "close", "file-appeal", "review-appeal", "supervise", "spot-check"}) {
    router.add({"POST", std::string("/api/v1/work-orders/{id}/") + action,
                action_handler(api, action, false), std::string("Engine action ") + action});
  }
  router.add({"POST", "/api/v1/sweep",
              [&api](const HttpRequest& request, const PathParams&) {
                if (!request.actor) return unauthenticated();
                if (auto refused = refuse_role(api, request, "sweep", "work-orders"))
                  return *refused;
                auto body = read_body(request);
                if (!body) return HttpResponse::error(body.error());
                auto result = run_command(api.engine, "sweep", "", body->first, body->second);
                if (api.on_command) api.on_command(request, "sweep", "work-orders", result);
                if (!result) return HttpResponse::error(result.error());
                return ok_json(200, *result);
              },
              "Run the deadline sweep (HND-5, SUP-1)"});
}

}  // namespace hotline::http
