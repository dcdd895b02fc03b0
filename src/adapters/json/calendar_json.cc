#include "adapters/json/calendar_json.h"

#include "adapters/json/json_reader.h"

namespace hotline {
namespace {

using nlohmann::json;

std::optional<LocalDate> read_date(JsonReader& r, const json& value, const std::string& path,
                                   const char* key) {
  if (!value.is_string()) {
    r.error(key, path + " must be a date like 2027-01-01", "须为日期，例如 2027-01-01");
    return std::nullopt;
  }
  auto d = parse_date(value.get<std::string>());
  if (!d) {
    r.error(key, path + " must be a date like 2027-01-01", "须为日期，例如 2027-01-01");
    return std::nullopt;
  }
  return *d;
}

}  // namespace

json calendar_year_to_json(const CalendarYear& year) {
  json holidays = json::array();
  for (const HolidayPeriod& p : year.periods) {
    json makeup = json::array();
    for (LocalDate d : p.makeup_working_days) makeup.push_back(format_date(d));
    holidays.push_back({{"name", p.name},
                        {"from", format_date(p.from)},
                        {"to", format_date(p.to)},
                        {"days", (p.to - p.from).count() + 1},
                        {"makeup_working_days", makeup}});
  }
  return {{"year", year.year},
          {"notice", year.notice},
          {"source", year.source},
          {"url", year.url},
          {"holidays", holidays}};
}

Result<CalendarYear> calendar_year_from_json(const json& j) {
  if (!j.is_object()) return fail(Error::invalid("body", "must be an object", "须为对象"));
  JsonReader r(j, "");
  CalendarYear out;
  const auto year = r.integer("year");
  if (r.ok() && !year) r.error("year", "is required", "请填写年份");
  if (year) out.year = static_cast<int>(*year);
  out.notice = r.string("notice");
  out.source = r.string("source");
  out.url = r.string("url");
  if (const json* list = r.array("holidays", true)) {
    for (std::size_t i = 0; i < list->size() && r.ok(); ++i) {
      const json& h = (*list)[i];
      const std::string path = "holidays[" + std::to_string(i) + "]";
      if (!h.is_object()) {
        r.error("holidays", path + " must be an object", "每个节日须为对象");
        break;
      }
      JsonReader item(h, path);
      HolidayPeriod p;
      p.name = item.string("name", true);
      item.allow("from");
      item.allow("to");
      item.allow("days");  // shown by calendar_year_to_json; from..to decides
      item.allow("makeup_working_days");
      if (item.ok()) {
        for (const char* key : {"from", "to"}) {
          if (!h.contains(key)) {
            item.error(key, "is required", "必填");
            break;
          }
          auto d = read_date(item, h.at(key), path + "." + key, key);
          if (!d) break;
          (std::string_view(key) == "from" ? p.from : p.to) = *d;
        }
      }
      if (item.ok() && h.contains("makeup_working_days")) {
        const json& m = h.at("makeup_working_days");
        if (!m.is_array()) {
          item.error("makeup_working_days", "must be an array of dates", "须为日期数组");
        } else {
          for (const json& d : m) {
            auto date = read_date(item, d, path + ".makeup_working_days", "makeup_working_days");
            if (!date) break;
            p.makeup_working_days.push_back(*date);
          }
        }
      }
      r.adopt(item.finish());
      out.periods.push_back(std::move(p));
    }
  }
  if (auto st = r.finish(); !st) return fail(st.error());
  return out;
}

}  // namespace hotline
