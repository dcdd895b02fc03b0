#include "adapters/postgresql/pg_suggestion_store.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "adapters/storage/suggestion_rows.h"

namespace hotline {
namespace {

using suggestion_rows::from_ppm;
using suggestion_rows::ppm;

constexpr std::size_t kIdleConnections = 4;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS model_suggestions (
  request             TEXT PRIMARY KEY,
  model               TEXT NOT NULL,
  model_digest        TEXT NOT NULL,
  suggested_at        BIGINT NOT NULL,
  category            TEXT NOT NULL,
  category_confidence BIGINT NOT NULL,  -- parts per million
  category_source     TEXT NOT NULL,
  lead_unit           TEXT NOT NULL,
  unit_confidence     BIGINT NOT NULL,  -- parts per million
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
  position BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS model_drift_warnings (
  id                TEXT PRIMARY KEY,
  model             TEXT NOT NULL,
  measure           TEXT NOT NULL,
  title             TEXT NOT NULL,
  created_at        BIGINT NOT NULL,
  baseline_accuracy BIGINT NOT NULL,  -- parts per million
  recent_accuracy   BIGINT NOT NULL,
  baseline_decided  BIGINT NOT NULL,
  recent_decided    BIGINT NOT NULL,
  article           TEXT NOT NULL
);
)sql";

constexpr const char* kColumns =
    "request, model, model_digest, suggested_at, category, category_confidence, "
    "category_source, lead_unit, unit_confidence, registered_category, final_category, "
    "work_order, dispatched_unit";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }

analysis::SuggestionRecord read_record(const pqxx::row& row) {
  analysis::SuggestionRecord r;
  r.request = row[0].as<std::string>();
  r.model.name = row[1].as<std::string>();
  r.model.digest = row[2].as<std::string>();
  r.suggested_at = instant(row[3].as<std::int64_t>());
  r.category = row[4].as<std::string>();
  r.category_confidence = from_ppm(row[5].as<std::int64_t>());
  r.category_source = row[6].as<std::string>();
  r.lead_unit = row[7].as<std::string>();
  r.unit_confidence = from_ppm(row[8].as<std::int64_t>());
  r.registered_category = row[9].as<std::string>();
  r.final_category = row[10].as<std::string>();
  r.work_order = row[11].as<std::string>();
  r.dispatched_unit = row[12].as<std::string>();
  return r;
}

}  // namespace

PgSuggestionStore::PgSuggestionStore(const pg::Target& target) : pool_(target, kIdleConnections) {}
PgSuggestionStore::~PgSuggestionStore() = default;

Result<std::unique_ptr<PgSuggestionStore>> PgSuggestionStore::open(const pg::Target& target) {
  auto db = pg::connect(target);
  if (!db) return fail(db.error());
  if (auto st = pg::prepare_schema(**db, target, kSchema); !st) return fail(st.error());
  return std::unique_ptr<PgSuggestionStore>(new PgSuggestionStore(target));
}

template <typename T, typename F>
Result<T> PgSuggestionStore::run(const char* what, F&& f) {
  return pool_.run(what, [&](pqxx::connection& db) -> Result<T> { return f(db); });
}

template <typename... Args>
Result<std::size_t> PgSuggestionStore::write(const char* what, const std::string& sql,
                                             Args&&... args) {
  return run<std::size_t>(what, [&](pqxx::connection& db) -> Result<std::size_t> {
    pqxx::work txn(db);
    const pqxx::result r = txn.exec_params(sql, std::forward<Args>(args)...);
    txn.commit();
    return r.affected_rows();
  });
}

Status PgSuggestionStore::save_suggestion(const analysis::SuggestionRecord& r) {
  if (auto st = suggestion_rows::check_record(r); !st) return st;
  auto done =
      write("save suggestion",
            std::string("INSERT INTO model_suggestions (") + kColumns +
                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
                "ON CONFLICT (request) DO NOTHING",
            r.request, r.model.name, r.model.digest, seconds(r.suggested_at), r.category,
            ppm(r.category_confidence), r.category_source, r.lead_unit, ppm(r.unit_confidence),
            r.registered_category, r.final_category, r.work_order, r.dispatched_unit);
  if (!done) return fail(done.error());
  return {};
}

Status PgSuggestionStore::set_final_category(const std::string& request,
                                             const std::string& category) {
  if (auto st = check_stored_fields({{"request", request}, {"category", category}}); !st) {
    return st;
  }
  auto done = write("set final category",
                    "UPDATE model_suggestions SET final_category = $2 WHERE request = $1", request,
                    category);
  if (!done) return fail(done.error());
  return {};
}

Status PgSuggestionStore::set_dispatched_unit(const std::string& request,
                                              const std::string& work_order,
                                              const std::string& unit) {
  if (auto st =
          check_stored_fields({{"request", request}, {"work_order", work_order}, {"unit", unit}});
      !st) {
    return st;
  }
  // As in SQLite: the first dispatch of item 0 names its work order; later
  // dispatches of the same request (other items) leave it; a re-dispatch
  // finds it by id.
  auto done = request.empty()
                  ? write("set dispatched unit",
                          "UPDATE model_suggestions SET dispatched_unit = $2 WHERE work_order = $1",
                          work_order, unit)
                  : write("set dispatched unit",
                          "UPDATE model_suggestions SET work_order = $2, dispatched_unit = $3 "
                          "WHERE request = $1 AND (work_order = '' OR work_order = $2)",
                          request, work_order, unit);
  if (!done) return fail(done.error());
  return {};
}

Result<std::optional<analysis::SuggestionRecord>> PgSuggestionStore::suggestion(
    const std::string& request) {
  using Found = std::optional<analysis::SuggestionRecord>;
  // Text no row can hold finds none (as in SQLite); sent, a NUL would cut
  // the parameter short and find another row.
  if (!is_storable_text(request)) return Found();
  return run<Found>("read suggestion", [&](pqxx::connection& db) -> Result<Found> {
    pqxx::nontransaction txn(db);
    const pqxx::result rows = txn.exec_params(
        std::string("SELECT ") + kColumns + " FROM model_suggestions WHERE request = $1", request);
    if (rows.empty()) return Found();
    return Found(read_record(rows[0]));
  });
}

Result<std::vector<analysis::SuggestionRecord>> PgSuggestionStore::suggestions(Instant from,
                                                                               Instant to) {
  using Records = std::vector<analysis::SuggestionRecord>;
  return run<Records>("read suggestions", [&](pqxx::connection& db) -> Result<Records> {
    pqxx::nontransaction txn(db);
    const pqxx::result rows = txn.exec_params(
        std::string("SELECT ") + kColumns +
            " FROM model_suggestions WHERE suggested_at >= $1 AND suggested_at < $2 "
            "ORDER BY suggested_at, request COLLATE \"C\"",
        seconds(from), seconds(to));
    Records out;
    out.reserve(rows.size());
    for (const pqxx::row& row : rows) out.push_back(read_record(row));
    return out;
  });
}

Result<std::vector<analysis::AccuracyFigure>> PgSuggestionStore::tally(Instant from, Instant to) {
  using Figures = std::vector<analysis::AccuracyFigure>;
  return run<Figures>("count suggestions", [&](pqxx::connection& db) -> Result<Figures> {
    pqxx::nontransaction txn(db);
    // analysis::category_matches in SQL: equal, or the decided category
    // lies below the suggested one ("城乡建设" → "城乡建设/物业服务").
    // starts_with compares bytes, whatever the collation.
    const pqxx::result rows = txn.exec_params(
        "SELECT model, model_digest, count(*), "
        "count(*) FILTER (WHERE final_category <> ''), "
        "count(*) FILTER (WHERE final_category <> '' AND category <> '' AND "
        "(final_category = category OR starts_with(final_category, category || '/'))), "
        "count(*) FILTER (WHERE dispatched_unit <> ''), "
        "count(*) FILTER (WHERE dispatched_unit <> '' AND lead_unit = dispatched_unit) "
        "FROM model_suggestions WHERE suggested_at >= $1 AND suggested_at < $2 "
        "GROUP BY model, model_digest",
        seconds(from), seconds(to));
    Figures out;
    out.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      analysis::AccuracyFigure f;
      f.bucket = "all";
      f.model = analysis::ModelVersion{row[0].as<std::string>(), row[1].as<std::string>()}.label();
      f.suggestions = row[2].as<std::int64_t>();
      f.category_decided = row[3].as<std::int64_t>();
      f.category_correct = row[4].as<std::int64_t>();
      f.unit_decided = row[5].as<std::int64_t>();
      f.unit_correct = row[6].as<std::int64_t>();
      out.push_back(std::move(f));
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.model < b.model; });
    return out;
  });
}

Result<bool> PgSuggestionStore::has_suggestions() {
  return run<bool>("read suggestions", [](pqxx::connection& db) -> Result<bool> {
    pqxx::nontransaction txn(db);
    return !txn.exec("SELECT 1 FROM model_suggestions LIMIT 1").empty();
  });
}

Result<std::optional<std::int64_t>> PgSuggestionStore::log_position() {
  using Position = std::optional<std::int64_t>;
  return run<Position>(
      "read the suggestions' log position", [](pqxx::connection& db) -> Result<Position> {
        pqxx::nontransaction txn(db);
        const pqxx::result rows =
            txn.exec("SELECT position FROM model_suggestions_log_position WHERE id = 1");
        if (rows.empty()) return Position();
        return Position(rows[0][0].as<std::int64_t>());
      });
}

Status PgSuggestionStore::save_log_position(std::int64_t position) {
  auto done = write("save the suggestions' log position",
                    "INSERT INTO model_suggestions_log_position (id, position) VALUES (1, $1) "
                    "ON CONFLICT (id) DO UPDATE SET position = excluded.position",
                    position);
  if (!done) return fail(done.error());
  return {};
}

Result<bool> PgSuggestionStore::save_drift_warning(const analysis::DriftWarning& w) {
  if (auto st = suggestion_rows::check_drift_warning(w); !st) return fail(st.error());
  auto added = write("save drift warning",
                     "INSERT INTO model_drift_warnings (id, model, measure, title, created_at, "
                     "baseline_accuracy, recent_accuracy, baseline_decided, recent_decided, "
                     "article) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                     "ON CONFLICT (id) DO NOTHING",
                     w.id, w.model, std::string(analysis::to_string(w.measure)), w.title,
                     seconds(w.created_at), ppm(w.baseline_accuracy), ppm(w.recent_accuracy),
                     w.baseline_decided, w.recent_decided, w.article);
  if (!added) return fail(added.error());
  return *added > 0;
}

Result<std::vector<analysis::DriftWarning>> PgSuggestionStore::drift_warnings(Instant from,
                                                                              Instant to) {
  using Warnings = std::vector<analysis::DriftWarning>;
  return run<Warnings>("read drift warnings", [&](pqxx::connection& db) -> Result<Warnings> {
    pqxx::nontransaction txn(db);
    const pqxx::result rows = txn.exec_params(
        "SELECT id, model, measure, title, created_at, baseline_accuracy, recent_accuracy, "
        "baseline_decided, recent_decided, article FROM model_drift_warnings "
        "WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, id COLLATE \"C\"",
        seconds(from), seconds(to));
    Warnings out;
    out.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      analysis::DriftWarning w;
      w.id = row[0].as<std::string>();
      w.model = row[1].as<std::string>();
      w.measure = row[2].as<std::string>() == "unit" ? analysis::DriftMeasure::kUnit
                                                     : analysis::DriftMeasure::kCategory;
      w.title = row[3].as<std::string>();
      w.created_at = instant(row[4].as<std::int64_t>());
      w.baseline_accuracy = from_ppm(row[5].as<std::int64_t>());
      w.recent_accuracy = from_ppm(row[6].as<std::int64_t>());
      w.baseline_decided = row[7].as<std::int64_t>();
      w.recent_decided = row[8].as<std::int64_t>();
      w.article = row[9].as<std::string>();
      out.push_back(std::move(w));
    }
    return out;
  });
}

}  // namespace hotline
