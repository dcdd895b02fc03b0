#include "adapters/json/engine_commands.h"

#include <functional>
#include <map>

#include "adapters/json/event_json.h"
#include "adapters/json/json_reader.h"
#include "core/engine/permissions.h"

namespace hotline {
namespace {

using json = nlohmann::json;
using Handler =
    std::function<Result<json>(Engine&, const std::string&, const CommandContext&, const json&)>;

template <typename State>
Result<json> as_json(const Result<State>& r);

template <>
Result<json> as_json(const Result<WorkOrderState>& r) {
  if (!r) return fail(r.error());
  return work_order_to_json(*r);
}

template <>
Result<json> as_json(const Result<RequestState>& r) {
  if (!r) return fail(r.error());
  return request_to_json(*r);
}

// CON-1: the applicant's record names no one; requests by number only.
template <>
Result<json> as_json(const Result<ApplicantConductState>& r) {
  if (!r) return fail(r.error());
  json warnings = json::array();
  for (const auto& w : r->warnings) {
    warnings.push_back({{"at", format_iso8601(w.at)},
                        {"by", w.by},
                        {"behaviour", std::string(to_string(w.warning.behaviour))},
                        {"request", w.warning.request},
                        {"reason", w.reason}});
  }
  json suspensions = json::array();
  for (const auto& s : r->suspensions) {
    json j{{"at", format_iso8601(s.at)},
           {"by", s.by},
           {"behaviour", std::string(to_string(s.suspension.behaviour))},
           {"request", s.suspension.request},
           {"reason", s.reason},
           {"until", format_iso8601(s.suspension.until.due)},
           {"review_due", format_iso8601(s.suspension.review_due.due)},
           {"ends", format_iso8601(s.ends())}};
    if (s.upheld) j["upheld"] = *s.upheld;
    suspensions.push_back(std::move(j));
  }
  return json{{"version", r->version}, {"warnings", warnings}, {"suspensions", suspensions}};
}

Result<ApplicantMisconduct> read_misconduct(JsonReader& r) {
  auto b = r.enumeration("behaviour", parse_applicant_misconduct, "occupying-line, harassing-staff",
                         true);
  if (auto st = r.finish(); !st) return fail(st.error());
  return *b;
}

Status need_target(const std::string& target, const char* what) {
  if (target.empty())
    return fail(Error::invalid("target", std::string("name the ") + what, "须指定编号"));
  return {};
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

const std::map<std::string_view, Handler>& handlers() {
  static const std::map<std::string_view, Handler> kHandlers = {
      {"register",
       [](Engine& e, const std::string&, const CommandContext& ctx,
          const json& args) -> Result<json> {
         auto details = request_details_from_json(args);
         if (!details) return fail(details.error());
         return as_json(e.register_request(ctx, std::move(*details)));
       }},
      {"triage",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "request"); !st) return fail(st.error());
         JsonReader r(args, "");
         RequestTriaged o;
         auto outcome = r.enumeration("outcome", parse_triage_outcome,
                                      "emergency-transfer, legal-channel, confidential-matter, "
                                      "unlawful-demand, duplicate, outside-scope, "
                                      "answered-directly, to-dispatch",
                                      true);
         o.target = r.string("target");
         o.reference = r.string("reference");
         o.told_applicant = r.string("told_applicant");
         if (auto st = r.finish(); !st) return fail(st.error());
         o.outcome = *outcome;
         return as_json(e.triage(ctx, t, std::move(o)));
       }},
      {"open-consultation",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "request"); !st) return fail(st.error());
         JsonReader r(args, "");
         ConsultationOpened o{r.strings("units"), r.string("question")};
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.open_consultation(ctx, t, std::move(o)));
       }},
      {"conclude-consultation",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "request"); !st) return fail(st.error());
         JsonReader r(args, "");
         ConsultationConcluded o;
         o.lead_unit = r.string("lead_unit", true);
         o.assisting_units = r.strings("assisting_units");
         o.decided_by = r.string("decided_by");
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.conclude_consultation(ctx, t, std::move(o)));
       }},
      {"dispatch",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "request"); !st) return fail(st.error());
         std::vector<DispatchPlanOrder> plan;
         if (args.is_object() && args.contains("orders")) {
           JsonReader r(args, "");
           const json* orders = r.array("orders", true);
           if (auto st = r.finish(); !st) return fail(st.error());
           for (std::size_t i = 0; i < orders->size(); ++i) {
             auto o = read_order((*orders)[i], "orders[" + std::to_string(i) + "]");
             if (!o) return fail(o.error());
             plan.push_back(std::move(*o));
           }
         } else {
           auto o = read_order(args, "");
           if (!o) return fail(o.error());
           plan.push_back(std::move(*o));
         }
         auto orders = e.dispatch(ctx, t, std::move(plan));
         if (!orders) return fail(orders.error());
         json out = json::array();
         for (const auto& wo : *orders) out.push_back(work_order_to_json(wo));
         return out;
       }},
      {"reclassify",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "request"); !st) return fail(st.error());
         JsonReader r(args, "");
         RequestReclassified o;
         const json* categories = r.array("categories");
         o.type = r.enumeration("type", parse_request_type,
                                "inquiry, assistance, suggestion, complaint, report, praise");
         o.urgency = r.enumeration("urgency", parse_urgency, "life-safety, utilities, general");
         if (auto st = r.finish(); !st) return fail(st.error());
         for (std::size_t i = 0; categories && i < categories->size(); ++i) {
           JsonReader c((*categories)[i], "categories[" + std::to_string(i) + "]");
           auto item = c.integer("item");
           ItemCategory ic;
           ic.category = c.string("category", true);
           if (!item) c.error("item", "required", "须填写");
           if (item && (*item < 0 || *item > 10000)) c.error("item", "out of range", "超出范围");
           if (auto st = c.finish(); !st) return fail(st.error());
           ic.item = static_cast<int>(*item);
           o.categories.push_back(std::move(ic));
         }
         return as_json(e.reclassify(ctx, t, std::move(o)));
       }},
      {"accept",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.accept(ctx, t));
       }},
      {"forward",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         const std::string to = r.string("to_unit", true);
         std::string instructions = r.string("instructions");
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.forward(ctx, t, to, std::move(instructions)));
       }},
      {"apply-return",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         ReturnApplication a;
         auto reason =
             r.enumeration("reason", parse_return_reason,
                           "not-our-duty, missing-information, repeat-with-final-result, "
                           "answered-by-knowledge-base, in-legal-proceedings, difficulty, "
                           "needs-assistance",
                           true);
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
         return as_json(e.apply_return(ctx, t, std::move(a)));
       }},
      {"review-return",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         const bool approve = r.boolean("approve");
         std::optional<DispatchPlanOrder> to;
         if (const json* rd = r.object("redispatch")) {
           auto o = read_order(*rd, "redispatch");
           if (!o) return fail(o.error());
           to = std::move(*o);
         }
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.review_return(ctx, t, approve, std::move(to)));
       }},
      {"redispatch",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         auto o = read_order(args, "");
         if (!o) return fail(o.error());
         return as_json(e.redispatch(ctx, t, *o));
       }},
      {"apply-extension",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         ExtensionApplication a;
         a.progress = r.string("progress");
         a.measures = r.string("measures");
         a.applicant_consented = r.boolean("applicant_consented");
         a.applicant_contacted_at = r.instant("applicant_contacted_at");
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.apply_extension(ctx, t, std::move(a)));
       }},
      {"review-extension",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         const bool approve = r.boolean("approve");
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.review_extension(ctx, t, approve));
       }},
      {"submit-assisting-result",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         std::string result = r.string("result", true);
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.submit_assisting_result(ctx, t, std::move(result)));
       }},
      {"reply",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         ReplyContent c = read_reply(r);
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.reply(ctx, t, std::move(c)));
       }},
      {"evaluate",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         WorkOrderEvaluated v;
         auto method = r.enumeration("method", parse_visit_method, "phone, sms, internet, on-site");
         auto satisfaction = r.enumeration("satisfaction", parse_satisfaction,
                                           "satisfied, basically-satisfied, dissatisfied", true);
         v.dissatisfaction_reason = r.string("dissatisfaction_reason");
         v.spot_check = r.boolean("spot_check");
         if (auto st = r.finish(); !st) return fail(st.error());
         if (method) v.method = *method;
         v.satisfaction = *satisfaction;
         return as_json(e.evaluate(ctx, t, std::move(v)));
       }},
      {"skip-visit",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         std::string why = r.string("why", true);
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.skip_visit(ctx, t, std::move(why)));
       }},
      {"send-back",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.send_back(ctx, t));
       }},
      {"close",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.close(ctx, t));
       }},
      {"file-appeal",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         AppealFiled a{r.string("explanation"), r.strings("evidence")};
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.file_appeal(ctx, t, std::move(a)));
       }},
      {"review-appeal",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         const bool upheld = r.boolean("upheld");
         auto not_appealable = r.enumeration(
             "not_appealable", parse_non_appealable,
             "applicant-never-reached, staff-attitude, problem-recurred, closed-unfinished, "
             "only-advised-court, lead-did-only-own-part");
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.review_appeal(ctx, t, upheld, not_appealable));
       }},
      {"supervise",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         SupervisionRaised s;
         auto trigger = r.enumeration("trigger", parse_supervision_trigger,
                                      "refused-acceptance, overdue, repeated-requests, "
                                      "negative-impact, knowledge-base-stale, "
                                      "confirmed-dissatisfaction, missing-reply-elements, "
                                      "fake-completion, buck-passing, slow-after-warning, other",
                                      true);
         auto method = r.enumeration("method", parse_supervision_method,
                                     "work-order, written, on-site, special");
         s.key = r.boolean("key");
         s.stage = r.string("stage");
         if (auto st = r.finish(); !st) return fail(st.error());
         s.trigger = *trigger;
         if (method) s.method = *method;
         return as_json(e.raise_supervision(ctx, t, std::move(s)));
       }},
      // VIS-4 [T17]
      {"spot-check",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "work order"); !st) return fail(st.error());
         JsonReader r(args, "");
         SpotCheckVisited v;
         auto method =
             r.enumeration("method", parse_visit_method, "phone, sms, internet, on-site", false);
         auto finding = r.enumeration("finding", parse_spot_check_finding,
                                      "fulfilled, duties-not-fulfilled, new-question", true);
         v.note = r.string("note");
         if (auto st = r.finish(); !st) return fail(st.error());
         if (method) v.method = *method;
         v.finding = *finding;
         return as_json(e.spot_check(ctx, t, std::move(v)));
       }},
      // INT-6 [M14]: request details plus {"complaint": {…}}
      {"file-conduct-complaint",
       [](Engine& e, const std::string&, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (!args.is_object() || !args.contains("complaint")) {
           return fail(Error::invalid("complaint", "required field missing", "缺少必填字段"));
         }
         JsonReader r(args["complaint"], "complaint");
         ConductComplaintFiled c;
         c.staff_member = r.string("staff_member", true);
         auto behaviour = r.enumeration("behaviour", parse_staff_misconduct,
                                        "rude-attitude, rough-manner, perfunctory, other", true);
         c.about_request = r.string("about_request");
         c.occurred_at = r.instant("occurred_at");
         if (auto st = r.finish(); !st) return fail(st.error());
         c.behaviour = *behaviour;
         json rest = args;
         rest.erase("complaint");
         // M14 投诉: the type is always a complaint; one item, the detail, by default.
         if (!rest.contains("type")) rest["type"] = "complaint";
         if (!rest.contains("items") && rest.contains("detail")) {
           rest["items"] = json::array({json{{"text", rest["detail"]}}});
         }
         auto details = request_details_from_json(rest);
         if (!details) return fail(details.error());
         return as_json(e.file_conduct_complaint(ctx, std::move(*details), std::move(c)));
       }},
      {"handle-conduct-complaint",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "request"); !st) return fail(st.error());
         JsonReader r(args, "");
         ConductComplaintHandled h;
         auto finding = r.enumeration("finding", parse_complaint_finding,
                                      "substantiated, partly-substantiated, unsubstantiated", true);
         h.measures = r.string("measures", true);
         h.told_applicant = r.string("told_applicant", true);
         if (auto st = r.finish(); !st) return fail(st.error());
         h.finding = *finding;
         return as_json(e.handle_conduct_complaint(ctx, t, std::move(h)));
       }},
      // INT-7 [R14(1)]
      {"evaluate-agent",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "request"); !st) return fail(st.error());
         JsonReader r(args, "");
         AgentServiceEvaluated a;
         auto method =
             r.enumeration("method", parse_visit_method, "phone, sms, internet, on-site", false);
         auto satisfaction = r.enumeration("satisfaction", parse_satisfaction,
                                           "satisfied, basically-satisfied, dissatisfied", true);
         a.remark = r.string("remark");
         if (auto st = r.finish(); !st) return fail(st.error());
         if (method) a.method = *method;
         a.satisfaction = *satisfaction;
         return as_json(e.evaluate_agent_service(ctx, t, std::move(a)));
       }},
      // CON-1 [D32, M12]
      {"warn-applicant",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "request"); !st) return fail(st.error());
         JsonReader r(args, "");
         auto b = read_misconduct(r);
         if (!b) return fail(b.error());
         return as_json(e.warn_applicant(ctx, t, *b));
       }},
      {"suspend-applicant",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "request"); !st) return fail(st.error());
         JsonReader r(args, "");
         auto until = r.instant("until");
         auto b = read_misconduct(r);
         if (!b) return fail(b.error());
         if (!until) return fail(Error::invalid("until", "required field missing", "缺少必填字段"));
         return as_json(e.suspend_applicant(ctx, t, *b, *until));
       }},
      {"review-suspension",
       [](Engine& e, const std::string& t, const CommandContext& ctx,
          const json& args) -> Result<json> {
         if (auto st = need_target(t, "request"); !st) return fail(st.error());
         JsonReader r(args, "");
         const bool upheld = r.boolean("upheld", true);
         if (auto st = r.finish(); !st) return fail(st.error());
         return as_json(e.review_suspension(ctx, t, upheld));
       }},
      {"sweep",
       [](Engine& e, const std::string&, const CommandContext& ctx,
          const json& args) -> Result<json> {
         JsonReader r(args, "");
         if (auto st = r.finish(); !st) return fail(st.error());
         // SEC-2 [M27]: the grant for sweeping (system, supervisor, administrator).
         if (auto st = authorize(ctx.actor, Action::kSweep, nullptr, e.organisation()); !st) {
           return fail(st.error());
         }
         auto report = e.sweep();
         if (!report) return fail(report.error());
         return json{{"examined", report->examined},
                     {"warnings", report->warnings},
                     {"missed", report->missed},
                     {"supervisions", report->supervisions},
                     {"conflicts", report->conflicts}};
       }},
  };
  return kHandlers;
}

}  // namespace

Result<nlohmann::json> run_command(Engine& engine, std::string_view action,
                                   const std::string& target, const CommandContext& ctx,
                                   const nlohmann::json& args) {
  const auto& table = handlers();
  auto it = table.find(action);
  if (it == table.end()) {
    std::string known;
    for (auto name : command_names()) known += (known.empty() ? "" : ", ") + std::string(name);
    return fail(Error::invalid(
        "action", "unknown action '" + std::string(action) + "'; one of: " + known, "未知操作"));
  }
  const json empty = json::object();
  return it->second(engine, target, ctx, args.is_null() ? empty : args);
}

const std::vector<std::string_view>& command_names() {
  static const std::vector<std::string_view> kNames = {"register",
                                                       "triage",
                                                       "open-consultation",
                                                       "conclude-consultation",
                                                       "dispatch",
                                                       "reclassify",
                                                       "accept",
                                                       "forward",
                                                       "apply-return",
                                                       "review-return",
                                                       "redispatch",
                                                       "apply-extension",
                                                       "review-extension",
                                                       "submit-assisting-result",
                                                       "reply",
                                                       "evaluate",
                                                       "skip-visit",
                                                       "send-back",
                                                       "close",
                                                       "file-appeal",
                                                       "review-appeal",
                                                       "supervise",
                                                       "spot-check",
                                                       "file-conduct-complaint",
                                                       "handle-conduct-complaint",
                                                       "evaluate-agent",
                                                       "warn-applicant",
                                                       "suspend-applicant",
                                                       "review-suspension",
                                                       "sweep"};
  return kNames;
}

Result<Actor> parse_actor(std::string_view text) {
  Actor actor;
  std::string_view rest = text;
  if (auto hash = rest.find('#'); hash != std::string_view::npos) {
    actor.id = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  std::string_view role = rest;
  actor.unit = "office";
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    role = rest.substr(0, at);
    actor.unit = std::string(rest.substr(at + 1));
  }
  auto r = parse_role(role);
  if (!r) {
    return fail(Error::invalid("actor",
                               "unknown role '" + std::string(role) +
                                   "'; write role@unit#id, e.g. unit-staff@district.heping",
                               "角色无效"));
  }
  actor.role = *r;
  if (actor.id.empty()) actor.id = std::string(role) + "@" + actor.unit;
  return actor;
}

}  // namespace hotline
