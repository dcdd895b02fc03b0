// SqliteTriageStore against the triage store contract every implementation
// runs (tests/support/triage_store_contract.h), on a real platform file;
// each instance is a connection of its own. The former file of its own is
// in triage_store_test.cc.
//
// SPEC: DIS-2, SEC-2 [M27], SUP-1, TRI-5, DIS-8 — as the contract lists.

#include <memory>

#include "adapters/sqlite/sqlite_security_store.h"
#include "adapters/sqlite/sqlite_triage_store.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "support/scratch_dir.h"
#include "support/triage_store_contract.h"

namespace hotline::testing {
namespace {

struct SqliteTriageStoreFactory {
  void set_up() {
    dir = std::make_unique<ScratchDir>("hotline-triage-contract");
    // The platform's file, as the work-order store makes it.
    auto store = SqliteWorkOrderStore::open(file());
    ASSERT_TRUE(store) << store.error().message;
  }
  std::filesystem::path file() const { return *dir / "hotline.db"; }
  std::unique_ptr<triage::TriageStore> open(std::shared_ptr<const AuditHasher> hasher) {
    SqliteTriageStore::Options options;
    options.audit_hasher = std::move(hasher);
    auto store = SqliteTriageStore::open(file(), options);
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  // The log as the security store reads it: another connection on the file.
  AuditLog* audit_log(std::shared_ptr<const AuditHasher> hasher) {
    if (!security) {
      auto opened = SqliteSecurityStore::open(file(), std::move(hasher));
      EXPECT_TRUE(opened) << opened.error().message;
      if (!opened) return nullptr;
      security = std::move(*opened);
    }
    return security.get();
  }
  void tear_down() {
    security.reset();
    dir.reset();
  }
  std::unique_ptr<ScratchDir> dir;
  std::unique_ptr<SqliteSecurityStore> security;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, TriageStoreContract,
                               ::testing::Types<SqliteTriageStoreFactory>);

}  // namespace hotline::testing
