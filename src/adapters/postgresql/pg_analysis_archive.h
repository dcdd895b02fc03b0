#pragma once
// The analysis archive (ports/analysis_archive.h) on PostgreSQL 15 (issue
// 14): the tables of SqliteAnalysisArchive — one row per archived record
// version with its contributions as one blob (adapters/storage/
// archived_contributions.h, the same bytes as SQLite), an index of the
// unit × day pairs each version contributed to, units interned to numbers,
// the cube's day parts with their cells and coarse cells in separate BYTEA
// columns (a coarse read selects only `coarse`, so the cells stay on disk).
//
// Threads: writes (put, put_days, discard_after) run one at a time on the
// store's own connection, each in one transaction; reads run on a pool of
// connections, so a dashboard paging days in does not wait for the
// projection's archive writes.
//
// Several nodes on one schema: record versions and day parts are numbered by
// identity columns; a unit new to the archive is interned in a short
// transaction of its own, in name order, with INSERT … ON CONFLICT DO
// NOTHING and read back in a later statement, so two nodes interning the
// same units at once agree on their numbers without a deadlock. The archive
// belongs to the projection whose checkpoint cursor discard_after is given
// (ANA-1): it does not tell one node's projection from another's.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "adapters/postgresql/pg_pool.h"
#include "adapters/postgresql/pg_session.h"
#include "core/ports/analysis_archive.h"

namespace hotline {

class PgAnalysisArchive final : public AnalysisArchive {
 public:
  // Creates the tables when missing; fails when the database is not UTF-8
  // or of a newer schema version.
  static Result<std::unique_ptr<PgAnalysisArchive>> open(const pg::Target& target);
  ~PgAnalysisArchive() override;

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
  PgAnalysisArchive(pg::Target target, std::unique_ptr<pqxx::connection> writer);
  // Runs `change` in one transaction on the writer connection (reopened
  // after it was lost) and commits it unless it fails.
  Status write(std::string_view what, const std::function<Status(pqxx::work&)>& change);
  // Runs `read` on a pooled connection, outside any transaction.
  template <typename T>
  Result<T> read(std::string_view what, const std::function<Result<T>(pqxx::nontransaction&)>& f);
  // Interns the units of `records` not in units_ yet, in a transaction of
  // its own. Under write_mutex_.
  Status intern_units(const std::vector<ArchivedRecord>& records);
  // The names of unit numbers read from committed records.
  Result<std::vector<std::string>> unit_names(pqxx::transaction_base& txn,
                                              const std::vector<std::int64_t>& ids);

  pg::Target target_;
  std::mutex write_mutex_;
  std::unique_ptr<pqxx::connection> writer_;             // guarded by write_mutex_
  std::unordered_map<std::string, std::int64_t> units_;  // guarded by write_mutex_
  std::mutex names_mutex_;
  std::unordered_map<std::int64_t, std::string> names_;  // guarded by names_mutex_
  pg::Pool readers_;
};

}  // namespace hotline
