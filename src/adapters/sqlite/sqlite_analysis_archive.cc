#include "adapters/sqlite/sqlite_analysis_archive.h"

#include <sqlite3.h>

#include "adapters/sqlite/sqlite_tables.h"
#include "adapters/storage/archived_contributions.h"
#include "core/ports/analysis_store_checks.h"

namespace hotline {
namespace {

// `version` numbers a record version; `position` is the projection's cursor
// when it was archived (discard_after). A stream archived again is noted in
// analysis_archive_superseded so that discard_after prunes old versions
// without scanning the archive.
constexpr const char* kSchema = R"sql(
DROP TABLE IF EXISTS analysis_archive_contributions;
DROP TABLE IF EXISTS analysis_archive;
CREATE TABLE IF NOT EXISTS analysis_archived (
  version       INTEGER PRIMARY KEY,
  stream        TEXT NOT NULL,
  position      INTEGER NOT NULL,
  work_order    INTEGER NOT NULL,
  request       TEXT NOT NULL,
  category      TEXT NOT NULL,
  district      TEXT NOT NULL,
  closed_day    INTEGER,
  facts         BLOB NOT NULL,
  contributions BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS analysis_archived_stream ON analysis_archived (stream, position);
CREATE INDEX IF NOT EXISTS analysis_archived_position ON analysis_archived (position);
CREATE INDEX IF NOT EXISTS analysis_archived_closed ON analysis_archived (closed_day)
  WHERE closed_day IS NOT NULL;
CREATE TABLE IF NOT EXISTS analysis_archive_units (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS analysis_archive_unit_days (
  unit    INTEGER NOT NULL,
  day     INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (unit, day, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS analysis_archive_days (
  day      INTEGER NOT NULL,
  position INTEGER NOT NULL,
  cells    BLOB NOT NULL,
  coarse   BLOB  -- NULL: archived before schema version 3
);
CREATE INDEX IF NOT EXISTS analysis_archive_days_day ON analysis_archive_days (day);
CREATE TABLE IF NOT EXISTS analysis_archive_superseded (
  stream TEXT PRIMARY KEY
) WITHOUT ROWID;
)sql";

// Only the newest version of a stream answers.
constexpr const char* kNewest =
    "a.position = (SELECT MAX(n.position) FROM analysis_archived n WHERE n.stream = a.stream)";

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
  if (auto st = check_archived_records(records); !st) return st;
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto st = sqlite::transaction(db, [&]() -> Status {
    for (const ArchivedRecord& r : records) {
      {
        auto seen = db.prepare("SELECT 1 FROM analysis_archived WHERE stream = ?1 LIMIT 1");
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
      auto packed =
          archive::pack(r.contributions, [&](std::string_view unit) { return unit_id(unit); });
      if (!packed) return fail(packed.error());
      std::int64_t version = 0;
      {
        auto row = db.prepare(
            "INSERT INTO analysis_archived (stream, position, work_order, request, category, "
            "district, closed_day, facts, contributions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
            "CAST(?8 AS BLOB), CAST(?9 AS BLOB))");
        if (!row) return fail(row.error());
        row->bind(1, r.stream);
        row->bind(2, position);
        row->bind(3, std::int64_t{r.work_order ? 1 : 0});
        row->bind(4, r.request);
        row->bind(5, r.category);
        row->bind(6, r.district);
        row->bind(7, r.closed_day ? std::optional<std::int64_t>(*r.closed_day) : std::nullopt);
        row->bind(8, std::string_view(r.facts));
        row->bind(9, std::string_view(packed->blob));
        if (int rc = row->step(); rc != SQLITE_DONE) return fail(db.error(rc, "archive record"));
        version = sqlite3_last_insert_rowid(db.handle());
      }
      // The drill-down's index: each unit × day of the record once.
      for (const auto& [unit, day] : packed->unit_days) {
        auto row = db.prepare(
            "INSERT INTO analysis_archive_unit_days (unit, day, version) VALUES (?1, ?2, ?3)");
        if (!row) return fail(row.error());
        row->bind(1, unit);
        row->bind(2, std::int64_t{day});
        row->bind(3, version);
        if (int rc = row->step(); rc != SQLITE_DONE) {
          return fail(db.error(rc, "archive unit day"));
        }
      }
    }
    return {};
  });
  if (!st) {
    // ids interned by the rolled-back transaction are gone
    units_.clear();
    unit_names_.clear();
  }
  return st;
}

Result<std::string> SqliteAnalysisArchive::unit_name(std::int64_t id) {
  if (auto it = unit_names_.find(id); it != unit_names_.end()) return it->second;
  auto get = db_->prepare("SELECT name FROM analysis_archive_units WHERE id = ?1");
  if (!get) return fail(get.error());
  get->bind(1, id);
  if (int rc = get->step(); rc != SQLITE_ROW) return fail(db_->error(rc, "archive unit"));
  std::string name = get->text(0);
  unit_names_.emplace(id, name);
  return name;
}

Result<std::optional<ArchivedRecord>> SqliteAnalysisArchive::get(std::string_view stream) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto row = db.prepare(
      "SELECT work_order, request, category, district, closed_day, facts, contributions "
      "FROM analysis_archived WHERE stream = ?1 ORDER BY position DESC LIMIT 1");
  if (!row) return fail(row.error());
  row->bind(1, stream);
  const int rc = row->step();
  if (rc == SQLITE_DONE) return std::optional<ArchivedRecord>();
  if (rc != SQLITE_ROW) return fail(db.error(rc, "archive get"));
  ArchivedRecord r;
  r.stream = std::string(stream);
  r.work_order = row->int64(0) != 0;
  r.request = row->text(1);
  r.category = row->text(2);
  r.district = row->text(3);
  if (!row->is_null(4)) r.closed_day = static_cast<std::int32_t>(row->int64(4));
  r.facts = row->text(5);
  const std::string blob = row->text(6);
  for (const archive::PackedContribution& c : archive::unpack(blob)) {
    auto name = unit_name(c.unit);
    if (!name) return fail(name.error());
    r.contributions.push_back(ArchivedContribution{c.day, *name, c.measure, c.delta});
  }
  return std::optional<ArchivedRecord>(std::move(r));
}

Result<std::vector<ArchivedFigureRow>> SqliteAnalysisArchive::contributions(
    std::string_view unit, std::int32_t from, std::int32_t to,
    const std::vector<std::uint8_t>& measures) {
  std::lock_guard lock(mutex_);
  std::vector<ArchivedFigureRow> out;
  if (measures.empty()) return out;
  sqlite::Connection& db = *db_;
  std::int64_t unit_number = 0;
  {
    auto id = db.prepare("SELECT id FROM analysis_archive_units WHERE name = ?1");
    if (!id) return fail(id.error());
    id->bind(1, unit);
    const int rc = id->step();
    if (rc == SQLITE_DONE) return out;  // never archived a contribution
    if (rc != SQLITE_ROW) return fail(db.error(rc, "archive drill-down"));
    unit_number = id->int64(0);
  }
  // The records with a contribution of the unit in the days (the index),
  // newest versions only; their blobs are filtered by measure here.
  auto rows =
      db.prepare(std::string("SELECT a.stream, a.request, a.category, a.district, a.contributions "
                             "FROM analysis_archived a WHERE a.version IN (SELECT d.version FROM "
                             "analysis_archive_unit_days d WHERE d.unit = ?1 AND d.day BETWEEN ?2 "
                             "AND ?3) AND ") +
                 kNewest + " ORDER BY a.stream");
  if (!rows) return fail(rows.error());
  rows->bind(1, unit_number);
  rows->bind(2, std::int64_t{from});
  rows->bind(3, std::int64_t{to});
  int rc;
  while ((rc = rows->step()) == SQLITE_ROW) {
    auto sums = archive::sum_measures(rows->text_view(4), unit_number, from, to, measures);
    if (sums.empty()) continue;
    out.push_back(ArchivedFigureRow{rows->text(0), rows->text(1), rows->text(2), rows->text(3),
                                    std::move(sums)});
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "archive drill-down"));
  return out;
}

Result<std::vector<std::string>> SqliteAnalysisArchive::closed_between(std::int32_t from,
                                                                       std::int32_t to) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto rows =
      db.prepare(std::string("SELECT a.stream FROM analysis_archived a WHERE a.work_order = 1 "
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
          "INSERT INTO analysis_archive_days (day, position, cells, coarse) VALUES (?1, ?2, "
          "CAST(?3 AS BLOB), CAST(NULLIF(?4, '') AS BLOB))");
      if (!row) return fail(row.error());
      row->bind(1, std::int64_t{p.day});
      row->bind(2, position);
      row->bind(3, std::string_view(p.cells));
      row->bind(4, std::string_view(p.coarse));
      if (int rc = row->step(); rc != SQLITE_DONE) return fail(db.error(rc, "archive day"));
    }
    return {};
  });
}

Result<std::vector<ArchivedDayPart>> SqliteAnalysisArchive::days(std::int32_t from, std::int32_t to,
                                                                 DayDetail detail) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  // Coarse: the cells are read only for a part that has no coarse cells.
  auto rows = db.prepare(detail == DayDetail::kCoarse
                             ? "SELECT day, CASE WHEN coarse IS NULL THEN cells END, coarse "
                               "FROM analysis_archive_days WHERE day BETWEEN ?1 AND ?2 "
                               "ORDER BY day, rowid"
                             : "SELECT day, cells, NULL FROM analysis_archive_days "
                               "WHERE day BETWEEN ?1 AND ?2 ORDER BY day, rowid");
  if (!rows) return fail(rows.error());
  rows->bind(1, std::int64_t{from});
  rows->bind(2, std::int64_t{to});
  std::vector<ArchivedDayPart> out;
  int rc;
  while ((rc = rows->step()) == SQLITE_ROW) {
    out.push_back(
        ArchivedDayPart{static_cast<std::int32_t>(rows->int64(0)), rows->text(1), rows->text(2)});
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
    if (auto st = step("DELETE FROM analysis_archive_unit_days WHERE version IN "
                       "(SELECT version FROM analysis_archived WHERE position > ?1)");
        !st) {
      return st;
    }
    if (auto st = step("DELETE FROM analysis_archived WHERE position > ?1"); !st) return st;
    if (auto st = step("DELETE FROM analysis_archive_days WHERE position > ?1"); !st) return st;
    // Versions superseded by a newer one at or before the checkpoint.
    const char* old =
        "SELECT a.version FROM analysis_archived a JOIN analysis_archive_superseded s "
        "ON s.stream = a.stream WHERE a.position < (SELECT MAX(n.position) FROM "
        "analysis_archived n WHERE n.stream = a.stream) AND ?1 = ?1";
    if (auto st = step(
            (std::string("DELETE FROM analysis_archive_unit_days WHERE version IN (") + old + ")")
                .c_str());
        !st) {
      return st;
    }
    if (auto st = step(
            (std::string("DELETE FROM analysis_archived WHERE version IN (") + old + ")").c_str());
        !st) {
      return st;
    }
    return db.exec("DELETE FROM analysis_archive_superseded");
  });
}

Result<std::int64_t> SqliteAnalysisArchive::size() {
  std::lock_guard lock(mutex_);
  return db_->query_int("SELECT COUNT(DISTINCT stream) FROM analysis_archived");
}

}  // namespace hotline
