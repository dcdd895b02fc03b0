#include <filesystem>
#include <iostream>

#include "adapters/toml/calendar_file.h"
#include "adapters/toml/policy_file.h"
#include "app/cli.h"
#include "app/storage.h"
#include "core/calendar/deadline_clock.h"
#include "core/engine/deadlines.h"

namespace hotline::cli {

// Needs no database: policies and calendar only; when the database exists,
// the holiday years entered on the platform count too (issue 9, item 13).
int deadline(const GlobalOptions& g, const DeadlineOptions& o) {
  const PlatformOptions po = platform_options(g);
  auto policies = load_policies(g);
  if (!policies) return report_error(policies.error());
  auto years = load_calendar_dir(po.data_dir / "calendar");
  if (!years) return report_error(years.error());
  auto calendar = WorkingDayCalendar::create(
      std::move(*years),
      g.calendar_fallback ? WorkingDayCalendar::Mode::kWeekendFallback
                          : WorkingDayCalendar::Mode::kStrict,
      [](int year) {
        std::cerr << "warning: no holiday data for " << year << "; counting weekends only\n";
      });
  if (!calendar) return report_error(calendar.error());
  std::error_code ec;
  if (is_postgresql_url(po.db.string()) || std::filesystem::exists(po.db, ec)) {
    auto storage = open_storage(po.db, po.state_dir);
    if (!storage) return report_error(storage.error());
    auto store = (*storage)->calendar(nullptr);
    if (!store) return report_error(store.error());
    auto stored = (*store)->load_years();
    if (!stored) return report_error(stored.error());
    for (const StoredCalendarYear& y : *stored) {
      if (y.year.year <= calendar->last_year()) continue;
      if (auto st = calendar->add_year(y.year); !st) return report_error(st.error());
    }
  }

  auto policy = policies->find(o.policy);
  if (!policy) return report_error(policy.error());
  auto stage = parse_stage(o.stage);
  if (!stage)
    return report_error(
        Error::invalid("--stage", "one of dispatch, accept, return, handle", "阶段无效"));
  DeadlineSubject subject;
  auto type = parse_request_type(o.type);
  if (!type) {
    return report_error(Error::invalid(
        "--type", "one of inquiry, assistance, complaint, report, suggestion, praise", "类型无效"));
  }
  subject.type = *type;
  auto urgency = parse_urgency(o.urgency);
  if (!urgency)
    return report_error(
        Error::invalid("--urgency", "one of general, utilities, life-safety", "紧急程度无效"));
  subject.urgency = *urgency;
  auto label = parse_urgency_label(o.label);
  if (!label)
    return report_error(Error::invalid("--label", "one of 特急, 紧急, 急", "紧急标签无效"));
  subject.label = *label;
  auto channel = parse_channel(o.channel);
  if (!channel)
    return report_error(
        Error::invalid("--channel", "unknown channel '" + o.channel + "'", "渠道无效"));
  subject.channel = *channel;
  auto from = parse_iso8601(o.from);
  if (!from)
    return report_error(Error::invalid("--from", from.error().message, "时间格式应为 ISO-8601"));

  // Every matching rule binds and the earliest applies (--from for every anchor).
  DeadlineCalculator calc(*calendar);
  auto binding = calc.binding(**policy, *stage, subject, Anchors{*from, *from, *from});
  if (!binding) return report_error(binding.error());
  if (!binding->deadline) return report_error(Error::internal("no deadline"));
  const std::optional<Deadline>& due = binding->deadline;
  const DeadlineRule* const* rule = &binding->rule;
  std::cout << format_iso8601(due->due) << "\n";
  if (o.explain) {
    std::cout << "rule: " << due->rule << " (" << due->article << ")\n";
    if (!(*rule)->note.empty()) std::cout << "note: " << (*rule)->note << "\n";
    std::cout << "policy: " << (*policy)->name << " — " << (*policy)->title << " ["
              << (*policy)->source << "], " << (*policy)->file;
    if ((*rule)->source_line > 0) std::cout << ":" << (*rule)->source_line;
    std::cout << "\n";
    std::cout << "counts from: " << to_string((*rule)->from) << " (given by --from)\n";
  }
  return 0;
}

}  // namespace hotline::cli
