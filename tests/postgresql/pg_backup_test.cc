// Backup and restore of a PostgreSQL schema (issue 14, operations): the
// dump is checked against the audit chain in its own snapshot, a restore
// brings back the data as it was and sets the schema in use aside, and a
// restore that does not verify with the platform's key changes nothing.

#include "adapters/postgresql/pg_backup.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "adapters/postgresql/pg_audit_log.h"
#include "adapters/postgresql/pg_work_order_store.h"
#include "adapters/sodium/data_key.h"
#include "adapters/sodium/sodium_cipher.h"
#include "support/event_samples.h"
#include "support/pg_scratch_schema.h"
#include "support/scratch_dir.h"

namespace hotline::testing {
namespace {

class PgBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PgWorkOrderStore::Options options;
    options.audit_hasher = hasher_;
    auto store = PgWorkOrderStore::open(schema_.target(), options);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    // A schema set aside by a restore goes with the test's.
    for (const auto& row : schema_.exec("SELECT nspname FROM pg_namespace WHERE nspname LIKE '" +
                                        schema_.target().schema + "_before_restore_%'")) {
      schema_.exec(std::string("DROP SCHEMA \"") + row[0].c_str() + "\" CASCADE");
    }
  }
  Status append(const std::string& stream) {
    AuditRecord r;
    r.at = at("2026-01-05T10:00:00+08:00");
    r.actor = Actor{"u1", Role::kUnitStaff, "dept.a"};
    r.action = "command:accept";
    r.target = stream + " 𠮷";
    r.remote = "127.0.0.1";
    return store_->append(
        {StreamAppend{stream, 0, {make_event(stream, 1, sample_body<WorkOrderAccepted>())}}}, {},
        {r});
  }

  PgScratchSchema schema_;
  ScratchDir dir_{"hotline-pg-backup"};
  std::shared_ptr<const AuditHasher> hasher_ = std::make_shared<Blake2bAuditHasher>();
  std::unique_ptr<PgWorkOrderStore> store_;
};

TEST_F(PgBackupTest, SEC_2_ISSUE14_ARestoredBackupHasTheDataAsBackedUpAndItsChainVerifies) {
  ASSERT_TRUE(append("W1-1"));
  ASSERT_TRUE(append("W2-1"));
  const auto file = dir_ / "hotline.dump";
  auto backed_up = pg_backup(schema_.target(), file, *hasher_);
  ASSERT_TRUE(backed_up) << backed_up.error().message;
  EXPECT_EQ(backed_up->audit.entries, 2);
  EXPECT_GT(backed_up->bytes, 0u);
  EXPECT_FALSE(pg_backup(schema_.target(), file, *hasher_)) << "a backup is never overwritten";
  ASSERT_TRUE(append("W3-1"));  // after the backup
  store_.reset();

  EXPECT_FALSE(pg_restore(schema_.target(), file, *hasher_, /*force=*/false))
      << "the schema in use is replaced only with --force";
  auto restored = pg_restore(schema_.target(), file, *hasher_, /*force=*/true);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->audit.entries, 2);
  EXPECT_NE(restored->set_aside.find("_before_restore_"), std::string::npos);

  PgWorkOrderStore::Options options;
  options.audit_hasher = hasher_;
  auto store = PgWorkOrderStore::open(schema_.target(), options);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->load("W1-1")->size(), 1u);
  EXPECT_TRUE((*store)->load("W3-1")->empty());
  EXPECT_EQ(*(*store)->log_head(), 2);
  auto log = PgAuditLog::open(schema_.target(), hasher_);
  ASSERT_TRUE(log);
  auto entries = (*log)->read(0, 10);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[1].record.target, "W2-1 𠮷");
  // The data at the time of the restore is kept, renamed.
  const std::string aside = restored->set_aside;
  EXPECT_EQ(
      std::string(schema_.exec("SELECT count(*) FROM \"" + aside + "\".events")[0][0].c_str()),
      "3");
}

TEST_F(PgBackupTest, SEC_2_ISSUE14_ARestoreWithAnotherKeyChangesNothing) {
  ASSERT_TRUE(append("W1-1"));
  const auto file = dir_ / "hotline.dump";
  ASSERT_TRUE(pg_backup(schema_.target(), file, *hasher_));
  ASSERT_TRUE(append("W2-1"));
  store_.reset();
  std::array<unsigned char, DataKey::kSize> bytes{};
  bytes.fill(9);
  auto other = std::move(*SodiumPersonalDataCipher::create(DataKey(bytes)));
  auto refused = pg_restore(schema_.target(), file, *other->audit_hasher(), /*force=*/true);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule, "SEC-2");
  // The schema in use is back, whole.
  EXPECT_EQ(std::string(schema_.exec("SELECT count(*) FROM events")[0][0].c_str()), "2");
  EXPECT_TRUE(schema_
                  .exec("SELECT 1 FROM pg_namespace WHERE nspname LIKE '" +
                        schema_.target().schema + "_before_restore_%'")
                  .empty());
}

}  // namespace
}  // namespace hotline::testing
