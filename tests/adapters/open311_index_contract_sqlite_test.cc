// SqliteOpen311Index against the Open311 index contract every
// implementation runs (tests/support/open311_index_contract.h), on a real
// platform file; each instance is a connection of its own. The migration
// that emptied the e-mail column is in schema_migration_test.cc.
//
// SPEC: INT-1, INT-5 — as the contract lists.

#include <memory>

#include "adapters/sqlite/sqlite_open311_index.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "support/open311_index_contract.h"
#include "support/scratch_dir.h"

namespace hotline::testing {
namespace {

struct SqliteOpen311IndexFactory {
  void set_up() {
    dir = std::make_unique<ScratchDir>("hotline-open311-contract");
    auto store = SqliteWorkOrderStore::open(*dir / "hotline.db");
    ASSERT_TRUE(store) << store.error().message;
  }
  std::unique_ptr<open311::RequestIndex> open() {
    auto index = SqliteOpen311Index::open(*dir / "hotline.db");
    EXPECT_TRUE(index) << index.error().message;
    if (!index) return nullptr;
    return std::move(*index);
  }
  void tear_down() { dir.reset(); }
  std::unique_ptr<ScratchDir> dir;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, Open311IndexContract,
                               ::testing::Types<SqliteOpen311IndexFactory>);

}  // namespace hotline::testing
