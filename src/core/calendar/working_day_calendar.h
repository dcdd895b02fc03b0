#pragma once
// The working-day calendar of mainland China: Monday to Friday are working
// days, except statutory holidays; weekend days that the State Council names
// make-up working days (调休上班) are working days. Data comes from the State
// Council's yearly notices (data/calendar/, read by an adapter).
//
// A date in a year without data is an error (kStrict), or, when the platform
// is started with the fallback, counted as weekends only and reported to the
// FallbackObserver every time, so it is never silent.

#include <functional>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace hotline {

struct CalendarYear {
  int year = 0;
  std::vector<LocalDate> holidays;             // statutory days off (any weekday)
  std::vector<LocalDate> makeup_working_days;  // weekend days that are working days
  std::string source;                          // the notice, e.g. 国办发明电〔2025〕7号
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
  Mode mode() const { return mode_; }

 private:
  WorkingDayCalendar() = default;
  Result<bool> lookup(LocalDate d) const;

  Mode mode_ = Mode::kStrict;
  FallbackObserver observer_;
  LocalDate first_day_{};               // 1 January of the first known year
  std::vector<unsigned char> working_;  // one flag per day of the known years
  std::vector<int> working_before_;     // prefix count of working days, for O(1) jumps
  int first_year_ = 0;
  int last_year_ = -1;
};

}  // namespace hotline
