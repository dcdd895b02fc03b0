#include "adapters/sqlite/sqlite_analysis_checkpoint.h"

#include <sqlite3.h>

#include "adapters/sqlite/sqlite_tables.h"
#include "core/ports/analysis_store_checks.h"

namespace hotline {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS analysis_checkpoint (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  cursor INTEGER NOT NULL,
  state  BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS analysis_watch_list (
  position INTEGER PRIMARY KEY,
  word     TEXT NOT NULL
);
)sql";

}  // namespace

SqliteAnalysisCheckpoint::SqliteAnalysisCheckpoint(std::unique_ptr<sqlite::Connection> db)
    : db_(std::move(db)) {}

Result<std::unique_ptr<SqliteAnalysisCheckpoint>> SqliteAnalysisCheckpoint::open(
    const std::filesystem::path& file) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  return std::unique_ptr<SqliteAnalysisCheckpoint>(new SqliteAnalysisCheckpoint(std::move(*db)));
}

Status SqliteAnalysisCheckpoint::save(const AnalysisCheckpoint& checkpoint) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  return sqlite::transaction(db, [&]() -> Status {
    auto put = db.prepare(
        "INSERT INTO analysis_checkpoint (id, cursor, state) VALUES (1, ?1, CAST(?2 AS BLOB)) "
        "ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, state = excluded.state");
    if (!put) return fail(put.error());
    put->bind(1, checkpoint.cursor);
    put->bind(2, std::string_view(checkpoint.state));
    if (int rc = put->step(); rc != SQLITE_DONE) return fail(db.error(rc, "save checkpoint"));
    return {};
  });
}

Result<std::optional<AnalysisCheckpoint>> SqliteAnalysisCheckpoint::load() {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare("SELECT cursor, state FROM analysis_checkpoint WHERE id = 1");
  if (!get) return fail(get.error());
  const int rc = get->step();
  if (rc == SQLITE_DONE) return std::optional<AnalysisCheckpoint>();
  if (rc != SQLITE_ROW) return fail(db.error(rc, "load checkpoint"));
  return std::optional<AnalysisCheckpoint>(AnalysisCheckpoint{get->int64(0), get->text(1)});
}

Status SqliteAnalysisCheckpoint::save_watch_list(const std::vector<std::string>& words) {
  if (auto st = check_watch_list(words); !st) return st;
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  return sqlite::transaction(db, [&]() -> Status {
    if (auto st = db.exec("DELETE FROM analysis_watch_list"); !st) return st;
    std::int64_t position = 0;
    for (const std::string& word : words) {
      auto put = db.prepare("INSERT INTO analysis_watch_list (position, word) VALUES (?1, ?2)");
      if (!put) return fail(put.error());
      put->bind(1, ++position);
      put->bind(2, word);
      if (int rc = put->step(); rc != SQLITE_DONE) return fail(db.error(rc, "save watch list"));
    }
    return {};
  });
}

Result<std::vector<std::string>> SqliteAnalysisCheckpoint::load_watch_list() {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare("SELECT word FROM analysis_watch_list ORDER BY position");
  if (!get) return fail(get.error());
  std::vector<std::string> words;
  int rc;
  while ((rc = get->step()) == SQLITE_ROW) words.push_back(get->text(0));
  if (rc != SQLITE_DONE) return fail(db.error(rc, "load watch list"));
  return words;
}

}  // namespace hotline
