#include "adapters/sqlite/sqlite_oversight_store.h"

#include <sqlite3.h>

#include "adapters/sqlite/sqlite_audit_table.h"
#include "adapters/sqlite/sqlite_tables.h"
#include "adapters/storage/oversight_rows.h"

namespace hotline {
namespace {

using oversight::Circulation;
using oversight::Opinion;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS oversight_circulations (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  unit          TEXT NOT NULL,
  month         TEXT NOT NULL,
  kind          TEXT NOT NULL,
  ground        TEXT NOT NULL,
  article       TEXT NOT NULL,
  reason        TEXT NOT NULL,
  work_orders   TEXT NOT NULL,
  indicators    TEXT NOT NULL,
  recorded_by   TEXT NOT NULL,
  recorded_role TEXT NOT NULL,
  recorded_unit TEXT NOT NULL,
  recorded_at   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS oversight_circulations_month ON oversight_circulations (month, unit);
CREATE TABLE IF NOT EXISTS oversight_opinions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  author      TEXT NOT NULL,
  work_order  TEXT NOT NULL,
  text        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  answer      TEXT,
  answered_by TEXT,
  answered_at INTEGER
);
CREATE INDEX IF NOT EXISTS oversight_opinions_author ON oversight_opinions (author);
)sql";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }

constexpr const char* kCirculationColumns =
    "id, unit, month, kind, ground, article, reason, work_orders, indicators, recorded_by, "
    "recorded_role, recorded_unit, recorded_at";

Result<Circulation> circulation_row(const sqlite::Statement& row) {
  return oversight_rows::read_circulation(
      {row.int64(0), row.text_view(1), row.text_view(2), row.text_view(3), row.text_view(4),
       row.text_view(5), row.text_view(6), row.text_view(7), row.text_view(8), row.text_view(9),
       row.text_view(10), row.text_view(11), row.int64(12)});
}

constexpr const char* kOpinionColumns =
    "id, author, work_order, text, created_at, answer, answered_by, answered_at";

Opinion opinion_row(const sqlite::Statement& row) {
  oversight_rows::OpinionColumns c;
  c.id = row.int64(0);
  c.author = row.text_view(1);
  c.work_order = row.text_view(2);
  c.text = row.text_view(3);
  c.created_at = row.int64(4);
  if (!row.is_null(7)) {
    c.answer = row.text_view(5);
    c.answered_by = row.text_view(6);
    c.answered_at = row.int64(7);
  }
  return oversight_rows::read_opinion(c);
}

}  // namespace

SqliteOversightStore::SqliteOversightStore(std::unique_ptr<sqlite::Connection> db,
                                           std::shared_ptr<const AuditHasher> audit_hasher)
    : audit_hasher_(std::move(audit_hasher)), db_(std::move(db)) {}

Result<std::unique_ptr<SqliteOversightStore>> SqliteOversightStore::open(
    const std::filesystem::path& file, std::shared_ptr<const AuditHasher> audit_hasher) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  return std::unique_ptr<SqliteOversightStore>(
      new SqliteOversightStore(std::move(*db), std::move(audit_hasher)));
}

Result<Circulation> SqliteOversightStore::add_circulation(Circulation c, CommandAudit* audit) {
  if (auto st = oversight_rows::check_circulation(c); !st) return fail(st.error());
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  Status written = sqlite::write_with_audit(db, audit_hasher_.get(), audit, [&]() -> Status {
    auto put = db.prepare(
        "INSERT INTO oversight_circulations (unit, month, kind, ground, article, reason, "
        "work_orders, indicators, recorded_by, recorded_role, recorded_unit, recorded_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!put) return fail(put.error());
    put->bind(1, c.unit);
    put->bind(2, c.month);
    put->bind(3, oversight::to_string(c.kind));
    put->bind(4, oversight::to_string(c.ground));
    put->bind(5, c.article);
    put->bind(6, c.reason);
    put->bind(7, oversight_rows::join_lines(c.work_orders));
    put->bind(8, oversight_rows::join_lines(c.indicators));
    put->bind(9, c.recorded_by.id);
    put->bind(10, to_string(c.recorded_by.role));
    put->bind(11, c.recorded_by.unit);
    put->bind(12, seconds(c.recorded_at));
    if (int rc = put->step(); rc != SQLITE_DONE) return fail(db.error(rc, "add circulation"));
    c.id = sqlite3_last_insert_rowid(db.handle());
    return {};
  });
  if (!written) return fail(written.error());
  return c;
}

Result<std::optional<Circulation>> SqliteOversightStore::circulation(std::int64_t id) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare(std::string("SELECT ") + kCirculationColumns +
                        " FROM oversight_circulations WHERE id = ?1");
  if (!get) return fail(get.error());
  get->bind(1, id);
  const int rc = get->step();
  if (rc == SQLITE_DONE) return std::optional<Circulation>();
  if (rc != SQLITE_ROW) return fail(db.error(rc, "read circulation"));
  auto c = circulation_row(*get);
  if (!c) return fail(c.error());
  return std::optional<Circulation>(std::move(*c));
}

Result<std::vector<Circulation>> SqliteOversightStore::list_circulations(
    const oversight::CirculationFilter& filter) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  std::string sql =
      std::string("SELECT ") + kCirculationColumns + " FROM oversight_circulations WHERE 1 = 1";
  int next = 1;
  std::vector<std::pair<int, std::string>> texts;
  if (filter.unit) {
    sql += " AND unit = ?" + std::to_string(next);
    texts.emplace_back(next++, *filter.unit);
  }
  if (filter.month) {
    sql += " AND month = ?" + std::to_string(next);
    texts.emplace_back(next++, *filter.month);
  }
  if (!filter.any_of_units.empty()) {
    sql += " AND unit IN (";
    for (std::size_t i = 0; i < filter.any_of_units.size(); ++i) {
      sql += (i == 0 ? "?" : ", ?") + std::to_string(next);
      texts.emplace_back(next++, filter.any_of_units[i]);
    }
    sql += ")";
  }
  sql +=
      " ORDER BY id DESC LIMIT ?" + std::to_string(next) + " OFFSET ?" + std::to_string(next + 1);
  auto get = db.prepare(sql);
  if (!get) return fail(get.error());
  for (const auto& [i, t] : texts) get->bind(i, t);
  get->bind(next, static_cast<std::int64_t>(filter.limit));
  get->bind(next + 1, static_cast<std::int64_t>(filter.offset));
  std::vector<Circulation> out;
  int rc;
  while ((rc = get->step()) == SQLITE_ROW) {
    auto c = circulation_row(*get);
    if (!c) return fail(c.error());
    out.push_back(std::move(*c));
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "list circulations"));
  return out;
}

Result<Opinion> SqliteOversightStore::add_opinion(Opinion o, CommandAudit* audit) {
  if (auto st = oversight_rows::check_opinion(o); !st) return fail(st.error());
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  Status written = sqlite::write_with_audit(db, audit_hasher_.get(), audit, [&]() -> Status {
    auto put = db.prepare(
        "INSERT INTO oversight_opinions (author, work_order, text, created_at) "
        "VALUES (?1, ?2, ?3, ?4)");
    if (!put) return fail(put.error());
    put->bind(1, o.author);
    put->bind(2, o.work_order);
    put->bind(3, o.text);
    put->bind(4, seconds(o.created_at));
    if (int rc = put->step(); rc != SQLITE_DONE) return fail(db.error(rc, "add opinion"));
    o.id = sqlite3_last_insert_rowid(db.handle());
    return {};
  });
  if (!written) return fail(written.error());
  o.status = oversight::OpinionStatus::kOpen;
  return o;
}

Result<std::optional<Opinion>> SqliteOversightStore::opinion(std::int64_t id) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare(std::string("SELECT ") + kOpinionColumns +
                        " FROM oversight_opinions WHERE id = ?1");
  if (!get) return fail(get.error());
  get->bind(1, id);
  const int rc = get->step();
  if (rc == SQLITE_DONE) return std::optional<Opinion>();
  if (rc != SQLITE_ROW) return fail(db.error(rc, "read opinion"));
  return std::optional<Opinion>(opinion_row(*get));
}

Result<std::vector<Opinion>> SqliteOversightStore::list_opinions(
    const oversight::OpinionFilter& filter) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  std::string sql =
      std::string("SELECT ") + kOpinionColumns + " FROM oversight_opinions WHERE 1 = 1";
  int next = 1;
  std::vector<std::pair<int, std::string>> texts;
  if (filter.author) {
    sql += " AND author = ?" + std::to_string(next);
    texts.emplace_back(next++, *filter.author);
  }
  if (filter.work_order) {
    sql += " AND work_order = ?" + std::to_string(next);
    texts.emplace_back(next++, *filter.work_order);
  }
  if (filter.status) {
    sql += *filter.status == oversight::OpinionStatus::kOpen ? " AND answered_at IS NULL"
                                                             : " AND answered_at IS NOT NULL";
  }
  sql +=
      " ORDER BY id DESC LIMIT ?" + std::to_string(next) + " OFFSET ?" + std::to_string(next + 1);
  auto get = db.prepare(sql);
  if (!get) return fail(get.error());
  for (const auto& [i, t] : texts) get->bind(i, t);
  get->bind(next, static_cast<std::int64_t>(filter.limit));
  get->bind(next + 1, static_cast<std::int64_t>(filter.offset));
  std::vector<Opinion> out;
  int rc;
  while ((rc = get->step()) == SQLITE_ROW) out.push_back(opinion_row(*get));
  if (rc != SQLITE_DONE) return fail(db.error(rc, "list opinions"));
  return out;
}

Status SqliteOversightStore::answer_opinion(std::int64_t id, const std::string& answer,
                                            const std::string& answered_by, Instant at,
                                            CommandAudit* audit) {
  if (auto st = oversight_rows::check_answer(answer, answered_by); !st) return st;
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  return sqlite::write_with_audit(db, audit_hasher_.get(), audit, [&]() -> Status {
    auto put = db.prepare(
        "UPDATE oversight_opinions SET answer = ?2, answered_by = ?3, answered_at = ?4 "
        "WHERE id = ?1 AND answered_at IS NULL");
    if (!put) return fail(put.error());
    put->bind(1, id);
    put->bind(2, answer);
    put->bind(3, answered_by);
    put->bind(4, seconds(at));
    if (int rc = put->step(); rc != SQLITE_DONE) return fail(db.error(rc, "answer opinion"));
    if (sqlite3_changes(db.handle()) == 1) return {};
    auto exists = db.prepare("SELECT 1 FROM oversight_opinions WHERE id = ?1");
    if (!exists) return fail(exists.error());
    exists->bind(1, id);
    if (exists->step() == SQLITE_ROW) {
      return fail(Error::conflict("opinion " + std::to_string(id) + " was answered already",
                                  "该监督意见已答复"));
    }
    return fail(Error::not_found("opinion " + std::to_string(id), "未找到该监督意见"));
  });
}

}  // namespace hotline
