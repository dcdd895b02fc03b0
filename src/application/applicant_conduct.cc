#include "application/applicant_conduct.h"

#include "application/json_schema.h"
#include "core/engine/permissions.h"

namespace hotline {
namespace {

using json = nlohmann::json;

template <typename T>
Status status_of(const Result<T>& r) {
  return r ? Status{} : Status(fail(r.error()));
}

}  // namespace

void ApplicantConduct::audit(const Caller& caller, std::string_view action,
                             const std::string& number, const Status& outcome) {
  if (guard_ == nullptr) return;
  (void)guard_->record_change(caller.actor, caller.remote, "command:" + std::string(action), number,
                              outcome.has_value(),
                              outcome ? std::string() : outcome.error().describe());
}

Status ApplicantConduct::permit(const Caller& caller, Action action, const std::string& number) {
  auto st = authorize(caller.actor, action, nullptr, engine_.organisation());
  if (!st) audit(caller, to_string(action), number, st);
  return st;
}

Result<ApplicantConductState> ApplicantConduct::warn(const Caller& caller,
                                                     const std::string& number,
                                                     ApplicantMisconduct behaviour,
                                                     const std::string& reason) {
  auto r =
      engine_.warn_applicant(CommandContext{caller.actor, reason, std::nullopt}, number, behaviour);
  audit(caller, "warn-applicant", number, status_of(r));
  return r;
}

Result<ApplicantConductState> ApplicantConduct::suspend(const Caller& caller,
                                                        const std::string& number,
                                                        ApplicantMisconduct behaviour,
                                                        Instant until, const std::string& reason) {
  auto r = engine_.suspend_applicant(CommandContext{caller.actor, reason, std::nullopt}, number,
                                     behaviour, until);
  audit(caller, "suspend-applicant", number, status_of(r));
  return r;
}

Result<ApplicantConductState> ApplicantConduct::review(const Caller& caller,
                                                       const std::string& number, bool upheld,
                                                       const std::string& reason) {
  auto r =
      engine_.review_suspension(CommandContext{caller.actor, reason, std::nullopt}, number, upheld);
  audit(caller, "review-suspension", number, status_of(r));
  return r;
}

Result<ApplicantConductState> ApplicantConduct::record(const Caller& caller,
                                                       const std::string& number) {
  // Those who warn, suspend and review read the record; nobody else learns
  // whether the request exists.
  const Role r = caller.actor.role;
  if (r != Role::kAgent && r != Role::kDispatcher && r != Role::kSupervisor) {
    return fail(Error::not_found("request " + number, "诉求编号不存在：" + number));
  }
  return engine_.applicant_conduct(number);
}

json ApplicantConduct::to_json(const ApplicantConductState& state) const {
  json warnings = json::array();
  for (const auto& w : state.warnings) {
    warnings.push_back({{"behaviour", std::string(to_string(w.warning.behaviour))},
                        {"behaviour_zh", std::string(to_chinese(w.warning.behaviour))},
                        {"request", w.warning.request},
                        {"at", format_iso8601(w.at)},
                        {"by", w.by},
                        {"reason", w.reason}});
  }
  json suspensions = json::array();
  for (const auto& s : state.suspensions) {
    json j{{"behaviour", std::string(to_string(s.suspension.behaviour))},
           {"behaviour_zh", std::string(to_chinese(s.suspension.behaviour))},
           {"request", s.suspension.request},
           {"at", format_iso8601(s.at)},
           {"by", s.by},
           {"reason", s.reason},
           {"until", format_iso8601(s.suspension.until.due)},
           {"review_due", format_iso8601(s.suspension.review_due.due)},
           {"reviewed_by", s.reviewed_by}};
    j["upheld"] = s.upheld ? json(*s.upheld) : json();
    if (s.lifted_at) j["lifted_at"] = format_iso8601(*s.lifted_at);
    suspensions.push_back(std::move(j));
  }
  const RecordedSuspension* active = state.active_suspension(clock_.now());
  json out{{"warnings", warnings},
           {"suspensions", suspensions},
           {"warnings_since_last_suspension", state.warnings_since_last_suspension()},
           {"suspended", active != nullptr}};
  if (active) out["suspended_until"] = format_iso8601(active->ends());
  return out;
}

json ApplicantConduct::schema() {
  namespace s = schema;
  json behaviour = s::enumeration(parse_applicant_misconduct);
  json warning = s::object({{"behaviour", behaviour},
                            {"behaviour_zh", s::string()},
                            {"request", s::string()},
                            {"at", s::instant()},
                            {"by", s::string()},
                            {"reason", s::string()}});
  json upheld = {{"type", "boolean"}, {"nullable", true}};
  json suspension = s::object({{"behaviour", behaviour},
                               {"behaviour_zh", s::string()},
                               {"request", s::string()},
                               {"at", s::instant()},
                               {"by", s::string()},
                               {"reason", s::string()},
                               {"until", s::instant()},
                               {"review_due", s::instant()},
                               {"upheld", upheld},
                               {"lifted_at", s::instant()},
                               {"reviewed_by", s::string()}});
  return s::object({{"warnings", s::array_of(warning)},
                    {"suspensions", s::array_of(suspension)},
                    {"warnings_since_last_suspension", s::integer()},
                    {"suspended", s::boolean()},
                    {"suspended_until", s::instant()}},
                   {"warnings", "suspensions", "suspended"},
                   "an applicant's conduct record (CON-1): no personal data");
}

}  // namespace hotline
