#pragma once
// The knowledge base on PostgreSQL 15 (issue 14): the same port, tables
// ("kb_*") and contract suite as SqliteKnowledgeStore, for several nodes on
// one database. Articles are rows with their filter columns and the whole
// article as JSON (knowledge_rows.h, shared with SQLite).
//
// A change and its audit entry commit together (SEC-2; issue 9, item 7). In
// SQLite the knowledge base and the audit log share a connection for that;
// here the store appends the entry itself (pg_audit_table.h) in its own
// transaction: it is an AuditLog too, and atomically() holds one transaction
// for a body's calls of this store on the calling thread — commits and
// audit appends alike — each in a savepoint, as SQLite nests them. A
// PrivacyGuard that appends through this store inside atomically() gives
// the knowledge base's operations what SharedConnection::atomically gives
// them in SQLite. Entries chain onto the one log that PgAuditLog and the
// other PostgreSQL stores append to.
//
// Thread safety: any thread may call any method; each call runs on a pooled
// connection of its own (inside atomically(), on the body's). Several nodes:
// - a stale revision loses: the UPDATE … WHERE revision = expected waits
//   for the row lock another node's commit holds, then finds the revision
//   moved on and changes nothing (kConflict); a new article or request id,
//   or a month's report, is settled by its primary key (INSERT … ON CONFLICT
//   DO NOTHING: one wins, the other gets kConflict);
// - an article's history is numbered under its row's lock (every history
//   line comes with a write of its article), so sequences have no gaps or
//   duplicates;
// - sequences are one upsert; synonyms are replaced whole under a table
//   lock that writers take, so two replacements do not interleave;
// - lock order: knowledge rows, then the audit chain's head, which is held
//   to the commit; nothing waits for a knowledge row while holding it.

#include <functional>
#include <memory>

#include "adapters/postgresql/pg_session.h"
#include "core/ports/audit_log.h"
#include "core/ports/knowledge_store.h"

namespace hotline {

class PgKnowledgeStore final : public KnowledgeStore, public AuditLog {
 public:
  // Creates the tables when missing; fails when the database is not UTF-8
  // or of a newer schema version. `audit_hasher` chains the entries
  // appended here; null: append() fails (no audit log here).
  static Result<std::unique_ptr<PgKnowledgeStore>> open(
      const pg::Target& target, std::shared_ptr<const AuditHasher> audit_hasher);
  ~PgKnowledgeStore() override;

  // One transaction for the body's calls of this store on this thread,
  // reads included (they see the body's writes). A failed call is undone
  // alone; the body's failure rolls everything back. Nested calls are
  // savepoints of the outer one. The body must not wait for another
  // store's audit append once it has appended here: it holds the chain's
  // head until it returns.
  Status atomically(const std::function<Status()>& body);

  // KnowledgeStore
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

  // AuditLog: the one chain (pg_audit_table.h).
  Result<AuditEntry> append(const AuditRecord& record) override;
  Result<std::vector<AuditEntry>> read(std::int64_t after_sequence, std::size_t limit) override;
  Result<std::string> chain_algorithm() override;

  class Impl;

 private:
  explicit PgKnowledgeStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
