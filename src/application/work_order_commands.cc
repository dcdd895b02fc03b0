#include "application/work_order_commands.h"

#include "adapters/json/event_json.h"
#include "adapters/json/json_reader.h"
#include "application/json_schema.h"
#include "application/schemas.h"
#include "core/engine/permissions.h"

namespace hotline::commands {
namespace {

namespace s = schema;

// A member that must be one of enum E's wire names.
template <typename E>
std::optional<E> read_enum(JsonReader& r, const char* key,
                           std::optional<E> (*parse)(std::string_view), bool required = false) {
  const std::string allowed = s::names<E>(parse);
  return r.enumeration(key, parse, allowed.c_str(), required);
}

// Arguments with no members at all (accept, send-back, close, sweep).
Status read_nothing(const json& args) {
  JsonReader r(args, "");
  return r.finish();
}

Result<DispatchPlanOrder> read_order(const json& j, const std::string& path) {
  JsonReader r(j, path);
  DispatchPlanOrder o;
  o.items = r.integers("items");
  o.lead_unit = r.string("lead_unit", true);
  o.assisting_units = r.strings("assisting_units");
  o.functional_matter = r.boolean("functional_matter");
  o.statutory_handle_due = r.instant("statutory_handle_due");
  o.statutory_basis = r.string("statutory_basis");
  if (auto st = r.finish(); !st) return fail(st.error());
  return o;
}

json order_schema() {
  return s::object(
      {{"items", s::array_of(s::integer(), "indices into the request's items; empty: all")},
       {"lead_unit", s::string("unit id of the lead unit, e.g. district.heping", 1)},
       {"assisting_units", s::array_of(s::string(), "unit ids of assisting units (DIS-4)")},
       {"functional_matter", s::boolean("belongs to a functional department (DIS-6)")},
       {"statutory_handle_due", s::instant("a handling deadline set by law (HND-1)")},
       {"statutory_basis", s::string("the law that sets it")}},
      {"lead_unit"}, "one work order of a dispatch (DIS-3)");
}

Status need_target(const std::string& target, const char* what) {
  if (target.empty())
    return fail(Error::invalid("target", std::string("name the ") + what, "须指定编号"));
  return {};
}

}  // namespace

// ---- register ----

Result<Register> Register::from_json(const json& args) {
  auto details = request_details_from_json(args);
  if (!details) return fail(details.error());
  return Register{std::move(*details)};
}

json Register::schema() { return schema::request_details(); }

Result<RequestState> Register::run(Engine& e, const CommandContext& ctx, const std::string&) && {
  return e.register_request(ctx, std::move(details));
}

// ---- triage ----

Result<Triage> Triage::from_json(const json& args) {
  JsonReader r(args, "");
  Triage c;
  auto outcome = read_enum(r, "outcome", parse_triage_outcome, true);
  c.outcome.target = r.string("target");
  c.outcome.reference = r.string("reference");
  c.outcome.told_applicant = r.string("told_applicant");
  if (auto st = r.finish(); !st) return fail(st.error());
  c.outcome.outcome = *outcome;
  return c;
}

json Triage::schema() {
  return s::object(
      {{"outcome", s::enumeration(parse_triage_outcome, "what the office did (TRI-1..TRI-7)")},
       {"target", s::string("110/119/120/122, the legal or the right channel")},
       {"reference", s::string("earlier request number (TRI-5) or article id (TRI-7)")},
       {"told_applicant", s::string("what the applicant was told (TRI-8)")}},
      {"outcome"});
}

Result<RequestState> Triage::run(Engine& e, const CommandContext& ctx, const std::string& t) && {
  if (auto st = need_target(t, "request"); !st) return fail(st.error());
  return e.triage(ctx, t, std::move(outcome));
}

// ---- open-consultation ----

Result<OpenConsultation> OpenConsultation::from_json(const json& args) {
  JsonReader r(args, "");
  OpenConsultation c;
  c.consultation.units = r.strings("units");
  c.consultation.question = r.string("question");
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}

json OpenConsultation::schema() {
  return s::object({{"units", s::array_of(s::string(), "unit ids consulted")},
                    {"question", s::string("what is to be settled")}});
}

Result<RequestState> OpenConsultation::run(Engine& e, const CommandContext& ctx,
                                           const std::string& t) && {
  if (auto st = need_target(t, "request"); !st) return fail(st.error());
  return e.open_consultation(ctx, t, std::move(consultation));
}

// ---- conclude-consultation ----

Result<ConcludeConsultation> ConcludeConsultation::from_json(const json& args) {
  JsonReader r(args, "");
  ConcludeConsultation c;
  c.result.lead_unit = r.string("lead_unit", true);
  c.result.assisting_units = r.strings("assisting_units");
  c.result.decided_by = r.string("decided_by");
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}

json ConcludeConsultation::schema() {
  return s::object({{"lead_unit", s::string("unit id of the lead unit", 1)},
                    {"assisting_units", s::array_of(s::string(), "unit ids of assisting units")},
                    {"decided_by", s::string("who decided (R8)")}},
                   {"lead_unit"});
}

Result<RequestState> ConcludeConsultation::run(Engine& e, const CommandContext& ctx,
                                               const std::string& t) && {
  if (auto st = need_target(t, "request"); !st) return fail(st.error());
  return e.conclude_consultation(ctx, t, std::move(result));
}

// ---- dispatch ----

Result<Dispatch> Dispatch::from_json(const json& args) {
  Dispatch c;
  if (args.is_object() && args.contains("orders")) {
    JsonReader r(args, "");
    const json* orders = r.array("orders", true);
    if (auto st = r.finish(); !st) return fail(st.error());
    for (std::size_t i = 0; i < orders->size(); ++i) {
      auto o = read_order((*orders)[i], "orders[" + std::to_string(i) + "]");
      if (!o) return fail(o.error());
      c.plan.push_back(std::move(*o));
    }
  } else {
    auto o = read_order(args, "");
    if (!o) return fail(o.error());
    c.plan.push_back(std::move(*o));
  }
  return c;
}

json Dispatch::schema() {
  json several =
      s::object({{"orders", s::array_of(order_schema(), "one work order per unit's items")}},
                {"orders"}, "several work orders (DIS-3)");
  return {{"oneOf", json::array({order_schema(), several})},
          {"description", "one work order, or several as \"orders\""}};
}

Result<std::vector<WorkOrderState>> Dispatch::run(Engine& e, const CommandContext& ctx,
                                                  const std::string& t) && {
  if (auto st = need_target(t, "request"); !st) return fail(st.error());
  return e.dispatch(ctx, t, std::move(plan));
}

// ---- reclassify ----

Result<Reclassify> Reclassify::from_json(const json& args) {
  JsonReader r(args, "");
  Reclassify c;
  const json* categories = r.array("categories");
  c.correction.type = read_enum(r, "type", parse_request_type);
  c.correction.urgency = read_enum(r, "urgency", parse_urgency);
  if (auto st = r.finish(); !st) return fail(st.error());
  for (std::size_t i = 0; categories && i < categories->size(); ++i) {
    JsonReader cr((*categories)[i], "categories[" + std::to_string(i) + "]");
    auto item = cr.integer("item");
    ItemCategory ic;
    ic.category = cr.string("category", true);
    if (!item) cr.error("item", "required", "须填写");
    if (item && (*item < 0 || *item > 10000)) cr.error("item", "out of range", "超出范围");
    if (auto st = cr.finish(); !st) return fail(st.error());
    ic.item = static_cast<int>(*item);
    c.correction.categories.push_back(std::move(ic));
  }
  return c;
}

json Reclassify::schema() {
  json category = s::object({{"item", s::integer("index into the request's items")},
                             {"category", s::string("node of the category tree", 1)}},
                            {"item", "category"});
  category["properties"]["item"]["minimum"] = 0;
  category["properties"]["item"]["maximum"] = 10000;
  return s::object({{"categories", s::array_of(category, "corrected categories per item")},
                    {"type", s::enumeration(parse_request_type, "corrected type (TYP-1)")},
                    {"urgency", s::enumeration(parse_urgency, "corrected urgency (TYP-3)")}});
}

Result<RequestState> Reclassify::run(Engine& e, const CommandContext& ctx,
                                     const std::string& t) && {
  if (auto st = need_target(t, "request"); !st) return fail(st.error());
  return e.reclassify(ctx, t, std::move(correction));
}

// ---- accept ----

Result<Accept> Accept::from_json(const json& args) {
  if (auto st = read_nothing(args); !st) return fail(st.error());
  return Accept{};
}
json Accept::schema() { return s::object({}); }
Result<WorkOrderState> Accept::run(Engine& e, const CommandContext& ctx, const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.accept(ctx, t);
}

// ---- forward ----

Result<Forward> Forward::from_json(const json& args) {
  JsonReader r(args, "");
  Forward c;
  c.to_unit = r.string("to_unit", true);
  c.instructions = r.string("instructions");
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json Forward::schema() {
  return s::object({{"to_unit", s::string("unit id of the handling unit, below the lead", 1)},
                    {"instructions", s::string("what the handling unit is to do")}},
                   {"to_unit"});
}
Result<WorkOrderState> Forward::run(Engine& e, const CommandContext& ctx, const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.forward(ctx, t, to_unit, std::move(instructions));
}

// ---- apply-return ----

Result<ApplyReturn> ApplyReturn::from_json(const json& args) {
  JsonReader r(args, "");
  ApplyReturn c;
  ReturnApplication& a = c.application;
  auto reason = read_enum(r, "reason", parse_return_reason, true);
  a.explanation = r.string("explanation");
  a.complex = r.boolean("complex");
  if (const json* ev = r.object("evidence")) {
    JsonReader er(*ev, "evidence");
    a.evidence.legal_basis = er.string("legal_basis");
    a.evidence.suggested_unit = er.string("suggested_unit");
    a.evidence.items_to_verify = er.strings("items_to_verify");
    a.evidence.earlier_results = er.string("earlier_results");
    a.evidence.knowledge_article = er.string("knowledge_article");
    a.evidence.document_number = er.string("document_number");
    a.evidence.consent_reference = er.string("consent_reference");
    r.adopt(er.finish());
  }
  if (auto st = r.finish(); !st) return fail(st.error());
  a.reason = *reason;
  return c;
}
json ApplyReturn::schema() {
  json evidence = s::object(
      {{"legal_basis", s::string("the law that puts the matter elsewhere")},
       {"suggested_unit", s::string("unit id that should handle it")},
       {"items_to_verify", s::array_of(s::string(), "what is missing or wrong")},
       {"earlier_results", s::string("the final result already given")},
       {"knowledge_article", s::string("id of the knowledge-base article that answers it (RET-4)")},
       {"document_number", s::string("number of the supporting document")},
       {"consent_reference", s::string("consent of the supervision department (T13)")}},
      {}, "the evidence the reason needs (RET-1)");
  return s::object({{"reason", s::enumeration(parse_return_reason, "why the unit returns it")},
                    {"explanation", s::string()},
                    {"complex", s::boolean("claims the longer window of a complex matter (M17)")},
                    {"evidence", evidence}},
                   {"reason"});
}
Result<WorkOrderState> ApplyReturn::run(Engine& e, const CommandContext& ctx,
                                        const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.apply_return(ctx, t, std::move(application));
}

// ---- review-return ----

Result<ReviewReturn> ReviewReturn::from_json(const json& args) {
  JsonReader r(args, "");
  ReviewReturn c;
  c.approve = r.boolean("approve");
  if (const json* rd = r.object("redispatch")) {
    auto o = read_order(*rd, "redispatch");
    if (!o) return fail(o.error());
    c.redispatch = std::move(*o);
  }
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json ReviewReturn::schema() {
  return s::object(
      {{"approve", s::boolean("true: the return stands")}, {"redispatch", order_schema()}});
}
Result<WorkOrderState> ReviewReturn::run(Engine& e, const CommandContext& ctx,
                                         const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.review_return(ctx, t, approve, std::move(redispatch));
}

// ---- redispatch ----

Result<Redispatch> Redispatch::from_json(const json& args) {
  auto o = read_order(args, "");
  if (!o) return fail(o.error());
  return Redispatch{std::move(*o)};
}
json Redispatch::schema() { return order_schema(); }
Result<WorkOrderState> Redispatch::run(Engine& e, const CommandContext& ctx,
                                       const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.redispatch(ctx, t, to);
}

// ---- apply-extension ----

Result<ApplyExtension> ApplyExtension::from_json(const json& args) {
  JsonReader r(args, "");
  ApplyExtension c;
  c.application.progress = r.string("progress");
  c.application.measures = r.string("measures");
  c.application.applicant_consented = r.boolean("applicant_consented");
  c.application.applicant_contacted_at = r.instant("applicant_contacted_at");
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json ApplyExtension::schema() {
  return s::object({{"progress", s::string("what was done so far")},
                    {"measures", s::string("what will be done")},
                    {"applicant_consented", s::boolean("the applicant agreed (EXT-2)")},
                    {"applicant_contacted_at", s::instant("when the applicant was asked")}});
}
Result<WorkOrderState> ApplyExtension::run(Engine& e, const CommandContext& ctx,
                                           const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.apply_extension(ctx, t, std::move(application));
}

// ---- review-extension ----

Result<ReviewExtension> ReviewExtension::from_json(const json& args) {
  JsonReader r(args, "");
  ReviewExtension c;
  c.approve = r.boolean("approve");
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json ReviewExtension::schema() {
  return s::object({{"approve", s::boolean("true: the extension is granted")}});
}
Result<WorkOrderState> ReviewExtension::run(Engine& e, const CommandContext& ctx,
                                            const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.review_extension(ctx, t, approve);
}

// ---- submit-assisting-result ----

Result<SubmitAssistingResult> SubmitAssistingResult::from_json(const json& args) {
  JsonReader r(args, "");
  SubmitAssistingResult c;
  c.result = r.string("result", true);
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json SubmitAssistingResult::schema() {
  return s::object({{"result", s::string("the assisting unit's result", 1)}}, {"result"});
}
Result<WorkOrderState> SubmitAssistingResult::run(Engine& e, const CommandContext& ctx,
                                                  const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.submit_assisting_result(ctx, t, std::move(result));
}

// ---- reply ----

Result<Reply> Reply::from_json(const json& args) {
  JsonReader r(args, "");
  Reply c;
  c.content = read_reply(r);
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json Reply::schema() { return schema::reply_content(); }
Result<WorkOrderState> Reply::run(Engine& e, const CommandContext& ctx, const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.reply(ctx, t, std::move(content));
}

// ---- evaluate ----

Result<Evaluate> Evaluate::from_json(const json& args) {
  JsonReader r(args, "");
  Evaluate c;
  auto method = read_enum(r, "method", parse_visit_method);
  auto satisfaction = read_enum(r, "satisfaction", parse_satisfaction, true);
  c.evaluation.dissatisfaction_reason = r.string("dissatisfaction_reason");
  c.evaluation.spot_check = r.boolean("spot_check");
  if (auto st = r.finish(); !st) return fail(st.error());
  if (method) c.evaluation.method = *method;
  c.evaluation.satisfaction = *satisfaction;
  return c;
}
json Evaluate::schema() {
  return s::object(
      {{"method", s::enumeration(parse_visit_method, "how the applicant was reached")},
       {"satisfaction", s::enumeration(parse_satisfaction, "the applicant's evaluation")},
       {"dissatisfaction_reason", s::string("established first (VIS-6)")},
       {"spot_check", s::boolean("a spot check (VIS-4)")}},
      {"satisfaction"});
}
Result<WorkOrderState> Evaluate::run(Engine& e, const CommandContext& ctx,
                                     const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.evaluate(ctx, t, std::move(evaluation));
}

// ---- skip-visit ----

Result<SkipVisit> SkipVisit::from_json(const json& args) {
  JsonReader r(args, "");
  SkipVisit c;
  c.why = r.string("why", true);
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json SkipVisit::schema() {
  return s::object({{"why", s::string("not-evaluated-type or a reason of the policy", 1)}},
                   {"why"});
}
Result<WorkOrderState> SkipVisit::run(Engine& e, const CommandContext& ctx,
                                      const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.skip_visit(ctx, t, std::move(why));
}

// ---- send-back, close ----

Result<SendBack> SendBack::from_json(const json& args) {
  if (auto st = read_nothing(args); !st) return fail(st.error());
  return SendBack{};
}
json SendBack::schema() { return s::object({}); }
Result<WorkOrderState> SendBack::run(Engine& e, const CommandContext& ctx,
                                     const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.send_back(ctx, t);
}

Result<Close> Close::from_json(const json& args) {
  if (auto st = read_nothing(args); !st) return fail(st.error());
  return Close{};
}
json Close::schema() { return s::object({}); }
Result<WorkOrderState> Close::run(Engine& e, const CommandContext& ctx, const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.close(ctx, t);
}

// ---- file-appeal, review-appeal ----

Result<FileAppeal> FileAppeal::from_json(const json& args) {
  JsonReader r(args, "");
  FileAppeal c;
  c.appeal.explanation = r.string("explanation");
  c.appeal.evidence = r.strings("evidence");
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json FileAppeal::schema() {
  return s::object({{"explanation", s::string("why the evaluation is wrong")},
                    {"evidence", s::array_of(s::string(), "attachment URIs")}});
}
Result<WorkOrderState> FileAppeal::run(Engine& e, const CommandContext& ctx,
                                       const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.file_appeal(ctx, t, std::move(appeal));
}

Result<ReviewAppeal> ReviewAppeal::from_json(const json& args) {
  JsonReader r(args, "");
  ReviewAppeal c;
  c.upheld = r.boolean("upheld");
  c.not_appealable = read_enum(r, "not_appealable", parse_non_appealable);
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json ReviewAppeal::schema() {
  return s::object(
      {{"upheld", s::boolean("true: the evaluation is set aside")},
       {"not_appealable", s::enumeration(parse_non_appealable, "why it cannot be appealed")}});
}
Result<WorkOrderState> ReviewAppeal::run(Engine& e, const CommandContext& ctx,
                                         const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.review_appeal(ctx, t, upheld, not_appealable);
}

// ---- supervise ----

Result<Supervise> Supervise::from_json(const json& args) {
  JsonReader r(args, "");
  Supervise c;
  auto trigger = read_enum(r, "trigger", parse_supervision_trigger, true);
  auto method = read_enum(r, "method", parse_supervision_method);
  c.supervision.key = r.boolean("key");
  c.supervision.stage = r.string("stage");
  if (auto st = r.finish(); !st) return fail(st.error());
  c.supervision.trigger = *trigger;
  if (method) c.supervision.method = *method;
  return c;
}
json Supervise::schema() {
  return s::object({{"trigger", s::enumeration(parse_supervision_trigger, "why (SUP-1)")},
                    {"method", s::enumeration(parse_supervision_method, "how (SUP-3)")},
                    {"key", s::boolean("重点督办 (SUP-2)")},
                    {"stage", s::string("accept, handle, reply …")}},
                   {"trigger"});
}
Result<WorkOrderState> Supervise::run(Engine& e, const CommandContext& ctx,
                                      const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.raise_supervision(ctx, t, std::move(supervision));
}

// ---- escalate-supervision, report-on-supervision, raise-one-level, refer-for-discipline ----

Result<EscalateSupervision> EscalateSupervision::from_json(const json& args) {
  JsonReader r(args, "");
  EscalateSupervision c;
  c.key = r.boolean("key");
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json EscalateSupervision::schema() {
  return s::object({{"key", s::boolean("make it key supervision, 重点督办 (SUP-2)")}});
}
Result<WorkOrderState> EscalateSupervision::run(Engine& e, const CommandContext& ctx,
                                                const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.escalate_supervision(ctx, t, key);
}

Result<ReportOnSupervision> ReportOnSupervision::from_json(const json& args) {
  JsonReader r(args, "");
  ReportOnSupervision c;
  c.report = r.string("report", true);
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json ReportOnSupervision::schema() {
  return s::object({{"report", s::string("how the supervised matter was handled (办理情况报告)")}},
                   {"report"});
}
Result<WorkOrderState> ReportOnSupervision::run(Engine& e, const CommandContext& ctx,
                                                const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.report_on_supervision(ctx, t, std::move(report));
}

Result<RaiseOneLevel> RaiseOneLevel::from_json(const json& args) {
  JsonReader r(args, "");
  RaiseOneLevel c;
  c.matter = r.string("matter", true);
  c.reported_unit = r.string("reported_unit", true);
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json RaiseOneLevel::schema() {
  return s::object({{"matter", s::string("乱收费, 乱罚款, 违规执法 (the profile's list)")},
                    {"reported_unit", s::string("the management department reported")}},
                   {"matter", "reported_unit"});
}
Result<WorkOrderState> RaiseOneLevel::run(Engine& e, const CommandContext& ctx,
                                          const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.raise_one_level(ctx, t, matter, reported_unit);
}

Result<ReferForDiscipline> ReferForDiscipline::from_json(const json& args) {
  JsonReader r(args, "");
  ReferForDiscipline c;
  c.conduct = r.string("conduct", true);
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json ReferForDiscipline::schema() {
  return s::object({{"conduct", s::string("the misconduct referred (问题线索)")}}, {"conduct"});
}
Result<WorkOrderState> ReferForDiscipline::run(Engine& e, const CommandContext& ctx,
                                               const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.refer_for_discipline(ctx, t, std::move(conduct));
}

// ---- sweep ----

Result<Sweep> Sweep::from_json(const json& args) {
  if (auto st = read_nothing(args); !st) return fail(st.error());
  return Sweep{};
}
json Sweep::schema() { return s::object({}); }
Result<SweepReport> Sweep::run(Engine& e, const CommandContext& ctx, const std::string&) && {
  // SEC-2 [M27]: the engine's sweep takes no actor; the grant is checked here.
  if (auto st = authorize(ctx.actor, Action::kSweep, nullptr, e.organisation()); !st) {
    return fail(st.error());
  }
  return e.sweep();
}

}  // namespace hotline::commands
