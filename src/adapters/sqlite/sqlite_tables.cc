#include "adapters/sqlite/sqlite_tables.h"

#include <initializer_list>
#include <string>
#include <string_view>

namespace hotline::sqlite {
namespace {

// Creates the tables in a new file and marks it, or checks the mark and
// version of an existing one.
Status own_file(Connection& db, const std::filesystem::path& file, const TableSet& t) {
  const std::string not_ours = file.string() + " is not a hotline " + t.kind;
  auto app = db.query_int("PRAGMA application_id");
  if (!app) return fail(app.error());
  if (*app == 0) {
    auto tables = db.query_int("SELECT count(*) FROM sqlite_master");
    if (!tables) return fail(tables.error());
    if (*tables != 0) return fail(Error::storage(not_ours));
    return transaction(db, [&]() -> Status {
      if (auto st = db.exec(t.schema); !st) return st;
      const std::string stamp = "PRAGMA application_id = " + std::to_string(t.application_id) +
                                "; PRAGMA user_version = " + std::to_string(t.version);
      return db.exec(stamp.c_str());
    });
  }
  if (*app != t.application_id) return fail(Error::storage(not_ours));
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return fail(version.error());
  if (*version != t.version) {
    return fail(Error::storage(file.string() + " has " + t.label + " schema " +
                               std::to_string(*version) + "; this build reads " +
                               std::to_string(t.version)));
  }
  return {};
}

// One integer from a statement with text parameters.
Result<std::int64_t> count(Connection& db, const std::string& sql,
                           std::initializer_list<std::string_view> params) {
  auto q = db.prepare(sql);
  if (!q) return fail(q.error());
  int i = 0;
  for (std::string_view p : params) q->bind(++i, p);
  const int rc = q->step();
  if (rc != SQLITE_ROW) return fail(db.error(rc, "count"));
  return q->int64(0);
}

// Copies the rows in one transaction and records the move.
Status move_rows(Connection& db, const std::filesystem::path& former, const FormerFile& f) {
  const std::string name = former.string();
  auto mark = db.query_int("PRAGMA former.application_id");
  if (!mark) return fail(mark.error());
  auto version = db.query_int("PRAGMA former.user_version");
  if (!version) return fail(version.error());
  if (*mark != f.application_id || *version != f.version) {
    return fail(Error::storage(name + " is not a hotline " + f.kind + " at schema " +
                               std::to_string(f.version) + "; move it away to go on"));
  }
  return transaction(db, [&]() -> Status {
    std::int64_t rows = 0;
    for (const char* table : f.tables) {
      auto present = count(db,
                           "SELECT count(*) FROM former.sqlite_master WHERE type = 'table' AND "
                           "name = ?1",
                           {table});
      if (!present) return fail(present.error());
      if (*present == 0) continue;
      auto ours = count(db, std::string("SELECT count(*) FROM main.") + table, {});
      if (!ours) return fail(ours.error());
      if (*ours != 0) {
        return fail(Error::storage("the platform's file already holds a " + std::string(f.kind) +
                                   " (table " + table + "); " + name +
                                   " was not moved in: move it away to go on"));
      }
      const std::string copy =
          std::string("INSERT INTO main.") + table + " SELECT * FROM former." + table;
      if (auto st = db.exec(copy.c_str()); !st) return st;
      auto moved = count(db, std::string("SELECT count(*) FROM main.") + table, {});
      if (!moved) return fail(moved.error());
      rows += *moved;
    }
    auto record = db.prepare(
        "INSERT INTO adopted_files (file, kind, rows, at) "
        "VALUES (?1, ?2, ?3, CAST(strftime('%s', 'now') AS INTEGER))");
    if (!record) return fail(record.error());
    record->bind(1, former.filename().string());
    record->bind(2, std::string_view(f.kind));
    record->bind(3, rows);
    const int rc = record->step();
    if (rc != SQLITE_DONE) return fail(db.error(rc, "record the adopted file"));
    return {};
  });
}

}  // namespace

Status adopt_former_file(Connection& db, const std::filesystem::path& former, const FormerFile& f) {
  std::error_code ec;
  if (!std::filesystem::exists(former, ec)) return {};
  if (auto st =
          db.exec("CREATE TABLE IF NOT EXISTS adopted_files (file TEXT PRIMARY KEY NOT NULL, "
                  "kind TEXT NOT NULL, rows INTEGER NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID");
      !st) {
    return st;
  }
  auto done =
      count(db, "SELECT count(*) FROM adopted_files WHERE file = ?1", {former.filename().string()});
  if (!done) return fail(done.error());
  if (*done == 0) {
    auto attach = db.prepare("ATTACH DATABASE ?1 AS former");
    if (!attach) return fail(attach.error());
    attach->bind(1, former.string());
    if (const int rc = attach->step(); rc != SQLITE_DONE) {
      return fail(db.error(rc, "open " + former.string()));
    }
    Status moved = move_rows(db, former, f);
    Status detached = db.exec("DETACH DATABASE former");
    if (!moved) return moved;
    if (!detached) return detached;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::filesystem::path from = former.string() + suffix;
    if (!std::filesystem::exists(from, ec)) continue;
    std::filesystem::rename(from, former.string() + ".adopted" + suffix, ec);
    if (ec) return fail(Error::storage("rename " + from.string() + ": " + ec.message()));
  }
  return {};
}

Result<std::unique_ptr<Connection>> open_tables(const std::filesystem::path& file,
                                                const TableSet& tables) {
  auto db = Connection::open(file, /*create=*/true);
  if (!db) return fail(db.error());
  Connection& c = **db;
  // The statement answers with the mode in force, which is not checked.
  auto mode = c.query_text("PRAGMA journal_mode = WAL");
  if (!mode) return fail(mode.error());
  if (auto st = c.exec("PRAGMA synchronous = FULL"); !st) return fail(st.error());
  const Status ready =
      tables.application_id != 0 ? own_file(c, file, tables) : c.exec(tables.schema);
  if (!ready) return fail(ready.error());
  return db;
}

}  // namespace hotline::sqlite
