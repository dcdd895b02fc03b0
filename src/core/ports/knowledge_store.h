#pragma once
// The knowledge base's storage port, owned by the core. SqliteKnowledgeStore
// implements it. A commit is one transaction: every write in it happens, or
// none does, and it is durable once commit returns. An article or update
// request written with a stale expected revision fails with kConflict.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/knowledge/article.h"
#include "core/knowledge/records.h"
#include "core/result.h"

namespace hotline {

struct ArticleWrite {
  Article article;                     // revision_number is the expected revision
  std::vector<ArticleChange> changes;  // appended to its history
};

struct RequestWrite {
  UpdateRequest request;  // revision_number is the expected revision
};

// Everything one knowledge-base action writes.
struct KnowledgeCommit {
  std::vector<ArticleWrite> articles;
  std::vector<RequestWrite> requests;
  std::vector<UnitSupervision> supervisions;
  std::vector<KnowledgeNotice> notices;
  std::vector<MonthlyReport> reports;

  bool empty() const {
    return articles.empty() && requests.empty() && supervisions.empty() && notices.empty() &&
           reports.empty();
  }
};

struct ArticleFilter {
  std::optional<std::string> unit;
  std::optional<ArticleStatus> status;
  std::optional<ArticleType> type;
  std::optional<std::string> catalogue;  // the node and everything below it
  // Published articles whose validity ends at or before this instant.
  std::optional<Instant> valid_until_before;
  bool with_pending_revision = false;  // only articles with a revision in review
  std::size_t limit = 1000;
  std::size_t offset = 0;
};

struct RequestFilter {
  std::optional<std::string> unit;
  bool open_only = false;
  std::optional<Instant> due_before;  // open requests due at or before
  std::size_t limit = 1000;
};

class KnowledgeStore {
 public:
  virtual ~KnowledgeStore() = default;

  virtual Status commit(const KnowledgeCommit& commit) = 0;
  // A gap-tolerant, strictly increasing number for `counter`.
  virtual Result<std::int64_t> next_sequence(std::string_view counter) = 0;

  virtual Result<std::optional<Article>> load_article(std::string_view id) = 0;
  // Ordered by catalogue, then id.
  virtual Result<std::vector<Article>> list_articles(const ArticleFilter& filter) = 0;
  virtual Result<std::vector<ArticleChange>> history(std::string_view article) = 0;
  // Changes of all articles in [from, to), for reports.
  virtual Result<std::vector<ArticleChange>> changes_between(Instant from, Instant to) = 0;

  virtual Result<std::optional<UpdateRequest>> load_request(std::string_view id) = 0;
  virtual Result<std::vector<UpdateRequest>> list_requests(const RequestFilter& filter) = 0;

  virtual Result<std::vector<UnitSupervision>> supervisions(std::optional<std::string> unit) = 0;
  virtual Result<std::vector<KnowledgeNotice>> notices(std::optional<std::string> unit) = 0;
  virtual Result<std::optional<MonthlyReport>> report(std::string_view unit, ReportKind kind,
                                                      std::string_view month) = 0;

  // Synonym groups the office maintains ("医保" = "医疗保险"); replaced whole.
  virtual Status save_synonyms(const std::vector<std::vector<std::string>>& groups) = 0;
  virtual Result<std::vector<std::vector<std::string>>> load_synonyms() = 0;
};

}  // namespace hotline
