// SqliteWebhookOutbox on a real SQLite file against the contract every
// implementation of the port runs (tests/support/webhook_outbox_contract.h);
// the relay and delivery over a real receiver are in webhook_test.cc.
//
// SPEC: ICN-3 — as the contract lists.

#include "adapters/sqlite_side_store_factory.h"
#include "support/webhook_outbox_contract.h"

namespace hotline::testing {

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, WebhookOutboxContract,
                               ::testing::Types<SqliteWebhookOutboxFactory>);

}  // namespace hotline::testing
