#include "adapters/postgresql/pg_analysis_checkpoint.h"

#include <pqxx/pqxx>

#include "core/ports/analysis_store_checks.h"

namespace hotline {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS analysis_checkpoint (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  cursor BIGINT NOT NULL,
  state  BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS analysis_watch_list (
  position BIGINT PRIMARY KEY,
  word     TEXT NOT NULL
);
)sql";

}  // namespace

PgAnalysisCheckpoint::PgAnalysisCheckpoint(pg::Target target, std::unique_ptr<pqxx::connection> db)
    : target_(std::move(target)), db_(std::move(db)) {}

PgAnalysisCheckpoint::~PgAnalysisCheckpoint() = default;

Result<std::unique_ptr<PgAnalysisCheckpoint>> PgAnalysisCheckpoint::open(const pg::Target& target) {
  auto db = pg::connect(target);
  if (!db) return fail(db.error());
  if (auto st = pg::prepare_schema(**db, target, kSchema); !st) return fail(st.error());
  return std::unique_ptr<PgAnalysisCheckpoint>(new PgAnalysisCheckpoint(target, std::move(*db)));
}

Result<pqxx::connection*> PgAnalysisCheckpoint::connection() {
  if (db_ && db_->is_open()) return db_.get();
  auto db = pg::connect(target_);
  if (!db) return fail(db.error());
  db_ = std::move(*db);
  return db_.get();
}

Status PgAnalysisCheckpoint::save(const AnalysisCheckpoint& checkpoint) {
  std::lock_guard lock(mutex_);
  auto db = connection();
  if (!db) return fail(db.error());
  try {
    pqxx::work txn(**db);
    // State as a binary parameter: a text one would end at its first NUL.
    txn.exec_params0(
        "INSERT INTO analysis_checkpoint (id, cursor, state) VALUES (1, $1, $2) "
        "ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, state = excluded.state",
        checkpoint.cursor, pqxx::binarystring(checkpoint.state.data(), checkpoint.state.size()));
    txn.commit();
    return {};
  } catch (const std::exception& e) {
    return fail(pg::storage_error(e, "save checkpoint"));
  }
}

Result<std::optional<AnalysisCheckpoint>> PgAnalysisCheckpoint::load() {
  std::lock_guard lock(mutex_);
  auto db = connection();
  if (!db) return fail(db.error());
  try {
    pqxx::nontransaction txn(**db);
    const pqxx::result rows =
        txn.exec("SELECT cursor, state FROM analysis_checkpoint WHERE id = 1");
    if (rows.empty()) return std::optional<AnalysisCheckpoint>();
    return std::optional<AnalysisCheckpoint>(
        AnalysisCheckpoint{rows[0][0].as<std::int64_t>(), pqxx::binarystring(rows[0][1]).str()});
  } catch (const std::exception& e) {
    return fail(pg::storage_error(e, "load checkpoint"));
  }
}

Status PgAnalysisCheckpoint::save_watch_list(const std::vector<std::string>& words) {
  if (auto st = check_watch_list(words); !st) return st;
  std::lock_guard lock(mutex_);
  auto db = connection();
  if (!db) return fail(db.error());
  try {
    pqxx::work txn(**db);
    // Another node replacing the list at once waits here until this one
    // commits; its DELETE, a later statement, then sees (and removes) these
    // rows instead of colliding with them. Readers are not blocked.
    txn.exec0("LOCK TABLE analysis_watch_list IN SHARE ROW EXCLUSIVE MODE");
    txn.exec0("DELETE FROM analysis_watch_list");
    std::int64_t position = 0;
    for (const std::string& word : words) {
      txn.exec_params0("INSERT INTO analysis_watch_list (position, word) VALUES ($1, $2)",
                       ++position, word);
    }
    txn.commit();
    return {};
  } catch (const std::exception& e) {
    return fail(pg::storage_error(e, "save watch list"));
  }
}

Result<std::vector<std::string>> PgAnalysisCheckpoint::load_watch_list() {
  std::lock_guard lock(mutex_);
  auto db = connection();
  if (!db) return fail(db.error());
  try {
    pqxx::nontransaction txn(**db);
    const pqxx::result rows = txn.exec("SELECT word FROM analysis_watch_list ORDER BY position");
    std::vector<std::string> words;
    words.reserve(rows.size());
    for (const pqxx::row& row : rows) words.push_back(row[0].as<std::string>());
    return words;
  } catch (const std::exception& e) {
    return fail(pg::storage_error(e, "load watch list"));
  }
}

}  // namespace hotline
