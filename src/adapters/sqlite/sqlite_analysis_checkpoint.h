#pragma once
// The analysis projection's checkpoint and the office's sensitive-word watch
// list, in tables of the work-order database (ports/analysis_checkpoint.h).
// The checkpoint is one row replaced in one transaction, so its state and
// cursor are always saved together.

#include <filesystem>
#include <memory>
#include <mutex>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/ports/analysis_checkpoint.h"

namespace hotline {

class SqliteAnalysisCheckpoint final : public AnalysisCheckpointStore {
 public:
  static Result<std::unique_ptr<SqliteAnalysisCheckpoint>> open(const std::filesystem::path& file);

  Status save(const AnalysisCheckpoint& checkpoint) override;
  Result<std::optional<AnalysisCheckpoint>> load() override;
  Status save_watch_list(const std::vector<std::string>& words) override;
  Result<std::vector<std::string>> load_watch_list() override;

 private:
  explicit SqliteAnalysisCheckpoint(std::unique_ptr<sqlite::Connection> db);
  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mutex_
};

}  // namespace hotline
