#pragma once
// The knowledge store in memory: the same contract as SqliteKnowledgeStore —
// a commit happens whole or not at all; an article or update request written
// with a stale expected revision (revision_number) is a conflict; an
// article's history numbered 1, 2, … by the store; one report per unit, kind
// and month; notices numbered by the store; the same orders and filters —
// for the core's tests and throw-away platforms. Held to the contract suite
// (tests/support/knowledge_store_contract.h) with SQLite.
//
// Thread-safety: every method may be called from any thread; one mutex
// guards all state.

#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "core/ports/knowledge_store.h"

namespace hotline {

class MemoryKnowledgeStore final : public KnowledgeStore {
 public:
  Status commit(const KnowledgeCommit& commit) override;
  Result<std::int64_t> next_sequence(std::string_view counter) override;
  Result<std::optional<Article>> load_article(std::string_view id) override;
  Result<std::vector<Article>> list_articles(const ArticleFilter& filter) override;
  Result<std::vector<ArticleChange>> history(std::string_view article) override;
  Result<std::vector<ArticleChange>> changes_between(Instant from, Instant to) override;
  Result<std::optional<UpdateRequest>> load_request(std::string_view id) override;
  Result<std::vector<UpdateRequest>> list_requests(const RequestFilter& filter) override;
  Result<std::vector<UnitSupervision>> supervisions(std::optional<std::string> unit) override;
  Result<std::vector<KnowledgeNotice>> notices(std::optional<std::string> unit) override;
  Result<std::optional<MonthlyReport>> report(std::string_view unit, ReportKind kind,
                                              std::string_view month) override;
  Status save_synonyms(const std::vector<std::vector<std::string>>& groups) override;
  Result<std::vector<std::vector<std::string>>> load_synonyms() override;

 private:
  // Everything a commit changes, copied and swapped in whole.
  struct State {
    std::map<std::string, Article, std::less<>> articles;  // revision_number is the stored revision
    std::map<std::string, std::vector<ArticleChange>, std::less<>> changes;
    std::map<std::string, UpdateRequest, std::less<>> requests;
    std::vector<UnitSupervision> supervisions;
    std::vector<KnowledgeNotice> notices;
    std::map<std::tuple<std::string, ReportKind, std::string>, MonthlyReport> reports;
  };
  static Status apply(State& state, const KnowledgeCommit& commit);

  mutable std::mutex mutex_;
  State state_;                                                 // GUARDED_BY(mutex_)
  std::map<std::string, std::int64_t, std::less<>> sequences_;  // GUARDED_BY(mutex_)
  std::vector<std::vector<std::string>> synonyms_;              // GUARDED_BY(mutex_)
};

}  // namespace hotline
