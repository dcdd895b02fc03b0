#include "adapters/postgresql/pg_open311_index.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "adapters/storage/open311_rows.h"

namespace hotline {
namespace {

using open311::IndexedRequest;

constexpr std::size_t kIdleConnections = 4;

// SQLite's table without the e-mail and account-id columns it keeps only
// for files of earlier versions (SEC-1: they are on the registration event,
// sealed). Coordinates are doubles; numbers and principals compare as bytes
// (COLLATE "C"), as in SQLite, whatever the database's collation.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS open311_requests (
  number       TEXT PRIMARY KEY,
  service_code TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  closed       BOOLEAN NOT NULL DEFAULT false,
  updated_at   BIGINT NOT NULL,
  principal    TEXT NOT NULL DEFAULT '',
  lat          DOUBLE PRECISION,
  lon          DOUBLE PRECISION,
  address_id   TEXT NOT NULL DEFAULT '',
  media_url    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS open311_requests_time ON open311_requests (requested_at, service_code);
-- GET requests lists one API client's rows, newest first.
CREATE INDEX IF NOT EXISTS open311_requests_principal
  ON open311_requests (principal, requested_at DESC, number COLLATE "C" DESC);
-- How far the projection has read the work-order event log.
CREATE TABLE IF NOT EXISTS open311_log_position (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position BIGINT NOT NULL
);
)sql";

constexpr const char* kColumns =
    "number, service_code, requested_at, closed, updated_at, principal, lat, lon, address_id, "
    "media_url";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }
std::int64_t clamp(std::size_t n) {
  return static_cast<std::int64_t>(std::min<std::size_t>(n, INT64_MAX));
}

// Bound as their shortest round-trip text and cast by the server, so the
// double read back is the one written.
std::optional<std::string> coordinate_param(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  return open311_rows::coordinate_text(*v);
}
std::optional<double> coordinate_of(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return open311_rows::coordinate(std::string_view(f.c_str(), f.size()));
}

IndexedRequest read_row(const pqxx::row& row) {
  IndexedRequest r;
  r.number = row[0].as<std::string>();
  r.service_code = row[1].as<std::string>();
  r.requested_at = instant(row[2].as<std::int64_t>());
  r.closed = row[3].as<bool>();
  r.updated_at = instant(row[4].as<std::int64_t>());
  r.principal = row[5].as<std::string>();
  r.lat = coordinate_of(row[6]);
  r.lon = coordinate_of(row[7]);
  r.address_id = row[8].as<std::string>();
  r.media_url = row[9].as<std::string>();
  return r;
}

}  // namespace

PgOpen311Index::PgOpen311Index(const pg::Target& target) : pool_(target, kIdleConnections) {}
PgOpen311Index::~PgOpen311Index() = default;

Result<std::unique_ptr<PgOpen311Index>> PgOpen311Index::open(const pg::Target& target) {
  auto db = pg::connect(target);
  if (!db) return fail(db.error());
  if (auto st = pg::prepare_schema(**db, target, kSchema); !st) return fail(st.error());
  return std::unique_ptr<PgOpen311Index>(new PgOpen311Index(target));
}

template <typename T, typename F>
Result<T> PgOpen311Index::run(const char* what, F&& f) {
  return pool_.run(what, [&](pqxx::connection& db) -> Result<T> { return f(db); });
}

Status PgOpen311Index::put(const IndexedRequest& e) {
  auto written = write(e, true);
  if (!written) return fail(written.error());
  return {};
}

Result<bool> PgOpen311Index::add_missing(const IndexedRequest& e) { return write(e, false); }

Result<bool> PgOpen311Index::write(const IndexedRequest& e, bool replace) {
  if (auto st = open311_rows::check_row(e); !st) return fail(st.error());
  const std::string sql =
      std::string("INSERT INTO open311_requests (") + kColumns +
      ") VALUES ($1, $2, $3, $4, $5, $6, $7::double precision, $8::double precision, $9, $10) " +
      (replace ? "ON CONFLICT (number) DO UPDATE SET service_code = excluded.service_code, "
                 "requested_at = excluded.requested_at, closed = excluded.closed, "
                 "updated_at = excluded.updated_at, principal = excluded.principal, "
                 "lat = excluded.lat, lon = excluded.lon, address_id = excluded.address_id, "
                 "media_url = excluded.media_url"
               : "ON CONFLICT (number) DO NOTHING");
  return run<bool>("open311 index", [&](pqxx::connection& db) -> Result<bool> {
    pqxx::work txn(db);
    const pqxx::result r = txn.exec_params(
        sql, e.number, e.service_code, seconds(e.requested_at), e.closed, seconds(e.updated_at),
        e.principal, coordinate_param(e.lat), coordinate_param(e.lon), e.address_id, e.media_url);
    txn.commit();
    return r.affected_rows() > 0;
  });
}

Result<std::optional<IndexedRequest>> PgOpen311Index::get(const std::string& number) {
  // Text no row can hold finds none (as in SQLite); sent, a NUL would cut
  // the parameter short and find another row.
  if (!is_storable_text(number)) return std::optional<IndexedRequest>();
  return run<std::optional<IndexedRequest>>(
      "open311 index", [&](pqxx::connection& db) -> Result<std::optional<IndexedRequest>> {
        pqxx::nontransaction txn(db);
        const pqxx::result rows = txn.exec_params(
            std::string("SELECT ") + kColumns + " FROM open311_requests WHERE number = $1", number);
        if (rows.empty()) return std::optional<IndexedRequest>();
        return std::optional<IndexedRequest>(read_row(rows[0]));
      });
}

Result<std::vector<IndexedRequest>> PgOpen311Index::list(const open311::IndexQuery& q) {
  std::vector<std::string> params;
  auto param = [&](std::string value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  std::string sql =
      std::string("SELECT ") + kColumns +
      " FROM open311_requests WHERE requested_at >= " + param(std::to_string(seconds(q.from))) +
      " AND requested_at <= " + param(std::to_string(seconds(q.to)));
  if (!q.service_codes.empty()) {
    std::string list;
    for (const std::string& code : q.service_codes) {
      if (!is_storable_text(code)) continue;  // matches no row
      list += (list.empty() ? "" : ", ") + param(code);
    }
    if (list.empty()) return std::vector<IndexedRequest>();
    sql += " AND service_code IN (" + list + ")";
  }
  if (q.principal) {
    if (!is_storable_text(*q.principal)) return std::vector<IndexedRequest>();
    sql += " AND principal = " + param(*q.principal);
  }
  sql += " ORDER BY requested_at DESC, number COLLATE \"C\" DESC LIMIT " +
         param(std::to_string(clamp(q.limit))) + " OFFSET " +
         param(std::to_string(clamp(q.offset)));
  return run<std::vector<IndexedRequest>>(
      "open311 index", [&](pqxx::connection& db) -> Result<std::vector<IndexedRequest>> {
        pqxx::nontransaction txn(db);
        const pqxx::result rows = txn.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
        std::vector<IndexedRequest> out;
        out.reserve(rows.size());
        for (const pqxx::row& row : rows) out.push_back(read_row(row));
        return out;
      });
}

Status PgOpen311Index::set_status(const std::string& number, bool closed, Instant updated_at) {
  if (auto st = check_stored_text("number", number); !st) return st;
  auto done = run<bool>("open311 index", [&](pqxx::connection& db) -> Result<bool> {
    pqxx::work txn(db);
    txn.exec_params0("UPDATE open311_requests SET closed = $2, updated_at = $3 WHERE number = $1",
                     number, closed, seconds(updated_at));
    txn.commit();
    return true;
  });
  if (!done) return fail(done.error());
  return {};
}

Result<std::optional<std::int64_t>> PgOpen311Index::log_position() {
  return run<std::optional<std::int64_t>>(
      "read the open311 index's log position",
      [](pqxx::connection& db) -> Result<std::optional<std::int64_t>> {
        pqxx::nontransaction txn(db);
        const pqxx::result rows =
            txn.exec("SELECT position FROM open311_log_position WHERE id = 1");
        if (rows.empty()) return std::optional<std::int64_t>();
        return std::optional<std::int64_t>(rows[0][0].as<std::int64_t>());
      });
}

Status PgOpen311Index::save_log_position(std::int64_t position) {
  auto done =
      run<bool>("save the open311 index's log position", [&](pqxx::connection& db) -> Result<bool> {
        pqxx::work txn(db);
        txn.exec_params0(
            "INSERT INTO open311_log_position (id, position) VALUES (1, $1) "
            "ON CONFLICT (id) DO UPDATE SET position = excluded.position",
            position);
        txn.commit();
        return true;
      });
  if (!done) return fail(done.error());
  return {};
}

}  // namespace hotline
