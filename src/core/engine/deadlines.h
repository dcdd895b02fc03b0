#pragma once
// Turns a policy's deadline rules into instants on the working-day calendar.

#include <optional>

#include "core/calendar/working_day_calendar.h"
#include "core/policy/policy.h"
#include "core/work_order/events.h"

namespace hotline {

// The instants a rule may count from; a rule whose anchor has not happened
// yet (acceptance, at dispatch time) yields no deadline.
struct Anchors {
  std::optional<Instant> registration;
  std::optional<Instant> dispatch;
  std::optional<Instant> acceptance;
  std::optional<Instant> at(Anchor a) const;
};

// The deadline a stage sets: the earliest of every matching rule's (HND-1:
// the stricter rule binds when two do). `pending` when some matching rule
// counts from an anchor not yet reached (acceptance, at dispatch): the
// deadline may still move earlier once it is.
struct BindingDeadline {
  std::optional<Deadline> deadline;
  const DeadlineRule* rule = nullptr;  // the rule that set it
  bool pending = false;
};

class DeadlineCalculator {
 public:
  explicit DeadlineCalculator(const WorkingDayCalendar& calendar) : calendar_(calendar) {}

  // The deadline of `stage` for `subject` under `policy`; nullopt when the
  // rule counts from an anchor not yet reached.
  Result<std::optional<Deadline>> compute(const Policy& policy, Stage stage,
                                          const DeadlineSubject& subject,
                                          const Anchors& anchors) const;
  // Every matching rule binds; the earliest deadline among those whose anchor
  // is reached applies. `only` restricts the rules to one anchor.
  Result<BindingDeadline> binding(const Policy& policy, Stage stage, const DeadlineSubject& subject,
                                  const Anchors& anchors,
                                  std::optional<Anchor> only = std::nullopt) const;
  Result<Deadline> from_rule(const DeadlineRule& rule, Instant from) const;
  Result<Deadline> after(const Cited<PolicyDuration>& period, Instant from) const;
  Result<Instant> add(Instant from, const PolicyDuration& period) const;
  Result<Instant> latest_before(Instant deadline, const PolicyDuration& period) const;
  const WorkingDayCalendar& calendar() const { return calendar_; }

 private:
  const WorkingDayCalendar& calendar_;
};

// "7 working days from acceptance"
std::string describe_rule(const PolicyDuration& within, Anchor from);

// HND-5: when to warn before `due` for a period that started at `start`.
Instant warning_instant(Instant start, Instant due, double remaining_fraction);

}  // namespace hotline
