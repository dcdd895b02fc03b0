#pragma once
// The knowledge base's application service (KB-1..KB-9): the workflow of
// articles (draft → review by the office → published → withdrawn), their
// validity (KB-5), update requests from the office (KB-3), pre-notices of
// policies (KB-4), screening of uploads (KB-6), the monthly reports of
// profile T (KB-8), supervision of units that let content go stale (KB-9),
// and search for agents and applicants (KB-1).
//
// Every action is checked (role, unit, state, rule), then written to the
// store in one commit with a history line (who, role, unit, when, what, why,
// rule, article), then mirrored into the search index. A refusal names the
// SPEC rule and the article, and nothing is written. Time comes from the
// injected Clock; working days from the calendar; periods from the policy
// profile that governs the owning unit.
//
// Thread-safety: shared by the server's workers and the scheduler's thread.
// The store and the index serialise their own writes; the only state kept
// here, the last index error, is guarded by `index_error_mutex_`.

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar/working_day_calendar.h"
#include "core/clock.h"
#include "core/knowledge/article.h"
#include "core/knowledge/records.h"
#include "core/org/organisation.h"
#include "core/policy/policy.h"
#include "core/ports/article_index.h"
#include "core/ports/knowledge_store.h"

namespace hotline {

struct KnowledgeOptions {
  // How long before expiry the owning unit is reminded (KB-5). R19 says
  // "before expiry" without a period; the office sets it.
  Seconds remind_before{30 * 86400};
};

// What a unit or the office writes when creating an article.
struct ArticleDraft {
  std::string id;  // empty: assigned ("KB000001")
  ArticleType type = ArticleType::kServiceGuide;
  std::string unit;
  std::optional<Audience> audience;  // default by type
  ArticleContent content;
  bool public_interest = false;        // KB-4
  std::optional<Instant> valid_until;  // a shorter validity than the policy's maximum
};

// One record of an import file: an article in the state it should have.
struct ImportedArticle {
  ArticleDraft draft;
  ArticleStatus status = ArticleStatus::kPublished;
  std::optional<Instant> public_from;
  int line = 0;  // where it came from, for the report
};

struct ImportOutcome {
  int line = 0;
  std::string id;
  bool ok = false;
  std::string action;  // "created", "updated", "unchanged"
  std::optional<Error> error;
};

struct KnowledgeSweepReport {
  int reminded = 0;
  int expired = 0;
  int requests_overdue = 0;
  int reports_missed = 0;
  int supervisions = 0;
};

// A link to a knowledge-base article for a return that cites it (RET-4 [T8(3)4]).
struct ArticleCitation {
  std::string id;
  std::string title;
  std::string unit;
  int version = 0;
  std::string link;  // "/api/v1/kb/articles/{id}"
};

class KnowledgeService {
 public:
  KnowledgeService(KnowledgeStore& store, ArticleIndex& index, const Clock& clock,
                   const WorkingDayCalendar& calendar, const PolicySet& policies,
                   const Organisation& organisation, KnowledgeOptions options = {});

  // ---- Articles ----
  Result<Article> create(const Actor& actor, ArticleDraft draft, const std::string& reason);
  // A new text: a draft changes in place; a published article gets a revision.
  Result<Article> edit(const Actor& actor, const std::string& id, ArticleContent content,
                       const std::string& reason);
  // Draft or revision → review by the office.
  Result<Article> submit(const Actor& actor, const std::string& id, const std::string& reason);
  // The office publishes what is in review (and renews the validity, KB-5).
  Result<Article> approve(const Actor& actor, const std::string& id, const std::string& reason);
  Result<Article> reject(const Actor& actor, const std::string& id, const std::string& reason);
  Result<Article> withdraw(const Actor& actor, const std::string& id, const std::string& reason);
  // KB-5: the owning unit confirms a published article is still right; its
  // validity starts again.
  Result<Article> confirm(const Actor& actor, const std::string& id, const std::string& reason);
  // KB-4: the owning unit notifies the office of a policy before it goes
  // public at `public_from`, with interpretation or answer scripts related.
  Result<Article> prenotify(const Actor& actor, const std::string& id, Instant public_from,
                            const std::string& reason);

  // An article as `actor` may see it (none: an anonymous applicant). Drafts,
  // internal and expired articles are "not found" for applicants.
  Result<Article> get(const std::optional<Actor>& actor, const std::string& id);
  Result<std::vector<ArticleChange>> history(const Actor& actor, const std::string& id);
  Result<std::vector<Article>> list(const Actor& actor, const ArticleFilter& filter);
  Result<ArticleCitation> cite(const std::string& id);

  // ---- Search (KB-1) ----
  // Applicants (none or Role::kApplicant) only ever get published, current,
  // public articles. Staff get current articles, or all published ones with
  // `include_expired` (office roles only).
  Result<SearchResults> search(const std::optional<Actor>& actor, SearchQuery query,
                               bool include_expired = false);
  // The articles that answer a request's text, for the agent registering it (TRI-7).
  Result<SearchResults> suggest(const Actor& actor, const std::string& request_text,
                                std::size_t limit = 5);
  Status set_synonyms(const Actor& actor, std::vector<std::vector<std::string>> groups);
  Result<std::vector<std::vector<std::string>>> synonyms();
  // Rebuilds the index from the store.
  Result<std::size_t> reindex();

  // ---- Import ----
  Result<std::vector<ImportOutcome>> import(const Actor& actor,
                                            const std::vector<ImportedArticle>& records);

  // ---- Update requests (KB-3) ----
  Result<UpdateRequest> request_update(const Actor& actor, const std::string& unit, UpdateKind kind,
                                       const std::string& article, const std::string& text,
                                       bool emergency);
  // The unit reports the request done, naming the article that answers it;
  // the article must show the unit's change since the request.
  Result<UpdateRequest> complete_request(const Actor& actor, const std::string& id,
                                         const std::string& article, const std::string& note);
  Result<std::vector<UpdateRequest>> requests(const Actor& actor, const RequestFilter& filter);

  // ---- Monthly reports (KB-8) ----
  Result<MonthlyReport> submit_report(const Actor& actor, ReportKind kind, const std::string& month,
                                      const std::string& text, bool no_changes);
  // The figures of `unit`'s knowledge-base report for `month` ("2026-03").
  Result<MonthlyReport> draft_report(const std::string& unit, const std::string& month);
  // When the report of `kind` about `month` is due (end of day N, never
  // postponed), or none when the unit's profile has no such report.
  Result<std::optional<Instant>> report_due(const std::string& unit, ReportKind kind,
                                            const std::string& month) const;
  std::vector<std::string> reporting_units() const;

  // ---- Sweep: reminders, expiry, overdue requests, missed reports ----
  Result<KnowledgeSweepReport> sweep();

  Result<std::vector<UnitSupervision>> supervisions(std::optional<std::string> unit);
  Result<std::vector<KnowledgeNotice>> notices(std::optional<std::string> unit);

  // The last error of mirroring a committed change into the index (the store
  // has the change; `reindex` repairs the index).
  std::optional<Error> last_index_error() const;

  const Policy& policy_for_unit(const std::string& unit) const;

 private:
  Result<Article> load(const std::string& id);
  Status may_maintain(const Actor& actor, const std::string& unit, const char* action) const;
  Status may_review(const Actor& actor) const;
  Result<Instant> validity_end(const Article& a, Instant from) const;
  ArticleChange change(const Article& a, const Actor& actor, std::string action, std::string reason,
                       bool with_content, std::string rule = {},
                       std::string article_ref = {}) const;
  Status save(Article& a, std::vector<ArticleChange> changes, KnowledgeCommit extra = {});
  void mirror(const Article& a);
  Result<Article> publish(Article a, const Actor& actor, const std::string& action,
                          const std::string& reason);
  UnitSupervision supervision(const std::string& unit, std::string rule, std::string article_ref,
                              std::string subject, std::string reason, std::string reason_zh);
  Result<std::string> next_id(const char* counter, const char* prefix);

  KnowledgeStore& store_;
  ArticleIndex& index_;
  const Clock& clock_;
  const WorkingDayCalendar& calendar_;
  const PolicySet& policies_;
  const Organisation& organisation_;
  KnowledgeOptions options_;
  void set_index_error(std::optional<Error> error);

  mutable std::mutex index_error_mutex_;
  std::optional<Error> last_index_error_;  // guarded by index_error_mutex_
};

}  // namespace hotline
