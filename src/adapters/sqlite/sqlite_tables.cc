#include "adapters/sqlite/sqlite_tables.h"

#include <string>

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

}  // namespace

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
