// The sweep (reminders and expiry KB-5, overdue requests KB-3, missed reports
// KB-8, supervision KB-9) and the records it leaves (supervisions, notices).
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
// Sweep

Result<KnowledgeSweepReport> KnowledgeService::sweep() {
  const Instant now = clock_.now();
  const Actor system = Actor::system();
  KnowledgeSweepReport report;

  // KB-5 [R19]: withdraw what expired; the unit let it happen (KB-9 [M22(5)]).
  {
    ArticleFilter f;
    f.status = ArticleStatus::kPublished;
    f.valid_until_before = now;
    auto expired = store_.list_articles(f);
    if (!expired) return fail(expired.error());
    for (auto& a : *expired) {
      const auto& validity = policy_for_unit(a.unit).knowledge_base.validity.at(a.type);
      a.status = ArticleStatus::kWithdrawn;
      a.withdrawn_at = now;
      a.revision.reset();
      KnowledgeCommit extra;
      extra.supervisions.push_back(
          supervision(a.unit, "KB-5", "M22(5), " + validity.article, a.id,
                      "article expired without being confirmed or renewed; withdrawn",
                      "知识条目《" + a.content.title + "》到期未确认或更新，已撤销，列入督办"));
      extra.notices.push_back(
          {0, a.unit, now, "supervision", a.id,
           "知识条目《" + a.content.title + "》已过有效期，系统已撤销；本单位列入督办"});
      if (auto st =
              save(a,
                   {change(a, system, "expire", "validity ended " + format_iso8601(*a.valid_until),
                           false, "KB-5", validity.article)},
                   std::move(extra));
          !st)
        return fail(st.error());
      ++report.expired;
      ++report.supervisions;
    }
  }

  // KB-5: remind the owning unit before expiry, once per validity period.
  {
    ArticleFilter f;
    f.status = ArticleStatus::kPublished;
    f.valid_until_before = now + options_.remind_before;
    auto expiring = store_.list_articles(f);
    if (!expiring) return fail(expiring.error());
    for (auto& a : *expiring) {
      if (a.reminded_at) continue;
      const auto& validity = policy_for_unit(a.unit).knowledge_base.validity.at(a.type);
      a.reminded_at = now;
      KnowledgeCommit extra;
      extra.notices.push_back({0, a.unit, now, "expiry-reminder", a.id,
                               "知识条目《" + a.content.title + "》将于" +
                                   format_iso8601(*a.valid_until) + "到期，请确认有效或申请更新"});
      if (auto st = save(a,
                         {change(a, system, "remind", "expires " + format_iso8601(*a.valid_until),
                                 false, "KB-5", validity.article)},
                         std::move(extra));
          !st)
        return fail(st.error());
      ++report.reminded;
    }
  }

  // KB-3 [R17]: requests past their deadline; the unit is supervised (KB-9).
  {
    RequestFilter f;
    f.open_only = true;
    f.due_before = now;
    auto due = store_.list_requests(f);
    if (!due) return fail(due.error());
    for (auto& r : *due) {
      if (r.status != UpdateRequestStatus::kOpen) continue;
      // R17 "在…内完成" includes the due instant, as completion does
      // (complete_request counts late only after it): overdue strictly after.
      if (!(now > r.due)) continue;
      r.status = UpdateRequestStatus::kOverdue;
      r.steps.push_back({now, system, "overdue", "", "KB-3", r.due_article});
      KnowledgeCommit c;
      c.requests.push_back({r});
      c.supervisions.push_back(supervision(r.unit, "KB-3", "M22(5), " + r.due_article, r.id,
                                           "update request not done by " + format_iso8601(r.due),
                                           "知识信息需求未在期限内完成，列入督办"));
      if (auto st = store_.commit(c); !st) return fail(st.error());
      ++report.requests_overdue;
      ++report.supervisions;
    }
  }

  // KB-8 [T31]: monthly reports not filed by their day.
  {
    const Month this_month = month_of(now);
    for (const auto& unit : reporting_units()) {
      std::vector<UnitSupervision> existing;
      bool loaded = false;
      for (auto [kind, month] : {std::pair{ReportKind::kKnowledgeBase, previous_month(this_month)},
                                 std::pair{ReportKind::kTraining, this_month}}) {
        const std::string m = format_month(month);
        auto due = report_due(unit, kind, m);
        if (!due) return fail(due.error());
        if (!*due || now <= **due) continue;
        auto filed = store_.report(unit, kind, m);
        if (!filed) return fail(filed.error());
        if (*filed) continue;
        const std::string subject = "report:" + std::string(to_string(kind)) + ":" + m;
        if (!loaded) {
          auto s = store_.supervisions(unit);
          if (!s) return fail(s.error());
          existing = std::move(*s);
          loaded = true;
        }
        const bool already = std::any_of(existing.begin(), existing.end(),
                                         [&](const auto& s) { return s.subject == subject; });
        if (already) continue;
        const auto& kb = policy_for_unit(unit).knowledge_base;
        const std::string art = kind == ReportKind::kKnowledgeBase
                                    ? kb.monthly_kb_report_last_day->article
                                    : kb.monthly_training_report_last_day->article;
        KnowledgeCommit c;
        c.supervisions.push_back(
            supervision(unit, "KB-8", "M22(5), " + art, subject,
                        std::string(to_string(kind)) + " report for " + m + " not filed by " +
                            format_iso8601(**due),
                        std::string(to_chinese(kind)) + "（" + m + "）未按时报送"));
        c.notices.push_back({0, unit, now, "supervision", subject,
                             std::string(to_chinese(kind)) + "（" + m + "）未按时报送，列入督办"});
        if (auto st = store_.commit(c); !st) return fail(st.error());
        ++report.reports_missed;
        ++report.supervisions;
      }
    }
  }
  return report;
}

Result<std::vector<UnitSupervision>> KnowledgeService::supervisions(
    std::optional<std::string> unit) {
  return store_.supervisions(std::move(unit));
}

Result<std::vector<KnowledgeNotice>> KnowledgeService::notices(std::optional<std::string> unit) {
  return store_.notices(std::move(unit));
}

}  // namespace hotline
