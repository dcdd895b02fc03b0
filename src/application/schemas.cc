#include "application/schemas.h"

#include "application/json_schema.h"
#include "application/knowledge_commands.h"
#include "application/triage_commands.h"
#include "core/policy/policy.h"
#include "core/work_order/events.h"
#include "core/work_order/request_state.h"
#include "core/work_order/work_order_state.h"

namespace hotline::schema {
namespace {

using nlohmann::json;

// An object whose members are documented but may grow (nested parts of an
// answer): unknown members are allowed.
json open_object(const std::vector<std::pair<std::string, json>>& properties,
                 const std::vector<std::string>& required = {}, std::string_view description = {}) {
  json o = object(properties, required, description);
  o.erase("additionalProperties");
  return o;
}

json deadline() {
  return object({{"due", instant()},
                 {"article", string("the article that sets it, e.g. R11")},
                 {"rule", string("the rule, e.g. 7 working days from acceptance")}},
                {"due", "article", "rule"}, "a deadline as set on the work order");
}

json actor() {
  return object({{"id", string()}, {"role", string()}, {"unit", string()}}, {"id", "role", "unit"});
}

json request() {
  return object(
      {{"number", string("the request number (INT-5)")},
       {"version", integer()},
       {"status", enumeration_of<RequestStatus>()},
       {"status_zh", string()},
       {"registered_at", instant()},
       {"details", nullable(ref("RequestDetails"))},
       {"dispatch_due", ref("Deadline")},
       {"triage",
        open_object({{"outcome", enumeration(parse_triage_outcome)}, {"outcome_zh", string()}},
                    {"outcome"})},
       {"consultation", open_object({})},
       {"consultation_result", open_object({})},
       {"orders", array_of(open_object({{"work_order", string()}, {"lead_unit", string()}},
                                       {"work_order", "lead_unit"}))},
       {"dispatched_late", boolean()},
       {"transfers",
        array_of(object({{"hotline", string("unit id of the other city's hotline")},
                         {"joint", boolean("this hotline handles its part too")},
                         {"note", string()},
                         {"sent_at", instant()},
                         {"sent_by", string()},
                         {"our_reference", string("this hotline's request number")},
                         {"their_reference", string("the other hotline's own number")},
                         {"result", enumeration(parse_transfer_result)},
                         {"result_zh", string()},
                         {"answer_note", string()},
                         {"answered_at", instant()}},
                        {"hotline", "joint", "our_reference", "their_reference", "result"}),
                 "ICN-2 [M9]: transfers to other cities' hotlines")}},
      {"number", "version", "status", "status_zh", "registered_at", "details", "orders",
       "dispatched_late"},
      "a request; its details masked for the caller's role (SEC-4)");
}

json work_order() {
  json deadlines = object({{"accept", ref("Deadline")},
                           {"return", ref("Deadline")},
                           {"return_complex", ref("Deadline")},
                           {"handle", ref("Deadline")},
                           {"statutory_handle", ref("Deadline")}},
                          {"accept", "return"});
  json counters =
      object({{"returns_applied", integer()},
              {"returns_approved", integer()},
              {"extensions_applied", integer()},
              {"extensions_approved", integer()},
              {"replies", integer()},
              {"evaluations", integer()},
              {"dissatisfied_evaluations", integer()},
              {"handled_again", integer()}},
             {"returns_applied", "returns_approved", "extensions_applied", "extensions_approved",
              "replies", "evaluations", "dissatisfied_evaluations", "handled_again"});
  json marks = array_of(object({{"stage", string()}, {"due", instant()}}, {"stage", "due"}));
  return object(
      {{"id", string("e.g. 2026030200000001-1")},
       {"request", string()},
       {"version", integer()},
       {"status", enumeration(parse_work_order_status)},
       {"status_zh", string()},
       {"lead_unit", string()},
       {"assisting_units", array_of(string())},
       {"handling_unit", string()},
       {"earlier_units", array_of(string())},
       {"policy_profile", string()},
       {"subject", open_object({{"type", enumeration(parse_request_type)},
                                {"urgency", enumeration(parse_urgency)}})},
       {"special_labels", array_of(enumeration(parse_special_label))},
       {"items", array_of(integer())},
       {"designated", boolean()},
       {"functional_matter", boolean()},
       {"dispatched_at", instant()},
       {"accepted_at", instant()},
       {"deadlines", deadlines},
       {"handle_started_at", instant()},
       {"handle_period", string("e.g. 7 working days")},
       {"handle_period_zh", string()},
       {"pending_return", open_object({{"reason", enumeration(parse_return_reason)},
                                       {"reason_zh", string()},
                                       {"unit", string()}})},
       {"pending_extension", open_object({})},
       {"counters", counters},
       {"assisting_results", {{"type", "object"}, {"additionalProperties", string()}}},
       {"last_reply", open_object({})},
       {"replied_at", instant()},
       {"last_evaluation", open_object({{"satisfaction", enumeration(parse_satisfaction)},
                                        {"satisfaction_zh", string()}})},
       {"evaluated_at", instant()},
       {"handling_again", boolean()},
       {"visit_skipped", boolean()},
       {"appeal", enumeration_of<AppealStatus>()},
       {"appeal_filed_at", instant()},
       {"supervisions", array_of(open_object({{"trigger", enumeration(parse_supervision_trigger)},
                                              {"trigger_zh", string()},
                                              {"at", instant()},
                                              {"article", string()}},
                                             {"trigger", "at"}))},
       {"raised_one_level", open_object({{"matter", string()},
                                         {"reported_unit", string()},
                                         {"from_unit", string()},
                                         {"to_unit", string()}},
                                        {"matter", "reported_unit", "from_unit", "to_unit"})},
       {"referrals", array_of(open_object({{"body", string()},
                                           {"conduct", string()},
                                           {"record_through", integer()},
                                           {"at", instant()},
                                           {"article", string()}},
                                          {"body", "conduct", "record_through", "at"}))},
       {"warned", marks},
       {"missed", marks}},
      {"id", "request", "version", "status", "status_zh", "lead_unit", "assisting_units",
       "policy_profile", "deadlines", "counters", "supervisions", "warned", "missed"},
      "a work order's current state, folded from its events");
}

json work_order_list() {
  json summary = object({{"id", string()},
                         {"request", string()},
                         {"status", enumeration(parse_work_order_status)},
                         {"status_zh", string()},
                         {"lead_unit", string()},
                         {"handling_unit", string()},
                         {"type", enumeration(parse_request_type)},
                         {"urgency", enumeration(parse_urgency)},
                         {"dispatched_at", instant()},
                         {"accept_due", nullable(instant())},
                         {"handle_due", nullable(instant())},
                         {"overdue", boolean()},
                         {"supervised", boolean()},
                         {"version", integer()}},
                        {"id", "request", "status", "status_zh", "lead_unit", "type", "urgency",
                         "overdue", "supervised", "version"});
  return object({{"items", array_of(summary)}, {"limit", integer()}, {"offset", integer()}},
                {"items", "limit", "offset"});
}

json sweep_report() {
  return object({{"examined", integer()},
                 {"warnings", integer()},
                 {"missed", integer()},
                 {"supervisions", integer()},
                 {"conflicts", integer("changed meanwhile; picked up next sweep")}},
                {"examined", "warnings", "missed", "supervisions", "conflicts"});
}

json event() {
  return object({{"stream", string()},
                 {"version", integer()},
                 {"at", instant()},
                 {"actor", actor()},
                 {"reason", string()},
                 {"article", string()},
                 {"type", string("e.g. work-order-accepted")},
                 {"data", open_object({})}},
                {"stream", "version", "at", "actor", "reason", "article", "type", "data"},
                "a change: who, when, what, why and the article applied");
}

json error() {
  json detail = object({{"code", string("invalid_argument, not_found, conflict, refused, …")},
                        {"message", string()},
                        {"message_zh", string()},
                        {"field", string("the input at fault")},
                        {"rule", string("SPEC rule, e.g. EXT-1")},
                        {"article", string("article applied, e.g. R12")}},
                       {"code", "message"});
  return object({{"error", detail}}, {"error"});
}

// INT-5 [M14]: what an applicant sees of their request (core/security/applicant_view.h).
json applicant_view() {
  json progress = object({{"work_order", string()},
                          {"unit", string("the unit's name")},
                          {"status", string("accepting, handling, replied or closed")},
                          {"status_zh", string()},
                          {"due", nullable(instant())}},
                         {"work_order", "unit", "status", "status_zh", "due"});
  // INT-3: what they sent with it, as links under their request.
  json attachment = object({{"media_type", string("as the content is, e.g. image/jpeg")},
                            {"kind", string("photo, voice or video")},
                            {"name", string()},
                            {"url", string("GET it with the applicant's session")},
                            {"thumbnail_url", string("photos only")}},
                           {"media_type", "kind", "url"});
  json reply = object({{"replied_at", instant()},
                       {"unit", string()},
                       {"handler_contact", string()},
                       {"process", string()},
                       {"result", string()},
                       {"policy_basis", string()},
                       {"attachments", array_of(attachment, "INT-3: photos of the result")}},
                      {"replied_at", "unit", "result"});
  json step = object({{"action", string("e.g. evaluate")},
                      {"work_order", string()},
                      {"method", string()},
                      {"path", string()},
                      {"zh", string()}},
                     {"action", "work_order", "method", "path", "zh"});
  return object({{"number", string()},
                 {"registered_at", instant()},
                 {"status", enumeration_of<RequestStatus>()},
                 {"status_zh", string()},
                 {"subject", string()},
                 {"detail", string()},
                 {"answer", string("what the office answered without dispatch (TRI-8)")},
                 {"attachments", array_of(attachment, "INT-3")},
                 {"progress", array_of(progress)},
                 {"replies", array_of(reply)},
                 {"next", array_of(step, "what the applicant may do next")}},
                {"number", "registered_at", "status", "status_zh", "progress", "replies", "next"},
                "the applicant's own view of their request: no internal record");
}

}  // namespace

json request_details() {
  json applicant =
      object({{"anonymous", boolean("anonymous requests are allowed (INT-4)")},
              {"name", string()},
              {"phone", string()},
              {"address", string()},
              {"email", string("from another system's door (Open311)")},
              {"source_account", string("the person's account in the submitting system (Open311 "
                                        "account_id)")},
              {"complained_unit", string("the unit complained about (SEC-4)")}});
  json attachment = object({{"uri", string("where the content is stored", 1)},
                            {"media_type", string("e.g. image/jpeg")},
                            {"name", string()},
                            {"sha256", string()}},
                           {"uri"});
  json location = object({{"district", string("unit id of the district")},
                          {"street", string("unit id of the street")},
                          {"address", string()}});
  json item = object({{"text", string("", 1)},
                      {"category", string()},
                      {"urgency", enumeration(parse_urgency, "TYP-2: this matter's own urgency")}},
                     {"text"});
  return object({{"requested_at", instant("when the applicant asked; default: now")},
                 {"channel", enumeration(parse_channel, "intake channel (INT-1)")},
                 {"applicant", applicant},
                 {"subject", string()},
                 {"detail", string()},
                 {"items", array_of(item, "the matters; default: one, the detail")},
                 {"type", enumeration(parse_request_type, "TYP-1")},
                 {"urgency", enumeration(parse_urgency, "TYP-3")},
                 {"label", enumeration(parse_urgency_label, "特急, 紧急, 急 (TYP-4)")},
                 {"special_labels", array_of(enumeration(parse_special_label))},
                 {"confidential", boolean("保密事项 (M14)")},
                 {"confidentiality_note", string()},
                 {"reply_not_wanted", boolean("the applicant asked for no reply (REP-1)")},
                 {"location", location},
                 {"attachments", array_of(attachment, "INT-3")},
                 {"external_ref", string("the channel's own id")}},
                {"channel", "type"}, "a request as registered (INT-4)");
}

json reply_content() {
  return object(
      {{"contacted_at", instant("when the applicant was contacted")},
       {"handler", string("who replied")},
       {"handler_contact", string("how to reach them")},
       {"process", string("what was done")},
       {"result", string("the result (REP-2, REP-3)")},
       {"policy_basis", string("the law or policy applied")},
       {"applicant_feedback", string()},
       {"applicant_not_replied", boolean("the applicant could not be replied to")},
       {"attachments",
        array_of(object({{"uri", string("/api/v1/attachments/<id>, as the upload "
                                        "answered it",
                                        1)},
                         {"media_type", string("recorded from the content")},
                         {"name", string("照片1, 语音2 …; a file's own name is not kept")}},
                        {"uri"}),
                 "INT-3: photos or recordings of the result")}});
}

json components() {
  json all = {{"Request", request()},
              {"RequestDetails", request_details()},
              {"ReplyContent", reply_content()},
              {"WorkOrder", work_order()},
              {"WorkOrderList", work_order_list()},
              {"SweepReport", sweep_report()},
              {"Deadline", deadline()},
              {"Event", event()},
              {"Error", error()},
              {"ApplicantView", applicant_view()}};
  // The knowledge base's answers (KB-1..KB-9).
  const json knowledge = kb::components();  // alive while iterating
  for (const auto& [name, s] : knowledge.items()) all[name] = s;
  // Triage's answers (DIS-2, DIS-8, SUP-1, REP-2, REP-3).
  const json triage = triage_ops::components();
  for (const auto& [name, s] : triage.items()) all[name] = s;
  return all;
}

}  // namespace hotline::schema
