#include "adapters/sqlite/sqlite_migrations.h"

#include <sqlite3.h>

#include <string>
#include <system_error>

namespace hotline::sqlite {
namespace {

constexpr const char* kMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  INTEGER NOT NULL  -- seconds since the epoch
);
)sql";

Result<bool> has_table(Connection& db, const char* name) {
  auto q = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  if (!q) return fail(q.error());
  q->bind(1, std::string_view(name));
  if (const int rc = q->step(); rc != SQLITE_ROW) return fail(db.error(rc, "read the schema"));
  return q->int64(0) > 0;
}

// 2: SEC-1. Versions before the e-mail and account id of an Open311
// applicant were sealed on the registration event kept them in plain text in
// the Open311 index; the event has them now.
Status empty_open311_plain_text(Connection& db) {
  auto exists = has_table(db, "open311_requests");
  if (!exists) return fail(exists.error());
  if (!*exists) return {};
  return db.exec(
      "UPDATE open311_requests SET email = '', account_id = '' "
      "WHERE email <> '' OR account_id <> ''");
}

// 3: issue 12. An archived day keeps its coarse cells beside its cells, so
// that the dashboard of an archived month reads ≈ 5 % of the bytes. Parts
// archived before have none (NULL) and are read whole, as before.
Status archive_coarse_day_cells(Connection& db) {
  auto exists = has_table(db, "analysis_archive_days");
  if (!exists) return fail(exists.error());
  if (!*exists) return {};
  auto has_column = db.query_int(
      "SELECT count(*) FROM pragma_table_info('analysis_archive_days') WHERE name = 'coarse'");
  if (!has_column) return fail(has_column.error());
  if (*has_column > 0) return {};
  return db.exec("ALTER TABLE analysis_archive_days ADD COLUMN coarse BLOB");
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kSteps = {
      {2,
       "SEC-1: the Open311 index no longer keeps applicants' e-mail and account id in plain text "
       "(they are sealed on the registration event)",
       &empty_open311_plain_text},
      {3,
       "Issue 12: an archived day of the analysis cube keeps its coarse cells (the dashboard of "
       "an archived month reads them instead of every cell)",
       &archive_coarse_day_cells},
  };
  return kSteps;
}

std::int64_t current_schema_version() { return migrations().back().version; }

Result<std::optional<std::int64_t>> schema_version_of(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::optional<std::int64_t>{};
  auto db = Connection::open(file, /*create=*/false);
  if (!db) return fail(db.error());
  auto version = (*db)->query_int("PRAGMA user_version");
  if (!version) return fail(version.error());
  if (*version == 0) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{*version};
}

Status migrate(Connection& db, std::int64_t from, Instant at) {
  if (auto st = db.exec(kMigrationsTable); !st) return st;
  for (const Migration& m : migrations()) {
    if (m.version <= from) continue;
    if (auto st = m.apply(db); !st) {
      return fail(Error::storage("schema migration to version " + std::to_string(m.version) +
                                 " failed: " + st.error().message));
    }
    auto record = db.prepare(
        "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?1, ?2, ?3)");
    if (!record) return fail(record.error());
    record->bind(1, m.version);
    record->bind(2, m.description);
    record->bind(3, std::int64_t{at.time_since_epoch().count()});
    if (const int rc = record->step(); rc != SQLITE_DONE) {
      return fail(db.error(rc, "record schema migration"));
    }
  }
  const std::string stamp = "PRAGMA user_version = " + std::to_string(current_schema_version()) +
                            "; UPDATE meta SET value = '" +
                            std::to_string(current_schema_version()) +
                            "' WHERE key = 'schema_version';";
  return db.exec(stamp.c_str());
}

Result<std::vector<AppliedMigration>> applied_migrations(Connection& db) {
  auto exists = has_table(db, "schema_migrations");
  if (!exists) return fail(exists.error());
  std::vector<AppliedMigration> out;
  if (!*exists) return out;
  auto q =
      db.prepare("SELECT version, description, applied_at FROM schema_migrations ORDER BY version");
  if (!q) return fail(q.error());
  int rc;
  while ((rc = q->step()) == SQLITE_ROW) {
    out.push_back({q->int64(0), q->text(1), Instant{Seconds{q->int64(2)}}});
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "read schema migrations"));
  return out;
}

}  // namespace hotline::sqlite
