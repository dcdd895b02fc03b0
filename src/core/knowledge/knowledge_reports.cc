// The units' monthly reports (KB-8 [T31]).
#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

#include "core/calendar/deadline_clock.h"
#include "core/knowledge/knowledge_detail.h"
#include "core/knowledge/knowledge_service.h"
#include "core/knowledge/screening.h"
#include "core/text.h"

namespace hotline {

using namespace knowledge_detail;

// ---------------------------------------------------------------------------
// Monthly reports (KB-8)

std::vector<std::string> KnowledgeService::reporting_units() const {
  std::vector<std::string> out;
  for (const auto& u : organisation_.units()) {
    if (u.kind != UnitKind::kHandlingUnit || !u.active) continue;
    const auto& kb = policy_for_unit(u.id).knowledge_base;
    if (!kb.monthly_kb_report_last_day) continue;
    // T31 names the units that file them; without such a list, every one.
    if (kb.monthly_report_units) {
      const auto& named = kb.monthly_report_units->value;
      if (std::find(named.begin(), named.end(), u.id) == named.end()) continue;
    }
    out.push_back(u.id);
  }
  return out;
}

Result<std::optional<Instant>> KnowledgeService::report_due(const std::string& unit,
                                                            ReportKind kind,
                                                            const std::string& month) const {
  auto m = parse_month(month);
  if (!m) return fail(m.error());
  const auto& kb = policy_for_unit(unit).knowledge_base;
  // T31(1): the KB report on last month, by day N of this month; T31(2): the
  // training report of this month, by day N. Never postponed for holidays.
  const auto& day = kind == ReportKind::kKnowledgeBase ? kb.monthly_kb_report_last_day
                                                       : kb.monthly_training_report_last_day;
  if (!day) return std::optional<Instant>{};
  const Month due_month = kind == ReportKind::kKnowledgeBase ? next_month(*m) : *m;
  const LocalDate last = first_day(due_month) + std::chrono::days{day->value - 1};
  return std::optional<Instant>{at_local(last + std::chrono::days{1})};
}

Result<MonthlyReport> KnowledgeService::draft_report(const std::string& unit,
                                                     const std::string& month) {
  auto m = parse_month(month);
  if (!m) return fail(m.error());
  MonthlyReport r;
  r.unit = unit;
  r.kind = ReportKind::kKnowledgeBase;
  r.month = format_month(*m);
  auto changes =
      store_.changes_between(at_local(first_day(*m)), at_local(first_day(next_month(*m))));
  if (!changes) return fail(changes.error());
  std::set<std::string> added, changed, withdrawn, confirmed;
  for (const auto& c : *changes) {
    auto a = store_.load_article(c.article);
    if (!a) return fail(a.error());
    if (!*a || !organisation_.is_within((*a)->unit, unit)) continue;
    if (c.action == "create" || (c.action == "import" && c.version == 1)) added.insert(c.article);
    if (c.action == "approve" && c.version > 1) changed.insert(c.article);
    if (c.action == "withdraw" || c.action == "expire") withdrawn.insert(c.article);
    if (c.action == "confirm") confirmed.insert(c.article);
  }
  r.added = static_cast<int>(added.size());
  r.changed = static_cast<int>(changed.size());
  r.withdrawn = static_cast<int>(withdrawn.size());
  r.confirmed = static_cast<int>(confirmed.size());
  return r;
}

Result<MonthlyReport> KnowledgeService::submit_report(const Actor& actor, ReportKind kind,
                                                      const std::string& month,
                                                      const std::string& text, bool no_changes) {
  if (!is_unit_role(actor.role)) {
    return fail(Error::forbidden("KB-8", "T31", "monthly reports are filed by the unit",
                                 "月报表由承办单位报送"));
  }
  auto due = report_due(actor.unit, kind, month);
  if (!due) return fail(due.error());
  if (!*due) {
    return fail(Error::refused(
        "KB-8", "T31",
        "the unit's policy profile has no monthly " + std::string(to_string(kind)) + " report",
        "本单位适用的政策没有该月报表要求"));
  }
  auto existing = store_.report(actor.unit, kind, month);
  if (!existing) return fail(existing.error());
  if (*existing) return fail(Error::conflict("report already filed", "该月报表已报送"));
  MonthlyReport r;
  if (kind == ReportKind::kKnowledgeBase) {
    auto figures = draft_report(actor.unit, month);
    if (!figures) return fail(figures.error());
    r = *figures;
    // T31: a confirmation is needed even with no changes, and "no changes"
    // must be true.
    if (no_changes && (r.added || r.changed || r.withdrawn)) {
      return fail(Error::invalid("no_changes",
                                 "the month has changes: " + std::to_string(r.added) + " added, " +
                                     std::to_string(r.changed) + " changed, " +
                                     std::to_string(r.withdrawn) + " withdrawn",
                                 "本月知识库有变更，不能报送“无变化”"));
    }
  }
  if (!is_valid_utf8(text)) return fail(Error::invalid("text", "not valid UTF-8", "文本编码无效"));
  if (!no_changes && trim(text).empty()) {
    return fail(Error::invalid("text", "a report says what changed, or confirms no changes",
                               "请填写报表内容，或确认本月无变化"));
  }
  r.unit = actor.unit;
  r.kind = kind;
  r.month = month;
  r.submitted_at = clock_.now();
  r.actor = actor;
  r.no_changes = no_changes;
  r.text = text;
  r.late = r.submitted_at > **due;
  KnowledgeCommit c;
  c.reports.push_back(r);
  if (auto st = store_.commit(c); !st) return fail(st.error());
  return r;
}

}  // namespace hotline
