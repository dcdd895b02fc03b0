// The in-memory work-order store (core/ports/memory) against the store
// contract every implementation runs (tests/support/work_order_store_contract.h).
#include "core/ports/memory/memory_work_order_store.h"

#include "support/work_order_store_contract.h"

namespace hotline::testing {
namespace {

struct MemoryStoreFactory {
  void set_up() {}
  std::unique_ptr<WorkOrderStore> open() { return std::make_unique<MemoryWorkOrderStore>(); }
  void tear_down() {}
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Memory, WorkOrderStoreContract,
                               ::testing::Types<MemoryStoreFactory>);

}  // namespace hotline::testing
