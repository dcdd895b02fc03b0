#include "adapters/http/api_interconnect.h"

#include <charconv>

namespace hotline::http {
namespace {

using json = nlohmann::json;

bool one_of(const HttpRequest& r, std::initializer_list<Role> roles) {
  for (Role role : roles) {
    if (r.actor && r.actor->role == role) return true;
  }
  return false;
}

HttpResponse forbidden(const HttpRequest& r) {
  return HttpResponse::error(Error::forbidden(
      "SEC-2", "M27", "role " + std::string(to_string(r.actor->role)) + " may not use this route",
      std::string(to_chinese(r.actor->role)) + "无权访问"));
}

json message_json(const OutboxMessage& m) {
  json j{{"id", m.id},
         {"event_id", m.event_id},
         {"unit", m.unit},
         {"topic", m.topic},
         {"state", std::string(to_string(m.state))},
         {"attempts", m.attempts},
         {"created", format_iso8601(m.created)},
         {"next_attempt", format_iso8601(m.next_attempt)},
         {"last_error", m.last_error}};
  return j;
}

json dead_letter_schema() {
  json str = {{"type", "string"}};
  json integer = {{"type", "integer"}};
  return {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"id", integer},
              {"event_id", str},
              {"unit", str},
              {"topic", str},
              {"state", str},
              {"attempts", integer},
              {"created", str},
              {"next_attempt", str},
              {"last_error", str}}}}}};
}

json figures_schema() {
  json integer = {{"type", "integer"}};
  json rate = {{"type", "number"}, {"nullable", true}};
  return {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"agent", {{"type", "string"}}},
              {"calls", integer},
              {"evaluated", integer},
              {"satisfied", integer},
              {"basically_satisfied", integer},
              {"dissatisfied", integer},
              {"conduct_complaints", integer},
              {"conduct_complaints_substantiated", integer},
              {"satisfaction_rate", rate},
              {"evaluation_rate", rate}}}}}};
}

Result<std::optional<Instant>> instant_param(const HttpRequest& r, const char* name) {
  auto v = r.param(name);
  if (!v || v->empty()) return std::optional<Instant>{};
  auto t = parse_iso8601(*v);
  if (!t) return fail(Error::invalid(name, t.error().message, t.error().message_zh));
  return std::optional<Instant>{*t};
}

}  // namespace

void add_interconnect_routes(Router& router, const InterconnectApi& api) {
  router.add({"GET", "/api/v1/webhooks/dead-letters",
              [api](const HttpRequest& request, const PathParams&) {
                if (!one_of(request, {Role::kSupervisor, Role::kAdministrator})) {
                  return forbidden(request);
                }
                auto dead = api.outbox.list(OutboxState::kDead, 1000);
                if (!dead) return HttpResponse::error(dead.error());
                json out = json::array();
                for (const auto& m : *dead) out.push_back(message_json(m));
                return HttpResponse::json(200, out.dump());
              },
              "Pushes to units' systems that exhausted their attempts (ICN-3)", false, nullptr,
              dead_letter_schema()});
  router.add(
      audited({"POST", "/api/v1/webhooks/dead-letters/{id}/replay",
               [api](const HttpRequest& request, const PathParams& params) {
                 if (!one_of(request, {Role::kSupervisor, Role::kAdministrator})) {
                   return forbidden(request);
                 }
                 const std::string& text = params.at("id");
                 std::int64_t id = 0;
                 auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
                 if (ec != std::errc{} || end != text.data() + text.size()) {
                   return HttpResponse::error(
                       Error::not_found("dead letter " + text, "死信不存在：" + text));
                 }
                 if (auto st = api.outbox.replay(id, api.clock.now()); !st) {
                   return HttpResponse::error(st.error());
                 }
                 return HttpResponse::json(200, json{{"replayed", id}}.dump());
               },
               "Send a dead letter again, same event id (ICN-3)", false, nullptr,
               json{{"type", "object"}, {"properties", {{"replayed", {{"type", "integer"}}}}}}}));
  router.add(
      {"GET",
       "/api/v1/agents/figures",
       [api](const HttpRequest& request, const PathParams&) {
         if (!one_of(request, {Role::kSupervisor, Role::kAnalyst, Role::kAdministrator})) {
           return forbidden(request);
         }
         auto from = instant_param(request, "from");
         if (!from) return HttpResponse::error(from.error());
         auto to = instant_param(request, "to");
         if (!to) return HttpResponse::error(to.error());
         auto rows = api.agent_figures(*from, *to);
         if (!rows) return HttpResponse::error(rows.error());
         json out = json::array();
         for (const auto& r : *rows) {
           json row{{"agent", r.agent},
                    {"calls", r.calls},
                    {"evaluated", r.evaluated},
                    {"satisfied", r.satisfied},
                    {"basically_satisfied", r.basically_satisfied},
                    {"dissatisfied", r.dissatisfied},
                    {"conduct_complaints", r.conduct_complaints},
                    {"conduct_complaints_substantiated", r.conduct_complaints_substantiated}};
           row["satisfaction_rate"] = r.satisfaction_rate() ? json(*r.satisfaction_rate()) : json();
           row["evaluation_rate"] = r.evaluation_rate() ? json(*r.evaluation_rate()) : json();
           out.push_back(std::move(row));
         }
         return HttpResponse::json(200, out.dump());
       },
       "The agents' service figures: evaluations after the call and conduct complaints "
       "(INT-7, INT-6)",
       false,
       nullptr,
       figures_schema(),
       {{"from", {{"type", "string"}, {"format", "date-time"}}, false},
        {"to", {{"type", "string"}, {"format", "date-time"}}, false}}});
}

}  // namespace hotline::http
