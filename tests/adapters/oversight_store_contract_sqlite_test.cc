// SqliteOversightStore on a real SQLite file against the contract every implementation
// of its port runs (tests/support/oversight_store_contract.h).
//
// SPEC: EVA-2, EVA-4, SEC-2 — as the contract lists.

#include "adapters/sqlite/sqlite_oversight_store.h"
#include "adapters/sqlite_side_store_factory.h"
#include "support/oversight_store_contract.h"

namespace hotline::testing {
namespace {

using Factory = SqliteAuditedStoreFactory<SqliteOversightStore, OversightStore>;

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, OversightStoreContract, ::testing::Types<Factory>);

}  // namespace hotline::testing
