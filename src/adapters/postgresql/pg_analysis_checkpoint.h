#pragma once
// The analysis projection's checkpoint and the office's sensitive-word watch
// list on PostgreSQL 15 (issue 14), in the tables of SqliteAnalysisCheckpoint
// (ports/analysis_checkpoint.h). The checkpoint is one row replaced by one
// statement, so its state and cursor are always saved together.
//
// Threads: one statement at a time on the store's own connection (a mutex),
// reopened after it is lost.
//
// Several nodes on one schema: the checkpoint row is an upsert (the last save
// wins, whole); a watch list is replaced under a lock on its table taken
// first, so two nodes saving at once write one list after the other, never a
// mix of both, and a reader sees a whole list (its one statement's snapshot).

#include <memory>
#include <mutex>
#include <pqxx/pqxx>

#include "adapters/postgresql/pg_session.h"
#include "core/ports/analysis_checkpoint.h"

namespace hotline {

class PgAnalysisCheckpoint final : public AnalysisCheckpointStore {
 public:
  // Creates the tables when missing; fails when the database is not UTF-8
  // or of a newer schema version.
  static Result<std::unique_ptr<PgAnalysisCheckpoint>> open(const pg::Target& target);
  ~PgAnalysisCheckpoint() override;

  Status save(const AnalysisCheckpoint& checkpoint) override;
  Result<std::optional<AnalysisCheckpoint>> load() override;
  // Refuses a word that is not valid UTF-8 or holds NUL (field "words[i]").
  Status save_watch_list(const std::vector<std::string>& words) override;
  Result<std::vector<std::string>> load_watch_list() override;

 private:
  PgAnalysisCheckpoint(pg::Target target, std::unique_ptr<pqxx::connection> db);
  // The connection, reopened after it was lost. Under mutex_.
  Result<pqxx::connection*> connection();

  pg::Target target_;
  std::mutex mutex_;  // one statement at a time on db_
  std::unique_ptr<pqxx::connection> db_;
};

}  // namespace hotline
