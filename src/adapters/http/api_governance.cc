#include "adapters/http/api_governance.h"

#include "adapters/http/period_query.h"
#include "adapters/json/json_reader.h"
#include "application/analysis_commands.h"
#include "application/json_schema.h"
#include "core/security/visibility.h"

namespace hotline::http {
namespace {

using nlohmann::json;
using namespace hotline::analysis;

HttpResponse ok(int status, const json& body) { return HttpResponse::json(status, body.dump()); }

json nullable(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// ---- schemas -----------------------------------------------------------

json rate() { return {{"type", "number"}, {"nullable", true}, {"minimum", 0}, {"maximum", 1}}; }

json accuracy_schema() {
  json figure =
      schema::object({{"bucket", schema::string("2026-11, 2026-W47 or all")},
                      {"model", schema::string("model name@digest, or history")},
                      {"suggestions", schema::integer()},
                      {"category_decided", schema::integer()},
                      {"category_correct", schema::integer()},
                      {"category_accuracy", rate()},
                      {"unit_decided", schema::integer()},
                      {"unit_correct", schema::integer()},
                      {"unit_accuracy", rate()}},
                     {"bucket", "model", "suggestions", "category_decided", "category_correct",
                      "category_accuracy", "unit_decided", "unit_correct", "unit_accuracy"});
  return schema::object({{"period", analysis_ops::period_schema()},
                         {"by", {{"type", "string"}, {"enum", {"week", "month"}}}},
                         {"figures", schema::array_of(figure)}},
                        {"period", "by", "figures"});
}

json drift_schema() {
  json warning =
      schema::object({{"id", schema::string()},
                      {"kind", {{"type", "string"}, {"enum", {"drift"}}}},
                      {"model", schema::string()},
                      {"measure", {{"type", "string"}, {"enum", {"category", "unit"}}}},
                      {"title", schema::string()},
                      {"created_at", schema::instant()},
                      {"baseline_accuracy", schema::number()},
                      {"recent_accuracy", schema::number()},
                      {"baseline_decided", schema::integer()},
                      {"recent_decided", schema::integer()},
                      {"article", schema::string()}},
                     {"id", "kind", "model", "measure", "title", "created_at", "baseline_accuracy",
                      "recent_accuracy", "baseline_decided", "recent_decided", "article"});
  json settings =
      schema::object({{"recent_days", schema::integer()},
                      {"baseline_days", schema::integer()},
                      {"max_drop", schema::number()},
                      {"min_decided", schema::integer()},
                      {"article", schema::string()}},
                     {"recent_days", "baseline_days", "max_drop", "min_decided", "article"});
  return schema::object({{"period", analysis_ops::period_schema()},
                         {"settings", settings},
                         {"warnings", schema::array_of(warning)}},
                        {"period", "settings", "warnings"});
}

json recurring_schema() {
  json month = schema::object({{"month", schema::string()}, {"requests", schema::integer()}},
                              {"month", "requests"});
  json cluster = schema::object({{"cluster", schema::string("number of its first request")},
                                 {"requests", schema::integer("within the months")},
                                 {"applicants", schema::integer("distinct, within the months")},
                                 {"in_area", schema::integer("requests the caller may see")},
                                 {"district", schema::string()},
                                 {"category", schema::string()},
                                 {"first_at", schema::instant()},
                                 {"last_at", schema::instant()},
                                 {"months", schema::array_of(month)},
                                 {"numbers", schema::array_of(schema::string(), "at most 50")}},
                                {"cluster", "requests", "applicants", "in_area", "district",
                                 "category", "first_at", "last_at", "months", "numbers"});
  return schema::object({{"months", schema::integer()},
                         {"min_months", schema::integer()},
                         {"article", schema::string()},
                         {"clusters", schema::array_of(cluster)}},
                        {"months", "min_months", "article", "clusters"});
}

json research_schema() {
  json decision = schema::object({{"number", schema::integer()},
                                  {"text", schema::string()},
                                  {"decided_by", schema::string()},
                                  {"decided_at", schema::instant()}},
                                 {"number", "text", "decided_by", "decided_at"});
  json follow_up = schema::object(
      {{"number", schema::integer()},
       {"task", schema::string()},
       {"unit", schema::string()},
       {"due", schema::instant()},
       {"status", {{"type", "string"}, {"enum", {"open", "done"}}}},
       {"status_zh", schema::string()},
       {"overdue", schema::boolean()},
       {"result", schema::string()},
       {"done_at", {{"type", "string"}, {"format", "date-time"}, {"nullable", true}}}},
      {"number", "task", "unit", "due", "status", "status_zh", "overdue", "result", "done_at"});
  json change = schema::object({{"at", schema::instant()},
                                {"actor", schema::string()},
                                {"action", schema::string()},
                                {"reason", schema::string()}},
                               {"at", "actor", "action", "reason"});
  return schema::object(
      {{"id", schema::string()},
       {"title", schema::string()},
       {"problem", schema::string()},
       {"clusters", schema::array_of(schema::string())},
       {"units", schema::array_of(schema::string())},
       {"status", {{"type", "string"}, {"enum", {"open", "closed"}}}},
       {"status_zh", schema::string()},
       {"opened_by", schema::string()},
       {"opened_at", schema::instant()},
       {"decisions", schema::array_of(decision)},
       {"follow_ups", schema::array_of(follow_up)},
       {"history", schema::array_of(change)},
       {"version", schema::integer()},
       {"article", schema::string()}},
      {"id", "title", "problem", "clusters", "units", "status", "status_zh", "opened_by",
       "opened_at", "decisions", "follow_ups", "history", "version", "article"});
}

json figure_json(const AccuracyFigure& f) {
  return {{"bucket", f.bucket},
          {"model", f.model},
          {"suggestions", f.suggestions},
          {"category_decided", f.category_decided},
          {"category_correct", f.category_correct},
          {"category_accuracy", nullable(f.category_accuracy())},
          {"unit_decided", f.unit_decided},
          {"unit_correct", f.unit_correct},
          {"unit_accuracy", nullable(f.unit_accuracy())}};
}

HttpResponse body_error(const Status& st) { return HttpResponse::error(st.error()); }

}  // namespace

json drift_warning_to_json(const DriftWarning& w) {
  return {{"id", w.id},
          {"kind", "drift"},
          {"model", w.model},
          {"measure", std::string(to_string(w.measure))},
          {"title", w.title},
          {"created_at", format_iso8601(w.created_at)},
          {"baseline_accuracy", w.baseline_accuracy},
          {"recent_accuracy", w.recent_accuracy},
          {"baseline_decided", w.baseline_decided},
          {"recent_decided", w.recent_decided},
          {"article", w.article}};
}

json special_research_to_json(const SpecialResearch& r, Instant now) {
  json decisions = json::array();
  for (const auto& d : r.decisions) {
    decisions.push_back({{"number", d.number},
                         {"text", d.text},
                         {"decided_by", d.decided_by},
                         {"decided_at", format_iso8601(d.decided_at)}});
  }
  json follow_ups = json::array();
  for (const auto& f : r.follow_ups) {
    follow_ups.push_back({{"number", f.number},
                          {"task", f.task},
                          {"unit", f.unit},
                          {"due", format_iso8601(f.due)},
                          {"status", std::string(to_string(f.status))},
                          {"status_zh", std::string(to_chinese(f.status))},
                          {"overdue", f.overdue(now)},
                          {"result", f.result},
                          {"done_at", f.done_at ? json(format_iso8601(*f.done_at)) : json()}});
  }
  json history = json::array();
  for (const auto& h : r.history) {
    history.push_back({{"at", format_iso8601(h.at)},
                       {"actor", h.actor},
                       {"action", h.action},
                       {"reason", h.reason}});
  }
  return {{"id", r.id},
          {"title", r.title},
          {"problem", r.problem},
          {"clusters", r.clusters},
          {"units", r.units},
          {"status", std::string(to_string(r.status))},
          {"status_zh", std::string(to_chinese(r.status))},
          {"opened_by", r.opened_by},
          {"opened_at", format_iso8601(r.opened_at)},
          {"decisions", decisions},
          {"follow_ups", follow_ups},
          {"history", history},
          {"version", r.version},
          {"article", r.article}};
}

void add_governance_routes(Router& router, const GovernanceApi& api) {
  ModelAccuracyService& models = api.models;
  SpecialResearchService& research = api.research;
  const Clock& clock = api.clock;

  // ---- ANA-6 ----
  Route accuracy{
      "GET", "/api/v1/analysis/model-accuracy",
      [&models](const HttpRequest& r, const PathParams&) {
        auto period = period_of(r);
        if (!period) return HttpResponse::error(period.error());
        const std::string by_name = r.param("by").value_or("month");
        auto by = parse_granularity(by_name);
        if (!by) {
          return HttpResponse::error(
              Error::invalid("by", "allowed: week, month", "by 可选：week、month"));
        }
        auto figures = models.accuracy(*r.actor, *period, *by);
        if (!figures) return HttpResponse::error(figures.error());
        json out = json::array();
        for (const auto& f : *figures) out.push_back(figure_json(f));
        return ok(200, {{"period", period_json(*period)}, {"by", by_name}, {"figures", out}});
      },
      "ANA-6 accuracy of the models' suggestions (category, lead unit) against the "
      "office's final decisions, per week or month and model version (office)"};
  accuracy.query = period_query_params();
  accuracy.query.push_back(
      {"by", {{"type", "string"}, {"enum", {"week", "month"}}, {"default", "month"}}, false});
  accuracy.answer_schema = accuracy_schema();
  router.add(std::move(accuracy));

  Route drift{"GET", "/api/v1/analysis/model-drift",
              [&models](const HttpRequest& r, const PathParams&) {
                auto period = period_of(r);
                if (!period) return HttpResponse::error(period.error());
                auto list = models.drift_warnings(*r.actor, *period);
                if (!list) return HttpResponse::error(list.error());
                json out = json::array();
                for (const auto& w : *list) out.push_back(drift_warning_to_json(w));
                const DriftSettings& s = models.settings();
                return ok(200, {{"period", period_json(*period)},
                                {"settings",
                                 {{"recent_days", s.recent_days},
                                  {"baseline_days", s.baseline_days},
                                  {"max_drop", s.max_drop},
                                  {"min_decided", s.min_decided},
                                  {"article", s.article}}},
                                {"warnings", out}});
              },
              "ANA-6 drift warnings: a model's recent accuracy fell below its baseline (office)"};
  drift.query = period_query_params();
  drift.answer_schema = drift_schema();
  router.add(std::move(drift));

  // ---- ANA-3: recurring clusters ----
  Route recurring{"GET", "/api/v1/analysis/recurring-clusters",
                  [&triage = api.triage, settings = api.recurring, area_of = api.area, &clock](
                      const HttpRequest& r, const PathParams&) {
                    const Actor& actor = *r.actor;
                    std::optional<AreaFilter> area;
                    if (!sees_all_work_orders(actor.role)) {
                      if (area_of) area = area_of(actor);
                      if (!area) {
                        return HttpResponse::error(Error::forbidden(
                            "ANA-3", "C25", "this role sees no clusters", "该角色无权查看聚类"));
                      }
                    }
                    json out = json::array();
                    for (const auto& c : triage.recurring_clusters(clock.now(), settings)) {
                      // A unit sees the requests of its area only (ANA-4, ANA-5), and
                      // only the clusters with one; the counts stay the cluster's.
                      std::vector<std::string> visible;
                      for (std::size_t i = 0; i < c.numbers.size(); ++i) {
                        if (!area || (*area)(c.numbers[i], c.districts[i]))
                          visible.push_back(c.numbers[i]);
                      }
                      if (area && visible.empty()) continue;
                      const std::size_t in_area = visible.size();
                      if (visible.size() > 50) visible.resize(50);
                      json months = json::array();
                      for (const auto& m : c.months) {
                        months.push_back({{"month", m.month}, {"requests", m.requests}});
                      }
                      out.push_back({{"cluster", c.cluster},
                                     {"requests", c.requests},
                                     {"applicants", c.applicants},
                                     {"in_area", in_area},
                                     {"district", c.district},
                                     {"category", c.category},
                                     {"first_at", format_iso8601(c.first_at)},
                                     {"last_at", format_iso8601(c.last_at)},
                                     {"months", months},
                                     {"numbers", visible}});
                    }
                    return ok(200, {{"months", settings.months},
                                    {"min_months", settings.min_months},
                                    {"article", settings.article},
                                    {"clusters", out}});
                  },
                  "ANA-3 clusters whose problem recurs over months (a unit sees its own area)"};
  recurring.answer_schema = recurring_schema();
  recurring.query = {};
  router.add(std::move(recurring));

  // ---- ANA-3: special research ----
  const json record = research_schema();
  Route list{"GET", "/api/v1/analysis/special-research",
             [&research, &clock](const HttpRequest& r, const PathParams&) {
               std::optional<ResearchStatus> status;
               if (auto s = r.param("status")) {
                 status = parse_research_status(*s);
                 if (!status) {
                   return HttpResponse::error(Error::invalid("status", "allowed: open, closed",
                                                             "status 可选：open、closed"));
                 }
               }
               auto items = research.list(*r.actor, status);
               if (!items) return HttpResponse::error(items.error());
               json out = json::array();
               for (const auto& x : *items) out.push_back(special_research_to_json(x, clock.now()));
               return ok(200, {{"items", out}});
             },
             "ANA-3 special research records the caller may see"};
  list.query = {{"status", {{"type", "string"}, {"enum", {"open", "closed"}}}, false}};
  list.answer_schema = schema::object({{"items", schema::array_of(record)}}, {"items"});
  router.add(std::move(list));

  Route open{"POST", "/api/v1/analysis/special-research",
             [&research, &clock](const HttpRequest& r, const PathParams&) {
               auto body = parse_json_object(r.body);
               if (!body) return HttpResponse::error(body.error());
               JsonReader reader(*body, "");
               OpenResearch in;
               in.title = reader.string("title", true);
               in.problem = reader.string("problem", true);
               in.clusters = reader.strings("clusters");
               in.units = reader.strings("units");
               const std::string reason = reader.string("reason", true);
               if (auto st = reader.finish(); !st) return body_error(st);
               auto opened = research.open(*r.actor, in, reason);
               if (!opened) return HttpResponse::error(opened.error());
               return ok(201, special_research_to_json(*opened, clock.now()));
             },
             "ANA-3 open a special research on a long-lasting problem (office)"};
  open.body_schema = schema::object({{"title", schema::string({}, 1)},
                                     {"problem", schema::string({}, 1)},
                                     {"clusters", schema::array_of(schema::string())},
                                     {"units", schema::array_of(schema::string())},
                                     {"reason", schema::string({}, 1)}},
                                    {"title", "problem", "reason"});
  open.answer_schema = record;
  open.success_status = 201;
  router.add(audited(std::move(open)));

  Route one{"GET", "/api/v1/analysis/special-research/{id}",
            [&research, &clock](const HttpRequest& r, const PathParams& p) {
              auto x = research.get(*r.actor, p.at("id"));
              if (!x) return HttpResponse::error(x.error());
              return ok(200, special_research_to_json(*x, clock.now()));
            },
            "ANA-3 one special research with its decisions, follow-up items and history"};
  one.answer_schema = record;
  one.query = {};
  router.add(std::move(one));

  Route decide{"POST", "/api/v1/analysis/special-research/{id}/decisions",
               [&research, &clock](const HttpRequest& r, const PathParams& p) {
                 auto body = parse_json_object(r.body);
                 if (!body) return HttpResponse::error(body.error());
                 JsonReader reader(*body, "");
                 const std::string text = reader.string("text", true);
                 const std::string reason = reader.string("reason", true);
                 if (auto st = reader.finish(); !st) return body_error(st);
                 auto x = research.decide(*r.actor, p.at("id"), text, reason);
                 if (!x) return HttpResponse::error(x.error());
                 return ok(200, special_research_to_json(*x, clock.now()));
               },
               "ANA-3 record a decision (决定) of a special research (office)"};
  decide.body_schema = schema::object(
      {{"text", schema::string({}, 1)}, {"reason", schema::string({}, 1)}}, {"text", "reason"});
  decide.answer_schema = record;
  router.add(audited(std::move(decide)));

  Route follow{"POST", "/api/v1/analysis/special-research/{id}/follow-ups",
               [&research, &clock](const HttpRequest& r, const PathParams& p) {
                 auto body = parse_json_object(r.body);
                 if (!body) return HttpResponse::error(body.error());
                 JsonReader reader(*body, "");
                 NewFollowUp in;
                 in.task = reader.string("task", true);
                 in.unit = reader.string("unit", true);
                 auto due = reader.instant("due", true);
                 const std::string reason = reader.string("reason", true);
                 if (auto st = reader.finish(); !st) return body_error(st);
                 in.due = *due;
                 auto x = research.add_follow_up(*r.actor, p.at("id"), in, reason);
                 if (!x) return HttpResponse::error(x.error());
                 return ok(200, special_research_to_json(*x, clock.now()));
               },
               "ANA-3 assign a follow-up item with a unit and a deadline (office)"};
  follow.body_schema = schema::object({{"task", schema::string({}, 1)},
                                       {"unit", schema::string({}, 1)},
                                       {"due", schema::instant()},
                                       {"reason", schema::string({}, 1)}},
                                      {"task", "unit", "due", "reason"});
  follow.answer_schema = record;
  router.add(audited(std::move(follow)));

  Route done{"POST", "/api/v1/analysis/special-research/{id}/follow-ups/{number}/done",
             [&research, &clock](const HttpRequest& r, const PathParams& p) {
               int number = 0;
               try {
                 std::size_t used = 0;
                 number = std::stoi(p.at("number"), &used);
                 if (used != p.at("number").size() || number < 1) throw std::invalid_argument("");
               } catch (const std::exception&) {
                 return HttpResponse::error(
                     Error::not_found("follow-up " + p.at("number"), "未找到该跟进事项"));
               }
               auto body = parse_json_object(r.body);
               if (!body) return HttpResponse::error(body.error());
               JsonReader reader(*body, "");
               const std::string result = reader.string("result", true);
               if (auto st = reader.finish(); !st) return body_error(st);
               auto x = research.complete_follow_up(*r.actor, p.at("id"), number, result);
               if (!x) return HttpResponse::error(x.error());
               return ok(200, special_research_to_json(*x, clock.now()));
             },
             "ANA-3 report a follow-up item done (the office or its unit)"};
  done.body_schema = schema::object({{"result", schema::string({}, 1)}}, {"result"});
  done.answer_schema = record;
  router.add(audited(std::move(done)));

  Route close{"POST", "/api/v1/analysis/special-research/{id}/close",
              [&research, &clock](const HttpRequest& r, const PathParams& p) {
                auto body = parse_json_object(r.body);
                if (!body) return HttpResponse::error(body.error());
                JsonReader reader(*body, "");
                const std::string reason = reader.string("reason", true);
                if (auto st = reader.finish(); !st) return body_error(st);
                auto x = research.close(*r.actor, p.at("id"), reason);
                if (!x) return HttpResponse::error(x.error());
                return ok(200, special_research_to_json(*x, clock.now()));
              },
              "ANA-3 close a special research once every follow-up item is done (office)"};
  close.body_schema = schema::object({{"reason", schema::string({}, 1)}}, {"reason"});
  close.answer_schema = record;
  router.add(audited(std::move(close)));
}

}  // namespace hotline::http
