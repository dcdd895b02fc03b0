#include "adapters/sqlite/sqlite_research_store.h"

#include <sqlite3.h>

#include "adapters/json/special_research_json.h"
#include "adapters/sqlite/sqlite_audit_table.h"
#include "adapters/sqlite/sqlite_tables.h"

namespace hotline {
namespace {

using namespace hotline::analysis;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS special_research (
  id        TEXT PRIMARY KEY,
  sequence  INTEGER NOT NULL UNIQUE,
  version   INTEGER NOT NULL,
  status    TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  body      TEXT NOT NULL
);
)sql";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }

}  // namespace

SqliteResearchStore::SqliteResearchStore(std::unique_ptr<sqlite::Connection> db,
                                         std::shared_ptr<const AuditHasher> audit_hasher)
    : audit_hasher_(std::move(audit_hasher)), db_(std::move(db)) {}

Result<std::unique_ptr<SqliteResearchStore>> SqliteResearchStore::open(
    const std::filesystem::path& file, std::shared_ptr<const AuditHasher> audit_hasher) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  return std::unique_ptr<SqliteResearchStore>(
      new SqliteResearchStore(std::move(*db), std::move(audit_hasher)));
}

Result<std::int64_t> SqliteResearchStore::next_sequence() {
  std::lock_guard lock(mutex_);
  return db_->query_int("SELECT COALESCE(MAX(sequence), 0) + 1 FROM special_research");
}

Status SqliteResearchStore::save(const SpecialResearch& r, std::int64_t expected,
                                 CommandAudit* audit) {
  auto body = encode_special_research(r);
  if (!body) return fail(body.error());
  const std::int64_t sequence = *special_research_sequence(r.id);  // checked by the encoding
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  // SEC-2 [M27]: the change and its audit entry commit together.
  return sqlite::write_with_audit(db, audit_hasher_.get(), audit, [&]() -> Status {
    auto get = db.prepare("SELECT version FROM special_research WHERE id = ?1");
    if (!get) return fail(get.error());
    get->bind(1, r.id);
    const int rc = get->step();
    std::int64_t stored = 0;
    if (rc == SQLITE_ROW) {
      stored = get->int64(0);
    } else if (rc != SQLITE_DONE) {
      return fail(db.error(rc, "read special research version"));
    }
    if (stored != expected) {
      return fail(Error::conflict("special research " + r.id + " changed meanwhile (version " +
                                      std::to_string(stored) + ", expected " +
                                      std::to_string(expected) + ")",
                                  "该专题研究已被他人修改，请刷新后重试"));
    }
    auto put = db.prepare(
        "INSERT INTO special_research (id, sequence, version, status, opened_at, body) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET version = "
        "excluded.version, "
        "status = excluded.status, body = excluded.body");
    if (!put) return fail(put.error());
    put->bind(1, r.id);
    put->bind(2, sequence);
    put->bind(3, r.version);
    put->bind(4, to_string(r.status));
    put->bind(5, seconds(r.opened_at));
    put->bind(6, *body);
    if (int prc = put->step(); prc != SQLITE_DONE) {
      if (sqlite::primary_code(prc) == SQLITE_CONSTRAINT) {
        return fail(Error::conflict("special research number " + r.id + " is taken",
                                    "专题研究编号冲突，请重试"));
      }
      return fail(db.error(prc, "save special research"));
    }
    return {};
  });
}

Result<std::optional<SpecialResearch>> SqliteResearchStore::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare("SELECT body FROM special_research WHERE id = ?1");
  if (!get) return fail(get.error());
  get->bind(1, id);
  const int rc = get->step();
  if (rc == SQLITE_DONE) return std::optional<SpecialResearch>();
  if (rc != SQLITE_ROW) return fail(db.error(rc, "read special research"));
  auto r = decode_special_research(get->text_view(0));
  if (!r) return fail(r.error());
  return std::optional<SpecialResearch>(std::move(*r));
}

Result<std::vector<SpecialResearch>> SqliteResearchStore::list() {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare("SELECT body FROM special_research ORDER BY sequence DESC");
  if (!get) return fail(get.error());
  std::vector<SpecialResearch> out;
  for (;;) {
    const int rc = get->step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return fail(db.error(rc, "list special research"));
    auto r = decode_special_research(get->text_view(0));
    if (!r) return fail(r.error());
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace hotline
