#include "application/oversight_commands.h"

#include <charconv>

#include "adapters/json/json_reader.h"
#include "application/analysis_commands.h"
#include "application/json_schema.h"
#include "core/security/visibility.h"

namespace hotline::oversight_ops {

using namespace hotline::oversight;

namespace {

bool reads_everything(const Actor& a) {
  return (is_office_role(a.role) && a.role != Role::kSystem) || a.role == Role::kAnalyst;
}
bool is_office_recorder(const Actor& a) {
  return a.role == Role::kSupervisor || a.role == Role::kAdministrator;
}

}  // namespace

constexpr Who kCirculators{[](const Caller& a) { return a && is_office_recorder(*a); },
                           "the office's supervisors and administrators", "EVA-2", "T24",
                           "通报由热线工作机构督办人员发布"};
constexpr Who kAssessmentReaders{
    [](const Caller& a) { return a && (reads_everything(*a) || is_unit_role(a->role)); },
    "the office's staff and analysts (everything), the units' staff (their own)", "EVA-2", "D25",
    "该角色无权查看考核与通报"};
constexpr Who kSampleReaders{[](const Caller& a) {
                               return a &&
                                      (a->role == Role::kSocialSupervisor || reads_everything(*a));
                             },
                             "social supervisors (the sample, their own opinions) and the office",
                             "EVA-4", "R22", "该角色无权查看社会监督内容"};
constexpr Who kOpinionAuthors{
    [](const Caller& a) { return a && a->role == Role::kSocialSupervisor; }, "social supervisors",
    "EVA-4", "R22", "监督意见仅由社会监督员提出"};
constexpr Who kOpinionAnswerers{[](const Caller& a) { return a && is_office_recorder(*a); },
                                "the office's supervisors and administrators", "EVA-4", "R22",
                                "监督意见由热线工作机构督办人员答复"};

namespace {

json optional_instant(const std::optional<Instant>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

std::optional<std::int64_t> positive(const std::string& text) {
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end || v <= 0) return std::nullopt;
  return v;
}

// limit (1..500, default 50) and offset.
Status paging(const OperationCall& call, std::size_t& limit, std::size_t& offset) {
  limit = 50;
  offset = 0;
  if (auto l = call.param("limit")) {
    auto v = positive(*l);
    if (!v || *v > 500) return fail(Error::invalid("limit", "1 to 500", "limit 须为1至500"));
    limit = static_cast<std::size_t>(*v);
  }
  if (auto o = call.param("offset")) {
    if (*o != "0") {
      auto v = positive(*o);
      if (!v) return fail(Error::invalid("offset", "a whole number ≥ 0", "offset 须为非负整数"));
      offset = static_cast<std::size_t>(*v);
    }
  }
  return {};
}

Result<std::string> month_param(const OperationCall& call) {
  auto month = call.param("month");
  if (!month) return fail(Error::invalid("month", "the month is required", "缺少月份 month"));
  return check_month(*month);
}

// A record id in the path: one that cannot be is as absent as one that is not.
Result<std::int64_t> path_id(const OperationCall& call, const char* what) {
  auto id = positive(call.path_param("id"));
  if (!id) return fail(Error::not_found(std::string(what) + " " + call.path_param("id")));
  return *id;
}

std::string unit_name(const Organisation& org, const std::string& id) {
  const Unit* u = org.find(id);
  return u != nullptr ? u->name : std::string();
}

CirculationRecord record_of(Circulation c, const Organisation& org) {
  std::string name = unit_name(org, c.unit);
  return CirculationRecord{std::move(c), std::move(name)};
}

json opinion_json(const Opinion& o, const Caller& reader) {
  // A social supervisor learns that the office answered, not which account did.
  const bool office = reader && reader->role != Role::kSocialSupervisor;
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

json sampled_json(const SampledWorkOrder& w) {
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

json circulation_json(const Circulation& c, const std::string& name) {
  return {{"id", c.id},
          {"unit", c.unit},
          {"unit_name", name},
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

json performance_json(const PerformanceExport& e, const Organisation& organisation) {
  json units = json::array();
  for (const PerformanceRow& r : e.rows) {
    json circulations = json::array();
    for (const Circulation& c : r.circulations) {
      circulations.push_back(circulation_json(c, unit_name(organisation, c.unit)));
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

// ---- Schemas (OpenAPI 3.0) ----

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
       {"work_order", schema::nullable(schema::string("null: an opinion in general"))},
       {"text", schema::string()},
       {"created_at", schema::instant()},
       {"status", schema::enumeration(parse_opinion_status)},
       {"status_zh", schema::string()},
       {"answer", schema::nullable(schema::string())},
       {"answered_by",
        schema::nullable(schema::string("the office's account; null for supervisors"))},
       {"answered_at", schema::nullable(schema::instant())}},
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
       {"accepted_at", schema::nullable(schema::instant())},
       {"replied_at", schema::nullable(schema::instant())},
       {"subject", schema::string("personal numbers and names masked")},
       {"detail", schema::string("personal numbers and names masked")},
       {"reply", schema::object({{"process", schema::string()},
                                 {"result", schema::string()},
                                 {"policy_basis", schema::string()},
                                 {"late", schema::boolean()}},
                                {"process", "result", "policy_basis", "late"})},
       {"satisfaction", schema::nullable(schema::string())},
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

// ---- EVA-2 ----

Result<RecordCirculation> RecordCirculation::from_call(const OperationCall& call) {
  JsonReader reader(call.body, "");
  RecordCirculation r;
  r.in.unit = reader.string("unit", true);
  r.in.month = reader.string("month", true);
  r.in.ground = reader.string("ground", true);
  r.in.reason = reader.string("reason", true);
  r.in.work_orders = reader.strings("work_orders");
  r.in.indicators = reader.strings("indicators");
  if (auto st = reader.finish(); !st) return fail(st.error());
  r.audit = call.audit;
  return r;
}
json RecordCirculation::body_schema() {
  using namespace schema;
  return object(
      {{"unit", string("the unit circulated", 1)},
       {"month", string("YYYY-MM: the assessment period", 7)},
       {"ground", enumeration(parse_circulation_ground,
                              "buck-passing, refused-supervision, media-exposure: 通报批评 (T24); "
                              "exemplary-practice (T26), active-governance (D26): 通报表扬")},
       {"reason", string("what happened", 1)},
       {"work_orders", array_of(string(), "the work orders behind it")},
       {"indicators", array_of(string(), "EVA-1 indicators it rests on")}},
      {"unit", "month", "ground", "reason"});
}
Result<CirculationRecord> RecordCirculation::run(OversightContext& c, const Caller& caller) && {
  auto recorded = c.service.record_circulation(actor_of(caller), in, audit);
  if (!recorded) return fail(recorded.error());
  return record_of(std::move(*recorded), c.organisation);
}

Result<ListCirculations> ListCirculations::from_call(const OperationCall& call) {
  ListCirculations l;
  l.filter.unit = call.param("unit");
  l.filter.month = call.param("month");
  if (auto st = paging(call, l.filter.limit, l.filter.offset); !st) return fail(st.error());
  return l;
}
std::vector<OperationParam> ListCirculations::query_params() {
  return {{"unit", schema::string("unit id"), false},
          {"month", month_query_schema(), false},
          {"limit", limit_schema(), false},
          {"offset", offset_schema(), false}};
}
Result<CirculationList> ListCirculations::run(OversightContext& c, const Caller& caller) && {
  auto found = c.service.circulations(actor_of(caller), filter);
  if (!found) return fail(found.error());
  CirculationList out;
  for (Circulation& x : *found) out.items.push_back(record_of(std::move(x), c.organisation));
  return out;
}

Result<ShowCirculation> ShowCirculation::from_call(const OperationCall& call) {
  auto id = path_id(call, "circulation");
  if (!id) return fail(id.error());
  return ShowCirculation{*id};
}
Result<CirculationRecord> ShowCirculation::run(OversightContext& c, const Caller& caller) && {
  auto found = c.service.circulation(actor_of(caller), id);
  if (!found) return fail(found.error());
  return record_of(std::move(*found), c.organisation);
}

Result<ShowPerformance> ShowPerformance::from_call(const OperationCall& call) {
  auto month = month_param(call);
  if (!month) return fail(month.error());
  return ShowPerformance{std::move(*month)};
}
std::vector<OperationParam> ShowPerformance::query_params() {
  return {{"month", month_query_schema(), true}};
}
Result<Performance> ShowPerformance::run(OversightContext& c, const Caller& caller) && {
  auto figures = c.service.performance(actor_of(caller), month);
  if (!figures) return fail(figures.error());
  return Performance{std::move(*figures), &c.organisation};
}

// ---- EVA-4 ----

Result<ShowSample> ShowSample::from_call(const OperationCall& call) {
  auto month = month_param(call);
  if (!month) return fail(month.error());
  return ShowSample{std::move(*month)};
}
std::vector<OperationParam> ShowSample::query_params() {
  return {{"month", month_query_schema(), true}};
}
Result<Sample> ShowSample::run(OversightContext& c, const Caller& caller) && {
  auto found = c.service.sample(actor_of(caller), month);
  if (!found) return fail(found.error());
  return Sample{std::move(month), c.service.rule(), std::move(*found)};
}

Result<ShowSampledWorkOrder> ShowSampledWorkOrder::from_call(const OperationCall& call) {
  return ShowSampledWorkOrder{call.path_param("id")};
}
Result<SampledView> ShowSampledWorkOrder::run(OversightContext& c, const Caller& caller) && {
  auto w = c.service.sampled_work_order(actor_of(caller), id);
  if (!w) return fail(w.error());
  return SampledView{std::move(*w)};
}

Result<LeaveOpinion> LeaveOpinion::from_call(const OperationCall& call) {
  JsonReader reader(call.body, "");
  LeaveOpinion l;
  l.work_order = reader.string("work_order");
  l.text = reader.string("text", true);
  if (auto st = reader.finish(); !st) return fail(st.error());
  l.audit = call.audit;
  return l;
}
json LeaveOpinion::body_schema() {
  using namespace schema;
  return object({{"work_order", string("a work order of the sample; absent: in general")},
                 {"text", string("the opinion", 1)}},
                {"text"});
}
Result<OpinionView> LeaveOpinion::run(OversightContext& c, const Caller& caller) && {
  auto o = c.service.leave_opinion(actor_of(caller), work_order, text, audit);
  if (!o) return fail(o.error());
  return OpinionView{std::move(*o)};
}

Result<ListOpinions> ListOpinions::from_call(const OperationCall& call) {
  ListOpinions l;
  if (auto s = call.param("status")) {
    l.filter.status = parse_opinion_status(*s);
    if (!l.filter.status) {
      return fail(
          Error::invalid("status", "allowed: open, answered", "status 可选：open、answered"));
    }
  }
  l.filter.work_order = call.param("work_order");
  if (auto st = paging(call, l.filter.limit, l.filter.offset); !st) return fail(st.error());
  return l;
}
std::vector<OperationParam> ListOpinions::query_params() {
  return {{"status", schema::enumeration(parse_opinion_status), false},
          {"work_order", schema::string(), false},
          {"limit", limit_schema(), false},
          {"offset", offset_schema(), false}};
}
Result<OpinionList> ListOpinions::run(OversightContext& c, const Caller& caller) && {
  auto found = c.service.opinions(actor_of(caller), filter);
  if (!found) return fail(found.error());
  return OpinionList{std::move(*found)};
}

Result<ShowOpinion> ShowOpinion::from_call(const OperationCall& call) {
  auto id = path_id(call, "opinion");
  if (!id) return fail(id.error());
  return ShowOpinion{*id};
}
Result<OpinionView> ShowOpinion::run(OversightContext& c, const Caller& caller) && {
  auto o = c.service.opinion(actor_of(caller), id);
  if (!o) return fail(o.error());
  return OpinionView{std::move(*o)};
}

Result<AnswerOpinion> AnswerOpinion::from_call(const OperationCall& call) {
  JsonReader reader(call.body, "");
  AnswerOpinion a;
  a.answer = reader.string("answer", true);
  if (auto st = reader.finish(); !st) return fail(st.error());
  auto id = path_id(call, "opinion");
  if (!id) return fail(id.error());
  a.id = *id;
  a.audit = call.audit;
  return a;
}
json AnswerOpinion::body_schema() {
  return schema::object({{"answer", schema::string("the office's answer", 1)}}, {"answer"});
}
Result<OpinionView> AnswerOpinion::run(OversightContext& c, const Caller& caller) && {
  auto o = c.service.answer_opinion(actor_of(caller), id, answer, audit);
  if (!o) return fail(o.error());
  return OpinionView{std::move(*o)};
}

// ---- Answers ----

json render(const CirculationRecord& r, const Caller&) {
  return circulation_json(r.circulation, r.unit_name);
}
json render(const CirculationList& l, const Caller&) {
  json items = json::array();
  for (const CirculationRecord& r : l.items) {
    items.push_back(circulation_json(r.circulation, r.unit_name));
  }
  return {{"items", items}};
}
json render(const Performance& p, const Caller&) {
  return performance_json(p.figures, *p.organisation);
}
json render(const Sample& s, const Caller&) {
  json items = json::array();
  for (const SampledWorkOrder& w : s.work_orders) items.push_back(sampled_json(w));
  return {{"month", s.month},
          {"rule",
           {{"rate", s.rule.rate},
            {"minimum", s.rule.minimum},
            {"maximum", s.rule.maximum},
            {"article", s.rule.article}}},
          {"work_orders", items}};
}
json render(const SampledView& v, const Caller&) { return sampled_json(v.work_order); }
json render(const OpinionView& v, const Caller& caller) { return opinion_json(v.opinion, caller); }
json render(const OpinionList& l, const Caller& caller) {
  json items = json::array();
  for (const Opinion& o : l.items) items.push_back(opinion_json(o, caller));
  return {{"items", items}};
}

json answer_schema(const CirculationRecord*) { return circulation_schema(); }
json answer_schema(const CirculationList*) {
  return schema::object({{"items", schema::array_of(circulation_schema())}}, {"items"});
}
json answer_schema(const Performance*) {
  using namespace schema;
  // A unit's line is the EVA-1 assessment (analysis_ops) with its circulations.
  json unit = analysis_ops::answer_schema(
      static_cast<const analysis_ops::AssessmentList*>(nullptr))["properties"]["units"]["items"];
  unit["properties"]["circulations"] = array_of(circulation_schema());
  unit["properties"]["criticisms"] = integer();
  unit["properties"]["praises"] = integer();
  unit["required"].push_back("criticisms");
  unit["required"].push_back("praises");
  return object({{"month", string()},
                 {"period", object({{"from", string()}, {"to", string()}}, {"from", "to"})},
                 {"units", array_of(unit)}},
                {"month", "period", "units"});
}
json answer_schema(const Sample*) {
  using namespace schema;
  return object({{"month", string()},
                 {"rule", object({{"rate", number()},
                                  {"minimum", integer()},
                                  {"maximum", integer()},
                                  {"article", string()}},
                                 {"rate", "minimum", "maximum", "article"})},
                 {"work_orders", array_of(sampled_schema())}},
                {"month", "rule", "work_orders"});
}
json answer_schema(const SampledView*) { return sampled_schema(); }
json answer_schema(const OpinionView*) { return opinion_schema(); }
json answer_schema(const OpinionList*) {
  return schema::object({{"items", schema::array_of(opinion_schema())}}, {"items"});
}

}  // namespace hotline::oversight_ops
