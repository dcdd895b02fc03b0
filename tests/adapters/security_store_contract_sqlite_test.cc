// SqliteSecurityStore on a real SQLite file against the security store's
// contract (tests/support/security_store_contract.h). What only SQLite shows
// (one file with the work orders, WAL, backups) is in one_file_test.cc and
// the encryption tests (security_store_encryption_test.cc).
//
// SPEC: SEC-2, INT-5 — as the contract lists.
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "adapters/sqlite/sqlite_security_store.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "support/security_store_contract.h"

namespace hotline::testing {
namespace {

struct SqliteSecurityStoreFactory {
  using Store = SqliteSecurityStore;

  void set_up() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-security-contract-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir = pattern;
    // The work-order store creates the file and marks it as a hotline store.
    auto created = SqliteWorkOrderStore::open(file());
    ASSERT_TRUE(created) << created.error().message;
  }
  std::filesystem::path file() const { return dir / "hotline.db"; }

  std::unique_ptr<Store> open(std::shared_ptr<const AuditHasher> hasher) {
    auto store = SqliteSecurityStore::open(file(), std::move(hasher));
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  std::unique_ptr<WorkOrderStore> open_work_orders(std::shared_ptr<const AuditHasher> hasher) {
    SqliteWorkOrderStore::Options options;
    options.audit_hasher = std::move(hasher);
    auto store = SqliteWorkOrderStore::open(file(), options);
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  // Every byte of the database, its WAL included.
  std::string stored_bytes() const {
    std::string all;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(file().string() + suffix, std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }
  bool try_sql(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(file().c_str(), &db), SQLITE_OK);
    const bool ok = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
  }
  // Behind the store's back, as an intruder would: the triggers dropped.
  void tamper(const std::string& sql) {
    EXPECT_TRUE(try_sql(
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; " +
        sql));
  }
  void tear_down() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  std::filesystem::path dir;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, SecurityStoreContract,
                               ::testing::Types<SqliteSecurityStoreFactory>);

}  // namespace hotline::testing
