#include "adapters/sqlite/sqlite_open311_index.h"

#include "adapters/sqlite/sqlite_tables.h"
#include "adapters/storage/open311_rows.h"

namespace hotline {
namespace {

using open311::IndexedRequest;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS open311_requests (
  number       TEXT PRIMARY KEY,
  service_code TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  closed       INTEGER NOT NULL DEFAULT 0,
  updated_at   INTEGER NOT NULL,
  principal    TEXT NOT NULL DEFAULT '',
  lat          TEXT,
  lon          TEXT,
  address_id   TEXT NOT NULL DEFAULT '',
  media_url    TEXT NOT NULL DEFAULT '',
  -- No longer written: the contact details are on the registration event,
  -- sealed (SEC-1). Emptied in files of earlier versions (schema migration 2).
  email        TEXT NOT NULL DEFAULT '',
  account_id   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS open311_requests_time ON open311_requests (requested_at, service_code);
CREATE TABLE IF NOT EXISTS open311_log_position (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);
)sql";

constexpr const char* kColumns =
    "number, service_code, requested_at, closed, updated_at, principal, lat, lon, address_id, "
    "media_url";

// Coordinates are kept as their shortest round-trip text (REAL would do, but
// the statement wrapper binds integers and text only).
using open311_rows::coordinate;
using open311_rows::coordinate_text;

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }

IndexedRequest read_row(sqlite::Statement& st) {
  IndexedRequest r;
  r.number = st.text(0);
  r.service_code = st.text(1);
  r.requested_at = instant(st.int64(2));
  r.closed = st.int64(3) != 0;
  r.updated_at = instant(st.int64(4));
  r.principal = st.text(5);
  if (!st.is_null(6)) r.lat = coordinate(st.text_view(6));
  if (!st.is_null(7)) r.lon = coordinate(st.text_view(7));
  r.address_id = st.text(8);
  r.media_url = st.text(9);
  return r;
}

// A JSON array of strings for json_each(); codes are checked ASCII, but
// quote and backslash are escaped anyway.
std::string json_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      if (static_cast<unsigned char>(c) < 0x20) continue;
      out += c;
    }
    out += '"';
  }
  return out + "]";
}

}  // namespace

SqliteOpen311Index::SqliteOpen311Index(std::unique_ptr<sqlite::Connection> db)
    : db_(std::move(db)) {}
SqliteOpen311Index::~SqliteOpen311Index() = default;

Result<std::unique_ptr<SqliteOpen311Index>> SqliteOpen311Index::open(
    const std::filesystem::path& file) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  // SEC-1: the e-mail and account id columns stay empty (schema migration
  // 2 emptied what earlier versions kept; they are on the registration
  // event now, sealed).
  return std::unique_ptr<SqliteOpen311Index>(new SqliteOpen311Index(std::move(*db)));
}

Status SqliteOpen311Index::put(const IndexedRequest& e) {
  if (auto st = open311_rows::check_row(e); !st) return st;
  std::lock_guard lock(mutex_);
  return write(e, "INSERT OR REPLACE");
}

Result<bool> SqliteOpen311Index::add_missing(const IndexedRequest& e) {
  if (auto st = open311_rows::check_row(e); !st) return fail(st.error());
  std::lock_guard lock(mutex_);
  if (auto st = write(e, "INSERT OR IGNORE"); !st) return fail(st.error());
  return sqlite3_changes(db_->handle()) > 0;
}

Result<std::optional<std::int64_t>> SqliteOpen311Index::log_position() {
  std::lock_guard lock(mutex_);
  auto get = db_->prepare("SELECT position FROM open311_log_position WHERE id = 1");
  if (!get) return fail(get.error());
  const int rc = get->step();
  if (rc == SQLITE_DONE) return std::optional<std::int64_t>();
  if (rc != SQLITE_ROW) return fail(db_->error(rc, "read the open311 index's log position"));
  return std::optional<std::int64_t>(get->int64(0));
}

Status SqliteOpen311Index::save_log_position(std::int64_t position) {
  std::lock_guard lock(mutex_);
  auto put = db_->prepare(
      "INSERT INTO open311_log_position (id, position) VALUES (1, ?1) "
      "ON CONFLICT (id) DO UPDATE SET position = excluded.position");
  if (!put) return fail(put.error());
  put->bind(1, position);
  if (int rc = put->step(); rc != SQLITE_DONE) {
    return fail(db_->error(rc, "save the open311 index's log position"));
  }
  return {};
}

Status SqliteOpen311Index::write(const IndexedRequest& e, const char* verb) {
  auto st = db_->prepare(std::string(verb) + " INTO open311_requests (" + kColumns +
                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!st) return fail(st.error());
  st->bind(1, e.number);
  st->bind(2, e.service_code);
  st->bind(3, seconds(e.requested_at));
  st->bind(4, std::int64_t{e.closed ? 1 : 0});
  st->bind(5, seconds(e.updated_at));
  st->bind(6, e.principal);
  if (e.lat) {
    st->bind(7, coordinate_text(*e.lat));
  } else {
    st->bind_null(7);
  }
  if (e.lon) {
    st->bind(8, coordinate_text(*e.lon));
  } else {
    st->bind_null(8);
  }
  st->bind(9, e.address_id);
  st->bind(10, e.media_url);
  if (int rc = st->step(); rc != SQLITE_DONE) return fail(db_->error(rc, "open311 index"));
  return {};
}

Result<std::optional<IndexedRequest>> SqliteOpen311Index::get(const std::string& number) {
  std::lock_guard lock(mutex_);
  auto st =
      db_->prepare(std::string("SELECT ") + kColumns + " FROM open311_requests WHERE number = ?1");
  if (!st) return fail(st.error());
  st->bind(1, number);
  const int rc = st->step();
  if (rc == SQLITE_DONE) return std::optional<IndexedRequest>();
  if (rc != SQLITE_ROW) return fail(db_->error(rc, "open311 index"));
  return std::optional<IndexedRequest>(read_row(*st));
}

Result<std::vector<IndexedRequest>> SqliteOpen311Index::list(const open311::IndexQuery& q) {
  // Text no row can hold matches none (json_array would drop a NUL and
  // match the code it hid in).
  std::vector<std::string> codes;
  for (const std::string& code : q.service_codes) {
    if (is_storable_text(code)) codes.push_back(code);
  }
  if ((!q.service_codes.empty() && codes.empty()) ||
      (q.principal && !is_storable_text(*q.principal))) {
    return std::vector<IndexedRequest>();
  }
  std::lock_guard lock(mutex_);
  auto st = db_->prepare(std::string("SELECT ") + kColumns +
                         " FROM open311_requests WHERE requested_at >= ?1 AND requested_at <= ?2"
                         " AND (?3 IS NULL OR service_code IN (SELECT value FROM json_each(?3)))"
                         " AND (?6 IS NULL OR principal = ?6)"
                         " ORDER BY requested_at DESC, number DESC LIMIT ?4 OFFSET ?5");
  if (!st) return fail(st.error());
  st->bind(1, seconds(q.from));
  st->bind(2, seconds(q.to));
  if (codes.empty()) {
    st->bind_null(3);
  } else {
    st->bind(3, json_array(codes));
  }
  st->bind(4, static_cast<std::int64_t>(q.limit));
  st->bind(5, static_cast<std::int64_t>(q.offset));
  if (q.principal) {
    st->bind(6, *q.principal);
  } else {
    st->bind_null(6);
  }
  std::vector<IndexedRequest> out;
  for (;;) {
    const int rc = st->step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return fail(db_->error(rc, "open311 index"));
    out.push_back(read_row(*st));
  }
  return out;
}

Status SqliteOpen311Index::set_status(const std::string& number, bool closed, Instant updated_at) {
  if (auto st = check_stored_text("number", number); !st) return st;
  std::lock_guard lock(mutex_);
  auto st =
      db_->prepare("UPDATE open311_requests SET closed = ?2, updated_at = ?3 WHERE number = ?1");
  if (!st) return fail(st.error());
  st->bind(1, number);
  st->bind(2, std::int64_t{closed ? 1 : 0});
  st->bind(3, seconds(updated_at));
  if (int rc = st->step(); rc != SQLITE_DONE) return fail(db_->error(rc, "open311 index"));
  return {};
}

}  // namespace hotline
