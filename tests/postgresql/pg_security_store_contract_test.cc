// PgSecurityStore against the security store's contract
// (tests/support/security_store_contract.h), on the run's real PostgreSQL 15
// server, a schema per test. What only a server shows (several nodes on one
// schema, reopening, a lost connection) is in pg_security_store_test.cc.
//
// SPEC: SEC-2, INT-5 — as the contract lists; issue 14 (PostgreSQL).

#include <memory>

#include "adapters/postgresql/pg_security_store.h"
#include "adapters/postgresql/pg_work_order_store.h"
#include "support/pg_scratch_schema.h"
#include "support/security_store_contract.h"

namespace hotline::testing {
namespace {

struct PgSecurityStoreFactory {
  using Store = PgSecurityStore;

  void set_up() { schema = std::make_unique<PgScratchSchema>(); }
  std::unique_ptr<Store> open(std::shared_ptr<const AuditHasher> hasher) {
    auto store = PgSecurityStore::open(schema->target(), std::move(hasher));
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  std::unique_ptr<WorkOrderStore> open_work_orders(std::shared_ptr<const AuditHasher> hasher) {
    PgWorkOrderStore::Options options;
    options.audit_hasher = std::move(hasher);
    auto store = PgWorkOrderStore::open(schema->target(), options);
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  // Every row of every table in the schema, as text.
  std::string stored_bytes() const {
    std::string all;
    const pqxx::result tables = schema->exec(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
    for (const pqxx::row& table : tables) {
      all += schema
                 ->exec("SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM \"" +
                        table[0].as<std::string>() + "\" t")[0][0]
                 .as<std::string>();
      all += '\n';
    }
    return all;
  }
  bool try_sql(const std::string& sql) {
    try {
      schema->exec(sql);
      return true;
    } catch (const pqxx::sql_error&) {
      return false;
    }
  }
  // Behind the store's back, as an intruder would: the triggers dropped.
  void tamper(const std::string& sql) {
    EXPECT_TRUE(
        try_sql("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log; "
                "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log; " +
                sql));
  }
  void tear_down() { schema.reset(); }

  std::unique_ptr<PgScratchSchema> schema;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, SecurityStoreContract,
                               ::testing::Types<PgSecurityStoreFactory>);

}  // namespace hotline::testing
