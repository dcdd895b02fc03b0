#include "application/governance_commands.h"

#include "adapters/json/json_reader.h"
#include "application/analysis_commands.h"
#include "application/json_schema.h"
#include "core/security/visibility.h"

namespace hotline::governance_ops {

using namespace hotline::analysis;

constexpr Who kModelWatchers{
    [](const std::optional<Actor>& a) { return a && sees_all_work_orders(a->role); }, "the office",
    "ANA-6", "R26", "模型准确率仅向热线工作机构开放"};
constexpr Who kProblemReaders{[](const std::optional<Actor>& a) {
                                return a &&
                                       (sees_all_work_orders(a->role) || is_unit_role(a->role));
                              },
                              "the office (everything), the units' staff (their own area)", "ANA-3",
                              "C25", "该角色无权查看持续性问题"};
constexpr Who kResearchSteerers{[](const std::optional<Actor>& a) {
                                  return a && (a->role == Role::kSupervisor ||
                                               a->role == Role::kDispatcher ||
                                               a->role == Role::kAdministrator);
                                },
                                "the office's supervisors, dispatchers and administrators", "ANA-3",
                                "C25", "专题研究由热线工作机构发起和推进"};

namespace {

ResearchRecord record_of(SpecialResearch r, const GovernanceContext& c) {
  return ResearchRecord{std::move(r), c.clock.now()};
}

json special_research_json(const SpecialResearch& r, Instant now) {
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

json research_schema() {
  using namespace schema;
  json decision = object({{"number", integer()},
                          {"text", string()},
                          {"decided_by", string()},
                          {"decided_at", instant()}},
                         {"number", "text", "decided_by", "decided_at"});
  json follow_up = object(
      {{"number", integer()},
       {"task", string()},
       {"unit", string()},
       {"due", instant()},
       {"status", json{{"type", "string"}, {"enum", {"open", "done"}}}},
       {"status_zh", string()},
       {"overdue", boolean()},
       {"result", string()},
       {"done_at", schema::nullable(instant())}},
      {"number", "task", "unit", "due", "status", "status_zh", "overdue", "result", "done_at"});
  json change =
      object({{"at", instant()}, {"actor", string()}, {"action", string()}, {"reason", string()}},
             {"at", "actor", "action", "reason"});
  return object({{"id", string()},
                 {"title", string()},
                 {"problem", string()},
                 {"clusters", array_of(string())},
                 {"units", array_of(string())},
                 {"status", json{{"type", "string"}, {"enum", {"open", "closed"}}}},
                 {"status_zh", string()},
                 {"opened_by", string()},
                 {"opened_at", instant()},
                 {"decisions", array_of(decision)},
                 {"follow_ups", array_of(follow_up)},
                 {"history", array_of(change)},
                 {"version", integer()},
                 {"article", string()}},
                {"id", "title", "problem", "clusters", "units", "status", "status_zh", "opened_by",
                 "opened_at", "decisions", "follow_ups", "history", "version", "article"});
}

}  // namespace

// ---- ANA-6 ----

Result<ShowModelAccuracy> ShowModelAccuracy::from_call(const OperationCall& call) {
  auto period = analysis_ops::read_period(call);
  if (!period) return fail(period.error());
  ShowModelAccuracy s;
  s.period = *period;
  s.by_name = call.param("by").value_or("month");
  auto by = parse_granularity(s.by_name);
  if (!by) return fail(Error::invalid("by", "allowed: week, month", "by 可选：week、month"));
  s.by = *by;
  return s;
}
std::vector<OperationParam> ShowModelAccuracy::query_params() {
  auto params = analysis_ops::period_params();
  params.push_back(
      {"by", json{{"type", "string"}, {"enum", {"week", "month"}}, {"default", "month"}}, false});
  return params;
}
Result<AccuracyFigures> ShowModelAccuracy::run(GovernanceContext& c, const Caller& caller) && {
  auto figures = c.models.accuracy(actor_of(caller), period, by);
  if (!figures) return fail(figures.error());
  return AccuracyFigures{period, std::move(by_name), std::move(*figures)};
}

Result<ShowModelDrift> ShowModelDrift::from_call(const OperationCall& call) {
  auto period = analysis_ops::read_period(call);
  if (!period) return fail(period.error());
  return ShowModelDrift{*period};
}
std::vector<OperationParam> ShowModelDrift::query_params() { return analysis_ops::period_params(); }
Result<DriftWarnings> ShowModelDrift::run(GovernanceContext& c, const Caller& caller) && {
  auto list = c.models.drift_warnings(actor_of(caller), period);
  if (!list) return fail(list.error());
  return DriftWarnings{period, c.models.settings(), std::move(*list)};
}

// ---- ANA-3: recurring clusters ----

Result<ListRecurringClusters> ListRecurringClusters::from_call(const OperationCall&) {
  return ListRecurringClusters{};
}
Result<RecurringClusters> ListRecurringClusters::run(GovernanceContext& c,
                                                     const Caller& caller) && {
  const Actor& actor = actor_of(caller);
  std::optional<AreaFilter> area;
  if (!sees_all_work_orders(actor.role)) {
    if (c.area) area = c.area(actor);
    if (!area) {
      return fail(
          Error::forbidden("ANA-3", "C25", "this role sees no clusters", "该角色无权查看聚类"));
    }
  }
  RecurringClusters out{c.recurring, {}, {}};
  for (auto& cluster : c.triage.recurring_clusters(c.clock.now(), c.recurring)) {
    // A unit sees the requests of its area only (ANA-4, ANA-5), and only the
    // clusters with one; the counts stay the cluster's.
    std::vector<std::string> visible;
    for (std::size_t i = 0; i < cluster.numbers.size(); ++i) {
      if (!area || (*area)(cluster.numbers[i], cluster.districts[i])) {
        visible.push_back(cluster.numbers[i]);
      }
    }
    if (area && visible.empty()) continue;
    out.clusters.push_back(std::move(cluster));
    out.visible.push_back(std::move(visible));
  }
  return out;
}

// ---- ANA-3: special research ----

Result<ListResearch> ListResearch::from_call(const OperationCall& call) {
  ListResearch l;
  if (auto s = call.param("status")) {
    l.status = parse_research_status(*s);
    if (!l.status) {
      return fail(Error::invalid("status", "allowed: open, closed", "status 可选：open、closed"));
    }
  }
  return l;
}
std::vector<OperationParam> ListResearch::query_params() {
  return {{"status", json{{"type", "string"}, {"enum", {"open", "closed"}}}, false}};
}
Result<ResearchList> ListResearch::run(GovernanceContext& c, const Caller& caller) && {
  auto items = c.research.list(actor_of(caller), status);
  if (!items) return fail(items.error());
  return ResearchList{std::move(*items), c.clock.now()};
}

Result<ShowResearch> ShowResearch::from_call(const OperationCall& call) {
  return ShowResearch{call.path_param("id")};
}
Result<ResearchRecord> ShowResearch::run(GovernanceContext& c, const Caller& caller) && {
  auto r = c.research.get(actor_of(caller), id);
  if (!r) return fail(r.error());
  return record_of(std::move(*r), c);
}

Result<OpenResearch> OpenResearch::from_call(const OperationCall& call) {
  JsonReader reader(call.body, "");
  OpenResearch o;
  o.in.title = reader.string("title", true);
  o.in.problem = reader.string("problem", true);
  o.in.clusters = reader.strings("clusters");
  o.in.units = reader.strings("units");
  o.reason = reader.string("reason", true);
  if (auto st = reader.finish(); !st) return fail(st.error());
  o.audit = call.audit;
  return o;
}
json OpenResearch::body_schema() {
  using namespace schema;
  return object({{"title", string({}, 1)},
                 {"problem", string({}, 1)},
                 {"clusters", array_of(string())},
                 {"units", array_of(string())},
                 {"reason", string({}, 1)}},
                {"title", "problem", "reason"});
}
Result<ResearchRecord> OpenResearch::run(GovernanceContext& c, const Caller& caller) && {
  auto r = c.research.open(actor_of(caller), in, reason, audit);
  if (!r) return fail(r.error());
  return record_of(std::move(*r), c);
}

Result<DecideResearch> DecideResearch::from_call(const OperationCall& call) {
  JsonReader reader(call.body, "");
  DecideResearch d;
  d.id = call.path_param("id");
  d.text = reader.string("text", true);
  d.reason = reader.string("reason", true);
  if (auto st = reader.finish(); !st) return fail(st.error());
  d.audit = call.audit;
  return d;
}
json DecideResearch::body_schema() {
  using namespace schema;
  return object({{"text", string({}, 1)}, {"reason", string({}, 1)}}, {"text", "reason"});
}
Result<ResearchRecord> DecideResearch::run(GovernanceContext& c, const Caller& caller) && {
  auto r = c.research.decide(actor_of(caller), id, text, reason, audit);
  if (!r) return fail(r.error());
  return record_of(std::move(*r), c);
}

Result<AddResearchFollowUp> AddResearchFollowUp::from_call(const OperationCall& call) {
  JsonReader reader(call.body, "");
  AddResearchFollowUp f;
  f.id = call.path_param("id");
  f.in.task = reader.string("task", true);
  f.in.unit = reader.string("unit", true);
  auto due = reader.instant("due", true);
  f.reason = reader.string("reason", true);
  if (auto st = reader.finish(); !st) return fail(st.error());
  f.in.due = *due;
  f.audit = call.audit;
  return f;
}
json AddResearchFollowUp::body_schema() {
  using namespace schema;
  return object({{"task", string({}, 1)},
                 {"unit", string({}, 1)},
                 {"due", instant()},
                 {"reason", string({}, 1)}},
                {"task", "unit", "due", "reason"});
}
Result<ResearchRecord> AddResearchFollowUp::run(GovernanceContext& c, const Caller& caller) && {
  auto r = c.research.add_follow_up(actor_of(caller), id, in, reason, audit);
  if (!r) return fail(r.error());
  return record_of(std::move(*r), c);
}

Result<CompleteResearchFollowUp> CompleteResearchFollowUp::from_call(const OperationCall& call) {
  CompleteResearchFollowUp d;
  d.id = call.path_param("id");
  const std::string& number = call.path_param("number");
  try {
    std::size_t used = 0;
    d.number = std::stoi(number, &used);
    if (used != number.size() || d.number < 1) throw std::invalid_argument(number);
  } catch (const std::exception&) {
    // As for any other item that is not there.
    return fail(Error::not_found("follow-up " + number, "未找到该跟进事项"));
  }
  JsonReader reader(call.body, "");
  d.result = reader.string("result", true);
  if (auto st = reader.finish(); !st) return fail(st.error());
  d.audit = call.audit;
  return d;
}
json CompleteResearchFollowUp::body_schema() {
  return schema::object({{"result", schema::string({}, 1)}}, {"result"});
}
Result<ResearchRecord> CompleteResearchFollowUp::run(GovernanceContext& c,
                                                     const Caller& caller) && {
  auto r = c.research.complete_follow_up(actor_of(caller), id, number, result, audit);
  if (!r) return fail(r.error());
  return record_of(std::move(*r), c);
}

Result<CloseResearch> CloseResearch::from_call(const OperationCall& call) {
  JsonReader reader(call.body, "");
  CloseResearch x;
  x.id = call.path_param("id");
  x.reason = reader.string("reason", true);
  if (auto st = reader.finish(); !st) return fail(st.error());
  x.audit = call.audit;
  return x;
}
json CloseResearch::body_schema() {
  return schema::object({{"reason", schema::string({}, 1)}}, {"reason"});
}
Result<ResearchRecord> CloseResearch::run(GovernanceContext& c, const Caller& caller) && {
  auto r = c.research.close(actor_of(caller), id, reason, audit);
  if (!r) return fail(r.error());
  return record_of(std::move(*r), c);
}

// ---- Answers ----

json drift_warning_json(const DriftWarning& w) {
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

json render(const AccuracyFigures& a, const Caller&) {
  json out = json::array();
  for (const AccuracyFigure& f : a.figures) {
    out.push_back({{"bucket", f.bucket},
                   {"model", f.model},
                   {"suggestions", f.suggestions},
                   {"category_decided", f.category_decided},
                   {"category_correct", f.category_correct},
                   {"category_accuracy", analysis_ops::rate(f.category_accuracy())},
                   {"unit_decided", f.unit_decided},
                   {"unit_correct", f.unit_correct},
                   {"unit_accuracy", analysis_ops::rate(f.unit_accuracy())}});
  }
  return {{"period", analysis_ops::period_json(a.period)}, {"by", a.by}, {"figures", out}};
}

json render(const DriftWarnings& d, const Caller&) {
  json out = json::array();
  for (const DriftWarning& w : d.warnings) out.push_back(drift_warning_json(w));
  const DriftSettings& s = d.settings;
  return {{"period", analysis_ops::period_json(d.period)},
          {"settings",
           {{"recent_days", s.recent_days},
            {"baseline_days", s.baseline_days},
            {"max_drop", s.max_drop},
            {"min_decided", s.min_decided},
            {"article", s.article}}},
          {"warnings", out}};
}

json render(const RecurringClusters& r, const Caller&) {
  constexpr std::size_t kListed = 50;  // the numbers an answer lists per cluster
  json out = json::array();
  for (std::size_t i = 0; i < r.clusters.size(); ++i) {
    const RecurringCluster& c = r.clusters[i];
    std::vector<std::string> numbers = r.visible[i];
    const std::size_t in_area = numbers.size();
    if (numbers.size() > kListed) numbers.resize(kListed);
    json months = json::array();
    for (const auto& m : c.months) months.push_back({{"month", m.month}, {"requests", m.requests}});
    out.push_back({{"cluster", c.cluster},
                   {"requests", c.requests},
                   {"applicants", c.applicants},
                   {"in_area", in_area},
                   {"district", c.district},
                   {"category", c.category},
                   {"first_at", format_iso8601(c.first_at)},
                   {"last_at", format_iso8601(c.last_at)},
                   {"months", months},
                   {"numbers", numbers}});
  }
  return {{"months", r.settings.months},
          {"min_months", r.settings.min_months},
          {"article", r.settings.article},
          {"clusters", out}};
}

json render(const ResearchList& l, const Caller&) {
  json out = json::array();
  for (const auto& x : l.items) out.push_back(special_research_json(x, l.now));
  return {{"items", out}};
}

json render(const ResearchRecord& r, const Caller&) {
  return special_research_json(r.record, r.now);
}

json answer_schema(const AccuracyFigures*) {
  using namespace schema;
  const json accuracy = analysis_ops::rate_schema("0..1, null without decisions");
  json figure = object({{"bucket", string("2026-11, 2026-W47 or all")},
                        {"model", string("model name@digest, or history")},
                        {"suggestions", integer()},
                        {"category_decided", integer()},
                        {"category_correct", integer()},
                        {"category_accuracy", accuracy},
                        {"unit_decided", integer()},
                        {"unit_correct", integer()},
                        {"unit_accuracy", accuracy}},
                       {"bucket", "model", "suggestions", "category_decided", "category_correct",
                        "category_accuracy", "unit_decided", "unit_correct", "unit_accuracy"});
  return object({{"period", analysis_ops::period_schema()},
                 {"by", json{{"type", "string"}, {"enum", {"week", "month"}}}},
                 {"figures", array_of(figure)}},
                {"period", "by", "figures"});
}

json answer_schema(const DriftWarnings*) {
  using namespace schema;
  json warning =
      object({{"id", string()},
              {"kind", json{{"type", "string"}, {"enum", {"drift"}}}},
              {"model", string()},
              {"measure", json{{"type", "string"}, {"enum", {"category", "unit"}}}},
              {"title", string()},
              {"created_at", instant()},
              {"baseline_accuracy", number()},
              {"recent_accuracy", number()},
              {"baseline_decided", integer()},
              {"recent_decided", integer()},
              {"article", string()}},
             {"id", "kind", "model", "measure", "title", "created_at", "baseline_accuracy",
              "recent_accuracy", "baseline_decided", "recent_decided", "article"});
  json settings = object({{"recent_days", integer()},
                          {"baseline_days", integer()},
                          {"max_drop", number()},
                          {"min_decided", integer()},
                          {"article", string()}},
                         {"recent_days", "baseline_days", "max_drop", "min_decided", "article"});
  return object({{"period", analysis_ops::period_schema()},
                 {"settings", settings},
                 {"warnings", array_of(warning)}},
                {"period", "settings", "warnings"});
}

json answer_schema(const RecurringClusters*) {
  using namespace schema;
  json month = object({{"month", string()}, {"requests", integer()}}, {"month", "requests"});
  json cluster = object({{"cluster", string("number of its first request")},
                         {"requests", integer("within the months")},
                         {"applicants", integer("distinct, within the months")},
                         {"in_area", integer("requests the caller may see")},
                         {"district", string()},
                         {"category", string()},
                         {"first_at", instant()},
                         {"last_at", instant()},
                         {"months", array_of(month)},
                         {"numbers", array_of(string(), "at most 50")}},
                        {"cluster", "requests", "applicants", "in_area", "district", "category",
                         "first_at", "last_at", "months", "numbers"});
  return object({{"months", integer()},
                 {"min_months", integer()},
                 {"article", string()},
                 {"clusters", array_of(cluster)}},
                {"months", "min_months", "article", "clusters"});
}

json answer_schema(const ResearchList*) {
  return schema::object({{"items", schema::array_of(research_schema())}}, {"items"});
}

json answer_schema(const ResearchRecord*) { return research_schema(); }

}  // namespace hotline::governance_ops
