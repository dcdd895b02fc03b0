#include "adapters/sqlite/sqlite_calendar_store.h"

#include <sqlite3.h>

#include "adapters/json/calendar_json.h"
#include "adapters/json/json_reader.h"
#include "adapters/sqlite/sqlite_tables.h"
#include "core/calendar/holiday_notice.h"

namespace hotline {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS calendar_years (
  year       INTEGER PRIMARY KEY,
  notice     TEXT NOT NULL,     -- calendar_json: the notice, its items
  entered_by TEXT NOT NULL,     -- the actor's id
  entered_at INTEGER NOT NULL   -- seconds since the epoch
);
)sql";

}  // namespace

SqliteCalendarStore::SqliteCalendarStore(std::unique_ptr<sqlite::Connection> db)
    : db_(std::move(db)) {}

Result<std::unique_ptr<SqliteCalendarStore>> SqliteCalendarStore::open(
    const std::filesystem::path& file) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  return std::unique_ptr<SqliteCalendarStore>(new SqliteCalendarStore(std::move(*db)));
}

Status SqliteCalendarStore::add_year(const CalendarYear& year, const Actor& by, Instant at) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  return sqlite::transaction(db, [&]() -> Status {
    auto put = db.prepare(
        "INSERT INTO calendar_years (year, notice, entered_by, entered_at) VALUES (?1, ?2, ?3, "
        "?4)");
    if (!put) return fail(put.error());
    put->bind(1, std::int64_t{year.year});
    put->bind(2, calendar_year_to_json(year).dump());
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
  });
}

Result<std::vector<StoredCalendarYear>> SqliteCalendarStore::load_years() {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get =
      db.prepare("SELECT year, notice, entered_by, entered_at FROM calendar_years ORDER BY year");
  if (!get) return fail(get.error());
  std::vector<StoredCalendarYear> out;
  int rc;
  while ((rc = get->step()) == SQLITE_ROW) {
    const std::string where = "calendar_years " + std::to_string(get->int64(0));
    auto doc = parse_json(get->text_view(1));
    if (!doc) return fail(Error::storage(where + ": " + doc.error().message));
    auto year = calendar_year_from_json(*doc);
    if (!year) return fail(Error::storage(where + ": " + year.error().message));
    auto checked = check_holiday_notice(std::move(*year));
    if (!checked) return fail(Error::storage(where + ": " + checked.error().message));
    out.push_back({std::move(*checked), get->text(2), Instant{Seconds{get->int64(3)}}});
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "load calendar years"));
  return out;
}

}  // namespace hotline
