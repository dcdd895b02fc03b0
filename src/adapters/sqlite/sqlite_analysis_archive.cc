#include "adapters/sqlite/sqlite_analysis_archive.h"

#include <sqlite3.h>

#include <map>

#include "adapters/sqlite/sqlite_tables.h"

namespace hotline {
namespace {

// `version` numbers a record version; `position` is the projection's cursor
// when it was archived (discard_after). A stream archived again is noted in
// analysis_archive_superseded so that discard_after prunes old versions
// without scanning the archive.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS analysis_archive (
  version    INTEGER PRIMARY KEY,
  stream     TEXT NOT NULL,
  position   INTEGER NOT NULL,
  work_order INTEGER NOT NULL,
  request    TEXT NOT NULL,
  category   TEXT NOT NULL,
  district   TEXT NOT NULL,
  closed_day INTEGER,
  facts      BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS analysis_archive_stream ON analysis_archive (stream, position);
CREATE INDEX IF NOT EXISTS analysis_archive_position ON analysis_archive (position);
CREATE INDEX IF NOT EXISTS analysis_archive_closed ON analysis_archive (closed_day)
  WHERE closed_day IS NOT NULL;
CREATE TABLE IF NOT EXISTS analysis_archive_units (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS analysis_archive_contributions (
  unit    INTEGER NOT NULL,
  day     INTEGER NOT NULL,
  measure INTEGER NOT NULL,
  delta   INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS analysis_archive_drill_down
  ON analysis_archive_contributions (unit, day, measure);
CREATE INDEX IF NOT EXISTS analysis_archive_contributions_version
  ON analysis_archive_contributions (version);
CREATE TABLE IF NOT EXISTS analysis_archive_days (
  day      INTEGER NOT NULL,
  position INTEGER NOT NULL,
  cells    BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS analysis_archive_days_day ON analysis_archive_days (day);
CREATE TABLE IF NOT EXISTS analysis_archive_superseded (
  stream TEXT PRIMARY KEY
) WITHOUT ROWID;
)sql";

// Only the newest version of a stream answers.
constexpr const char* kNewest =
    "a.position = (SELECT MAX(n.position) FROM analysis_archive n WHERE n.stream = a.stream)";

}  // namespace

SqliteAnalysisArchive::SqliteAnalysisArchive(std::unique_ptr<sqlite::Connection> db)
    : db_(std::move(db)) {}

Result<std::unique_ptr<SqliteAnalysisArchive>> SqliteAnalysisArchive::open(
    const std::filesystem::path& file) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  return std::unique_ptr<SqliteAnalysisArchive>(new SqliteAnalysisArchive(std::move(*db)));
}

Result<std::int64_t> SqliteAnalysisArchive::unit_id(std::string_view unit) {
  if (auto it = units_.find(std::string(unit)); it != units_.end()) return it->second;
  sqlite::Connection& db = *db_;
  {
    auto put =
        db.prepare("INSERT INTO analysis_archive_units (name) VALUES (?1) ON CONFLICT DO NOTHING");
    if (!put) return fail(put.error());
    put->bind(1, unit);
    if (int rc = put->step(); rc != SQLITE_DONE) return fail(db.error(rc, "archive unit"));
  }
  auto get = db.prepare("SELECT id FROM analysis_archive_units WHERE name = ?1");
  if (!get) return fail(get.error());
  get->bind(1, unit);
  if (int rc = get->step(); rc != SQLITE_ROW) return fail(db.error(rc, "archive unit"));
  const std::int64_t id = get->int64(0);
  units_.emplace(std::string(unit), id);
  return id;
}

Status SqliteAnalysisArchive::put(std::int64_t position,
                                  const std::vector<ArchivedRecord>& records) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto st = sqlite::transaction(db, [&]() -> Status {
    for (const ArchivedRecord& r : records) {
      {
        auto seen = db.prepare("SELECT 1 FROM analysis_archive WHERE stream = ?1 LIMIT 1");
        if (!seen) return fail(seen.error());
        seen->bind(1, r.stream);
        const int rc = seen->step();
        if (rc == SQLITE_ROW) {
          auto note = db.prepare(
              "INSERT INTO analysis_archive_superseded (stream) VALUES (?1) ON CONFLICT DO "
              "NOTHING");
          if (!note) return fail(note.error());
          note->bind(1, r.stream);
          if (int n = note->step(); n != SQLITE_DONE) return fail(db.error(n, "archive"));
        } else if (rc != SQLITE_DONE) {
          return fail(db.error(rc, "archive"));
        }
      }
      std::int64_t version = 0;
      {
        auto row = db.prepare(
            "INSERT INTO analysis_archive (stream, position, work_order, request, category, "
            "district, closed_day, facts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(?8 AS BLOB))");
        if (!row) return fail(row.error());
        row->bind(1, r.stream);
        row->bind(2, position);
        row->bind(3, std::int64_t{r.work_order ? 1 : 0});
        row->bind(4, r.request);
        row->bind(5, r.category);
        row->bind(6, r.district);
        row->bind(7, r.closed_day ? std::optional<std::int64_t>(*r.closed_day) : std::nullopt);
        row->bind(8, std::string_view(r.facts));
        if (int rc = row->step(); rc != SQLITE_DONE) return fail(db.error(rc, "archive record"));
        version = sqlite3_last_insert_rowid(db.handle());
      }
      for (const ArchivedContribution& c : r.contributions) {
        auto unit = unit_id(c.unit);
        if (!unit) return fail(unit.error());
        auto row = db.prepare(
            "INSERT INTO analysis_archive_contributions (unit, day, measure, delta, version) "
            "VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!row) return fail(row.error());
        row->bind(1, *unit);
        row->bind(2, std::int64_t{c.day});
        row->bind(3, std::int64_t{c.measure});
        row->bind(4, std::int64_t{c.delta});
        row->bind(5, version);
        if (int rc = row->step(); rc != SQLITE_DONE) {
          return fail(db.error(rc, "archive contribution"));
        }
      }
    }
    return {};
  });
  if (!st) units_.clear();  // ids interned by the rolled-back transaction are gone
  return st;
}

Result<std::optional<ArchivedRecord>> SqliteAnalysisArchive::get(std::string_view stream) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto row = db.prepare(
      "SELECT version, work_order, request, category, district, closed_day, facts "
      "FROM analysis_archive WHERE stream = ?1 ORDER BY position DESC LIMIT 1");
  if (!row) return fail(row.error());
  row->bind(1, stream);
  const int rc = row->step();
  if (rc == SQLITE_DONE) return std::optional<ArchivedRecord>();
  if (rc != SQLITE_ROW) return fail(db.error(rc, "archive get"));
  ArchivedRecord r;
  r.stream = std::string(stream);
  const std::int64_t version = row->int64(0);
  r.work_order = row->int64(1) != 0;
  r.request = row->text(2);
  r.category = row->text(3);
  r.district = row->text(4);
  if (!row->is_null(5)) r.closed_day = static_cast<std::int32_t>(row->int64(5));
  r.facts = row->text(6);
  auto parts = db.prepare(
      "SELECT u.name, c.day, c.measure, c.delta FROM analysis_archive_contributions c "
      "JOIN analysis_archive_units u ON u.id = c.unit WHERE c.version = ?1 ORDER BY c.rowid");
  if (!parts) return fail(parts.error());
  parts->bind(1, version);
  int step;
  while ((step = parts->step()) == SQLITE_ROW) {
    r.contributions.push_back(ArchivedContribution{
        static_cast<std::int32_t>(parts->int64(1)), parts->text(0),
        static_cast<std::uint8_t>(parts->int64(2)), static_cast<std::int8_t>(parts->int64(3))});
  }
  if (step != SQLITE_DONE) return fail(db.error(step, "archive get"));
  return std::optional<ArchivedRecord>(std::move(r));
}

Result<std::vector<ArchivedFigureRow>> SqliteAnalysisArchive::contributions(
    std::string_view unit, std::int32_t from, std::int32_t to,
    const std::vector<std::uint8_t>& measures) {
  std::lock_guard lock(mutex_);
  std::vector<ArchivedFigureRow> out;
  if (measures.empty()) return out;
  sqlite::Connection& db = *db_;
  // The measures are the indicator's numbers (not caller text).
  std::string in;
  for (std::uint8_t m : measures) in += (in.empty() ? "" : ",") + std::to_string(m);
  auto rows = db.prepare(
      "SELECT a.stream, a.request, a.category, a.district, c.measure, SUM(c.delta) "
      "FROM analysis_archive_contributions c JOIN analysis_archive a ON a.version = c.version "
      "WHERE c.unit = (SELECT id FROM analysis_archive_units WHERE name = ?1) "
      "AND c.day BETWEEN ?2 AND ?3 AND c.measure IN (" +
      in + ") AND " + kNewest + " GROUP BY a.stream, c.measure ORDER BY a.stream, c.measure");
  if (!rows) return fail(rows.error());
  rows->bind(1, unit);
  rows->bind(2, std::int64_t{from});
  rows->bind(3, std::int64_t{to});
  int rc;
  while ((rc = rows->step()) == SQLITE_ROW) {
    std::string stream = rows->text(0);
    if (out.empty() || out.back().work_order != stream) {
      out.push_back(
          ArchivedFigureRow{std::move(stream), rows->text(1), rows->text(2), rows->text(3), {}});
    }
    out.back().measures.emplace_back(static_cast<std::uint8_t>(rows->int64(4)), rows->int64(5));
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "archive drill-down"));
  return out;
}

Result<std::vector<std::string>> SqliteAnalysisArchive::closed_between(std::int32_t from,
                                                                       std::int32_t to) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto rows =
      db.prepare(std::string("SELECT a.stream FROM analysis_archive a WHERE a.work_order = 1 "
                             "AND a.closed_day BETWEEN ?1 AND ?2 AND ") +
                 kNewest + " ORDER BY a.stream");
  if (!rows) return fail(rows.error());
  rows->bind(1, std::int64_t{from});
  rows->bind(2, std::int64_t{to});
  std::vector<std::string> out;
  int rc;
  while ((rc = rows->step()) == SQLITE_ROW) out.push_back(rows->text(0));
  if (rc != SQLITE_DONE) return fail(db.error(rc, "archive closed"));
  return out;
}

Status SqliteAnalysisArchive::put_days(std::int64_t position,
                                       const std::vector<ArchivedDayPart>& parts) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  return sqlite::transaction(db, [&]() -> Status {
    for (const ArchivedDayPart& p : parts) {
      auto row = db.prepare(
          "INSERT INTO analysis_archive_days (day, position, cells) VALUES (?1, ?2, CAST(?3 AS "
          "BLOB))");
      if (!row) return fail(row.error());
      row->bind(1, std::int64_t{p.day});
      row->bind(2, position);
      row->bind(3, std::string_view(p.cells));
      if (int rc = row->step(); rc != SQLITE_DONE) return fail(db.error(rc, "archive day"));
    }
    return {};
  });
}

Result<std::vector<ArchivedDayPart>> SqliteAnalysisArchive::days(std::int32_t from,
                                                                 std::int32_t to) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto rows = db.prepare(
      "SELECT day, cells FROM analysis_archive_days WHERE day BETWEEN ?1 AND ?2 "
      "ORDER BY day, rowid");
  if (!rows) return fail(rows.error());
  rows->bind(1, std::int64_t{from});
  rows->bind(2, std::int64_t{to});
  std::vector<ArchivedDayPart> out;
  int rc;
  while ((rc = rows->step()) == SQLITE_ROW) {
    out.push_back(ArchivedDayPart{static_cast<std::int32_t>(rows->int64(0)), rows->text(1)});
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "archive days"));
  return out;
}

Status SqliteAnalysisArchive::discard_after(std::int64_t position) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  return sqlite::transaction(db, [&]() -> Status {
    auto step = [&](const char* sql) -> Status {
      auto s = db.prepare(sql);
      if (!s) return fail(s.error());
      s->bind(1, position);
      if (int rc = s->step(); rc != SQLITE_DONE) return fail(db.error(rc, "archive discard"));
      return {};
    };
    // What was archived after the checkpoint: the replay archives it again.
    if (auto st = step("DELETE FROM analysis_archive_contributions WHERE version IN "
                       "(SELECT version FROM analysis_archive WHERE position > ?1)");
        !st) {
      return st;
    }
    if (auto st = step("DELETE FROM analysis_archive WHERE position > ?1"); !st) return st;
    if (auto st = step("DELETE FROM analysis_archive_days WHERE position > ?1"); !st) return st;
    // Versions superseded by a newer one at or before the checkpoint.
    const char* old =
        "SELECT a.version FROM analysis_archive a JOIN analysis_archive_superseded s "
        "ON s.stream = a.stream WHERE a.position < (SELECT MAX(n.position) FROM "
        "analysis_archive n WHERE n.stream = a.stream) AND ?1 = ?1";
    if (auto st =
            step((std::string("DELETE FROM analysis_archive_contributions WHERE version IN (") +
                  old + ")")
                     .c_str());
        !st) {
      return st;
    }
    if (auto st = step(
            (std::string("DELETE FROM analysis_archive WHERE version IN (") + old + ")").c_str());
        !st) {
      return st;
    }
    return db.exec("DELETE FROM analysis_archive_superseded");
  });
}

Result<std::int64_t> SqliteAnalysisArchive::size() {
  std::lock_guard lock(mutex_);
  return db_->query_int("SELECT COUNT(DISTINCT stream) FROM analysis_archive");
}

}  // namespace hotline
