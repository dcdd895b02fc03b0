#include "app/storage.h"

namespace hotline {

std::unique_ptr<Storage> postgresql_storage(const std::string& url,
                                            const std::filesystem::path& state_dir);

bool is_postgresql_url(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Storage>> open_storage(const std::filesystem::path& db,
                                              const std::filesystem::path& state_dir) {
  if (db.empty()) return fail(Error::invalid("db", "no database given", "未指定数据库"));
  if (is_postgresql_url(db.string())) return postgresql_storage(db.string(), state_dir);
  return sqlite_storage(db);
}

}  // namespace hotline
