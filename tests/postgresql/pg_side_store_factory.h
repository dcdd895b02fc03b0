#pragma once
// The factories with which the PostgreSQL side stores run their port's
// contract (tests/support/*_contract.h): each test in a schema of its own
// (support/pg_scratch_schema.h); open() again is another node on the same
// schema.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "adapters/postgresql/pg_audit_log.h"
#include "adapters/postgresql/pg_webhook_outbox.h"
#include "adapters/sodium/data_key.h"
#include "adapters/sodium/sodium_cipher.h"
#include "support/pg_scratch_schema.h"

namespace hotline::testing {

// Oversight, research and calendar stores: open(target, hasher); the audit
// log is PgAuditLog on the same schema.
template <typename Store, typename Port>
struct PgAuditedStoreFactory {
  void set_up() { schema = std::make_unique<PgScratchSchema>(); }
  std::unique_ptr<Port> open(std::shared_ptr<const AuditHasher> hasher) {
    auto store = Store::open(schema->target(), std::move(hasher));
    EXPECT_TRUE(store) << store.error().describe();
    if (!store) return nullptr;
    return std::move(*store);
  }
  std::unique_ptr<AuditLog> audit_log(std::shared_ptr<const AuditHasher> hasher) {
    auto log = PgAuditLog::open(schema->target(), std::move(hasher));
    EXPECT_TRUE(log) << log.error().describe();
    if (!log) return nullptr;
    return std::move(*log);
  }
  void tear_down() { schema.reset(); }
  std::unique_ptr<PgScratchSchema> schema;
};

inline std::unique_ptr<SodiumPersonalDataCipher> test_cipher() {
  std::array<unsigned char, DataKey::kSize> bytes{};
  bytes.fill(0x5a);
  auto cipher = SodiumPersonalDataCipher::create(DataKey(bytes));
  EXPECT_TRUE(cipher) << cipher.error().describe();
  return cipher ? std::move(*cipher) : nullptr;
}

struct PgWebhookOutboxFactory {
  void set_up() {
    schema = std::make_unique<PgScratchSchema>();
    cipher = test_cipher();
  }
  std::unique_ptr<PgWebhookOutbox> open(Seconds claim = PgWebhookOutbox::kDefaultClaim) {
    auto outbox = PgWebhookOutbox::open(schema->target(), cipher.get(), claim);
    EXPECT_TRUE(outbox) << outbox.error().describe();
    if (!outbox) return nullptr;
    return std::move(*outbox);
  }
  std::string stored_secret(const std::string& unit) {
    pqxx::connection db(schema->target().conninfo);
    pqxx::nontransaction txn(db);
    const pqxx::result rows = txn.exec_params("SELECT secret FROM \"" + schema->target().schema +
                                                  "\".webhook_subscriptions "
                                                  "WHERE unit = $1",
                                              unit);
    return rows.empty() ? std::string() : rows[0][0].as<std::string>();
  }
  void tear_down() {
    schema.reset();
    cipher.reset();
  }
  std::unique_ptr<PgScratchSchema> schema;
  std::unique_ptr<SodiumPersonalDataCipher> cipher;
};

}  // namespace hotline::testing
