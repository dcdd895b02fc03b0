#pragma once
// The analysis archive (ports/analysis_archive.h) in tables of the
// work-order database: one row per archived record version with its
// contributions as one blob, and an index table of the unit × day pairs each
// version contributed to (the drill-down reads the versions of a unit's days
// and filters their blobs by measure); units interned to numbers; the cube's
// day parts in their own table. A put() is one transaction. The blob's
// encoding is shared with PostgreSQL (adapters/storage/archived_contributions.h).

#include <filesystem>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/ports/analysis_archive.h"

namespace hotline {

class SqliteAnalysisArchive final : public AnalysisArchive {
 public:
  static Result<std::unique_ptr<SqliteAnalysisArchive>> open(const std::filesystem::path& file);

  Status put(std::int64_t position, const std::vector<ArchivedRecord>& records) override;
  Result<std::optional<ArchivedRecord>> get(std::string_view stream) override;
  Result<std::vector<ArchivedFigureRow>> contributions(
      std::string_view unit, std::int32_t from, std::int32_t to,
      const std::vector<std::uint8_t>& measures) override;
  Result<std::vector<std::string>> closed_between(std::int32_t from, std::int32_t to) override;
  Status put_days(std::int64_t position, const std::vector<ArchivedDayPart>& parts) override;
  Result<std::vector<ArchivedDayPart>> days(std::int32_t from, std::int32_t to,
                                            DayDetail detail) override;
  Status discard_after(std::int64_t position) override;
  Result<std::int64_t> size() override;

 private:
  explicit SqliteAnalysisArchive(std::unique_ptr<sqlite::Connection> db);
  Result<std::int64_t> unit_id(std::string_view unit);  // interns, inside put's transaction
  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mutex_
  Result<std::string> unit_name(std::int64_t id);
  std::unordered_map<std::string, std::int64_t> units_;       // cache of analysis_archive_units
  std::unordered_map<std::int64_t, std::string> unit_names_;  // … the other way
};

}  // namespace hotline
