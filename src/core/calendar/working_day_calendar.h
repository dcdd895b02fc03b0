#pragma once
// The working-day calendar of mainland China: Monday to Friday are working
// days, except statutory holidays; weekend days that the State Council names
// make-up working days (调休上班) are working days. Data comes from the State
// Council's yearly notices (data/calendar/, read by an adapter, and years
// entered later on a running platform, kept by a CalendarStore).
//
// A date in a year without data is an error (kStrict), or, when the platform
// is started with the fallback, counted as weekends only and reported to the
// FallbackObserver every time, so it is never silent.
//
// Thread-safety: every const method may be called from any thread at any
// time, also while add_year() runs on another. The tables are an immutable
// snapshot behind a shared_ptr; add_year() builds a new snapshot and swaps it
// in under a mutex (GUARDED_BY(Slot::mutex)), and each query reads one
// snapshot from start to end, so it never sees half a year.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace hotline {

// One item of a notice: the days off from..to (both included, weekends
// among them) and the weekend days worked for it.
struct HolidayPeriod {
  std::string name;  // 春节
  LocalDate from{};
  LocalDate to{};
  std::vector<LocalDate> makeup_working_days;
};

struct CalendarYear {
  int year = 0;
  std::vector<LocalDate> holidays;             // statutory days off (any weekday)
  std::vector<LocalDate> makeup_working_days;  // weekend days that are working days
  std::string source;                          // the notice, e.g. 国办发明电〔2025〕7号
  // For people (the administration screen): the notice's title and address,
  // and its items. Optional for counting.
  std::string notice;
  std::string url;
  std::vector<HolidayPeriod> periods;
};

class WorkingDayCalendar {
 public:
  enum class Mode { kStrict, kWeekendFallback };
  // Called with the year each time a date outside the known years is used in
  // kWeekendFallback mode.
  using FallbackObserver = std::function<void(int year)>;

  // Fails when years repeat, a date lies outside its year, a holiday is also a
  // make-up day, or a make-up day is not a weekend day.
  static Result<WorkingDayCalendar> create(std::vector<CalendarYear> years,
                                           Mode mode = Mode::kStrict,
                                           FallbackObserver observer = {});
  // A copy holds the same data and is then independent of the original.
  WorkingDayCalendar(const WorkingDayCalendar& other);
  WorkingDayCalendar& operator=(const WorkingDayCalendar& other);
  WorkingDayCalendar(WorkingDayCalendar&&) noexcept;
  WorkingDayCalendar& operator=(WorkingDayCalendar&&) noexcept;
  ~WorkingDayCalendar();

  // Issue 9, item 13: adds the year after the last known one (or before the
  // first) on a running platform. Checked like create(); on failure nothing
  // changes. Queries running meanwhile finish on the previous data.
  Status add_year(CalendarYear year);
  // Replaces a known year with a corrected one (a notice mis-entered); kNotFound
  // for a year the calendar does not hold. Deadlines counted before keep what
  // they were: they are recorded on their events.
  Status replace_year(CalendarYear year);

  Result<bool> is_working_day(LocalDate d) const;
  // The first working day strictly after `d`.
  Result<LocalDate> next_working_day(LocalDate d) const;
  // N working days from `from` end at the same local clock time on the N-th
  // working day after from's day; if `from` falls on a non-working day,
  // counting starts at 00:00 of the next working day (1 working day from
  // Saturday 10:00 ends at Tuesday 00:00 when Monday works). n >= 0; n == 0
  // returns `from` moved to the start of the next working day if needed.
  Result<Instant> add_working_days(Instant from, int n) const;
  // The latest instant L with add_working_days(L, n) <= deadline: the last
  // moment to do something "at least n working days before" a deadline.
  Result<Instant> latest_before(Instant deadline, int n) const;
  // Working days in [from, to) counted by date.
  Result<int> working_days_between(LocalDate from, LocalDate to) const;

  int first_year() const;
  int last_year() const;
  // The known years as given, oldest first.
  std::vector<CalendarYear> years() const;
  Mode mode() const { return mode_; }

  struct Tables;  // immutable, shared by snapshots (working_day_calendar.cc)

 private:
  struct Slot;
  WorkingDayCalendar();
  std::shared_ptr<const Tables> snapshot() const;

  Mode mode_ = Mode::kStrict;
  FallbackObserver observer_;
  std::unique_ptr<Slot> slot_;
};

}  // namespace hotline
