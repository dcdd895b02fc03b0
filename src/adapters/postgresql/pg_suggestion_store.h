#pragma once
// ANA-6: the suggestion records and drift warnings
// (core/ports/suggestion_store.h) on PostgreSQL 15 (issue 14): the same
// port, tables and contract suite as SqliteSuggestionStore. No text of the
// request and nothing personal is kept.
//
// Thread safety: any thread may call any method; each call runs on a pooled
// connection of its own, as one statement. Several nodes at once: the first
// suggestion of a request and the first drift warning of an id are kept by
// INSERT … ON CONFLICT DO NOTHING (a second node's insert waits for the
// first's commit and then inserts nothing); the decisions are row updates.
// The recorder's position is stored only after the records it read up to
// it have committed (SuggestionRecorder), each write committed before the
// call returns, so a stored position never runs ahead of its records.

#include <memory>

#include "adapters/postgresql/pg_pool.h"
#include "core/ports/suggestion_store.h"

namespace hotline {

class PgSuggestionStore final : public SuggestionStore {
 public:
  // Creates the tables when missing; fails when the database is not UTF-8
  // or of a newer schema version.
  static Result<std::unique_ptr<PgSuggestionStore>> open(const pg::Target& target);
  ~PgSuggestionStore() override;

  Status save_suggestion(const analysis::SuggestionRecord& record) override;
  Status set_final_category(const std::string& request, const std::string& category) override;
  Status set_dispatched_unit(const std::string& request, const std::string& work_order,
                             const std::string& unit) override;
  Result<std::optional<analysis::SuggestionRecord>> suggestion(const std::string& request) override;
  Result<std::vector<analysis::SuggestionRecord>> suggestions(Instant from, Instant to) override;
  Result<std::vector<analysis::AccuracyFigure>> tally(Instant from, Instant to) override;
  Result<bool> has_suggestions() override;
  Result<std::optional<std::int64_t>> log_position() override;
  Status save_log_position(std::int64_t position) override;
  Result<bool> save_drift_warning(const analysis::DriftWarning& warning) override;
  Result<std::vector<analysis::DriftWarning>> drift_warnings(Instant from, Instant to) override;

 private:
  explicit PgSuggestionStore(const pg::Target& target);
  // Runs `f` on a pooled connection; a libpqxx exception becomes a storage
  // error naming `what`.
  template <typename T, typename F>
  Result<T> run(const char* what, F&& f);
  // One write statement in its own transaction; its count of rows changed.
  template <typename... Args>
  Result<std::size_t> write(const char* what, const std::string& sql, Args&&... args);

  pg::Pool pool_;
};

}  // namespace hotline
