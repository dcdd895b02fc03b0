#pragma once
// The factories with which the SQLite side stores run their port's contract
// (tests/support/*_contract.h): each test on a platform file of its own in
// a scratch directory; open() again is another process on the same file.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "adapters/sodium/data_key.h"
#include "adapters/sodium/sodium_cipher.h"
#include "adapters/sqlite/sqlite_connection.h"
#include "adapters/sqlite/sqlite_security_store.h"
#include "adapters/sqlite/sqlite_webhook_outbox.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "support/scratch_dir.h"

namespace hotline::testing {

class SqlitePlatformFile {
 public:
  void set_up() {
    dir_.emplace("hotline-side-store");
    auto marked = SqliteWorkOrderStore::open(file());  // marks the file as the platform's
    ASSERT_TRUE(marked) << marked.error().describe();
  }
  void tear_down() { dir_.reset(); }
  std::filesystem::path file() const { return *dir_ / "hotline.db"; }

 private:
  std::optional<ScratchDir> dir_;
};

// Oversight, research and calendar stores: open(file, hasher); the audit
// log is the security store's, on the same file.
template <typename Store, typename Port>
struct SqliteAuditedStoreFactory {
  void set_up() { platform.set_up(); }
  std::unique_ptr<Port> open(std::shared_ptr<const AuditHasher> hasher) {
    auto store = Store::open(platform.file(), std::move(hasher));
    EXPECT_TRUE(store) << store.error().describe();
    if (!store) return nullptr;
    return std::move(*store);
  }
  std::unique_ptr<AuditLog> audit_log(std::shared_ptr<const AuditHasher> hasher) {
    auto log = SqliteSecurityStore::open(platform.file(), std::move(hasher));
    EXPECT_TRUE(log) << log.error().describe();
    if (!log) return nullptr;
    return std::move(*log);
  }
  void tear_down() { platform.tear_down(); }
  SqlitePlatformFile platform;
};

inline std::unique_ptr<SodiumPersonalDataCipher> test_cipher() {
  std::array<unsigned char, DataKey::kSize> bytes{};
  bytes.fill(0x5a);
  auto cipher = SodiumPersonalDataCipher::create(DataKey(bytes));
  EXPECT_TRUE(cipher) << cipher.error().describe();
  return cipher ? std::move(*cipher) : nullptr;
}

struct SqliteWebhookOutboxFactory {
  void set_up() {
    platform.set_up();
    cipher = test_cipher();
  }
  std::unique_ptr<WebhookOutbox> open() {
    auto outbox = SqliteWebhookOutbox::open(platform.file(), cipher.get());
    EXPECT_TRUE(outbox) << outbox.error().describe();
    if (!outbox) return nullptr;
    return std::move(*outbox);
  }
  std::string stored_secret(const std::string& unit) {
    auto db = sqlite::Connection::open(platform.file(), false);
    EXPECT_TRUE(db) << db.error().describe();
    if (!db) return {};
    auto select = (*db)->prepare("SELECT secret FROM webhook_subscriptions WHERE unit = ?1");
    EXPECT_TRUE(select);
    if (!select) return {};
    select->bind(1, unit);
    return select->step() == SQLITE_ROW ? select->text(0) : std::string();
  }
  void tear_down() {
    platform.tear_down();
    cipher.reset();
  }
  SqlitePlatformFile platform;
  std::unique_ptr<SodiumPersonalDataCipher> cipher;
};

}  // namespace hotline::testing
