#pragma once
// The knowledge base in SQLite: its own file (by default next to the work
// order database, "hotline.db" → "hotline.kb.db"), WAL mode with
// synchronous=FULL, so a commit is atomic and durable. Articles are rows with
// their filter columns and the whole article as JSON (article_json.h); every
// history line keeps a snapshot of the content it set. One connection, used
// under a mutex: knowledge-base writes are few and small.

#include <filesystem>
#include <memory>

#include "core/ports/knowledge_store.h"

namespace hotline {

class SqliteKnowledgeStore final : public KnowledgeStore {
 public:
  // Opens or creates the file; refuses a file that is not a knowledge base.
  static Result<std::unique_ptr<SqliteKnowledgeStore>> open(const std::filesystem::path& file);
  // "var/hotline.db" → "var/hotline.kb.db"
  static std::filesystem::path beside(const std::filesystem::path& work_order_db);
  ~SqliteKnowledgeStore() override;

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
  struct Impl;
  explicit SqliteKnowledgeStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
