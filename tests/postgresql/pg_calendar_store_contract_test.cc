// PgCalendarStore against the contract every implementation of its port runs
// (tests/support/calendar_store_contract.h), on the run's PostgreSQL 15 server, a
// schema per test; a second open() is another node on the same schema.
//
// SPEC: issue 9 item 13, SEC-2 — as the contract lists; issue 14 (PostgreSQL).

#include "adapters/postgresql/pg_calendar_store.h"
#include "postgresql/pg_side_store_factory.h"
#include "support/calendar_store_contract.h"

namespace hotline::testing {
namespace {

using Factory = PgAuditedStoreFactory<PgCalendarStore, CalendarStore>;

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, CalendarStoreContract, ::testing::Types<Factory>);

}  // namespace hotline::testing
