#include "core/engine/deadlines.h"

#include <cmath>

#include "core/calendar/deadline_clock.h"

namespace hotline {

std::optional<Instant> Anchors::at(Anchor a) const {
  switch (a) {
    case Anchor::kRegistration:
      return registration;
    case Anchor::kDispatch:
      return dispatch;
    case Anchor::kAcceptance:
      return acceptance;
  }
  return std::nullopt;
}

std::string describe_rule(const PolicyDuration& within, Anchor from) {
  return within.describe() + " from " + std::string(to_string(from));
}

namespace {

// Issue 9, item 13: a working-day deadline counted (in part) in a year the
// calendar has no State Council notice for is provisional — weekends only,
// no holidays, no make-up days. The warning goes into the deadline's rule,
// so it is recorded on the event that sets it and shown wherever it is.
std::string provisional(const WorkingDayCalendar& calendar, const PolicyDuration& period,
                        Instant from, Instant due) {
  if (!period.is_working_days() || calendar.mode() != WorkingDayCalendar::Mode::kWeekendFallback) {
    return {};
  }
  const int last = static_cast<int>(std::chrono::year_month_day{local_date(due)}.year());
  const int first = static_cast<int>(std::chrono::year_month_day{local_date(from)}.year());
  for (int year = first; year <= last; ++year) {
    if (year < calendar.first_year() || year > calendar.last_year()) {
      return " [PROVISIONAL 暂定: no holiday notice for " + std::to_string(year) +
             " entered, counted on weekends only (未录入" + std::to_string(year) +
             "年节假日安排，仅按周末计算)]";
    }
  }
  return {};
}

}  // namespace

Result<Deadline> DeadlineCalculator::from_rule(const DeadlineRule& rule, Instant from) const {
  auto due = add_period(calendar_, from, rule.within);
  if (!due) return fail(due.error());
  return Deadline{
      *due, rule.article,
      describe_rule(rule.within, rule.from) + provisional(calendar_, rule.within, from, *due)};
}

Result<Deadline> DeadlineCalculator::after(const Cited<PolicyDuration>& period,
                                           Instant from) const {
  auto due = add_period(calendar_, from, period.value);
  if (!due) return fail(due.error());
  return Deadline{*due, period.article,
                  period.value.describe() + provisional(calendar_, period.value, from, *due)};
}

Result<Instant> DeadlineCalculator::add(Instant from, const PolicyDuration& period) const {
  return add_period(calendar_, from, period);
}

Result<Instant> DeadlineCalculator::latest_before(Instant deadline,
                                                  const PolicyDuration& period) const {
  return hotline::latest_before(calendar_, deadline, period);
}

Result<BindingDeadline> DeadlineCalculator::binding(const Policy& policy, Stage stage,
                                                    const DeadlineSubject& subject,
                                                    const Anchors& anchors,
                                                    std::optional<Anchor> only) const {
  auto rules = policy.rules_for(stage, subject);
  if (!rules) return fail(rules.error());
  BindingDeadline out;
  for (const DeadlineRule* rule : *rules) {
    if (only && rule->from != *only) continue;
    const auto from = anchors.at(rule->from);
    if (!from) {
      out.pending = true;
      continue;
    }
    auto d = from_rule(*rule, *from);
    if (!d) return fail(d.error());
    // The earliest binds; on a tie the first row (its article) is cited.
    if (!out.deadline || d->due < out.deadline->due) {
      out.deadline = std::move(*d);
      out.rule = rule;
    }
  }
  return out;
}

Result<std::optional<Deadline>> DeadlineCalculator::compute(const Policy& policy, Stage stage,
                                                            const DeadlineSubject& subject,
                                                            const Anchors& anchors) const {
  auto b = binding(policy, stage, subject, anchors);
  if (!b) return fail(b.error());
  return b->deadline;
}

Instant warning_instant(Instant start, Instant due, double remaining_fraction) {
  if (due <= start) return due;
  const auto span = (due - start).count();
  const auto lead =
      static_cast<Seconds::rep>(std::llround(static_cast<double>(span) * remaining_fraction));
  return due - Seconds{lead};
}

}  // namespace hotline
