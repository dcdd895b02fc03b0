#pragma once
// ANA-3: the special-research records (core/analysis/special_research.h) in
// a table of the work-order database: one row per record, its body as JSON,
// replaced whole under an expected version (kConflict when stale).

#include <filesystem>
#include <memory>
#include <mutex>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/analysis/special_research.h"

namespace hotline {

class SqliteResearchStore final : public analysis::ResearchStore {
 public:
  static Result<std::unique_ptr<SqliteResearchStore>> open(const std::filesystem::path& file);

  Result<std::int64_t> next_sequence() override;
  Status save(const analysis::SpecialResearch& record, std::int64_t expected) override;
  Result<std::optional<analysis::SpecialResearch>> find(const std::string& id) override;
  Result<std::vector<analysis::SpecialResearch>> list() override;

 private:
  explicit SqliteResearchStore(std::unique_ptr<sqlite::Connection> db);
  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mutex_
};

}  // namespace hotline
