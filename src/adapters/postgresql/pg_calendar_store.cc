#include "adapters/postgresql/pg_calendar_store.h"

#include <pqxx/pqxx>

#include "adapters/json/stored_calendar_year.h"
#include "adapters/postgresql/pg_side_store.h"
#include "core/ports/store_checks.h"

namespace hotline {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS calendar_years (
  year       INTEGER PRIMARY KEY,
  notice     TEXT NOT NULL,     -- calendar_json: the notice, its items
  entered_by TEXT NOT NULL,     -- the actor's id
  entered_at BIGINT NOT NULL    -- seconds since the epoch
);
CREATE TABLE IF NOT EXISTS calendar_year_corrections (
  year         INTEGER NOT NULL REFERENCES calendar_years(year),
  revision     INTEGER NOT NULL,  -- 1, 2 … per year
  notice       TEXT NOT NULL,     -- the corrected notice, as in calendar_years
  corrected_by TEXT NOT NULL,
  corrected_at BIGINT NOT NULL,
  reason       TEXT NOT NULL,
  PRIMARY KEY (year, revision)
);
)sql";

}  // namespace

PgCalendarStore::PgCalendarStore(std::unique_ptr<pg::SideStore> db) : db_(std::move(db)) {}

PgCalendarStore::~PgCalendarStore() = default;

Result<std::unique_ptr<PgCalendarStore>> PgCalendarStore::open(
    const pg::Target& target, std::shared_ptr<const AuditHasher> audit_hasher) {
  auto db = pg::SideStore::open(target, kSchema, std::move(audit_hasher));
  if (!db) return fail(db.error());
  return std::unique_ptr<PgCalendarStore>(new PgCalendarStore(std::move(*db)));
}

Status PgCalendarStore::add_year(const CalendarYear& year, const Actor& by, Instant at,
                                 CommandAudit* audit) {
  auto notice = encode_stored_notice(year);
  if (!notice) return fail(notice.error());
  if (auto st = check_stored_text("by", by.id); !st) return st;
  // SEC-2 [M27]: the entry commits with the year, or neither does.
  return db_->write(audit, "add calendar year", [&](pqxx::transaction_base& txn) -> Status {
    const pqxx::result inserted = txn.exec_params(
        "INSERT INTO calendar_years (year, notice, entered_by, entered_at) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT (year) DO NOTHING",
        year.year, *notice, by.id, pg::seconds(at));
    if (inserted.affected_rows() == 1) return {};
    Error e = Error::conflict(std::to_string(year.year) + " is already stored",
                              std::to_string(year.year) + "年已录入");
    e.field = "year";
    return fail(std::move(e));
  });
}

Status PgCalendarStore::correct_year(const CalendarYear& year, const Actor& by, Instant at,
                                     const std::string& reason, CommandAudit* audit) {
  auto notice = encode_stored_notice(year);
  if (!notice) return fail(notice.error());
  if (auto st = check_stored_text("by", by.id); !st) return st;
  if (auto st = check_stored_text("reason", reason); !st) return st;
  return db_->write(audit, "correct calendar year", [&](pqxx::transaction_base& txn) -> Status {
    // The year's row lock orders the corrections of one year across nodes:
    // the next one's max(revision) is read after this one commits.
    if (txn.exec_params("SELECT 1 FROM calendar_years WHERE year = $1 FOR UPDATE", year.year)
            .empty()) {
      Error e = Error::not_found(std::to_string(year.year) + " was not entered on this platform",
                                 std::to_string(year.year) + "年未在本平台录入");
      e.field = "year";
      return fail(std::move(e));
    }
    txn.exec_params0(
        "INSERT INTO calendar_year_corrections (year, revision, notice, corrected_by, "
        "corrected_at, reason) VALUES ($1, (SELECT coalesce(max(revision), 0) + 1 FROM "
        "calendar_year_corrections WHERE year = $1), $2, $3, $4, $5)",
        year.year, *notice, by.id, pg::seconds(at), reason);
    return {};
  });
}

Result<std::vector<StoredCalendarYear>> PgCalendarStore::load_years() {
  return db_->read<std::vector<StoredCalendarYear>>(
      "load calendar years",
      [](pqxx::transaction_base& txn) -> Result<std::vector<StoredCalendarYear>> {
        // Each year with its latest correction, if any.
        const pqxx::result rows = txn.exec(
            "SELECT y.year, coalesce(c.notice, y.notice), y.entered_by, y.entered_at, "
            "coalesce(c.revision, 0), coalesce(c.corrected_by, ''), c.corrected_at, "
            "coalesce(c.reason, '') FROM calendar_years y LEFT JOIN calendar_year_corrections c "
            "ON c.year = y.year AND c.revision = (SELECT max(revision) FROM "
            "calendar_year_corrections WHERE year = y.year) ORDER BY y.year");
        std::vector<StoredCalendarYear> out;
        out.reserve(rows.size());
        for (const pqxx::row& row : rows) {
          const std::string where = "calendar_years " + std::string(row[0].c_str());
          auto year = decode_stored_notice(pg::view(row[1]), where);
          if (!year) return fail(year.error());
          StoredCalendarYear s;
          s.year = std::move(*year);
          s.entered_by = row[2].as<std::string>();
          s.entered_at = pg::instant(row[3].as<std::int64_t>());
          s.revision = row[4].as<int>();
          s.corrected_by = row[5].as<std::string>();
          if (!row[6].is_null()) s.corrected_at = pg::instant(row[6].as<std::int64_t>());
          s.correction_reason = row[7].as<std::string>();
          out.push_back(std::move(s));
        }
        return out;
      });
}

}  // namespace hotline
