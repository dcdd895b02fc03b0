#pragma once
// The knowledge base in SQLite: tables "kb_*" in the platform's file, WAL
// mode with synchronous=FULL, so a commit is atomic and durable. Articles are
// rows with their filter columns and the whole article as JSON
// (article_json.h); every history line keeps a snapshot of the content it
// set. The rows' JSON and the text check (knowledge_rows.h) are shared with
// PgKnowledgeStore. The connection is the one the security store uses
// (sqlite_shared_connection.h), so a change and its audit entry commit
// together; its lock is held per call: knowledge-base writes are few and
// small.

#include <filesystem>
#include <memory>

#include "adapters/sqlite/sqlite_shared_connection.h"
#include "core/ports/knowledge_store.h"

namespace hotline {

class SqliteKnowledgeStore final : public KnowledgeStore {
 public:
  // Opens or creates `file` on a connection of its own (tests, benchmarks).
  static Result<std::unique_ptr<SqliteKnowledgeStore>> open(const std::filesystem::path& file);
  // On a shared connection. A knowledge base still in its former file of its
  // own (`former`, when it exists) is moved in first; see adopt_former_file.
  static Result<std::unique_ptr<SqliteKnowledgeStore>> open(
      std::shared_ptr<sqlite::SharedConnection> db, const std::filesystem::path& former = {});
  // Where a knowledge base had its own file: "var/hotline.db" → "var/hotline.kb.db".
  static std::filesystem::path former_file(const std::filesystem::path& work_order_db);
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
