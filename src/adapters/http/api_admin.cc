#include "adapters/http/api_admin.h"

#include "adapters/json/calendar_json.h"
#include "adapters/json/json_reader.h"
#include "application/json_schema.h"
#include "core/security/account_admin.h"
#include "core/security/authenticator.h"

namespace hotline::http {
namespace {

using nlohmann::json;

HttpResponse ok(int status, const json& body) { return HttpResponse::json(status, body.dump()); }

std::string unit_label(const Organisation& org, const std::string& id) {
  if (id == kOfficeUnit) return "热线工作机构";
  const Unit* u = org.find(id);
  return u ? u->name : id;
}

json account_json(const Organisation& org, const Account& a) {
  return {{"id", a.id},
          {"username", a.username},
          {"display_name", a.display_name},
          {"role", std::string(to_string(a.role))},
          {"role_zh", std::string(to_chinese(a.role))},
          {"unit", a.unit},
          {"unit_name", unit_label(org, a.unit)},
          {"active", a.active},
          {"api_client", a.is_api_client}};
}

json account_schema() {
  return schema::object({{"id", schema::string()},
                         {"username", schema::string()},
                         {"display_name", schema::string()},
                         {"role", schema::enumeration<Role>(parse_role)},
                         {"role_zh", schema::string()},
                         {"unit", schema::string()},
                         {"unit_name", schema::string()},
                         {"active", schema::boolean()},
                         {"api_client", schema::boolean()}},
                        {"id", "username", "display_name", "role", "unit", "active"});
}

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

std::optional<Role> read_role(JsonReader& r, bool required) {
  return r.enumeration<Role>("role", parse_role,
                             "agent, dispatcher, visit-agent, supervisor, "
                             "analyst, administrator, unit-staff, unit-administrator",
                             required);
}

HttpResponse create_account(const AdminApi& api, const HttpRequest& req) {
  const Actor& by = *req.actor;
  auto refused = [&](const Error& e, const std::string& target) {
    api.audit(req, "account-create", target, false, std::string(to_string(e.code)));
    return HttpResponse::error(e);
  };
  if (auto st = require_administrator(by); !st) return refused(st.error(), "");
  auto body = parse_json_object(req.body);
  if (!body) return refused(body.error(), "");
  JsonReader r(*body, "");
  Account a;
  a.username = r.string("username", true);
  a.display_name = r.string("display_name", true);
  const auto role = read_role(r, true);
  a.unit = r.string("unit", true);
  const std::string password = r.string("password", true);
  if (auto st = r.finish(); !st) return refused(st.error(), a.username);
  a.role = *role;
  a.id = a.username;
  if (a.role == Role::kApiClient) {
    return refused(Error::invalid("role", "API clients are made with `hotline apikey create`",
                                  "接口客户端请用 hotline apikey create 创建"),
                   a.username);
  }
  if (is_office_role(a.role) || a.role == Role::kAnalyst) a.unit = std::string(kOfficeUnit);
  auto created = add_account(api.store, api.credentials, api.organisation, a, password,
                             api.clock.now(), api.password_policy);
  if (!created) return refused(created.error(), a.username);
  api.audit(req, "account-create", created->username, true,
            "role=" + std::string(to_string(created->role)) + " unit=" + created->unit);
  return ok(201, account_json(api.organisation, *created));
}

HttpResponse change(const AdminApi& api, const HttpRequest& req, const std::string& id) {
  auto refused = [&](const Error& e) {
    api.audit(req, "account-change", id, false, std::string(to_string(e.code)));
    // Not there and not allowed look alike for a non-administrator.
    return HttpResponse::error(e);
  };
  if (auto st = require_administrator(*req.actor); !st) return refused(st.error());
  auto body = parse_json_object(req.body);
  if (!body) return refused(body.error());
  JsonReader r(*body, "");
  AccountChange c;
  if (body->contains("display_name")) c.display_name = r.string("display_name");
  c.role = read_role(r, false);
  if (body->contains("unit")) c.unit = r.string("unit");
  if (body->contains("active")) c.active = r.boolean("active");
  if (auto st = r.finish(); !st) return refused(st.error());
  if (c.role && (is_office_role(*c.role) || *c.role == Role::kAnalyst)) {
    c.unit = std::string(kOfficeUnit);
  }
  auto changed = change_account(api.store, api.organisation, *req.actor, id, c, api.clock.now());
  if (!changed) return refused(changed.error());
  std::string detail;
  if (c.role) detail += "role=" + std::string(to_string(*c.role)) + " ";
  if (c.unit) detail += "unit=" + *c.unit + " ";
  if (c.active) detail += std::string("active=") + (*c.active ? "true" : "false") + " ";
  if (c.display_name) detail += "display_name ";
  api.audit(req, "account-change", id, true, detail);
  return ok(200, account_json(api.organisation, *changed));
}

HttpResponse password(const AdminApi& api, const HttpRequest& req, const std::string& id) {
  auto refused = [&](const Error& e) {
    api.audit(req, "account-reset-password", id, false, std::string(to_string(e.code)));
    return HttpResponse::error(e);
  };
  if (auto st = require_administrator(*req.actor); !st) return refused(st.error());
  auto body = parse_json_object(req.body);
  if (!body) return refused(body.error());
  JsonReader r(*body, "");
  const std::string pw = r.string("password", true);
  if (auto st = r.finish(); !st) return refused(st.error());
  if (auto st = reset_password(api.store, api.credentials, *req.actor, id, pw, api.password_policy);
      !st) {
    return refused(st.error());
  }
  api.audit(req, "account-reset-password", id, true, "sessions ended");
  return ok(200, json{{"id", id}, {"sessions_ended", true}});
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
  Route create{"POST", "/api/v1/admin/accounts",
               [&api](const HttpRequest& r, const PathParams&) { return create_account(api, r); },
               "Create an account with a role and unit (administrator; SEC-2)"};
  create.body_schema = schema::object({{"username", schema::string("a-z 0-9 . _ -", 2)},
                                       {"display_name", schema::string("姓名", 1)},
                                       {"role", schema::enumeration<Role>(parse_role)},
                                       {"unit", schema::string("a unit id; office roles: office")},
                                       {"password", schema::string("at least 10 characters", 1)}},
                                      {"username", "display_name", "role", "unit", "password"});
  create.answer_schema = account_schema();
  create.success_status = 201;
  router.add(std::move(create));

  Route update{
      "PUT", "/api/v1/admin/accounts/{id}",
      [&api](const HttpRequest& r, const PathParams& p) { return change(api, r, p.at("id")); },
      "Change an account's name, role, unit or enabled state; members left out stay "
      "(administrator; SEC-2)"};
  update.body_schema = schema::object({{"display_name", schema::string("姓名", 1)},
                                       {"role", schema::enumeration<Role>(parse_role)},
                                       {"unit", schema::string("a unit id")},
                                       {"active", schema::boolean("false disables the account")}});
  update.answer_schema = account_schema();
  router.add(std::move(update));

  Route reset{
      "POST", "/api/v1/admin/accounts/{id}/password",
      [&api](const HttpRequest& r, const PathParams& p) { return password(api, r, p.at("id")); },
      "Reset an account's password and end its sessions (administrator; SEC-2)"};
  reset.body_schema =
      schema::object({{"password", schema::string("at least 10 characters", 1)}}, {"password"});
  reset.answer_schema = schema::object(
      {{"id", schema::string()}, {"sessions_ended", schema::boolean()}}, {"id", "sessions_ended"});
  router.add(std::move(reset));

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
