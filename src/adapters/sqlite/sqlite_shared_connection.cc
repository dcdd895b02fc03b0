#include "adapters/sqlite/sqlite_shared_connection.h"

namespace hotline::sqlite {

Result<std::shared_ptr<SharedConnection>> SharedConnection::open(const std::filesystem::path& file,
                                                                 bool create) {
  auto db = Connection::open(file, create);
  if (!db) return fail(db.error());
  // The statement answers with the mode in force, which is not checked.
  if (auto mode = (*db)->query_text("PRAGMA journal_mode = WAL"); !mode) {
    return fail(mode.error());
  }
  if (auto st = (*db)->exec("PRAGMA synchronous = FULL"); !st) return fail(st.error());
  return std::make_shared<SharedConnection>(std::move(*db));
}

}  // namespace hotline::sqlite
