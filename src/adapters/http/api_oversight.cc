#include "adapters/http/api_oversight.h"

#include <charconv>

#include "adapters/json/json_reader.h"
#include "application/json_schema.h"

namespace hotline::http {
namespace {

using nlohmann::json;
using namespace hotline::oversight;

HttpResponse ok(int status, const json& body) { return HttpResponse::json(status, body.dump()); }

json nullable(json schema) {
  schema["nullable"] = true;
  return schema;
}
json optional_instant(const std::optional<Instant>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

std::optional<std::int64_t> id_of(const std::string& text) {
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end || v <= 0) return std::nullopt;
  return v;
}

// limit (1..500, default 50) and offset.
Status paging(const HttpRequest& r, std::size_t& limit, std::size_t& offset) {
  limit = 50;
  offset = 0;
  if (auto l = r.param("limit")) {
    auto v = id_of(*l);
    if (!v || *v > 500) return fail(Error::invalid("limit", "1 to 500", "limit 须为1至500"));
    limit = static_cast<std::size_t>(*v);
  }
  if (auto o = r.param("offset")) {
    if (*o != "0") {
      auto v = id_of(*o);
      if (!v) return fail(Error::invalid("offset", "a whole number ≥ 0", "offset 须为非负整数"));
      offset = static_cast<std::size_t>(*v);
    }
  }
  return {};
}

Result<std::string> month_param(const HttpRequest& r) {
  auto month = r.param("month");
  if (!month) return fail(Error::invalid("month", "the month is required", "缺少月份 month"));
  return check_month(*month);
}

std::string unit_name(const Organisation& org, const std::string& id) {
  const Unit* u = org.find(id);
  return u != nullptr ? u->name : std::string();
}

json opinion_to_json(const Opinion& o, const Actor& reader) {
  // A social supervisor learns that the office answered, not which account did.
  const bool office = reader.role != Role::kSocialSupervisor;
  return {{"id", o.id},
          {"author", o.author},
          {"work_order", o.work_order.empty() ? json(nullptr) : json(o.work_order)},
          {"text", o.text},
          {"created_at", format_iso8601(o.created_at)},
          {"status", std::string(to_string(o.status))},
          {"status_zh", std::string(to_chinese(o.status))},
          {"answer", o.answered_at ? json(o.answer) : json(nullptr)},
          {"answered_by", o.answered_at && office ? json(o.answered_by) : json(nullptr)},
          {"answered_at", optional_instant(o.answered_at)}};
}

json sampled_to_json(const SampledWorkOrder& w) {
  return {{"id", w.id},
          {"request", w.request},
          {"month", w.month},
          {"status", std::string(to_string(w.status))},
          {"status_zh", std::string(to_chinese(w.status))},
          {"lead_unit", w.lead_unit},
          {"lead_unit_name", w.lead_unit_name},
          {"district", w.district},
          {"district_name", w.district_name},
          {"category", w.category},
          {"type", std::string(to_string(w.type))},
          {"channel", std::string(to_string(w.channel))},
          {"requested_at", format_iso8601(w.requested_at)},
          {"dispatched_at", format_iso8601(w.dispatched_at)},
          {"accepted_at", optional_instant(w.accepted_at)},
          {"replied_at", optional_instant(w.replied_at)},
          {"subject", w.subject},
          {"detail", w.detail},
          {"reply",
           {{"process", w.reply_process},
            {"result", w.reply_result},
            {"policy_basis", w.reply_policy_basis},
            {"late", w.replied_late}}},
          {"satisfaction",
           w.satisfaction ? json(std::string(to_string(*w.satisfaction))) : json(nullptr)},
          {"returns_approved", w.returns_approved},
          {"extensions_approved", w.extensions_approved},
          {"handled_again", w.handled_again},
          {"supervisions", w.supervisions}};
}

// ---- schemas (OpenAPI 3.0) ----

json circulation_schema() {
  return schema::object(
      {{"id", schema::integer("record number")},
       {"unit", schema::string("the unit circulated")},
       {"unit_name", schema::string()},
       {"month", schema::string("YYYY-MM")},
       {"kind", schema::enumeration(parse_circulation_kind, "通报批评 or 通报表扬")},
       {"kind_zh", schema::string()},
       {"ground", schema::enumeration(parse_circulation_ground, "T24(1)-(3), T26, D26")},
       {"ground_zh", schema::string()},
       {"article", schema::string()},
       {"reason", schema::string()},
       {"work_orders", schema::array_of(schema::string())},
       {"indicators", schema::array_of(schema::string())},
       {"recorded_by",
        schema::object(
            {{"id", schema::string()}, {"role", schema::string()}, {"unit", schema::string()}},
            {"id", "role", "unit"})},
       {"recorded_at", schema::instant()}},
      {"id", "unit", "unit_name", "month", "kind", "kind_zh", "ground", "ground_zh", "article",
       "reason", "work_orders", "indicators", "recorded_by", "recorded_at"});
}

json opinion_schema() {
  return schema::object(
      {{"id", schema::integer()},
       {"author", schema::string("the social supervisor's account")},
       {"work_order", nullable(schema::string("null: an opinion in general"))},
       {"text", schema::string()},
       {"created_at", schema::instant()},
       {"status", schema::enumeration(parse_opinion_status)},
       {"status_zh", schema::string()},
       {"answer", nullable(schema::string())},
       {"answered_by", nullable(schema::string("the office's account; null for supervisors"))},
       {"answered_at", nullable(schema::instant())}},
      {"id", "author", "work_order", "text", "created_at", "status", "status_zh", "answer",
       "answered_by", "answered_at"});
}

json sampled_schema() {
  return schema::object(
      {{"id", schema::string()},
       {"request", schema::string()},
       {"month", schema::string()},
       {"status", schema::string()},
       {"status_zh", schema::string()},
       {"lead_unit", schema::string()},
       {"lead_unit_name", schema::string()},
       {"district", schema::string()},
       {"district_name", schema::string()},
       {"category", schema::string()},
       {"type", schema::string()},
       {"channel", schema::string()},
       {"requested_at", schema::instant()},
       {"dispatched_at", schema::instant()},
       {"accepted_at", nullable(schema::instant())},
       {"replied_at", nullable(schema::instant())},
       {"subject", schema::string("personal numbers and names masked")},
       {"detail", schema::string("personal numbers and names masked")},
       {"reply", schema::object({{"process", schema::string()},
                                 {"result", schema::string()},
                                 {"policy_basis", schema::string()},
                                 {"late", schema::boolean()}},
                                {"process", "result", "policy_basis", "late"})},
       {"satisfaction", nullable(schema::string())},
       {"returns_approved", schema::integer()},
       {"extensions_approved", schema::integer()},
       {"handled_again", schema::integer()},
       {"supervisions", schema::integer()}},
      {"id", "request", "month", "status", "lead_unit", "district", "type", "channel",
       "requested_at", "dispatched_at", "subject", "detail", "reply", "satisfaction"});
}

json month_query_schema() {
  return {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}$"}, {"description", "YYYY-MM"}};
}
json limit_schema() {
  return {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 50}};
}
json offset_schema() { return {{"type", "integer"}, {"minimum", 0}, {"default", 0}}; }

}  // namespace

json circulation_to_json(const Circulation& c, const Organisation& organisation) {
  return {{"id", c.id},
          {"unit", c.unit},
          {"unit_name", unit_name(organisation, c.unit)},
          {"month", c.month},
          {"kind", std::string(to_string(c.kind))},
          {"kind_zh", std::string(to_chinese(c.kind))},
          {"ground", std::string(to_string(c.ground))},
          {"ground_zh", std::string(to_chinese(c.ground))},
          {"article", c.article},
          {"reason", c.reason},
          {"work_orders", c.work_orders},
          {"indicators", c.indicators},
          {"recorded_by",
           {{"id", c.recorded_by.id},
            {"role", std::string(to_string(c.recorded_by.role))},
            {"unit", c.recorded_by.unit}}},
          {"recorded_at", format_iso8601(c.recorded_at)}};
}

json performance_to_json(const PerformanceExport& e, const Organisation& organisation) {
  json units = json::array();
  for (const PerformanceRow& r : e.rows) {
    json circulations = json::array();
    for (const Circulation& c : r.circulations) {
      circulations.push_back(circulation_to_json(c, organisation));
    }
    json u = analysis_ops::assessment_json(r.assessment);
    u["circulations"] = circulations;
    u["criticisms"] = r.criticisms;
    u["praises"] = r.praises;
    units.push_back(std::move(u));
  }
  return {{"month", e.month},
          {"period", {{"from", format_date(e.period.from)}, {"to", format_date(e.period.to)}}},
          {"units", units}};
}

void add_oversight_routes(Router& router, const OversightApi& api) {
  OversightService& service = api.service;
  const Organisation& org = api.organisation;

  // ---------------- EVA-2: circulations and performance assessment

  Route record{"POST", "/api/v1/assessment/circulations",
               [&service, &org](const HttpRequest& r, const PathParams&) {
                 auto body = parse_json_object(r.body);
                 if (!body) return HttpResponse::error(body.error());
                 JsonReader reader(*body, "");
                 CirculationInput in;
                 in.unit = reader.string("unit", true);
                 in.month = reader.string("month", true);
                 in.ground = reader.string("ground", true);
                 in.reason = reader.string("reason", true);
                 in.work_orders = reader.strings("work_orders");
                 in.indicators = reader.strings("indicators");
                 if (auto st = reader.finish(); !st) return HttpResponse::error(st.error());
                 auto c = service.record_circulation(*r.actor, in);
                 if (!c) return HttpResponse::error(c.error());
                 return ok(201, circulation_to_json(*c, org));
               },
               "EVA-2 circulate a unit for criticism (T24) or praise (T26, D26) for a month"};
  record.body_schema = schema::object(
      {{"unit", schema::string("the unit circulated", 1)},
       {"month", schema::string("YYYY-MM: the assessment period", 7)},
       {"ground", schema::enumeration(parse_circulation_ground,
                                      "buck-passing, refused-supervision, media-exposure: "
                                      "通报批评 (T24); exemplary-practice (T26), "
                                      "active-governance (D26): 通报表扬")},
       {"reason", schema::string("what happened", 1)},
       {"work_orders", schema::array_of(schema::string(), "the work orders behind it")},
       {"indicators", schema::array_of(schema::string(), "EVA-1 indicators it rests on")}},
      {"unit", "month", "ground", "reason"});
  record.answer_schema = circulation_schema();
  record.success_status = 201;
  router.add(audited(std::move(record)));

  Route list{"GET", "/api/v1/assessment/circulations",
             [&service, &org](const HttpRequest& r, const PathParams&) {
               CirculationFilter filter;
               filter.unit = r.param("unit");
               filter.month = r.param("month");
               if (auto st = paging(r, filter.limit, filter.offset); !st) {
                 return HttpResponse::error(st.error());
               }
               auto found = service.circulations(*r.actor, filter);
               if (!found) return HttpResponse::error(found.error());
               json items = json::array();
               for (const Circulation& c : *found) items.push_back(circulation_to_json(c, org));
               return ok(200, {{"items", items}});
             },
             "EVA-2 circulation records (a unit sees its own)"};
  list.query = {{"unit", schema::string("unit id"), false},
                {"month", month_query_schema(), false},
                {"limit", limit_schema(), false},
                {"offset", offset_schema(), false}};
  list.answer_schema =
      schema::object({{"items", schema::array_of(circulation_schema())}}, {"items"});
  router.add(std::move(list));

  Route one{"GET", "/api/v1/assessment/circulations/{id}",
            [&service, &org](const HttpRequest& r, const PathParams& p) {
              auto id = id_of(p.at("id"));
              if (!id) return HttpResponse::error(Error::not_found("circulation " + p.at("id")));
              auto c = service.circulation(*r.actor, *id);
              if (!c) return HttpResponse::error(c.error());
              return ok(200, circulation_to_json(*c, org));
            },
            "EVA-2 one circulation record"};
  one.answer_schema = circulation_schema();
  router.add(std::move(one));

  Route performance{"GET", "/api/v1/assessment/performance",
                    [&service, &org](const HttpRequest& r, const PathParams&) {
                      auto month = month_param(r);
                      if (!month) return HttpResponse::error(month.error());
                      auto e = service.performance(*r.actor, *month);
                      if (!e) return HttpResponse::error(e.error());
                      return ok(200, performance_to_json(*e, org));
                    },
                    "EVA-2 government performance assessment: EVA-1 scores with circulations"};
  performance.query = {{"month", month_query_schema(), true}};
  performance.answer_schema = schema::object(
      {{"month", schema::string()},
       {"period",
        schema::object({{"from", schema::string()}, {"to", schema::string()}}, {"from", "to"})},
       {"units",
        schema::array_of({{"type", "object"},
                          {"required", json::array({"unit", "name", "score", "rank", "indicators",
                                                    "circulations", "criticisms", "praises"})}})}},
      {"month", "period", "units"});
  router.add(std::move(performance));

  Route workbook{
      "GET", "/api/v1/assessment/performance/workbook",
      [&service, make = api.workbook](const HttpRequest& r, const PathParams&) {
        if (!make) {
          return HttpResponse::error(404, "not_found", "workbooks are not available",
                                     "报表功能不可用");
        }
        auto month = month_param(r);
        if (!month) return HttpResponse::error(month.error());
        auto e = service.performance(*r.actor, *month);
        if (!e) return HttpResponse::error(e.error());
        auto file = make(*e);
        if (!file) return HttpResponse::error(file.error());
        HttpResponse out = HttpResponse::text(200, std::move(file->bytes), file->content_type);
        out.headers["Content-Disposition"] = "attachment; filename=\"" + file->file_name + "\"";
        return out;
      },
      "EVA-2 government performance assessment as an Excel workbook"};
  workbook.query = {{"month", month_query_schema(), true}};
  router.add(std::move(workbook));

  // ---------------- EVA-4: social supervision

  Route sample{"GET", "/api/v1/social-supervision/sample",
               [&service](const HttpRequest& r, const PathParams&) {
                 auto month = month_param(r);
                 if (!month) return HttpResponse::error(month.error());
                 auto found = service.sample(*r.actor, *month);
                 if (!found) return HttpResponse::error(found.error());
                 json items = json::array();
                 for (const SampledWorkOrder& w : *found) items.push_back(sampled_to_json(w));
                 const SamplingRule& rule = service.rule();
                 return ok(200, {{"month", *month},
                                 {"rule",
                                  {{"rate", rule.rate},
                                   {"minimum", rule.minimum},
                                   {"maximum", rule.maximum},
                                   {"article", rule.article}}},
                                 {"work_orders", items}});
               },
               "EVA-4 the month's sample of closed work orders, masked (R22)"};
  sample.query = {{"month", month_query_schema(), true}};
  sample.answer_schema =
      schema::object({{"month", schema::string()},
                      {"rule", schema::object({{"rate", {{"type", "number"}}},
                                               {"minimum", schema::integer()},
                                               {"maximum", schema::integer()},
                                               {"article", schema::string()}},
                                              {"rate", "minimum", "maximum", "article"})},
                      {"work_orders", schema::array_of(sampled_schema())}},
                     {"month", "rule", "work_orders"});
  router.add(std::move(sample));

  Route sampled{"GET", "/api/v1/social-supervision/work-orders/{id}",
                [&service](const HttpRequest& r, const PathParams& p) {
                  auto w = service.sampled_work_order(*r.actor, p.at("id"));
                  if (!w) return HttpResponse::error(w.error());
                  return ok(200, sampled_to_json(*w));
                },
                "EVA-4 a sampled work order, masked; outside the sample: 404"};
  sampled.answer_schema = sampled_schema();
  router.add(std::move(sampled));

  Route leave{"POST", "/api/v1/social-supervision/opinions",
              [&service](const HttpRequest& r, const PathParams&) {
                auto body = parse_json_object(r.body);
                if (!body) return HttpResponse::error(body.error());
                JsonReader reader(*body, "");
                const std::string work_order = reader.string("work_order");
                const std::string text = reader.string("text", true);
                if (auto st = reader.finish(); !st) return HttpResponse::error(st.error());
                auto o = service.leave_opinion(*r.actor, work_order, text);
                if (!o) return HttpResponse::error(o.error());
                return ok(201, opinion_to_json(*o, *r.actor));
              },
              "EVA-4 a social supervisor's opinion on a sampled work order or in general"};
  leave.body_schema = schema::object(
      {{"work_order", schema::string("a work order of the sample; absent: in general")},
       {"text", schema::string("the opinion", 1)}},
      {"text"});
  leave.answer_schema = opinion_schema();
  leave.success_status = 201;
  router.add(audited(std::move(leave)));

  Route opinions{"GET", "/api/v1/social-supervision/opinions",
                 [&service](const HttpRequest& r, const PathParams&) {
                   OpinionFilter filter;
                   if (auto s = r.param("status")) {
                     filter.status = parse_opinion_status(*s);
                     if (!filter.status) {
                       return HttpResponse::error(Error::invalid(
                           "status", "allowed: open, answered", "status 可选：open、answered"));
                     }
                   }
                   filter.work_order = r.param("work_order");
                   if (auto st = paging(r, filter.limit, filter.offset); !st) {
                     return HttpResponse::error(st.error());
                   }
                   auto found = service.opinions(*r.actor, filter);
                   if (!found) return HttpResponse::error(found.error());
                   json items = json::array();
                   for (const Opinion& o : *found) items.push_back(opinion_to_json(o, *r.actor));
                   return ok(200, {{"items", items}});
                 },
                 "EVA-4 supervision opinions (the office: all; a supervisor: own)"};
  opinions.query = {{"status", schema::enumeration(parse_opinion_status), false},
                    {"work_order", schema::string(), false},
                    {"limit", limit_schema(), false},
                    {"offset", offset_schema(), false}};
  opinions.answer_schema =
      schema::object({{"items", schema::array_of(opinion_schema())}}, {"items"});
  router.add(std::move(opinions));

  Route opinion{"GET", "/api/v1/social-supervision/opinions/{id}",
                [&service](const HttpRequest& r, const PathParams& p) {
                  auto id = id_of(p.at("id"));
                  if (!id) return HttpResponse::error(Error::not_found("opinion " + p.at("id")));
                  auto o = service.opinion(*r.actor, *id);
                  if (!o) return HttpResponse::error(o.error());
                  return ok(200, opinion_to_json(*o, *r.actor));
                },
                "EVA-4 one supervision opinion"};
  opinion.answer_schema = opinion_schema();
  router.add(std::move(opinion));

  Route answer{"POST", "/api/v1/social-supervision/opinions/{id}/answer",
               [&service](const HttpRequest& r, const PathParams& p) {
                 auto body = parse_json_object(r.body);
                 if (!body) return HttpResponse::error(body.error());
                 JsonReader reader(*body, "");
                 const std::string text = reader.string("answer", true);
                 if (auto st = reader.finish(); !st) return HttpResponse::error(st.error());
                 auto id = id_of(p.at("id"));
                 if (!id) return HttpResponse::error(Error::not_found("opinion " + p.at("id")));
                 auto o = service.answer_opinion(*r.actor, *id, text);
                 if (!o) return HttpResponse::error(o.error());
                 return ok(200, opinion_to_json(*o, *r.actor));
               },
               "EVA-4 the office answers a supervision opinion (once)"};
  answer.body_schema =
      schema::object({{"answer", schema::string("the office's answer", 1)}}, {"answer"});
  answer.answer_schema = opinion_schema();
  router.add(audited(std::move(answer)));
}

}  // namespace hotline::http
