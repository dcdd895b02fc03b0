// SqliteIdempotencyStore on a real SQLite file against the contract every
// idempotency store runs (tests/support/idempotency_store_contract.h).
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>

#include "adapters/sqlite/sqlite_connection.h"
#include "adapters/sqlite/sqlite_idempotency_store.h"
#include "support/idempotency_store_contract.h"
#include "support/scratch_dir.h"

namespace hotline::testing {
namespace {

struct SqliteIdempotencyFactory {
  void set_up() { dir.emplace("hotline-idempotency"); }
  std::unique_ptr<IdempotencyStore> open(const PersonalDataCipher* cipher, Seconds retention) {
    auto store = SqliteIdempotencyStore::open(file(), cipher, retention);
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    return std::move(*store);
  }
  // Every byte of the database, its WAL included.
  std::string at_rest() const {
    std::string all;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(file().string() + suffix, std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }
  void copy_body(const std::string& principal, const std::string& from, const std::string& to) {
    auto db = sqlite::Connection::open(file(), /*create=*/false);
    ASSERT_TRUE(db) << db.error().message;
    auto update = (*db)->prepare(
        "UPDATE idempotency_keys SET body = (SELECT body FROM idempotency_keys "
        "WHERE principal = ?1 AND key = ?2) WHERE principal = ?1 AND key = ?3");
    ASSERT_TRUE(update) << update.error().message;
    update->bind(1, principal);
    update->bind(2, from);
    update->bind(3, to);
    ASSERT_EQ(update->step(), SQLITE_DONE);
  }
  void tear_down() { dir.reset(); }

  std::filesystem::path file() const { return *dir / "hotline.db"; }
  std::optional<ScratchDir> dir;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, IdempotencyStoreContract,
                               ::testing::Types<SqliteIdempotencyFactory>);

}  // namespace hotline::testing
