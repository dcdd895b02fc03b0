// SPEC: SEC-2 [M27, R28] — issue 9, item 7: a command's audit entry commits
// in the same transaction as the command's events, through the WorkOrders use
// case every door calls. If the entry cannot be written, the change does not
// stand; a refused command still leaves its own entry. (The same for an
// account change, and the two stores' one chain at the store level, are in
// the security store's contract: tests/support/security_store_contract.h.)
#include <gtest/gtest.h>

#include "adapters/sodium/sodium_cipher.h"
#include "adapters/sqlite/sqlite_security_store.h"
#include "application/work_orders.h"
#include "core/security/privacy_guard.h"
#include "support/engine_on_shipped_data.h"
#include "support/test_audit_hasher.h"

namespace hotline::testing {
namespace {

class AuditInCommit : public ::testing::Test {
 protected:
  // The work-order store chains with `store_hasher`; the security store (the
  // log's other writer) with BLAKE2b.
  void open(std::shared_ptr<const AuditHasher> store_hasher) {
    ASSERT_TRUE(shipped_data().calendar && shipped_data().organisation);
    SqliteWorkOrderStore::Options options;
    options.audit_hasher = std::move(store_hasher);
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db", options);
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    auto security = SqliteSecurityStore::open(dir_ / "hotline.db", blake2b_);
    ASSERT_TRUE(security) << security.error().describe();
    security_ = std::move(*security);
    engine_ = std::make_unique<Engine>(*store_, clock_, *shipped_data().calendar,
                                       shipped_data().policies, *shipped_data().organisation);
    guard_ = std::make_unique<PrivacyGuard>(*security_, clock_, *shipped_data().organisation);
    work_orders_ =
        std::make_unique<WorkOrders>(*engine_, *store_, *shipped_data().organisation, guard_.get());
  }
  void TearDown() override {
    work_orders_.reset();
    guard_.reset();
    engine_.reset();
    security_.reset();
    store_.reset();
  }
  Result<CommandOutcome> register_bus_complaint() {
    Invocation call;
    call.name = commands::Register::kSpec.name;
    call.reason = "电话登记";
    return work_orders_->execute(Caller{agent(), "10.0.0.7", {}}, call,
                                 commands::Register{bus_complaint()});
  }
  std::vector<AuditEntry> entries() {
    auto read = security_->read(0, 100);
    EXPECT_TRUE(read) << read.error().describe();
    return read ? *read : std::vector<AuditEntry>{};
  }

  ScratchDir dir_{"hotline-audit-commit"};
  FakeClock clock_{at("2026-03-02T09:00:00+08:00")};
  std::shared_ptr<const AuditHasher> blake2b_ = std::make_shared<Blake2bAuditHasher>();
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<SqliteSecurityStore> security_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<PrivacyGuard> guard_;
  std::unique_ptr<WorkOrders> work_orders_;
};

TEST_F(AuditInCommit, SEC_2_ARegistrationAndItsEntryCommitTogetherInOneChain) {
  open(blake2b_);
  auto registered = register_bus_complaint();
  ASSERT_TRUE(registered) << registered.error().describe();
  const std::string number = std::get<RequestState>(*registered).number;
  // A refusal (a unit may not register) is audited on its own.
  Invocation call;
  call.name = commands::Register::kSpec.name;
  auto refused = work_orders_->execute(
      Caller{{"staff.li", Role::kUnitStaff, "dept.heping.housing"}, "cli", {}}, call,
      commands::Register{bus_complaint()});
  ASSERT_FALSE(refused);

  const auto log = entries();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].record.action, "command:register");
  EXPECT_EQ(log[0].record.target, number);  // the number the engine gave it
  EXPECT_EQ(log[0].record.remote, "10.0.0.7");
  EXPECT_TRUE(log[0].record.success);
  EXPECT_EQ(log[1].record.action, "command:register");
  EXPECT_FALSE(log[1].record.success);
  EXPECT_EQ(log[1].prev_hash, log[0].hash);  // the two writers keep one chain
  auto verified = security_->verify_audit();
  ASSERT_TRUE(verified) << verified.error().describe();
  EXPECT_TRUE(verified->intact()) << verified->explanation;
}

TEST_F(AuditInCommit, SEC_2_NoChangeStandsWithoutItsAuditEntry) {
  // The log was started with BLAKE2b; a store that would chain with another
  // function cannot write the entry, so the registration must not stand.
  open(std::make_shared<TestAuditHasher>());
  AuditRecord first;
  first.at = clock_.now();
  first.actor = agent();
  first.action = "login";
  first.target = agent().id;
  ASSERT_TRUE(security_->append(first));

  auto registered = register_bus_complaint();
  ASSERT_FALSE(registered);
  auto log = store_->read_log(0, 10);
  ASSERT_TRUE(log) << log.error().describe();
  EXPECT_TRUE(log->empty()) << "the registration stood without its audit entry";
  const auto audit = entries();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[1].record.action, "command:register");
  EXPECT_FALSE(audit[1].record.success);
}

}  // namespace
}  // namespace hotline::testing
