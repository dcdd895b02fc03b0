#pragma once
// EVA-2 circulation records and EVA-4 supervision opinions in tables of the
// work-order database (ports/oversight_store.h). Rows are only ever added;
// an opinion's answer is written once, guarded in the UPDATE itself so two
// answers racing cannot both win.

#include <filesystem>
#include <memory>
#include <mutex>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/ports/oversight_store.h"

namespace hotline {

class SqliteOversightStore final : public OversightStore {
 public:
  static Result<std::unique_ptr<SqliteOversightStore>> open(const std::filesystem::path& file);

  Result<oversight::Circulation> add_circulation(oversight::Circulation c) override;
  Result<std::optional<oversight::Circulation>> circulation(std::int64_t id) override;
  Result<std::vector<oversight::Circulation>> list_circulations(
      const oversight::CirculationFilter& filter) override;

  Result<oversight::Opinion> add_opinion(oversight::Opinion o) override;
  Result<std::optional<oversight::Opinion>> opinion(std::int64_t id) override;
  Result<std::vector<oversight::Opinion>> list_opinions(
      const oversight::OpinionFilter& filter) override;
  Status answer_opinion(std::int64_t id, const std::string& answer, const std::string& answered_by,
                        Instant at) override;

 private:
  explicit SqliteOversightStore(std::unique_ptr<sqlite::Connection> db);
  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mutex_
};

}  // namespace hotline
