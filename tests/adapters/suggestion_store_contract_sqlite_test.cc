// SqliteSuggestionStore against the suggestion store contract every
// implementation runs (tests/support/suggestion_store_contract.h), on a real
// platform file; each instance is a connection of its own.
//
// SPEC: ANA-6 [R26, C27] — as the contract lists.

#include <memory>

#include "adapters/sqlite/sqlite_suggestion_store.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "support/scratch_dir.h"
#include "support/suggestion_store_contract.h"

namespace hotline::testing {
namespace {

struct SqliteSuggestionStoreFactory {
  void set_up() {
    dir = std::make_unique<ScratchDir>("hotline-suggestion-contract");
    auto store = SqliteWorkOrderStore::open(*dir / "hotline.db");
    ASSERT_TRUE(store) << store.error().message;
  }
  std::unique_ptr<SuggestionStore> open() {
    auto store = SqliteSuggestionStore::open(*dir / "hotline.db");
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  void tear_down() { dir.reset(); }
  std::unique_ptr<ScratchDir> dir;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, SuggestionStoreContract,
                               ::testing::Types<SqliteSuggestionStoreFactory>);

}  // namespace hotline::testing
