#include "adapters/json/stored_calendar_year.h"

#include "adapters/json/calendar_json.h"
#include "adapters/json/json_reader.h"
#include "core/calendar/holiday_notice.h"
#include "core/ports/store_checks.h"

namespace hotline {

Result<std::string> encode_stored_notice(const CalendarYear& year) {
  for (const auto& [field, text] :
       {std::pair<const char*, const std::string*>{"notice", &year.notice},
        {"source", &year.source},
        {"url", &year.url}}) {
    if (auto st = check_stored_text(field, *text); !st) return fail(st.error());
  }
  for (std::size_t i = 0; i < year.periods.size(); ++i) {
    if (auto st =
            check_stored_text("periods[" + std::to_string(i) + "].name", year.periods[i].name);
        !st) {
      return fail(st.error());
    }
  }
  return calendar_year_to_json(year).dump();
}

Result<CalendarYear> decode_stored_notice(std::string_view text, const std::string& where) {
  auto doc = parse_json(text);
  if (!doc) return fail(Error::storage(where + ": " + doc.error().message));
  auto year = calendar_year_from_json(*doc);
  if (!year) return fail(Error::storage(where + ": " + year.error().message));
  auto checked = check_holiday_notice(std::move(*year));
  if (!checked) return fail(Error::storage(where + ": " + checked.error().message));
  return checked;
}

}  // namespace hotline
