#include "adapters/http/api_engine.h"

#include <sodium.h>

#include "adapters/http/api_applicant.h"
#include "adapters/json/event_json.h"
#include "adapters/json/json_reader.h"
#include "adapters/sodium/intake_key.h"
#include "application/json_schema.h"
#include "core/engine/permissions.h"

namespace hotline::http {
namespace {

using json = nlohmann::json;

HttpResponse ok_json(int status, const json& body) {
  return HttpResponse::json(status, body.dump());
}

// Splits a command's body into the invocation: its arguments and the two
// reserved members. For a command with an argument of its own called
// "reason" (apply-return: the return reason, RET-1) it stays an argument.
Result<Invocation> read_body(const HttpRequest& request, bool reason_is_argument) {
  auto parsed = parse_json_object(request.body);
  if (!parsed) return fail(parsed.error());
  Invocation call;
  call.args = std::move(*parsed);
  if (!reason_is_argument) {
    auto reason = take_string(call.args, "reason");
    if (!reason) return fail(reason.error());
    call.reason = std::move(*reason);
  }
  if (auto it = call.args.find("expected_version"); it != call.args.end()) {
    if (!it->is_number_integer()) {
      return fail(Error::invalid("expected_version", "must be an integer", "应为整数"));
    }
    call.expected_version = it->get<std::int64_t>();
    call.args.erase(it);
  }
  return call;
}

// The route of a command: where its target comes from, and the path.
std::string path_of(const CommandSpec& spec) {
  switch (spec.subject) {
    case Subject::kRequest:
      return "/api/v1/requests/{number}/" + std::string(spec.name);
    case Subject::kWorkOrder:
      return "/api/v1/work-orders/{id}/" + std::string(spec.name);
    case Subject::kNone:
      break;
  }
  return spec.name == "register" ? "/api/v1/requests" : "/api/v1/" + std::string(spec.name);
}

// Runs a command of the table for the request; the answer is the command's
// typed outcome as the caller may see it.
HttpResponse run(const EngineApi& api, const CommandEntry& entry, bool reason_is_argument,
                 const HttpRequest& request, const PathParams& params) {
  const Caller caller = caller_of(request);
  std::string target;
  if (entry.spec.subject == Subject::kRequest) target = params.at("number");
  if (entry.spec.subject == Subject::kWorkOrder) target = params.at("id");
  // The role check comes before the body is read, so that a refused caller
  // learns nothing from validation errors (SEC-2).
  if (auto st = api.work_orders.permit(caller, entry.spec.name, target); !st) {
    return HttpResponse::error(st.error());
  }
  auto call = read_body(request, reason_is_argument);
  if (!call) return HttpResponse::error(call.error());
  call->name = entry.spec.name;
  call->target = std::move(target);
  auto outcome = api.work_orders.execute(caller, *call);
  if (!outcome) return HttpResponse::error(outcome.error());
  const int status = entry.spec.name == "register" ? 201 : 200;
  // The staff's answer holds internal notes: applicants get their own view
  // (INT-5 [M14]; core/security/applicant_view.h).
  if (caller.actor.role == Role::kApplicant) {
    auto view = api.work_orders.applicant_view(caller);
    if (!view) return HttpResponse::error(view.error());
    return ok_json(status, applicant_view_to_json(*view));
  }
  return ok_json(status, api.work_orders.answer(caller, *outcome));
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
  auto claim = api.idempotency->claim(scope, api.clock->now(), api.idempotency_stale_after);
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

Caller caller_of(const HttpRequest& request) {
  Caller c;
  if (request.actor) c.actor = *request.actor;
  c.remote = request.remote;
  c.scope = request.scope;
  // INT-4: the intake's retry key, bound to the caller as the idempotency
  // store binds it; the store keeps one request per key (CommandContext).
  if (const std::string key = request.header("idempotency-key"); !key.empty() && request.actor) {
    c.intake_key = sodium::intake_key(request.actor->id, key);
  }
  return c;
}

std::set<std::string> units_of(const WorkOrderState& s) {
  std::set<std::string> units{s.lead_unit};
  if (!s.handling_unit.empty()) units.insert(s.handling_unit);
  units.insert(s.assisting_units.begin(), s.assisting_units.end());
  return units;
}

void add_engine_routes(Router& router, const EngineApi& api) {
  // One POST route per command of the table, with its schemas.
  for (const CommandEntry& entry : command_table()) {
    const json body = entry.body_schema();
    // apply-return's own "reason" (RET-1) is an argument, not the reserved member.
    const bool reason_is_argument =
        body.contains("properties") && body["properties"].contains("reason");
    Route route;
    route.method = "POST";
    route.pattern = path_of(entry.spec);
    route.summary = std::string(entry.spec.summary);
    route.public_route = entry.spec.public_route;
    route.body_schema = schema::with_reserved(body);
    route.answer_schema = entry.answer_schema();
    // A command an applicant may run answers them with their own view (INT-5).
    if (entry.spec.permission &&
        authorize(Actor{"applicant", Role::kApplicant, ""}, *entry.spec.permission, nullptr,
                  api.work_orders.organisation())) {
      route.answer_schema = {
          {"oneOf", json::array({route.answer_schema, schema::ref("ApplicantView")})}};
    }
    route.success_status = entry.spec.name == "register" ? 201 : 200;
    const CommandEntry* e = &entry;
    if (entry.spec.name == "register") {
      // INT: registration (the intake every channel uses), once per Idempotency-Key.
      route.summary += "; honours Idempotency-Key";
      route.handler = [&api, e](const HttpRequest& request, const PathParams& params) {
        if (auto st = api.work_orders.permit(caller_of(request), e->spec.name, ""); !st) {
          return HttpResponse::error(st.error());
        }
        return register_once(api, request, [&] { return run(api, *e, false, request, params); });
      };
    } else {
      route.handler = [&api, e, reason_is_argument](const HttpRequest& request,
                                                    const PathParams& params) {
        return run(api, *e, reason_is_argument, request, params);
      };
    }
    router.add(std::move(route));
  }

  // ---- Queries ----
  Route request_route{
      "GET", "/api/v1/requests/{number}",
      [&api](const HttpRequest& request, const PathParams& params) {
        const Caller caller = caller_of(request);
        if (caller.actor.role == Role::kApplicant) {
          // INT-5: the applicant's own view, for the request of the session.
          if (caller.scope != params.at("number")) {
            return HttpResponse::error(Error::not_found("request " + params.at("number")));
          }
          auto own = api.work_orders.applicant_view(caller);
          if (!own) return HttpResponse::error(own.error());
          return ok_json(200, applicant_view_to_json(*own));
        }
        auto view = api.work_orders.request(caller, params.at("number"));
        if (!view) return HttpResponse::error(view.error());
        json out = request_to_json(view->state);
        out["details"] = view->details ? request_details_to_json(*view->details) : json();
        return ok_json(200, out);
      },
      "A request with its triage and dispatch (INT-5)"};
  request_route.answer_schema = {
      {"oneOf", json::array({schema::ref("Request"), schema::ref("ApplicantView")})}};
  router.add(std::move(request_route));

  Route list_route{
      "GET", "/api/v1/work-orders",
      [&api](const HttpRequest& request, const PathParams&) {
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
        if (auto overdue = request.param("overdue")) {
          if (*overdue != "true" && *overdue != "false") {
            return HttpResponse::error(
                Error::invalid("overdue", "true or false", "应为 true 或 false"));
          }
          filter.overdue = *overdue == "true";
        }
        for (const char* name : {"limit", "offset"}) {
          if (request.param(name) && !size_param(request, name)) {
            return HttpResponse::error(
                Error::invalid(name, "not a non-negative number", "应为非负整数"));
          }
        }
        filter.limit = std::min<std::size_t>(size_param(request, "limit").value_or(50), 500);
        filter.offset = size_param(request, "offset").value_or(0);
        auto rows = api.work_orders.list(caller_of(request), filter);
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
        return ok_json(200, {{"items", items}, {"limit", filter.limit}, {"offset", filter.offset}});
      },
      "List work orders with filters and paging"};
  list_route.answer_schema = schema::ref("WorkOrderList");
  list_route.query = {
      {"unit", schema::string("lead, handling or assisting unit id"), false},
      {"status", schema::enumeration(parse_work_order_status, "work order status"), false},
      {"overdue", {{"type", "string"}, {"enum", {"true", "false"}}}, false},
      {"limit", {{"type", "integer"}, {"minimum", 0}, {"maximum", 500}, {"default", 50}}, false},
      {"offset", {{"type", "integer"}, {"minimum", 0}, {"default", 0}}, false}};
  router.add(std::move(list_route));

  Route work_order_route{"GET", "/api/v1/work-orders/{id}",
                         [&api](const HttpRequest& request, const PathParams& params) {
                           auto state =
                               api.work_orders.work_order(caller_of(request), params.at("id"));
                           if (!state) return HttpResponse::error(state.error());
                           return ok_json(200, work_order_to_json(*state));
                         },
                         "A work order's current state"};
  work_order_route.answer_schema = schema::ref("WorkOrder");
  router.add(std::move(work_order_route));

  Route history_route{"GET", "/api/v1/work-orders/{id}/history",
                      [&api](const HttpRequest& request, const PathParams& params) {
                        auto events = api.work_orders.history(caller_of(request), params.at("id"));
                        if (!events) return HttpResponse::error(events.error());
                        json out = json::array();
                        for (const auto& e : *events) out.push_back(event_to_json(e));
                        return ok_json(200, out);
                      },
                      "A work order's history of events"};
  history_route.answer_schema = schema::array_of(schema::ref("Event"));
  router.add(std::move(history_route));
}

}  // namespace hotline::http
