#pragma once
// ANA-6: the suggestion records and drift warnings (ports/suggestion_store.h)
// in tables of the work-order database. No text of the request and nothing
// personal is kept: the request number, the model, the suggested and decided
// category and unit, confidences and times.

#include <filesystem>
#include <memory>
#include <mutex>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/ports/suggestion_store.h"

namespace hotline {

class SqliteSuggestionStore final : public SuggestionStore {
 public:
  static Result<std::unique_ptr<SqliteSuggestionStore>> open(const std::filesystem::path& file);

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
  explicit SqliteSuggestionStore(std::unique_ptr<sqlite::Connection> db);
  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mutex_
};

}  // namespace hotline
