#include "adapters/http/api_admin.h"

#include "adapters/http/operation_routes.h"
#include "adapters/json/calendar_json.h"
#include "adapters/json/json_reader.h"
#include "application/json_schema.h"
#include "core/security/account_admin.h"
#include "core/security/authenticator.h"

namespace hotline::http {
namespace {

using nlohmann::json;

HttpResponse ok(int status, const json& body) { return HttpResponse::json(status, body.dump()); }

json date_schema() {
  json s = schema::string("a date, YYYY-MM-DD");
  s["format"] = "date";
  return s;
}

json holiday_schema(bool answer) {
  std::vector<std::pair<std::string, json>> props = {
      {"name", schema::string("the holiday, e.g. 春节", 1)},
      {"from", date_schema()},
      {"to", date_schema()},
      {"days", schema::integer("days off from..to (共N天); ignored on input")},
      {"makeup_working_days", schema::array_of(date_schema(), "weekend days worked (调休上班)")}};
  return schema::object(props, answer ? std::vector<std::string>{"name", "from", "to", "days"}
                                      : std::vector<std::string>{"name", "from", "to"});
}

json year_body_schema() {
  return schema::object(
      {{"year", schema::integer("e.g. 2027")},
       {"notice", schema::string("the notice's title", 1)},
       {"source", schema::string("its document number, e.g. 国办发明电〔2026〕N号", 1)},
       {"url", schema::string("where it is published")},
       {"holidays", schema::array_of(holiday_schema(false))}},
      {"year", "notice", "source", "holidays"});
}

json year_answer_schema() {
  return schema::object({{"year", schema::integer()},
                         {"notice", schema::string()},
                         {"source", schema::string()},
                         {"url", schema::string()},
                         {"holidays", schema::array_of(holiday_schema(true))},
                         {"entered", schema::boolean("entered on the platform (else shipped)")},
                         {"entered_by", schema::string()},
                         {"entered_at", schema::instant()},
                         {"revision", schema::integer("corrections so far")},
                         {"corrected_by", schema::string()},
                         {"corrected_at", schema::instant()},
                         {"correction_reason", schema::string()}},
                        {"year", "notice", "source", "holidays"});
}

json year_json(const CalendarYearView& v) {
  json j = calendar_year_to_json(v.year);
  j["entered"] = v.entered;
  if (v.entered) {
    j["entered_by"] = v.entered_by;
    if (v.entered_at) j["entered_at"] = format_iso8601(*v.entered_at);
    j["revision"] = v.revision;
    if (v.corrected_at) {
      j["corrected_by"] = v.corrected_by;
      j["corrected_at"] = format_iso8601(*v.corrected_at);
      j["correction_reason"] = v.correction_reason;
    }
  }
  return j;
}

HttpResponse list_years(const AdminApi& api, const HttpRequest& req) {
  if (auto st = require_administrator(*req.actor); !st) return HttpResponse::error(st.error());
  auto years = api.calendar.years();
  if (!years) return HttpResponse::error(years.error());
  json items = json::array();
  for (const auto& y : *years) items.push_back(year_json(y));
  return ok(200, json{{"items", items}, {"total", items.size()}});
}

HttpResponse add_year(const AdminApi& api, const HttpRequest& req) {
  std::string target;
  auto refused = [&](const Error& e) {
    api.audit(req, "calendar-add-year", target, false,
              std::string(to_string(e.code)) + " " + e.field);
    return HttpResponse::error(e);
  };
  if (auto st = require_administrator(*req.actor); !st) return refused(st.error());
  auto body = parse_json(req.body);
  if (!body) return refused(body.error());
  auto year = calendar_year_from_json(*body);
  if (!year) return refused(year.error());
  target = std::to_string(year->year);
  auto added = api.calendar.add_year(*req.actor, std::move(*year));
  if (!added) return refused(added.error());
  api.audit(req, "calendar-add-year", target, true, added->source);
  CalendarYearView v;
  v.year = *added;
  v.entered = true;
  v.entered_by = req.actor->id;
  v.entered_at = api.clock.now();
  return ok(201, year_json(v));
}

// A mis-entered notice corrected: the year's notice as for add_year, and why.
HttpResponse correct_year(const AdminApi& api, const HttpRequest& req,
                          const std::string& path_year) {
  auto refused = [&](const Error& e) {
    api.audit(req, "calendar-correct-year", path_year, false,
              std::string(to_string(e.code)) + " " + e.field);
    return HttpResponse::error(e);
  };
  if (auto st = require_administrator(*req.actor); !st) return refused(st.error());
  auto body = parse_json(req.body);
  if (!body) return refused(body.error());
  std::string reason;
  if (body->is_object() && body->contains("reason")) {
    const json& r = (*body)["reason"];
    if (!r.is_string()) return refused(Error::invalid("reason", "must be a string", "应为字符串"));
    reason = r.get<std::string>();
    body->erase("reason");
  }
  auto year = calendar_year_from_json(*body);
  if (!year) return refused(year.error());
  if (std::to_string(year->year) != path_year) {
    return refused(Error::invalid("year", "the body's year is not the one in the path",
                                  "正文中的年份与地址中的不一致"));
  }
  auto corrected = api.calendar.correct_year(*req.actor, std::move(*year), reason);
  if (!corrected) return refused(corrected.error());
  api.audit(req, "calendar-correct-year", path_year, true, corrected->source + " — " + reason);
  auto years = api.calendar.years();
  if (!years) return HttpResponse::error(years.error());
  for (const auto& v : *years) {
    if (v.year.year == corrected->year) return ok(200, year_json(v));
  }
  return HttpResponse::error(Error::internal("a corrected year is not in the calendar"));
}

}  // namespace

void add_admin_routes(Router& router, const AdminApi& api) {
  // Accounts: generated from the Accounts use case's operations.
  if (api.accounts != nullptr) add_operation_routes(router, *api.accounts);

  Route years{"GET", "/api/v1/admin/calendar",
              [&api](const HttpRequest& r, const PathParams&) { return list_years(api, r); },
              "The working-day calendar's years with their notices and holidays (administrator)"};
  years.answer_schema = schema::object(
      {{"items", schema::array_of(year_answer_schema())}, {"total", schema::integer()}},
      {"items", "total"});
  router.add(std::move(years));

  Route add{"POST", "/api/v1/admin/calendar/years",
            [&api](const HttpRequest& r, const PathParams&) { return add_year(api, r); },
            "Enter the State Council's holiday notice for the next year on the running platform "
            "(administrator; issue 9 item 13)"};
  add.body_schema = year_body_schema();
  add.answer_schema = year_answer_schema();
  add.success_status = 201;
  router.add(std::move(add));

  Route correct{"PUT", "/api/v1/admin/calendar/years/{year}",
                [&api](const HttpRequest& r, const PathParams& p) {
                  return correct_year(api, r, p.at("year"));
                },
                "Correct a year's holiday notice entered on this platform, with the reason; the "
                "earlier version is kept (administrator)"};
  json correct_body = year_body_schema();
  correct_body["properties"]["reason"] = schema::string("what was wrong in the entered notice", 1);
  correct_body["required"].push_back("reason");
  correct.body_schema = std::move(correct_body);
  correct.answer_schema = year_answer_schema();
  router.add(std::move(correct));
}

}  // namespace hotline::http
