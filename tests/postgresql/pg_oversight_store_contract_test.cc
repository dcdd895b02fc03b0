// PgOversightStore against the contract every implementation of its port runs
// (tests/support/oversight_store_contract.h), on the run's PostgreSQL 15 server, a
// schema per test; a second open() is another node on the same schema.
//
// SPEC: EVA-2, EVA-4, SEC-2 — as the contract lists; issue 14 (PostgreSQL).

#include "adapters/postgresql/pg_oversight_store.h"
#include "postgresql/pg_side_store_factory.h"
#include "support/oversight_store_contract.h"

namespace hotline::testing {
namespace {

using Factory = PgAuditedStoreFactory<PgOversightStore, OversightStore>;

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, OversightStoreContract, ::testing::Types<Factory>);

}  // namespace hotline::testing
