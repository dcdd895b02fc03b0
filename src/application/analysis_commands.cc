#include "application/analysis_commands.h"

#include "adapters/json/json_reader.h"
#include "application/json_schema.h"
#include "core/security/visibility.h"

namespace hotline::analysis_ops {

using namespace hotline::analysis;

constexpr Who kFigureReaders{[](const std::optional<Actor>& a) {
                               return a && ((is_office_role(a->role) && a->role != Role::kSystem) ||
                                            is_unit_role(a->role) || a->role == Role::kAnalyst);
                             },
                             "the office's staff and analysts (everything), the units' staff "
                             "(their own area)",
                             "ANA-4", "C29", "该角色无权查看分析数据"};
constexpr Who kWatchListKeepers{[](const std::optional<Actor>& a) {
                                  return a && sees_all_work_orders(a->role) &&
                                         a->role != Role::kSystem;
                                },
                                "the office", "ANA-2", "R27", "敏感词监测清单由热线工作机构维护"};

namespace {

// An operation that asks about a period and nothing else.
template <typename Op>
Result<Op> with_period(const OperationCall& call) {
  auto period = read_period(call);
  if (!period) return fail(period.error());
  return Op{*period};
}

json counters_json(const Counters& c) {
  json j = json::object();
  for (std::size_t i = 0; i < kMeasureCount; ++i) {
    j[std::string(to_string(static_cast<Measure>(i)))] = c.values[i];
  }
  return j;
}

json warning_json(const WarningRecord& w) {
  return {{"id", w.id},
          {"kind", std::string(to_string(w.kind))},
          {"title", w.title},
          {"created_at", format_iso8601(w.created_at)},
          {"district", w.district},
          {"count", w.count}};
}

// ---- Schemas ----

json counters_schema() {
  std::vector<std::pair<std::string, json>> props;
  std::vector<std::string> required;
  for (std::size_t i = 0; i < kMeasureCount; ++i) {
    const std::string name(to_string(static_cast<Measure>(i)));
    props.emplace_back(name, schema::integer());
    required.push_back(name);
  }
  return schema::object(props, required, "the period's counts per measure");
}

std::vector<std::pair<std::string, json>> warning_members() {
  using namespace schema;
  return {{"id", string()},
          {"kind", json{{"type", "string"}, {"enum", {"surge", "sensitive"}}}},
          {"title", string("zh-CN")},
          {"created_at", instant()},
          {"district", string("a district's unit id")},
          {"count", integer()}};
}

json assessment_schema() {
  using namespace schema;
  json indicator = object(
      {{"indicator", enumeration(parse_assessment_indicator)},
       {"indicator_zh", string()},
       {"weight", number()},
       {"article", string()},
       {"numerator", integer()},
       {"denominator", integer()},
       {"rate", rate_schema()}},
      {"indicator", "indicator_zh", "weight", "article", "numerator", "denominator", "rate"});
  json deduction = object({{"basis", enumeration(parse_deduction_basis)},
                           {"records", integer()},
                           {"points", number("after the cap")},
                           {"article", string()}},
                          {"basis", "records", "points", "article"});
  json circulation = object({{"id", integer()},
                             {"month", string("YYYY-MM")},
                             {"kind", string("criticism or praise")},
                             {"kind_zh", string()},
                             {"ground_zh", string()},
                             {"article", string()},
                             {"reason", string()}},
                            {"id", "month", "kind", "kind_zh", "ground_zh", "article", "reason"});
  return object({{"unit", string()},
                 {"name", string()},
                 {"profile", string()},
                 {"score", rate_schema("0..100, null when no indicator has data")},
                 {"rank", integer("within the profile, 1 = best; 0 when unscored")},
                 {"indicators", array_of(indicator)},
                 {"deductions", array_of(deduction)},
                 {"circulations", array_of(circulation, "EVA-2 records of the period")},
                 {"counters", counters_schema()}},
                {"unit", "name", "profile", "score", "rank", "indicators", "deductions",
                 "circulations", "counters"});
}

}  // namespace

Result<Period> read_period(const std::optional<std::string>& month,
                           const std::optional<std::string>& from,
                           const std::optional<std::string>& to) {
  if (month) {
    if (from || to) {
      return fail(Error::invalid("month", "give either month or from and to",
                                 "请只提供 month，或提供 from 和 to"));
    }
    return month_period(*month);
  }
  if (!from) return fail(Error::invalid("from", "the start date is required", "缺少开始日期 from"));
  if (!to) return fail(Error::invalid("to", "the end date is required", "缺少结束日期 to"));
  return make_period(*from, *to);
}

Result<Period> read_period(const OperationCall& call) {
  return read_period(call.param("month"), call.param("from"), call.param("to"));
}

json rate(const std::optional<double>& r) { return r ? json(*r) : json(nullptr); }

json rate_schema(std::string_view description) {
  return schema::nullable(schema::number(description));
}

std::vector<OperationParam> period_params() {
  return {{"from", schema::date("first day, YYYY-MM-DD (with to)"), false},
          {"to", schema::date("last day, YYYY-MM-DD (with from)"), false},
          {"month", schema::string("YYYY-MM, instead of from and to"), false}};
}

json period_schema() {
  using namespace schema;
  return object({{"from", string("YYYY-MM-DD")}, {"to", string("YYYY-MM-DD")}}, {"from", "to"});
}

json period_json(const Period& p) {
  return {{"from", format_date(p.from)}, {"to", format_date(p.to)}};
}

// ---- ShowDashboard ----

Result<ShowDashboard> ShowDashboard::from_call(const OperationCall& call) {
  if (!call.param("month") && !call.param("from") && !call.param("to")) return ShowDashboard{};
  return with_period<ShowDashboard>(call);
}
std::vector<OperationParam> ShowDashboard::query_params() { return period_params(); }
Result<Dashboard> ShowDashboard::run(AnalysisContext& c, const Caller& caller) && {
  if (!period) {
    // The platform's today, not the browser's: a demonstration on a fake
    // clock shows its own month.
    const LocalDate today = local_date(c.clock.now());
    period = Period{today - std::chrono::days{kDefaultDays - 1}, today};
  }
  return c.service.dashboard(actor_of(caller), *period);
}

// ---- ShowAssessment ----

Result<ShowAssessment> ShowAssessment::from_call(const OperationCall& call) {
  return with_period<ShowAssessment>(call);
}
std::vector<OperationParam> ShowAssessment::query_params() { return period_params(); }
Result<AssessmentList> ShowAssessment::run(AnalysisContext& c, const Caller& caller) && {
  auto units = c.service.assessment(actor_of(caller), period);
  if (!units) return fail(units.error());
  return AssessmentList{period, std::move(*units)};
}

// ---- DrillDownAssessment ----

Result<DrillDownAssessment> DrillDownAssessment::from_call(const OperationCall& call) {
  auto period = read_period(call);
  if (!period) return fail(period.error());
  DrillDownAssessment d;
  d.period = *period;
  d.unit = call.path_param("unit");
  const auto name = call.param("indicator");
  if (!name) {
    return fail(Error::invalid("indicator", "the indicator is required", "缺少评价指标 indicator"));
  }
  auto indicator = parse_assessment_indicator(*name);
  if (!indicator) {
    return fail(Error::invalid(
        "indicator", "unknown indicator; allowed: " + schema::names(parse_assessment_indicator),
        "无法识别的评价指标"));
  }
  d.indicator_name = *name;
  d.indicator = *indicator;
  return d;
}
std::vector<OperationParam> DrillDownAssessment::query_params() {
  auto params = period_params();
  params.push_back({"indicator", schema::enumeration(parse_assessment_indicator), true});
  return params;
}
Result<DrillDown> DrillDownAssessment::run(AnalysisContext& c, const Caller& caller) && {
  auto rows = c.service.drill_down(actor_of(caller), unit, period, indicator);
  if (!rows) return fail(rows.error());
  return DrillDown{std::move(unit), std::move(indicator_name), period, std::move(*rows)};
}

// ---- ShowMonitoring ----

Result<ShowMonitoring> ShowMonitoring::from_call(const OperationCall& call) {
  auto period = read_period(call);
  if (!period) return fail(period.error());
  ShowMonitoring m;
  m.period = *period;
  m.by_name = call.param("by").value_or("unit");
  auto by = parse_dimension(m.by_name);
  if (!by) {
    return fail(Error::invalid("by", "allowed: unit, category, district, channel, type",
                               "by 可选：unit、category、district、channel、type"));
  }
  m.by = *by;
  return m;
}
std::vector<OperationParam> ShowMonitoring::query_params() {
  auto params = period_params();
  json by = {{"type", "string"},
             {"enum", {"unit", "category", "district", "channel", "type"}},
             {"description", "what the rows are (default unit)"}};
  params.push_back({"by", by, false});
  return params;
}
Result<Monitoring> ShowMonitoring::run(AnalysisContext& c, const Caller& caller) && {
  auto rows = c.service.monitoring(actor_of(caller), period, by);
  if (!rows) return fail(rows.error());
  return Monitoring{period, std::move(by_name), std::move(*rows)};
}

// ---- ListWarnings ----

Result<ListWarnings> ListWarnings::from_call(const OperationCall& call) {
  return with_period<ListWarnings>(call);
}
std::vector<OperationParam> ListWarnings::query_params() { return period_params(); }
Result<WarningList> ListWarnings::run(AnalysisContext& c, const Caller& caller) && {
  auto list = c.service.warnings(actor_of(caller), period);
  if (!list) return fail(list.error());
  return WarningList{period, std::move(*list)};
}

// ---- The watch list ----

Result<ShowWatchList> ShowWatchList::from_call(const OperationCall&) { return ShowWatchList{}; }
Result<WatchList> ShowWatchList::run(AnalysisContext& c, const Caller& caller) && {
  auto words = c.service.watch_list(actor_of(caller));
  if (!words) return fail(words.error());
  return WatchList{std::move(*words)};
}

Result<SetWatchList> SetWatchList::from_call(const OperationCall& call) {
  JsonReader reader(call.body, "");
  SetWatchList s;
  s.words = reader.strings("words");
  if (auto st = reader.finish(); !st) return fail(st.error());
  return s;
}
json SetWatchList::body_schema() {
  using namespace schema;
  return object({{"words", array_of(string("a word or phrase, up to 64 bytes", 1))}}, {"words"});
}
Result<WatchList> SetWatchList::run(AnalysisContext& c, const Caller& caller) && {
  const Actor& actor = actor_of(caller);
  if (auto st = c.service.set_watch_list(actor, std::move(words)); !st) return fail(st.error());
  auto saved = c.service.watch_list(actor);
  if (!saved) return fail(saved.error());
  return WatchList{std::move(*saved)};
}

// ---- ShowPublicFigures ----

Result<ShowPublicFigures> ShowPublicFigures::from_call(const OperationCall& call) {
  return with_period<ShowPublicFigures>(call);
}
std::vector<OperationParam> ShowPublicFigures::query_params() { return period_params(); }
Result<PublicFigures> ShowPublicFigures::run(AnalysisContext& c, const Caller&) && {
  return c.service.public_figures(period);
}

// ---- Answers ----

json render(const Dashboard& d, const Caller&) {
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

json assessment_json(const UnitAssessment& u) {
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

json render(const AssessmentList& a, const Caller&) {
  json units = json::array();
  for (const auto& u : a.units) units.push_back(assessment_json(u));
  return {{"period", period_json(a.period)}, {"units", units}};
}

json render(const DrillDown& d, const Caller&) {
  json rows = json::array();
  for (const DrillDownRow& row : d.work_orders) {
    json measures = json::object();
    for (const auto& [m, n] : row.measures) measures[std::string(to_string(m))] = n;
    rows.push_back({{"work_order", row.work_order},
                    {"request", row.request},
                    {"category", row.category},
                    {"district", row.district},
                    {"counts_against", row.counts_against},
                    {"measures", measures}});
  }
  return {{"unit", d.unit},
          {"indicator", d.indicator},
          {"period", period_json(d.period)},
          {"work_orders", rows}};
}

json render(const Monitoring& m, const Caller&) {
  json rows = json::array();
  for (const BreakdownRow& row : m.rows) {
    rows.push_back({{"key", row.key},
                    {"name", row.name},
                    {"counters", counters_json(row.counters)},
                    {"mean_wait_seconds",
                     {{"dispatch", rate(row.dispatch_wait)},
                      {"accept", rate(row.accept_wait)},
                      {"handle", rate(row.handle_wait)},
                      {"visit", rate(row.visit_wait)}}}});
  }
  return {{"period", period_json(m.period)}, {"by", m.by}, {"rows", rows}};
}

json render(const WarningList& w, const Caller&) {
  json out = json::array();
  for (const WarningRecord& r : w.warnings) {
    json j = warning_json(r);
    j["category"] = r.category;
    j["word"] = r.word;
    j["baseline"] = r.baseline;
    j["article"] = r.article;
    j["requests"] = r.requests;
    out.push_back(std::move(j));
  }
  return {{"period", period_json(w.period)}, {"warnings", out}};
}

json render(const WatchList& w, const Caller&) { return {{"words", w.words}}; }

json render(const PublicFigures& f, const Caller&) {
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

json answer_schema(const Dashboard*) {
  using namespace schema;
  json volume = object({{"day", string("YYYY-MM-DD")},
                        {"registered", integer()},
                        {"dispatched", integer()},
                        {"replied", integer()},
                        {"closed", integer()}},
                       {"day", "registered", "dispatched", "replied", "closed"});
  json unit = object({{"unit", string()},
                      {"name", string()},
                      {"work_orders", integer("dispatched to it in the period")},
                      {"on_time_acceptance", rate_schema()},
                      {"on_time_reply", rate_schema()},
                      {"satisfaction", rate_schema()},
                      {"score", rate_schema("0..100, null without data")},
                      {"rank", integer()}},
                     {"unit", "name", "work_orders", "on_time_acceptance", "on_time_reply",
                      "satisfaction", "score", "rank"});
  json spot = object({{"district", string()},
                      {"district_name", string()},
                      {"category", string()},
                      {"count", integer()},
                      {"baseline", number("the expected count from the days before")},
                      {"surge", boolean()}},
                     {"district", "district_name", "category", "count", "baseline", "surge"});
  json warning =
      object(warning_members(), {"id", "kind", "title", "created_at", "district", "count"});
  json backlog = object({{"age", string("0-1d, 1-3d, 3-7d, 7-15d, 15d+")}, {"count", integer()}},
                        {"age", "count"});
  return object({{"period", period_schema()},
                 {"volumes", array_of(volume)},
                 {"units", array_of(unit)},
                 {"hotspots", array_of(spot)},
                 {"warnings", array_of(warning)},
                 {"backlog", array_of(backlog)}},
                {"period", "volumes", "units", "hotspots", "warnings", "backlog"});
}

json answer_schema(const AssessmentList*) {
  using namespace schema;
  return object({{"period", period_schema()}, {"units", array_of(assessment_schema())}},
                {"period", "units"});
}

json answer_schema(const DrillDown*) {
  using namespace schema;
  json measures = json::object();
  measures["type"] = "object";
  measures["additionalProperties"] = integer();
  measures["description"] = "the work order's counts per measure";
  json row =
      object({{"work_order", string()},
              {"request", string()},
              {"category", string()},
              {"district", string()},
              {"counts_against", boolean("it lowers the unit's figure")},
              {"measures", measures}},
             {"work_order", "request", "category", "district", "counts_against", "measures"});
  return object({{"unit", string()},
                 {"indicator", enumeration(parse_assessment_indicator)},
                 {"period", period_schema()},
                 {"work_orders", array_of(row)}},
                {"unit", "indicator", "period", "work_orders"});
}

json answer_schema(const Monitoring*) {
  using namespace schema;
  json waits = object({{"dispatch", rate_schema("seconds, null without data")},
                       {"accept", rate_schema("seconds, null without data")},
                       {"handle", rate_schema("seconds, null without data")},
                       {"visit", rate_schema("seconds, null without data")}},
                      {"dispatch", "accept", "handle", "visit"});
  json row = object({{"key", string()},
                     {"name", string("zh-CN where known")},
                     {"counters", counters_schema()},
                     {"mean_wait_seconds", waits}},
                    {"key", "name", "counters", "mean_wait_seconds"});
  return object({{"period", period_schema()}, {"by", string()}, {"rows", array_of(row)}},
                {"period", "by", "rows"});
}

json answer_schema(const WarningList*) {
  using namespace schema;
  auto members = warning_members();
  members.emplace_back("category", string());
  members.emplace_back("word", string("the sensitive word, for that kind"));
  members.emplace_back("baseline", number("a surge's expected count"));
  members.emplace_back("article", string());
  members.emplace_back("requests", array_of(string(), "request numbers, up to 200"));
  json warning = object(members, {"id", "kind", "title", "created_at", "district", "count",
                                  "category", "word", "baseline", "article", "requests"});
  return object({{"period", period_schema()}, {"warnings", array_of(warning)}},
                {"period", "warnings"});
}

json answer_schema(const WatchList*) {
  return schema::object({{"words", schema::array_of(schema::string())}}, {"words"});
}

json answer_schema(const PublicFigures*) {
  using namespace schema;
  json unit = object(
      {{"unit", string()},
       {"name", string()},
       {"work_orders", integer()},
       {"on_time_acceptance", rate_schema()},
       {"on_time_reply", rate_schema()},
       {"satisfaction", rate_schema()}},
      {"unit", "name", "work_orders", "on_time_acceptance", "on_time_reply", "satisfaction"});
  return object({{"period", period_schema()},
                 {"registered", integer()},
                 {"dispatched", integer()},
                 {"replied", integer()},
                 {"closed", integer()},
                 {"units", array_of(unit)}},
                {"period", "registered", "dispatched", "replied", "closed", "units"});
}

}  // namespace hotline::analysis_ops
