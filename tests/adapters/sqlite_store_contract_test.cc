// SqliteWorkOrderStore and SqliteKnowledgeStore on real SQLite files against
// the store contracts every implementation runs (tests/support/); the work-order store's
// own tests (sqlite_work_order_store_test.cc, sqlite_crash_test.cc) cover
// what only a durable store shows: reopening, WAL, concurrency, kill -9.
#include <stdlib.h>

#include <filesystem>

#include "adapters/sodium/sodium_cipher.h"
#include "adapters/sqlite/sqlite_knowledge_store.h"
#include "adapters/sqlite/sqlite_request_numbers.h"
#include "adapters/sqlite/sqlite_security_store.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "support/knowledge_store_contract.h"
#include "support/work_order_store_contract.h"

namespace hotline::testing {
namespace {

struct SqliteStoreFactory {
  void set_up() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-contract-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir = pattern;
  }
  std::unique_ptr<WorkOrderStore> open() {
    SqliteWorkOrderStore::Options options;
    options.audit_hasher = hasher;
    auto store = SqliteWorkOrderStore::open(dir / "hotline.db", options);
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  // The log as the security store reads it: another connection on the file.
  AuditLog* audit_log() {
    if (!security) {
      auto opened = SqliteSecurityStore::open(dir / "hotline.db", hasher);
      EXPECT_TRUE(opened) << opened.error().message;
      if (!opened) return nullptr;
      security = std::move(*opened);
    }
    return security.get();
  }
  void tear_down() {
    security.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::filesystem::path dir;
  std::shared_ptr<const AuditHasher> hasher = std::make_shared<Blake2bAuditHasher>();
  std::unique_ptr<SqliteSecurityStore> security;
};

struct SqliteKnowledgeStoreFactory {
  void set_up() { files.set_up(); }
  std::unique_ptr<KnowledgeStore> open() {
    auto store = SqliteKnowledgeStore::open(files.dir / "hotline.kb.db");
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  void tear_down() { files.tear_down(); }
  SqliteStoreFactory files;
};

}  // namespace

// DIS-1 (issue 11's dispatch queue, issue 14): the queue is seeded with the
// requests never dispatched, oldest first; a dispatched request never waits
// again, so a start no longer looks every request up.
TEST(SqliteRequestNumbers, DIS_1_TheQueueIsSeededWithTheRequestsNeverDispatched) {
  SqliteStoreFactory files;
  files.set_up();
  {
    auto store = files.open();
    ASSERT_NE(store, nullptr);
    for (const char* number : {"R1", "R2", "R3"}) {
      ASSERT_TRUE(store->append(
          {StreamAppend{number, 0, {make_event(number, 1, sample_body<RequestRegistered>())}}},
          {}));
    }
    ASSERT_TRUE(store->append(
        {StreamAppend{"R2", 1, {make_event("R2", 2, sample_body<RequestDispatched>())}}}, {}));
  }
  auto numbers = load_undispatched_request_numbers(files.dir / "hotline.db");
  ASSERT_TRUE(numbers) << numbers.error().message;
  EXPECT_EQ(*numbers, (std::vector<std::string>{"R1", "R3"}));
  files.tear_down();
}

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, WorkOrderStoreContract,
                               ::testing::Types<SqliteStoreFactory>);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, KnowledgeStoreContract,
                               ::testing::Types<SqliteKnowledgeStoreFactory>);

}  // namespace hotline::testing
