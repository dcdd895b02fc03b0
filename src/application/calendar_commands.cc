#include "application/calendar_commands.h"

#include "adapters/json/calendar_json.h"
#include "adapters/json/json_reader.h"
#include "application/json_schema.h"

namespace hotline::calendar_ops {
namespace {

json holiday_schema(bool answer) {
  using namespace schema;
  std::vector<std::pair<std::string, json>> props = {
      {"name", string("the holiday, e.g. 春节", 1)},
      {"from", date("a date, YYYY-MM-DD")},
      {"to", date("a date, YYYY-MM-DD")},
      {"days", integer("days off from..to (共N天); ignored on input")},
      {"makeup_working_days",
       array_of(date("a date, YYYY-MM-DD"), "weekend days worked (调休上班)")}};
  return object(props, answer ? std::vector<std::string>{"name", "from", "to", "days"}
                              : std::vector<std::string>{"name", "from", "to"});
}

json year_body_schema() {
  using namespace schema;
  return object({{"year", integer("e.g. 2027")},
                 {"notice", string("the notice's title", 1)},
                 {"source", string("its document number, e.g. 国办发明电〔2026〕N号", 1)},
                 {"url", string("where it is published")},
                 {"holidays", array_of(holiday_schema(false))}},
                {"year", "notice", "source", "holidays"});
}

json year_schema() {
  using namespace schema;
  return object({{"year", integer()},
                 {"notice", string()},
                 {"source", string()},
                 {"url", string()},
                 {"holidays", array_of(holiday_schema(true))},
                 {"entered", boolean("entered on the platform (else shipped)")},
                 {"entered_by", string()},
                 {"entered_at", instant()},
                 {"revision", integer("corrections so far")},
                 {"corrected_by", string()},
                 {"corrected_at", instant()},
                 {"correction_reason", string()}},
                {"year", "notice", "source", "holidays"});
}

}  // namespace

Result<ListCalendarYears> ListCalendarYears::from_call(const OperationCall& call) {
  JsonReader r(call.body, "");
  if (auto st = r.finish(); !st) return fail(st.error());
  return ListCalendarYears{};
}

Result<CalendarYearList> ListCalendarYears::run(CalendarContext& c, const Caller&) && {
  auto years = c.admin.years();
  if (!years) return fail(years.error());
  return CalendarYearList{std::move(*years)};
}

Result<AddCalendarYear> AddCalendarYear::from_call(const OperationCall& call) {
  auto year = calendar_year_from_json(call.body);
  if (!year) return fail(year.error());
  return AddCalendarYear{std::move(*year), call.audit};
}

json AddCalendarYear::body_schema() { return year_body_schema(); }

Result<CalendarYearView> AddCalendarYear::run(CalendarContext& c, const Caller& caller) && {
  const Actor& actor = actor_of(caller);
  auto added = c.admin.add_year(actor, std::move(year), audit);
  if (!added) return fail(added.error());
  CalendarYearView v;
  v.year = std::move(*added);
  v.entered = true;
  v.entered_by = actor.id;
  v.entered_at = c.clock.now();
  return v;
}

Result<CorrectCalendarYear> CorrectCalendarYear::from_call(const OperationCall& call) {
  json body = call.body;
  std::string reason;
  if (body.is_object() && body.contains("reason")) {
    const json& r = body["reason"];
    if (!r.is_string()) return fail(Error::invalid("reason", "must be a string", "应为字符串"));
    reason = r.get<std::string>();
    body.erase("reason");
  }
  auto year = calendar_year_from_json(body);
  if (!year) return fail(year.error());
  if (std::to_string(year->year) != call.path_param("year")) {
    return fail(Error::invalid("year", "the body's year is not the one in the path",
                               "正文中的年份与地址中的不一致"));
  }
  return CorrectCalendarYear{std::move(*year), std::move(reason), call.audit};
}

json CorrectCalendarYear::body_schema() {
  json body = year_body_schema();
  body["properties"]["reason"] = schema::string("what was wrong in the entered notice", 1);
  body["required"].push_back("reason");
  return body;
}

Result<CalendarYearView> CorrectCalendarYear::run(CalendarContext& c, const Caller& caller) && {
  const int which = year.year;
  auto corrected = c.admin.correct_year(actor_of(caller), std::move(year), reason, audit);
  if (!corrected) return fail(corrected.error());
  auto years = c.admin.years();
  if (!years) return fail(years.error());
  for (CalendarYearView& v : *years) {
    if (v.year.year == which) return std::move(v);
  }
  return fail(Error::internal("a corrected year is not in the calendar"));
}

json render(const CalendarYearView& v, const Caller&) {
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

json render(const CalendarYearList& l, const Caller& caller) {
  json items = json::array();
  for (const CalendarYearView& v : l.items) items.push_back(render(v, caller));
  return {{"items", items}, {"total", items.size()}};
}

json answer_schema(const CalendarYearView*) { return year_schema(); }

json answer_schema(const CalendarYearList*) {
  using namespace schema;
  return object({{"items", array_of(year_schema())}, {"total", integer()}}, {"items", "total"});
}

}  // namespace hotline::calendar_ops
