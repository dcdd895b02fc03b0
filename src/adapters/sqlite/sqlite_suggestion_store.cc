#include "adapters/sqlite/sqlite_suggestion_store.h"

#include <sqlite3.h>

#include <algorithm>

#include "adapters/sqlite/sqlite_tables.h"
#include "adapters/storage/suggestion_rows.h"

namespace hotline {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS model_suggestions (
  request             TEXT PRIMARY KEY,
  model               TEXT NOT NULL,
  model_digest        TEXT NOT NULL,
  suggested_at        INTEGER NOT NULL,
  category            TEXT NOT NULL,
  category_confidence INTEGER NOT NULL,  -- parts per million
  category_source     TEXT NOT NULL,
  lead_unit           TEXT NOT NULL,
  unit_confidence     INTEGER NOT NULL,  -- parts per million
  registered_category TEXT NOT NULL,
  final_category      TEXT NOT NULL,
  work_order          TEXT NOT NULL DEFAULT '',
  dispatched_unit     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS model_suggestions_at ON model_suggestions (suggested_at);
CREATE INDEX IF NOT EXISTS model_suggestions_work_order ON model_suggestions (work_order);
-- How far the suggestion recorder has read the work-order event log.
CREATE TABLE IF NOT EXISTS model_suggestions_log_position (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS model_drift_warnings (
  id                TEXT PRIMARY KEY,
  model             TEXT NOT NULL,
  measure           TEXT NOT NULL,
  title             TEXT NOT NULL,
  created_at        INTEGER NOT NULL,
  baseline_accuracy INTEGER NOT NULL,  -- parts per million
  recent_accuracy   INTEGER NOT NULL,
  baseline_decided  INTEGER NOT NULL,
  recent_decided    INTEGER NOT NULL,
  article           TEXT NOT NULL
);
)sql";

using suggestion_rows::from_ppm;
using suggestion_rows::ppm;
std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }

constexpr const char* kColumns =
    "request, model, model_digest, suggested_at, category, category_confidence, "
    "category_source, lead_unit, unit_confidence, registered_category, final_category, "
    "work_order, dispatched_unit";

analysis::SuggestionRecord row(const sqlite::Statement& s) {
  analysis::SuggestionRecord r;
  r.request = s.text(0);
  r.model.name = s.text(1);
  r.model.digest = s.text(2);
  r.suggested_at = instant(s.int64(3));
  r.category = s.text(4);
  r.category_confidence = from_ppm(s.int64(5));
  r.category_source = s.text(6);
  r.lead_unit = s.text(7);
  r.unit_confidence = from_ppm(s.int64(8));
  r.registered_category = s.text(9);
  r.final_category = s.text(10);
  r.work_order = s.text(11);
  r.dispatched_unit = s.text(12);
  return r;
}

}  // namespace

SqliteSuggestionStore::SqliteSuggestionStore(std::unique_ptr<sqlite::Connection> db)
    : db_(std::move(db)) {}

Result<std::unique_ptr<SqliteSuggestionStore>> SqliteSuggestionStore::open(
    const std::filesystem::path& file) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  return std::unique_ptr<SqliteSuggestionStore>(new SqliteSuggestionStore(std::move(*db)));
}

Status SqliteSuggestionStore::save_suggestion(const analysis::SuggestionRecord& r) {
  if (auto st = suggestion_rows::check_record(r); !st) return st;
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto put = db.prepare(std::string("INSERT OR IGNORE INTO model_suggestions (") + kColumns +
                        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!put) return fail(put.error());
  put->bind(1, r.request);
  put->bind(2, r.model.name);
  put->bind(3, r.model.digest);
  put->bind(4, seconds(r.suggested_at));
  put->bind(5, r.category);
  put->bind(6, ppm(r.category_confidence));
  put->bind(7, r.category_source);
  put->bind(8, r.lead_unit);
  put->bind(9, ppm(r.unit_confidence));
  put->bind(10, r.registered_category);
  put->bind(11, r.final_category);
  put->bind(12, r.work_order);
  put->bind(13, r.dispatched_unit);
  if (int rc = put->step(); rc != SQLITE_DONE) return fail(db.error(rc, "save suggestion"));
  return {};
}

Status SqliteSuggestionStore::set_final_category(const std::string& request,
                                                 const std::string& category) {
  if (auto st = check_stored_fields({{"request", request}, {"category", category}}); !st) return st;
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto put = db.prepare("UPDATE model_suggestions SET final_category = ?2 WHERE request = ?1");
  if (!put) return fail(put.error());
  put->bind(1, request);
  put->bind(2, category);
  if (int rc = put->step(); rc != SQLITE_DONE) return fail(db.error(rc, "set final category"));
  return {};
}

Status SqliteSuggestionStore::set_dispatched_unit(const std::string& request,
                                                  const std::string& work_order,
                                                  const std::string& unit) {
  if (auto st =
          check_stored_fields({{"request", request}, {"work_order", work_order}, {"unit", unit}});
      !st) {
    return st;
  }
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  // The first dispatch of item 0 names its work order; later dispatches of
  // the same request (other items) leave it; a re-dispatch finds it by id.
  auto put = request.empty()
                 ? db.prepare(
                       "UPDATE model_suggestions SET dispatched_unit = ?3 WHERE work_order = ?2 "
                       "AND ?1 = ''")
                 : db.prepare(
                       "UPDATE model_suggestions SET work_order = ?2, dispatched_unit = ?3 "
                       "WHERE request = ?1 AND (work_order = '' OR work_order = ?2)");
  if (!put) return fail(put.error());
  put->bind(1, request);
  put->bind(2, work_order);
  put->bind(3, unit);
  if (int rc = put->step(); rc != SQLITE_DONE) return fail(db.error(rc, "set dispatched unit"));
  return {};
}

Result<std::optional<analysis::SuggestionRecord>> SqliteSuggestionStore::suggestion(
    const std::string& request) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get =
      db.prepare(std::string("SELECT ") + kColumns + " FROM model_suggestions WHERE request = ?1");
  if (!get) return fail(get.error());
  get->bind(1, request);
  const int rc = get->step();
  if (rc == SQLITE_DONE) return std::optional<analysis::SuggestionRecord>();
  if (rc != SQLITE_ROW) return fail(db.error(rc, "read suggestion"));
  return std::optional<analysis::SuggestionRecord>(row(*get));
}

Result<std::vector<analysis::SuggestionRecord>> SqliteSuggestionStore::suggestions(Instant from,
                                                                                   Instant to) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare(std::string("SELECT ") + kColumns +
                        " FROM model_suggestions WHERE suggested_at >= ?1 AND suggested_at < ?2 "
                        "ORDER BY suggested_at, request");
  if (!get) return fail(get.error());
  get->bind(1, seconds(from));
  get->bind(2, seconds(to));
  std::vector<analysis::SuggestionRecord> out;
  for (;;) {
    const int rc = get->step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return fail(db.error(rc, "read suggestions"));
    out.push_back(row(*get));
  }
  return out;
}

Result<std::vector<analysis::AccuracyFigure>> SqliteSuggestionStore::tally(Instant from,
                                                                           Instant to) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  // analysis::category_matches in SQL: equal, or the decided category lies
  // below the suggested one ("城乡建设" → "城乡建设/物业服务").
  auto get = db.prepare(
      "SELECT model, model_digest, COUNT(*), "
      "SUM(final_category <> ''), "
      "SUM(final_category <> '' AND category <> '' AND (final_category = category OR "
      "(length(final_category) > length(category) AND "
      "substr(final_category, 1, length(category) + 1) = category || '/'))), "
      "SUM(dispatched_unit <> ''), "
      "SUM(dispatched_unit <> '' AND lead_unit = dispatched_unit) "
      "FROM model_suggestions WHERE suggested_at >= ?1 AND suggested_at < ?2 "
      "GROUP BY model, model_digest");
  if (!get) return fail(get.error());
  get->bind(1, seconds(from));
  get->bind(2, seconds(to));
  std::vector<analysis::AccuracyFigure> out;
  for (;;) {
    const int rc = get->step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return fail(db.error(rc, "count suggestions"));
    analysis::AccuracyFigure f;
    f.bucket = "all";
    f.model = analysis::ModelVersion{get->text(0), get->text(1)}.label();
    f.suggestions = get->int64(2);
    f.category_decided = get->int64(3);
    f.category_correct = get->int64(4);
    f.unit_decided = get->int64(5);
    f.unit_correct = get->int64(6);
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.model < b.model; });
  return out;
}

Result<bool> SqliteSuggestionStore::has_suggestions() {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare("SELECT 1 FROM model_suggestions LIMIT 1");
  if (!get) return fail(get.error());
  const int rc = get->step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail(db.error(rc, "read suggestions"));
  return rc == SQLITE_ROW;
}

Result<std::optional<std::int64_t>> SqliteSuggestionStore::log_position() {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare("SELECT position FROM model_suggestions_log_position WHERE id = 1");
  if (!get) return fail(get.error());
  const int rc = get->step();
  if (rc == SQLITE_DONE) return std::optional<std::int64_t>();
  if (rc != SQLITE_ROW) return fail(db.error(rc, "read the suggestions' log position"));
  return std::optional<std::int64_t>(get->int64(0));
}

Status SqliteSuggestionStore::save_log_position(std::int64_t position) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto put = db.prepare(
      "INSERT INTO model_suggestions_log_position (id, position) VALUES (1, ?1) "
      "ON CONFLICT (id) DO UPDATE SET position = excluded.position");
  if (!put) return fail(put.error());
  put->bind(1, position);
  if (int rc = put->step(); rc != SQLITE_DONE) {
    return fail(db.error(rc, "save the suggestions' log position"));
  }
  return {};
}

Result<bool> SqliteSuggestionStore::save_drift_warning(const analysis::DriftWarning& w) {
  if (auto st = suggestion_rows::check_drift_warning(w); !st) return fail(st.error());
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto put = db.prepare(
      "INSERT OR IGNORE INTO model_drift_warnings (id, model, measure, title, created_at, "
      "baseline_accuracy, recent_accuracy, baseline_decided, recent_decided, article) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!put) return fail(put.error());
  put->bind(1, w.id);
  put->bind(2, w.model);
  put->bind(3, analysis::to_string(w.measure));
  put->bind(4, w.title);
  put->bind(5, seconds(w.created_at));
  put->bind(6, ppm(w.baseline_accuracy));
  put->bind(7, ppm(w.recent_accuracy));
  put->bind(8, w.baseline_decided);
  put->bind(9, w.recent_decided);
  put->bind(10, w.article);
  if (int rc = put->step(); rc != SQLITE_DONE) return fail(db.error(rc, "save drift warning"));
  return sqlite3_changes(db.handle()) > 0;
}

Result<std::vector<analysis::DriftWarning>> SqliteSuggestionStore::drift_warnings(Instant from,
                                                                                  Instant to) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare(
      "SELECT id, model, measure, title, created_at, baseline_accuracy, recent_accuracy, "
      "baseline_decided, recent_decided, article FROM model_drift_warnings "
      "WHERE created_at >= ?1 AND created_at < ?2 ORDER BY created_at, id");
  if (!get) return fail(get.error());
  get->bind(1, seconds(from));
  get->bind(2, seconds(to));
  std::vector<analysis::DriftWarning> out;
  for (;;) {
    const int rc = get->step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return fail(db.error(rc, "read drift warnings"));
    analysis::DriftWarning w;
    w.id = get->text(0);
    w.model = get->text(1);
    w.measure =
        get->text(2) == "unit" ? analysis::DriftMeasure::kUnit : analysis::DriftMeasure::kCategory;
    w.title = get->text(3);
    w.created_at = instant(get->int64(4));
    w.baseline_accuracy = from_ppm(get->int64(5));
    w.recent_accuracy = from_ppm(get->int64(6));
    w.baseline_decided = get->int64(7);
    w.recent_decided = get->int64(8);
    w.article = get->text(9);
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace hotline
