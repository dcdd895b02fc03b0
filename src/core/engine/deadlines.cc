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

Result<Deadline> DeadlineCalculator::from_rule(const DeadlineRule& rule, Instant from) const {
  auto due = add_period(calendar_, from, rule.within);
  if (!due) return fail(due.error());
  return Deadline{*due, rule.article, describe_rule(rule.within, rule.from)};
}

Result<Deadline> DeadlineCalculator::after(const Cited<PolicyDuration>& period,
                                           Instant from) const {
  auto due = add_period(calendar_, from, period.value);
  if (!due) return fail(due.error());
  return Deadline{*due, period.article, period.value.describe()};
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
