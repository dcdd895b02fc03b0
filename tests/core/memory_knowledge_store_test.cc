// The in-memory knowledge store (core/ports/memory) against the contract
// every knowledge store runs (tests/support/knowledge_store_contract.h).
#include "core/ports/memory/memory_knowledge_store.h"

#include "support/knowledge_store_contract.h"

namespace hotline::testing {
namespace {

struct MemoryKnowledgeStoreFactory {
  void set_up() {}
  std::unique_ptr<KnowledgeStore> open() { return std::make_unique<MemoryKnowledgeStore>(); }
  void tear_down() {}
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Memory, KnowledgeStoreContract,
                               ::testing::Types<MemoryKnowledgeStoreFactory>);

}  // namespace hotline::testing
