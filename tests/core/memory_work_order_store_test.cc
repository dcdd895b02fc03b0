// The in-memory work-order store (core/ports/memory) against the store
// contract every implementation runs (tests/support/work_order_store_contract.h).
#include "core/ports/memory/memory_work_order_store.h"

#include "core/ports/memory/memory_audit_log.h"
#include "support/test_audit_hasher.h"
#include "support/work_order_store_contract.h"

namespace hotline::testing {
namespace {

struct MemoryStoreFactory {
  void set_up() {}
  std::unique_ptr<WorkOrderStore> open() { return std::make_unique<MemoryWorkOrderStore>(&audit); }
  AuditLog* audit_log() { return &audit; }
  void tear_down() {}
  MemoryAuditLog audit{std::make_shared<TestAuditHasher>()};
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Memory, WorkOrderStoreContract,
                               ::testing::Types<MemoryStoreFactory>);

}  // namespace hotline::testing
