#include "application/calendar_admin.h"

#include <algorithm>
#include <map>

#include "core/calendar/holiday_notice.h"
#include "core/security/account_admin.h"

namespace hotline {

CalendarAdmin::CalendarAdmin(WorkingDayCalendar& calendar, CalendarStore& store, const Clock& clock)
    : calendar_(calendar), store_(store), clock_(clock) {}

namespace {

// The entry names the year and the document number (never personal data).
CommandAudit* name_in_entry(CommandAudit* audit, const CalendarYear& year,
                            const std::string& detail) {
  if (audit != nullptr) {
    audit->record.target = std::to_string(year.year);
    audit->record.detail = detail;
  }
  return audit;
}

}  // namespace

Result<CalendarYear> CalendarAdmin::add_year(const Actor& actor, CalendarYear year,
                                             CommandAudit* audit) {
  if (auto st = require_administrator(actor); !st) return fail(st.error());
  auto checked = check_holiday_notice(std::move(year));
  if (!checked) return fail(checked.error());
  std::lock_guard lock(mutex_);
  // Tried on a copy first: a year that does not fit (not the next one, or
  // known already) is refused before anything is stored.
  WorkingDayCalendar trial = calendar_;
  if (auto st = trial.add_year(*checked); !st) return fail(st.error());
  if (auto st = store_.add_year(*checked, actor, clock_.now(),
                                name_in_entry(audit, *checked, checked->source));
      !st) {
    return fail(st.error());
  }
  if (auto st = calendar_.add_year(*checked); !st) return fail(st.error());
  return *checked;
}

Result<CalendarYear> CalendarAdmin::correct_year(const Actor& actor, CalendarYear year,
                                                 const std::string& reason, CommandAudit* audit) {
  if (auto st = require_administrator(actor); !st) return fail(st.error());
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fail(
        Error::invalid("reason", "say what was wrong in the entered notice", "请说明更正原因"));
  }
  auto checked = check_holiday_notice(std::move(year));
  if (!checked) return fail(checked.error());
  auto stored = store_.load_years();
  if (!stored) return fail(stored.error());
  const bool entered = std::any_of(stored->begin(), stored->end(),
                                   [&](const auto& s) { return s.year.year == checked->year; });
  if (!entered) {
    return fail(Error::invalid(
        "year",
        std::to_string(checked->year) + " was not entered on this platform: a shipped year is "
                                        "corrected in its file under data/calendar/",
        std::to_string(checked->year) + "年不是在本平台录入的，请在 data/calendar/ 的文件中更正"));
  }
  std::lock_guard lock(mutex_);
  WorkingDayCalendar trial = calendar_;
  if (auto st = trial.replace_year(*checked); !st) return fail(st.error());
  if (auto st =
          store_.correct_year(*checked, actor, clock_.now(), reason,
                              name_in_entry(audit, *checked, checked->source + " — " + reason));
      !st) {
    return fail(st.error());
  }
  if (auto st = calendar_.replace_year(*checked); !st) return fail(st.error());
  ++revision_applied_[checked->year];
  return *checked;
}

Result<std::vector<int>> CalendarAdmin::sync() {
  auto stored = store_.load_years();
  if (!stored) return fail(stored.error());
  std::lock_guard lock(mutex_);
  std::vector<int> changed;
  for (const StoredCalendarYear& s : *stored) {
    int& applied = revision_applied_[s.year.year];
    if (s.year.year == calendar_.last_year() + 1) {
      if (auto st = calendar_.add_year(s.year); !st) return fail(st.error());
    } else if (s.revision > applied) {
      if (auto st = calendar_.replace_year(s.year); !st) return fail(st.error());
    } else {
      continue;  // known as stored
    }
    applied = s.revision;
    changed.push_back(s.year.year);
  }
  return changed;
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
      v.revision = it->second->revision;
      v.corrected_by = it->second->corrected_by;
      v.corrected_at = it->second->corrected_at;
      v.correction_reason = it->second->correction_reason;
    }
    v.year = std::move(y);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace hotline
