#include "adapters/http/api_analysis.h"

#include "adapters/http/period_query.h"
#include "adapters/json/json_reader.h"

namespace hotline::http {
namespace {

using nlohmann::json;
using namespace hotline::analysis;

json rate(const std::optional<double>& r) { return r ? json(*r) : json(nullptr); }

HttpResponse ok(const json& body) { return HttpResponse::json(200, body.dump()); }

HttpResponse failure(const Error& e) {
  if (e.code == ErrorCode::kRefused && (e.rule == "ANA-4" || e.rule == "ANA-2")) {
    return HttpResponse::error(403, "forbidden", e.message, e.message_zh);
  }
  return HttpResponse::error(e);
}

HttpResponse unauthenticated() {
  return HttpResponse::error(401, "unauthenticated", "sign in first", "请先登录");
}

json warning_json(const WarningRecord& w) {
  return {{"id", w.id},
          {"kind", std::string(to_string(w.kind))},
          {"title", w.title},
          {"created_at", format_iso8601(w.created_at)},
          {"district", w.district},
          {"count", w.count}};
}

json counters_json(const Counters& c) {
  json j = json::object();
  for (std::size_t i = 0; i < kMeasureCount; ++i) {
    j[std::string(to_string(static_cast<Measure>(i)))] = c.values[i];
  }
  return j;
}

}  // namespace

json dashboard_to_json(const Dashboard& d) {
  json volumes = json::array();
  for (const DayVolume& v : d.volumes) {
    volumes.push_back({{"day", format_date(v.day)},
                       {"registered", v.registered},
                       {"dispatched", v.dispatched},
                       {"replied", v.replied},
                       {"closed", v.closed}});
  }
  json units = json::array();
  for (const UnitRow& u : d.units) {
    units.push_back({{"unit", u.unit},
                     {"name", u.name},
                     {"work_orders", u.work_orders},
                     {"on_time_acceptance", rate(u.on_time_acceptance)},
                     {"on_time_reply", rate(u.on_time_reply)},
                     {"satisfaction", rate(u.satisfaction)},
                     {"score", rate(u.score)},
                     {"rank", u.rank}});
  }
  json spots = json::array();
  for (const Hotspot& h : d.hotspots) {
    spots.push_back({{"district", h.district},
                     {"district_name", h.district_name},
                     {"category", h.category},
                     {"count", h.count},
                     {"baseline", h.baseline},
                     {"surge", h.surge}});
  }
  json warnings = json::array();
  for (const WarningRecord& w : d.warnings) warnings.push_back(warning_json(w));
  json backlog = json::array();
  for (const BacklogBucket& b : d.backlog) backlog.push_back({{"age", b.age}, {"count", b.count}});
  return {{"period", period_json(d.period)},
          {"volumes", volumes},
          {"units", units},
          {"hotspots", spots},
          {"warnings", warnings},
          {"backlog", backlog}};
}

json assessment_to_json(const UnitAssessment& u) {
  json indicators = json::array();
  for (const IndicatorFigure& f : u.indicators) {
    indicators.push_back({{"indicator", std::string(to_string(f.indicator))},
                          {"indicator_zh", std::string(to_chinese(f.indicator))},
                          {"weight", f.weight},
                          {"article", f.article},
                          {"numerator", f.numerator},
                          {"denominator", f.denominator},
                          {"rate", rate(f.rate)}});
  }
  json deductions = json::array();
  for (const DeductionFigure& d : u.deductions) {
    deductions.push_back({{"basis", std::string(to_string(d.basis))},
                          {"records", d.records},
                          {"points", d.points},
                          {"article", d.article}});
  }
  // EVA-2: the unit's circulations in the period, beside its figures.
  json circulations = json::array();
  for (const CirculationNote& c : u.circulations) {
    circulations.push_back({{"id", c.id},
                            {"month", c.month},
                            {"kind", c.criticism ? "criticism" : "praise"},
                            {"kind_zh", c.kind},
                            {"ground_zh", c.ground},
                            {"article", c.article},
                            {"reason", c.reason}});
  }
  return {{"unit", u.unit},
          {"name", u.name},
          {"profile", u.profile},
          {"score", rate(u.score)},
          {"rank", u.rank},
          {"indicators", indicators},
          {"deductions", deductions},
          {"circulations", circulations},
          {"counters", counters_json(u.totals)}};
}

json public_figures_to_json(const PublicFigures& f) {
  json units = json::array();
  for (const PublicUnitFigures& u : f.units) {
    units.push_back({{"unit", u.unit},
                     {"name", u.name},
                     {"work_orders", u.work_orders},
                     {"on_time_acceptance", rate(u.on_time_acceptance)},
                     {"on_time_reply", rate(u.on_time_reply)},
                     {"satisfaction", rate(u.satisfaction)}});
  }
  return {{"period", period_json(f.period)},
          {"registered", f.registered},
          {"dispatched", f.dispatched},
          {"replied", f.replied},
          {"closed", f.closed},
          {"units", units}};
}

void add_analysis_routes(Router& router, const AnalysisApi& api) {
  AnalysisService& service = api.service;

  router.add({"GET", "/api/v1/analysis/dashboard",
              [&service](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                auto period = period_of(r);
                if (!period) return failure(period.error());
                auto d = service.dashboard(*r.actor, *period);
                if (!d) return failure(d.error());
                return ok(dashboard_to_json(*d));
              },
              "Dashboard: volumes, units' rates and scores, hot spots, warnings, backlog "
              "(ANA-1, ANA-2, EVA-1; a unit sees its own area)"});

  router.add({"GET", "/api/v1/analysis/assessment",
              [&service](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                auto period = period_of(r);
                if (!period) return failure(period.error());
                auto units = service.assessment(*r.actor, *period);
                if (!units) return failure(units.error());
                json out = json::array();
                for (const auto& u : *units) out.push_back(assessment_to_json(u));
                return ok({{"period", period_json(*period)}, {"units", out}});
              },
              "EVA-1 comprehensive evaluation of units with indicators, weights and articles"});

  router.add({"GET", "/api/v1/analysis/assessment/{unit}/drill-down",
              [&service](const HttpRequest& r, const PathParams& p) {
                if (!r.actor) return unauthenticated();
                auto period = period_of(r);
                if (!period) return failure(period.error());
                const auto name = r.param("indicator");
                if (!name) {
                  return failure(Error::invalid("indicator", "the indicator is required",
                                                "缺少评价指标 indicator"));
                }
                auto indicator = parse_assessment_indicator(*name);
                if (!indicator) {
                  return failure(Error::invalid(
                      "indicator",
                      "unknown indicator; allowed: on-time-acceptance, on-time-reply, "
                      "reply-quality, handling-quality, satisfaction, first-contact",
                      "无法识别的评价指标"));
                }
                auto rows = service.drill_down(*r.actor, p.at("unit"), *period, *indicator);
                if (!rows) return failure(rows.error());
                json out = json::array();
                for (const DrillDownRow& row : *rows) {
                  json measures = json::object();
                  for (const auto& [m, n] : row.measures) measures[std::string(to_string(m))] = n;
                  out.push_back({{"work_order", row.work_order},
                                 {"request", row.request},
                                 {"category", row.category},
                                 {"district", row.district},
                                 {"counts_against", row.counts_against},
                                 {"measures", measures}});
                }
                return ok({{"unit", p.at("unit")},
                           {"indicator", *name},
                           {"period", period_json(*period)},
                           {"work_orders", out}});
              },
              "EVA-1 drill-down: the work orders behind a unit's figure"});

  router.add({"GET", "/api/v1/analysis/monitoring",
              [&service](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                auto period = period_of(r);
                if (!period) return failure(period.error());
                const std::string by_name = r.param("by").value_or("unit");
                auto by = parse_dimension(by_name);
                if (!by) {
                  return failure(
                      Error::invalid("by", "allowed: unit, category, district, channel, type",
                                     "by 可选：unit、category、district、channel、type"));
                }
                auto rows = service.monitoring(*r.actor, *period, *by);
                if (!rows) return failure(rows.error());
                json out = json::array();
                for (const BreakdownRow& row : *rows) {
                  out.push_back({{"key", row.key},
                                 {"name", row.name},
                                 {"counters", counters_json(row.counters)},
                                 {"mean_wait_seconds",
                                  {{"dispatch", rate(row.dispatch_wait)},
                                   {"accept", rate(row.accept_wait)},
                                   {"handle", rate(row.handle_wait)},
                                   {"visit", rate(row.visit_wait)}}}});
                }
                return ok({{"period", period_json(*period)}, {"by", by_name}, {"rows", out}});
              },
              "ANA-1 monitoring of every stage by unit, category, district, channel or type"});

  router.add({"GET", "/api/v1/analysis/warnings",
              [&service](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                auto period = period_of(r);
                if (!period) return failure(period.error());
                auto list = service.warnings(*r.actor, *period);
                if (!list) return failure(list.error());
                json out = json::array();
                for (const WarningRecord& w : *list) {
                  json j = warning_json(w);
                  j["category"] = w.category;
                  j["word"] = w.word;
                  j["baseline"] = w.baseline;
                  j["article"] = w.article;
                  j["requests"] = w.requests;
                  out.push_back(std::move(j));
                }
                return ok({{"period", period_json(*period)}, {"warnings", out}});
              },
              "ANA-2 early warnings (surges, sensitive words) with the requests behind them"});

  router.add({"GET", "/api/v1/analysis/watch-list",
              [&service](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                auto words = service.watch_list(*r.actor);
                if (!words) return failure(words.error());
                return ok({{"words", *words}});
              },
              "ANA-2 the office's sensitive-word watch list"});

  // A change of what the office watches for is recorded (SEC-2 [M27]).
  router.add(audited({"PUT", "/api/v1/analysis/watch-list",
                      [&service](const HttpRequest& r, const PathParams&) {
                        if (!r.actor) return unauthenticated();
                        auto body = parse_json_object(r.body);
                        if (!body) return failure(body.error());
                        JsonReader reader(*body, "");
                        std::vector<std::string> words = reader.strings("words");
                        if (auto st = reader.finish(); !st) return failure(st.error());
                        if (auto st = service.set_watch_list(*r.actor, words); !st) {
                          return failure(st.error());
                        }
                        auto saved = service.watch_list(*r.actor);
                        if (!saved) return failure(saved.error());
                        return ok({{"words", *saved}});
                      },
                      "ANA-2 replace the sensitive-word watch list (office)"}));

  router.add(
      {"GET", "/api/v1/analysis/reports/monthly",
       [&service, make = api.monthly_report](const HttpRequest& r, const PathParams&) {
         if (!r.actor) return unauthenticated();
         if (!make)
           return HttpResponse::error(404, "not_found", "reports are not available",
                                      "报表功能不可用");
         const auto month = r.param("month");
         if (!month)
           return failure(Error::invalid("month", "the month is required", "缺少月份 month"));
         if (auto p = month_period(*month); !p) return failure(p.error());
         const std::string format = r.param("format").value_or("xlsx");
         if (format != "xlsx" && format != "pdf") {
           return failure(Error::invalid("format", "allowed: xlsx, pdf", "format 可选：xlsx、pdf"));
         }
         const std::string unit = r.param("unit").value_or("");
         auto scope = service.scope_of(*r.actor);
         if (!scope) return failure(scope.error());
         if (!scope->everything && unit.empty()) {
           return failure(Error::invalid("unit", "a unit asks for its own report",
                                         "承办单位请指定本单位 unit"));
         }
         if (!unit.empty() &&
             (!scope->has_unit(unit) || service.organisation().find(unit) == nullptr)) {
           return failure(Error::not_found("unit " + unit, "未找到该单位"));
         }
         auto file = make(*r.actor, *month, unit, format);
         if (!file) return failure(file.error());
         HttpResponse out = HttpResponse::text(200, std::move(file->bytes), file->content_type);
         out.headers["Content-Disposition"] = "attachment; filename=\"" + file->file_name + "\"";
         return out;
       },
       "Monthly report (ANA-1) as Excel with charts or PDF; a unit gets its own"});

  Route figures{"GET", "/api/v1/public/figures",
                [&service](const HttpRequest& r, const PathParams&) {
                  auto period = period_of(r);
                  if (!period) return failure(period.error());
                  auto f = service.public_figures(*period);
                  if (!f) return failure(f.error());
                  return ok(public_figures_to_json(*f));
                },
                "EVA-3 public figures: volumes, on-time rates and satisfaction per unit"};
  figures.public_route = true;
  router.add(std::move(figures));
}

}  // namespace hotline::http
