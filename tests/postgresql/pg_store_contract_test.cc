// PgWorkOrderStore against the store contract every implementation runs
// (tests/support/work_order_store_contract.h), on the run's real PostgreSQL
// 15 server, a schema per test. What only a server shows (several nodes on
// one database, reconnecting) is in pg_work_order_store_test.cc.
//
// SPEC: platform bar (every change an event; atomic appends); SEC-2; HND-5;
// DIS-4/DIS-7; ANA-1 — as the contract lists; issue 14 (PostgreSQL).

#include <memory>

#include "adapters/postgresql/pg_audit_log.h"
#include "adapters/postgresql/pg_work_order_store.h"
#include "adapters/sodium/sodium_cipher.h"
#include "support/pg_scratch_schema.h"
#include "support/work_order_store_contract.h"

namespace hotline::testing {
namespace {

struct PgStoreFactory {
  void set_up() { schema = std::make_unique<PgScratchSchema>(); }
  std::unique_ptr<WorkOrderStore> open() {
    PgWorkOrderStore::Options options;
    options.audit_hasher = hasher;
    auto store = PgWorkOrderStore::open(schema->target(), options);
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  // The log as another connection reads it.
  AuditLog* audit_log() {
    if (!log) {
      auto opened = PgAuditLog::open(schema->target(), hasher);
      EXPECT_TRUE(opened) << opened.error().message;
      if (!opened) return nullptr;
      log = std::move(*opened);
    }
    return log.get();
  }
  void tear_down() {
    log.reset();
    schema.reset();
  }
  std::unique_ptr<PgScratchSchema> schema;
  std::shared_ptr<const AuditHasher> hasher = std::make_shared<Blake2bAuditHasher>();
  std::unique_ptr<PgAuditLog> log;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, WorkOrderStoreContract,
                               ::testing::Types<PgStoreFactory>);

}  // namespace hotline::testing
