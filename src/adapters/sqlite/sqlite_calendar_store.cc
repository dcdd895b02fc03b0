#include "adapters/sqlite/sqlite_calendar_store.h"

#include <sqlite3.h>

#include "adapters/json/stored_calendar_year.h"
#include "adapters/sqlite/sqlite_audit_table.h"
#include "adapters/sqlite/sqlite_tables.h"
#include "core/ports/store_checks.h"

namespace hotline {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS calendar_years (
  year       INTEGER PRIMARY KEY,
  notice     TEXT NOT NULL,     -- calendar_json: the notice, its items
  entered_by TEXT NOT NULL,     -- the actor's id
  entered_at INTEGER NOT NULL   -- seconds since the epoch
);
CREATE TABLE IF NOT EXISTS calendar_year_corrections (
  year         INTEGER NOT NULL REFERENCES calendar_years(year),
  revision     INTEGER NOT NULL,  -- 1, 2 … per year
  notice       TEXT NOT NULL,     -- the corrected notice, as in calendar_years
  corrected_by TEXT NOT NULL,
  corrected_at INTEGER NOT NULL,
  reason       TEXT NOT NULL,
  PRIMARY KEY (year, revision)
);
)sql";

}  // namespace

SqliteCalendarStore::SqliteCalendarStore(std::unique_ptr<sqlite::Connection> db,
                                         std::shared_ptr<const AuditHasher> audit_hasher)
    : audit_hasher_(std::move(audit_hasher)), db_(std::move(db)) {}

Result<std::unique_ptr<SqliteCalendarStore>> SqliteCalendarStore::open(
    const std::filesystem::path& file, std::shared_ptr<const AuditHasher> audit_hasher) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  return std::unique_ptr<SqliteCalendarStore>(
      new SqliteCalendarStore(std::move(*db), std::move(audit_hasher)));
}

Status SqliteCalendarStore::write(const std::function<Status()>& change, CommandAudit* audit) {
  std::lock_guard lock(mutex_);
  // SEC-2 [M27]: the entry commits with the year, or neither does.
  return sqlite::write_with_audit(*db_, audit_hasher_.get(), audit, change);
}

Status SqliteCalendarStore::add_year(const CalendarYear& year, const Actor& by, Instant at,
                                     CommandAudit* audit) {
  auto notice = encode_stored_notice(year);
  if (!notice) return fail(notice.error());
  if (auto st = check_stored_text("by", by.id); !st) return st;
  sqlite::Connection& db = *db_;
  return write(
      [&]() -> Status {
        auto put = db.prepare(
            "INSERT INTO calendar_years (year, notice, entered_by, entered_at) VALUES (?1, ?2, ?3, "
            "?4)");
        if (!put) return fail(put.error());
        put->bind(1, std::int64_t{year.year});
        put->bind(2, *notice);
        put->bind(3, by.id);
        put->bind(4, std::int64_t{at.time_since_epoch().count()});
        const int rc = put->step();
        if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT) {
          Error e = Error::conflict(std::to_string(year.year) + " is already stored",
                                    std::to_string(year.year) + "年已录入");
          e.field = "year";
          return fail(std::move(e));
        }
        if (rc != SQLITE_DONE) return fail(db.error(rc, "add calendar year"));
        return {};
      },
      audit);
}

Status SqliteCalendarStore::correct_year(const CalendarYear& year, const Actor& by, Instant at,
                                         const std::string& reason, CommandAudit* audit) {
  auto notice = encode_stored_notice(year);
  if (!notice) return fail(notice.error());
  if (auto st = check_stored_text("by", by.id); !st) return st;
  if (auto st = check_stored_text("reason", reason); !st) return st;
  sqlite::Connection& db = *db_;
  return write(
      [&]() -> Status {
        auto next = db.prepare(
            "SELECT (SELECT count(*) FROM calendar_years WHERE year = ?1), "
            "coalesce((SELECT max(revision) FROM calendar_year_corrections WHERE year = ?1), 0) + "
            "1");
        if (!next) return fail(next.error());
        next->bind(1, std::int64_t{year.year});
        if (const int rc = next->step(); rc != SQLITE_ROW) {
          return fail(db.error(rc, "correct calendar year"));
        }
        if (next->int64(0) == 0) {
          Error e =
              Error::not_found(std::to_string(year.year) + " was not entered on this platform",
                               std::to_string(year.year) + "年未在本平台录入");
          e.field = "year";
          return fail(std::move(e));
        }
        const std::int64_t revision = next->int64(1);
        auto put = db.prepare(
            "INSERT INTO calendar_year_corrections (year, revision, notice, corrected_by, "
            "corrected_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!put) return fail(put.error());
        put->bind(1, std::int64_t{year.year});
        put->bind(2, revision);
        put->bind(3, *notice);
        put->bind(4, by.id);
        put->bind(5, std::int64_t{at.time_since_epoch().count()});
        put->bind(6, reason);
        if (const int rc = put->step(); rc != SQLITE_DONE) {
          return fail(db.error(rc, "correct calendar year"));
        }
        return {};
      },
      audit);
}

Result<std::vector<StoredCalendarYear>> SqliteCalendarStore::load_years() {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  // Each year with its latest correction, if any.
  auto get = db.prepare(
      "SELECT y.year, coalesce(c.notice, y.notice), y.entered_by, y.entered_at, "
      "coalesce(c.revision, 0), coalesce(c.corrected_by, ''), c.corrected_at, "
      "coalesce(c.reason, '') FROM calendar_years y LEFT JOIN calendar_year_corrections c "
      "ON c.year = y.year AND c.revision = (SELECT max(revision) FROM calendar_year_corrections "
      "WHERE year = y.year) ORDER BY y.year");
  if (!get) return fail(get.error());
  std::vector<StoredCalendarYear> out;
  int rc;
  while ((rc = get->step()) == SQLITE_ROW) {
    const std::string where = "calendar_years " + std::to_string(get->int64(0));
    auto year = decode_stored_notice(get->text_view(1), where);
    if (!year) return fail(year.error());
    StoredCalendarYear s;
    s.year = std::move(*year);
    s.entered_by = get->text(2);
    s.entered_at = Instant{Seconds{get->int64(3)}};
    s.revision = static_cast<int>(get->int64(4));
    s.corrected_by = get->text(5);
    if (!get->is_null(6)) s.corrected_at = Instant{Seconds{get->int64(6)}};
    s.correction_reason = get->text(7);
    out.push_back(std::move(s));
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "load calendar years"));
  return out;
}

}  // namespace hotline
