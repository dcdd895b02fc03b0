// SqliteKnowledgeStore against the text rule of the SQL knowledge stores
// (tests/support/knowledge_store_text_contract.h). The port's contract
// (knowledge_store_contract.h) runs in sqlite_store_contract_test.cc.
#include <memory>
#include <optional>

#include "adapters/sqlite/sqlite_knowledge_store.h"
#include "support/knowledge_store_text_contract.h"
#include "support/scratch_dir.h"

namespace hotline::testing {
namespace {

struct SqliteKnowledgeTextFactory {
  void set_up() { dir.emplace("hotline-knowledge"); }
  std::unique_ptr<KnowledgeStore> open() {
    auto store = SqliteKnowledgeStore::open(*dir / "hotline.db");
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  void tear_down() { dir.reset(); }
  std::optional<ScratchDir> dir;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, KnowledgeStoreTextContract,
                               ::testing::Types<SqliteKnowledgeTextFactory>);

}  // namespace hotline::testing
