#include "application/conduct_commands.h"

#include "adapters/json/event_json.h"
#include "adapters/json/json_reader.h"
#include "application/json_schema.h"
#include "application/schemas.h"

namespace hotline::commands {
namespace {

namespace s = schema;

template <typename E>
std::optional<E> read_enum(JsonReader& r, const char* key,
                           std::optional<E> (*parse)(std::string_view), bool required = false) {
  const std::string allowed = s::names<E>(parse);
  return r.enumeration(key, parse, allowed.c_str(), required);
}

Status need_target(const std::string& target, const char* what) {
  if (target.empty())
    return fail(Error::invalid("target", std::string("name the ") + what, "须指定编号"));
  return {};
}

}  // namespace

// ---- spot-check (VIS-4) ----

Result<SpotCheck> SpotCheck::from_json(const json& args) {
  JsonReader r(args, "");
  SpotCheck c;
  auto method = read_enum(r, "method", parse_visit_method);
  auto finding = read_enum(r, "finding", parse_spot_check_finding, true);
  c.visit.note = r.string("note");
  if (auto st = r.finish(); !st) return fail(st.error());
  if (method) c.visit.method = *method;
  c.visit.finding = *finding;
  return c;
}
json SpotCheck::schema() {
  return s::object(
      {{"method", s::enumeration(parse_visit_method, "how the applicant was reached")},
       {"finding", s::enumeration(parse_spot_check_finding, "what the visit found (T17)")},
       {"note", s::string("what was not fulfilled, or the applicant's new question")}},
      {"finding"});
}
Result<WorkOrderState> SpotCheck::run(Engine& e, const CommandContext& ctx,
                                      const std::string& t) && {
  if (auto st = need_target(t, "work order"); !st) return fail(st.error());
  return e.spot_check(ctx, t, std::move(visit));
}

// ---- file-conduct-complaint (INT-6) ----

Result<FileConductComplaint> FileConductComplaint::from_json(const json& args) {
  if (!args.is_object() || !args.contains("complaint")) {
    return fail(Error::invalid("complaint", "required field missing", "缺少必填字段"));
  }
  FileConductComplaint c;
  JsonReader r(args["complaint"], "complaint");
  c.complaint.staff_member = r.string("staff_member", true);
  auto behaviour = read_enum(r, "behaviour", parse_staff_misconduct, true);
  c.complaint.about_request = r.string("about_request");
  c.complaint.occurred_at = r.instant("occurred_at");
  if (auto st = r.finish(); !st) return fail(st.error());
  c.complaint.behaviour = *behaviour;
  json rest = args;
  rest.erase("complaint");
  // M14 投诉: always a complaint; one item, the detail, unless given.
  if (!rest.contains("type")) rest["type"] = "complaint";
  if (!rest.contains("items") && rest.contains("detail")) {
    rest["items"] = json::array({json{{"text", rest["detail"]}}});
  }
  auto details = request_details_from_json(rest);
  if (!details) return fail(details.error());
  c.details = std::move(*details);
  return c;
}
json FileConductComplaint::schema() {
  json body = s::request_details();
  body["properties"]["complaint"] =
      s::object({{"staff_member", s::string("account id of the staff member complained about", 1)},
                 {"behaviour", s::enumeration(parse_staff_misconduct, "M14: the behaviour")},
                 {"about_request", s::string("the request (call) it happened in")},
                 {"occurred_at", s::instant("when it happened")}},
                {"staff_member", "behaviour"});
  if (body.contains("required")) {
    json required = json::array({"complaint"});
    for (const auto& r : body["required"]) {
      if (r != "type" && r != "items") required.push_back(r);
    }
    body["required"] = required;
  }
  return body;
}
Result<RequestState> FileConductComplaint::run(Engine& e, const CommandContext& ctx,
                                               const std::string&) && {
  return e.file_conduct_complaint(ctx, std::move(details), std::move(complaint));
}

// ---- handle-conduct-complaint (INT-6) ----

Result<HandleConductComplaint> HandleConductComplaint::from_json(const json& args) {
  JsonReader r(args, "");
  HandleConductComplaint c;
  auto finding = read_enum(r, "finding", parse_complaint_finding, true);
  c.handling.measures = r.string("measures", true);
  c.handling.told_applicant = r.string("told_applicant", true);
  if (auto st = r.finish(); !st) return fail(st.error());
  c.handling.finding = *finding;
  return c;
}
json HandleConductComplaint::schema() {
  return s::object({{"finding", s::enumeration(parse_complaint_finding, "what the office found")},
                    {"measures", s::string("what the office did about it", 1)},
                    {"told_applicant", s::string("the answer given to the applicant", 1)}},
                   {"finding", "measures", "told_applicant"});
}
Result<RequestState> HandleConductComplaint::run(Engine& e, const CommandContext& ctx,
                                                 const std::string& t) && {
  if (auto st = need_target(t, "request"); !st) return fail(st.error());
  return e.handle_conduct_complaint(ctx, t, std::move(handling));
}

// ---- evaluate-agent (INT-7) ----

Result<EvaluateAgent> EvaluateAgent::from_json(const json& args) {
  JsonReader r(args, "");
  EvaluateAgent c;
  auto method = read_enum(r, "method", parse_visit_method);
  auto satisfaction = read_enum(r, "satisfaction", parse_satisfaction, true);
  c.evaluation.remark = r.string("remark");
  if (auto st = r.finish(); !st) return fail(st.error());
  if (method) c.evaluation.method = *method;
  c.evaluation.satisfaction = *satisfaction;
  return c;
}
json EvaluateAgent::schema() {
  return s::object(
      {{"method", s::enumeration(parse_visit_method, "how the evaluation was given")},
       {"satisfaction", s::enumeration(parse_satisfaction, "the applicant's evaluation")},
       {"remark", s::string("the applicant's words")}},
      {"satisfaction"});
}
Result<RequestState> EvaluateAgent::run(Engine& e, const CommandContext& ctx,
                                        const std::string& t) && {
  if (auto st = need_target(t, "request"); !st) return fail(st.error());
  return e.evaluate_agent_service(ctx, t, std::move(evaluation));
}

}  // namespace hotline::commands
