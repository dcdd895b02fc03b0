// SqliteCalendarStore on a real SQLite file against the contract every implementation
// of its port runs (tests/support/calendar_store_contract.h).
//
// SPEC: issue 9 item 13, SEC-2 — as the contract lists.

#include "adapters/sqlite/sqlite_calendar_store.h"
#include "adapters/sqlite_side_store_factory.h"
#include "support/calendar_store_contract.h"

namespace hotline::testing {
namespace {

using Factory = SqliteAuditedStoreFactory<SqliteCalendarStore, CalendarStore>;

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, CalendarStoreContract, ::testing::Types<Factory>);

}  // namespace hotline::testing
