#include "adapters/http/api_conduct.h"

#include "adapters/http/api_engine.h"
#include "adapters/json/json_reader.h"
#include "application/json_schema.h"
#include "core/engine/permissions.h"

namespace hotline::http {
namespace {

using json = nlohmann::json;
namespace s = schema;

json behaviour_schema() {
  return s::enumeration(parse_applicant_misconduct,
                        "occupying the line without a proper request, or harassing staff");
}

std::optional<ApplicantMisconduct> read_behaviour(JsonReader& r) {
  const std::string allowed = s::names<ApplicantMisconduct>(parse_applicant_misconduct);
  return r.enumeration("behaviour", parse_applicant_misconduct, allowed.c_str(), true);
}

HttpResponse answer(ApplicantConduct& conduct, const Result<ApplicantConductState>& r) {
  if (!r) return HttpResponse::error(r.error());
  return HttpResponse::json(200, conduct.to_json(*r).dump());
}

// The role first (SEC-2), then the body.
template <typename Run>
HttpResponse change(ApplicantConduct& conduct, Action action, const HttpRequest& request,
                    const PathParams& params, Run run) {
  const Caller caller = caller_of(request);
  const std::string& number = params.at("number");
  if (auto st = conduct.permit(caller, action, number); !st) return HttpResponse::error(st.error());
  auto body = parse_json_object(request.body);
  if (!body) return HttpResponse::error(body.error());
  JsonReader r(*body, "");
  return run(caller, number, r, *body);
}

}  // namespace

void add_conduct_routes(Router& router, ApplicantConduct& conduct) {
  ApplicantConduct* c = &conduct;
  Route warn{"POST", "/api/v1/requests/{number}/warn-applicant",
             [c](const HttpRequest& request, const PathParams& params) {
               return change(*c, Action::kWarnApplicant, request, params,
                             [c](const Caller& caller, const std::string& number, JsonReader& r,
                                 const json&) {
                               auto behaviour = read_behaviour(r);
                               const std::string reason = r.string("reason", true);
                               if (auto st = r.finish(); !st)
                                 return HttpResponse::error(st.error());
                               return answer(*c, c->warn(caller, number, *behaviour, reason));
                             });
             },
             "Warn the applicant of a request (CON-1, D32: 经热线工作人员提醒)"};
  warn.body_schema =
      s::object({{"behaviour", behaviour_schema()}, {"reason", s::string("what happened", 1)}},
                {"behaviour", "reason"});
  warn.answer_schema = ApplicantConduct::schema();
  router.add(std::move(warn));

  Route suspend{
      "POST", "/api/v1/requests/{number}/suspend-applicant",
      [c](const HttpRequest& request, const PathParams& params) {
        return change(
            *c, Action::kSuspendApplicant, request, params,
            [c](const Caller& caller, const std::string& number, JsonReader& r, const json&) {
              auto behaviour = read_behaviour(r);
              auto until = r.instant("until", true);
              const std::string reason = r.string("reason", true);
              if (auto st = r.finish(); !st) return HttpResponse::error(st.error());
              return answer(*c, c->suspend(caller, number, *behaviour, *until, reason));
            });
      },
      "Suspend the applicant of a request after a recorded warning (CON-1, D32); emergencies "
      "always get through"};
  suspend.body_schema = s::object({{"behaviour", behaviour_schema()},
                                   {"until", s::instant("the end of the suspension")},
                                   {"reason", s::string("the reason", 1)}},
                                  {"behaviour", "until", "reason"});
  suspend.answer_schema = ApplicantConduct::schema();
  router.add(std::move(suspend));

  Route review{"POST", "/api/v1/requests/{number}/review-suspension",
               [c](const HttpRequest& request, const PathParams& params) {
                 return change(*c, Action::kReviewSuspension, request, params,
                               [c](const Caller& caller, const std::string& number, JsonReader& r,
                                   const json& body) {
                                 if (!body.contains("upheld")) {
                                   return HttpResponse::error(Error::invalid(
                                       "upheld", "required field missing", "缺少必填字段"));
                                 }
                                 const bool upheld = r.boolean("upheld");
                                 const std::string reason = r.string("reason", true);
                                 if (auto st = r.finish(); !st) {
                                   return HttpResponse::error(st.error());
                                 }
                                 return answer(*c, c->review(caller, number, upheld, reason));
                               });
               },
               "Review a suspension: upheld, or lifted at once (CON-1, by another supervisor)"};
  review.body_schema =
      s::object({{"upheld", s::boolean("true: runs to its end; false: lifted now")},
                 {"reason", s::string("the review's opinion", 1)}},
                {"upheld", "reason"});
  review.answer_schema = ApplicantConduct::schema();
  router.add(std::move(review));

  Route record{"GET", "/api/v1/requests/{number}/applicant-conduct",
               [c](const HttpRequest& request, const PathParams& params) {
                 return answer(*c, c->record(caller_of(request), params.at("number")));
               },
               "The conduct record of a request's applicant (CON-1): warnings, suspensions"};
  record.answer_schema = ApplicantConduct::schema();
  router.add(std::move(record));
}

}  // namespace hotline::http
