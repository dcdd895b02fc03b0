#include "application/calendar_admin.h"

#include <algorithm>
#include <map>

#include "core/calendar/holiday_notice.h"
#include "core/security/account_admin.h"

namespace hotline {

CalendarAdmin::CalendarAdmin(WorkingDayCalendar& calendar, CalendarStore& store, const Clock& clock)
    : calendar_(calendar), store_(store), clock_(clock) {}

Result<CalendarYear> CalendarAdmin::add_year(const Actor& actor, CalendarYear year) {
  if (auto st = require_administrator(actor); !st) return fail(st.error());
  auto checked = check_holiday_notice(std::move(year));
  if (!checked) return fail(checked.error());
  std::lock_guard lock(mutex_);
  // Tried on a copy first: a year that does not fit (not the next one, or
  // known already) is refused before anything is stored.
  WorkingDayCalendar trial = calendar_;
  if (auto st = trial.add_year(*checked); !st) return fail(st.error());
  if (auto st = store_.add_year(*checked, actor, clock_.now()); !st) return fail(st.error());
  if (auto st = calendar_.add_year(*checked); !st) return fail(st.error());
  return *checked;
}

Result<std::vector<int>> CalendarAdmin::sync() {
  auto stored = store_.load_years();
  if (!stored) return fail(stored.error());
  std::lock_guard lock(mutex_);
  std::vector<int> added;
  for (const StoredCalendarYear& s : *stored) {
    if (s.year.year != calendar_.last_year() + 1) continue;  // known, or not next
    if (auto st = calendar_.add_year(s.year); !st) return fail(st.error());
    added.push_back(s.year.year);
  }
  return added;
}

Result<std::vector<CalendarYearView>> CalendarAdmin::years() {
  auto stored = store_.load_years();
  if (!stored) return fail(stored.error());
  std::map<int, const StoredCalendarYear*> by_year;
  for (const auto& s : *stored) by_year[s.year.year] = &s;
  std::vector<CalendarYearView> out;
  for (CalendarYear& y : calendar_.years()) {
    CalendarYearView v;
    if (auto it = by_year.find(y.year); it != by_year.end()) {
      v.entered = true;
      v.entered_by = it->second->entered_by;
      v.entered_at = it->second->entered_at;
    }
    v.year = std::move(y);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace hotline
