// SqliteResearchStore on a real SQLite file against the contract every implementation
// of its port runs (tests/support/research_store_contract.h).
//
// SPEC: ANA-3, SEC-2 — as the contract lists.

#include "adapters/sqlite/sqlite_research_store.h"
#include "adapters/sqlite_side_store_factory.h"
#include "support/research_store_contract.h"

namespace hotline::testing {
namespace {

using Factory = SqliteAuditedStoreFactory<SqliteResearchStore, analysis::ResearchStore>;

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ResearchStoreContract, ::testing::Types<Factory>);

}  // namespace hotline::testing
