#include "adapters/http/api_hotlines.h"

#include <sodium.h>

#include "adapters/http/api_engine.h"
#include "adapters/json/event_json.h"
#include "adapters/json/json_reader.h"
#include "adapters/sodium/intake_key.h"
#include "application/json_schema.h"
#include "core/security/account.h"
#include "core/security/masking.h"
#include "core/text.h"

namespace hotline::http {
namespace {

using json = nlohmann::json;
namespace s = schema;

constexpr std::size_t kMaxReference = 100;  // bytes of another hotline's number
constexpr std::size_t kEarlierShown = 10;   // the caller's latest requests in a draft

HttpResponse forbidden(const HttpRequest& r, std::string_view who_zh) {
  return HttpResponse::error(Error::forbidden(
      "SEC-2", "M27", "role " + std::string(to_string(r.actor->role)) + " may not use this route",
      std::string(who_zh)));
}

std::string digest_hex(std::string_view text) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

// ---- ICN-2: transfers in --------------------------------------------------

json transfer_in_schema() {
  return s::object({{"their_reference", s::string("the other hotline's own number", 1)},
                    {"request", s::ref("RequestDetails")}},
                   {"their_reference", "request"},
                   "a request another city's hotline transfers in (ICN-2, M9)");
}

HttpResponse transfer_in(const HotlinesApi& api, const HttpRequest& request) {
  Caller caller = caller_of(request);
  const Unit* unit = api.work_orders.organisation().find(caller.actor.unit);
  if (caller.actor.role != Role::kApiClient || unit == nullptr ||
      unit->kind != UnitKind::kPartnerHotline) {
    return forbidden(request, "仅京津冀协同热线的系统（其接口密钥）可转入诉求");
  }
  auto body = parse_json_object(request.body);
  if (!body) return HttpResponse::error(body.error());
  JsonReader r(*body, "");
  const std::string reference = r.string("their_reference", true);
  const json* given = r.object("request", true);
  if (auto st = r.finish(); !st) return HttpResponse::error(st.error());
  json details = given ? *given : json::object();
  if (reference.empty() || reference.size() > kMaxReference || !is_valid_utf8(reference)) {
    return HttpResponse::error(Error::invalid("their_reference", "1 to 100 bytes of UTF-8",
                                              "对方热线编号须为1至100字节的文本"));
  }
  if (details.contains("external_ref")) {
    return HttpResponse::error(Error::invalid("request.external_ref",
                                              "set by the platform from their_reference",
                                              "由平台按对方编号填写"));
  }
  if (!details.contains("channel")) details["channel"] = "hotline-transfer";
  details["external_ref"] = unit->id + ":" + reference;
  // Their reference is the retry key (INT-4): a retry after a node died
  // mid-registration gets the first request even when the answer below was
  // never stored.
  const std::string retry_key = "transfer-in:" + reference;
  caller.intake_key = sodium::intake_key(caller.actor.id, retry_key);

  auto work = [&]() {
    Invocation call;
    call.name = "register";
    call.reason = "京津冀热线转入（" + unit->name + "编号" + reference + "）";
    call.args = details;
    auto outcome = api.work_orders.execute(caller, call);
    if (!outcome) return HttpResponse::error(outcome.error());
    return HttpResponse::json(201, api.work_orders.answer(caller, *outcome).dump());
  };
  // Idempotent on their reference: a retry after a lost answer gets the
  // first answer, not a second request.
  if (api.idempotency == nullptr) return work();
  const IdempotencyScope scope{caller.actor.id, retry_key, digest_hex(request.body)};
  auto claim = api.idempotency->claim(scope, api.clock.now(), api.idempotency_stale_after);
  if (!claim) return HttpResponse::error(claim.error());
  switch (claim->outcome) {
    case ClaimOutcome::kReplay: {
      auto replay = HttpResponse::json(claim->response->status, claim->response->body);
      replay.headers["Idempotent-Replayed"] = "true";
      return replay;
    }
    case ClaimOutcome::kMismatch:
      return HttpResponse::error(
          409, "reference_reused",
          "their_reference " + reference + " was transferred in already with other content",
          "该对方编号已转入过内容不同的诉求", "their_reference");
    case ClaimOutcome::kInProgress:
      return HttpResponse::error(409, "reference_in_progress",
                                 "a transfer with this reference is still being registered",
                                 "相同编号的转入正在处理", "their_reference");
    case ClaimOutcome::kClaimed:
      break;
  }
  HttpResponse response = work();
  if (response.status < 300) {
    (void)api.idempotency->complete(scope, {response.status, response.content_type, response.body},
                                    api.clock.now());
  } else {
    (void)api.idempotency->release(scope);
  }
  return response;
}

// ---- The call-centre hook ---------------------------------------------------

json call_schema() {
  return s::object({{"caller", s::string("the calling number (personal data: not kept)", 1)},
                    {"line", s::string("the number called, e.g. 12345 or 12328", 1)},
                    {"at", s::instant("when the call came in; default: now")},
                    {"agent", s::string("account id of the agent who takes the call", 1)}},
                   {"caller", "line", "agent"}, "an incoming call from a telephony system");
}

json earlier_schema() {
  json order = s::object({{"id", s::string()},
                          {"status", s::string()},
                          {"status_zh", s::string()},
                          {"lead_unit", s::string()}});
  return s::array_of(s::object({{"number", s::string()},
                                {"registered_at", s::instant()},
                                {"status", s::string()},
                                {"status_zh", s::string()},
                                {"type", s::string()},
                                {"work_orders", s::array_of(order)}}),
                     "the caller's latest requests and their progress, newest first");
}

json draft_answer_schema() {
  return s::object(
      {{"draft", s::string("the draft's id")},
       {"line", s::string()},
       {"at", s::instant()},
       {"agent", s::string()},
       {"caller", s::string("masked")},
       {"registration", s::object({{"channel", s::string()}, {"requested_at", s::instant()}})},
       {"earlier", earlier_schema()},
       {"earlier_available", s::boolean("false when the store keeps no index of phones")}},
      {"draft", "line", "at", "agent", "caller", "registration", "earlier"},
      "a draft registration opened for an incoming call");
}

bool plain_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

HttpResponse incoming_call(const HotlinesApi& api, const HttpRequest& request) {
  const Caller caller = caller_of(request);
  const Unit* unit = api.work_orders.organisation().find(caller.actor.unit);
  // The office's telephony, or a sub-centre's (ICN-1: its calls are its own line).
  if (caller.actor.role != Role::kApiClient || unit == nullptr ||
      (unit->kind != UnitKind::kHotlineOffice && unit->kind != UnitKind::kSubCentre)) {
    return forbidden(request, "仅热线工作机构或分中心的话务系统（其接口密钥）可报告来电");
  }
  auto body = parse_json_object(request.body);
  if (!body) return HttpResponse::error(body.error());
  JsonReader r(*body, "");
  const std::string phone = r.string("caller", true);
  const std::string line = r.string("line", true);
  const std::string agent = r.string("agent", true);
  const auto at = r.instant("at");
  if (auto st = r.finish(); !st) return HttpResponse::error(st.error());
  const std::string normalized = normalize_phone(phone);
  if (normalized.empty() || phone.size() > 40) {
    return HttpResponse::error(Error::invalid("caller", "not a phone number", "来电号码无效"));
  }
  if (!plain_id(line)) {
    return HttpResponse::error(
        Error::invalid("line", "1 to 64 of a-z, 0-9, '.', '-', '_'", "线路号无效"));
  }
  if (!plain_id(agent)) {
    return HttpResponse::error(Error::invalid("agent", "not an account id", "话务员账号无效"));
  }
  const Instant when = at ? *at : api.clock.now();
  const Channel channel = unit->is_sub_centre() ? Channel::kHotline12328 : Channel::kPhone;

  // The earlier requests as the agent who takes the call sees them.
  json earlier = json::array();
  bool available = false;
  if (api.lookup != nullptr) {
    auto numbers = api.lookup->requests_of(phone);
    if (numbers) {
      available = true;
      const Caller reader{Actor{agent, Role::kAgent, std::string(kOfficeUnit)}, caller.remote, ""};
      std::size_t shown = 0;
      for (auto it = numbers->rbegin(); it != numbers->rend() && shown < kEarlierShown; ++it) {
        auto view = api.work_orders.request(reader, *it);
        if (!view) continue;
        const RequestState& st = view->state;
        json orders = json::array();
        for (const auto& o : st.orders) {
          auto wo = api.work_orders.work_order(reader, o.work_order);
          if (!wo) continue;
          orders.push_back({{"id", wo->id},
                            {"status", std::string(to_string(wo->status))},
                            {"status_zh", std::string(to_chinese(wo->status))},
                            {"lead_unit", wo->lead_unit}});
        }
        earlier.push_back({{"number", st.number},
                           {"registered_at", format_iso8601(st.registered_at)},
                           {"status", std::string(to_string(st.status))},
                           {"status_zh", std::string(to_chinese(st.status))},
                           {"type", std::string(to_string(st.details.type))},
                           {"work_orders", std::move(orders)}});
        ++shown;
      }
    }
  }
  unsigned char random[12];
  randombytes_buf(random, sizeof random);
  char hex[25];
  sodium_bin2hex(hex, sizeof hex, random, sizeof random);
  json answer{
      {"draft", std::string("call-") + hex},
      {"line", line},
      {"at", format_iso8601(when)},
      {"agent", agent},
      {"caller", mask_phone(phone)},
      {"registration",
       {{"channel", std::string(to_string(channel))}, {"requested_at", format_iso8601(when)}}},
      {"earlier", earlier},
      {"earlier_available", available}};
  // Only the agent who takes the call gets the number, on their own event
  // stream (memory only): the registration form is filled from it.
  json pushed = answer;
  pushed["registration"]["applicant"] = {{"phone", phone}};
  api.bus.publish({"incoming-call", pushed.dump(), {}, agent});
  return HttpResponse::json(201, answer.dump());
}

}  // namespace

void add_hotline_routes(Router& router, const HotlinesApi& api) {
  Route in{
      "POST", "/api/v1/hotlines/transfers-in",
      [api](const HttpRequest& request, const PathParams&) { return transfer_in(api, request); },
      "A request transferred in by another city's hotline, with its own reference (ICN-2)"};
  in.body_schema = transfer_in_schema();
  in.answer_schema = s::ref("Request");
  in.success_status = 201;
  router.add(audited(std::move(in)));

  Route call{
      "POST", "/api/v1/calls",
      [api](const HttpRequest& request, const PathParams&) { return incoming_call(api, request); },
      "An incoming call: a draft registration with the caller's earlier requests, pushed "
      "to the agent"};
  call.body_schema = call_schema();
  call.answer_schema = draft_answer_schema();
  call.success_status = 201;
  router.add(audited(std::move(call)));
}

}  // namespace hotline::http
