// The side stores' shared opening (sqlite_tables.h) and transaction guard
// (sqlite_connection.h): a file of a store's own is marked on creation and
// refused when it belongs to something else; shared tables are created
// where missing; a failed transaction keeps nothing.
#include "adapters/sqlite/sqlite_tables.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace hotline::sqlite {
namespace {

constexpr const char* kOwnSchema = "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT);";
constexpr const char* kSharedSchema =
    "CREATE TABLE IF NOT EXISTS extras (id INTEGER PRIMARY KEY, name TEXT);";

TableSet own(std::int64_t version = 1) {
  return {.schema = kOwnSchema,
          .application_id = 0x54455354,  // "TEST"
          .version = version,
          .kind = "test database",
          .label = "test"};
}

class SqliteTablesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sqlite-tables-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::int64_t count(Connection& db, const char* table) {
    auto n = db.query_int((std::string("SELECT count(*) FROM ") + table).c_str());
    EXPECT_TRUE(n) << n.error().describe();
    return n ? *n : -1;
  }

  std::filesystem::path dir_;
};

TEST_F(SqliteTablesTest, ANewFileGetsTheSchemaTheMarkAndTheVersionAndOpensAgain) {
  const auto file = dir_ / "own.db";
  {
    auto db = open_tables(file, own());
    ASSERT_TRUE(db) << db.error().describe();
    EXPECT_EQ(*(*db)->query_int("PRAGMA application_id"), 0x54455354);
    EXPECT_EQ(*(*db)->query_int("PRAGMA user_version"), 1);
    EXPECT_EQ(*(*db)->query_text("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(*(*db)->query_int("PRAGMA synchronous"), 2);  // FULL
    ASSERT_TRUE((*db)->exec("INSERT INTO things (name) VALUES ('kept')"));
  }
  auto again = open_tables(file, own());
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(count(**again, "things"), 1);
}

TEST_F(SqliteTablesTest, AFileOfSomethingElseIsRefused) {
  const auto unmarked = dir_ / "unmarked.db";
  {
    auto db = Connection::open(unmarked, true);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->exec("CREATE TABLE t (x)"));
  }
  auto r = open_tables(unmarked, own());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, unmarked.string() + " is not a hotline test database");

  const auto other = dir_ / "other.db";
  {
    auto db = Connection::open(other, true);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->exec("PRAGMA application_id = 7"));
  }
  r = open_tables(other, own());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, other.string() + " is not a hotline test database");
}

TEST_F(SqliteTablesTest, AnotherSchemaVersionIsRefused) {
  const auto file = dir_ / "v1.db";
  ASSERT_TRUE(open_tables(file, own(1)));
  auto r = open_tables(file, own(2));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kStorage);
  EXPECT_EQ(r.error().message, file.string() + " has test schema 1; this build reads 2");
}

TEST_F(SqliteTablesTest, SharedTablesAreCreatedWhereMissingAndTheMarkIsLeftAlone) {
  const auto file = dir_ / "shared.db";
  {
    auto owner = open_tables(file, own());
    ASSERT_TRUE(owner);
  }
  for (int i = 0; i < 2; ++i) {
    auto db = open_tables(file, {.schema = kSharedSchema});
    ASSERT_TRUE(db) << db.error().describe();
    EXPECT_EQ(*(*db)->query_int("PRAGMA application_id"), 0x54455354);
    EXPECT_EQ(count(**db, "extras"), 0);
    EXPECT_EQ(count(**db, "things"), 0);
  }
}

TEST_F(SqliteTablesTest, ATransactionKeepsAllOrNothing) {
  auto db = open_tables(dir_ / "tx.db", own());
  ASSERT_TRUE(db);
  Connection& c = **db;
  Status st = transaction(c, [&]() -> Status {
    if (auto s = c.exec("INSERT INTO things (name) VALUES ('a')"); !s) return s;
    return fail(Error::conflict("changed meanwhile"));
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "changed meanwhile");
  EXPECT_FALSE(c.in_transaction());
  EXPECT_EQ(count(c, "things"), 0);

  Result<int> r = transaction(c, [&]() -> Result<int> {
    if (auto s = c.exec("INSERT INTO things (name) VALUES ('b')"); !s) return fail(s.error());
    return 42;
  });
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(*r, 42);
  EXPECT_FALSE(c.in_transaction());
  EXPECT_EQ(count(c, "things"), 1);

  // Inside another transaction the body runs in a savepoint: a failing body
  // undoes only its own writes, and everything goes with the outer rollback
  // (SecurityStore::atomically nests the store's calls this way).
  ASSERT_TRUE(c.exec("BEGIN"));
  ASSERT_TRUE(c.exec("INSERT INTO things (name) VALUES ('outer')"));
  st = transaction(c, [&]() -> Status {
    if (auto s = c.exec("INSERT INTO things (name) VALUES ('inner-failed')"); !s) return s;
    return fail(Error::invalid("x", "fails"));
  });
  EXPECT_FALSE(st);
  EXPECT_TRUE(c.in_transaction());
  st = transaction(c, [&]() -> Status { return c.exec("INSERT INTO things (name) VALUES ('c')"); });
  EXPECT_TRUE(st) << st.error().describe();
  EXPECT_TRUE(c.in_transaction());
  EXPECT_EQ(count(c, "things"), 3);  // b, outer, c
  ASSERT_TRUE(c.exec("ROLLBACK"));
  EXPECT_EQ(count(c, "things"), 1);
}

}  // namespace
}  // namespace hotline::sqlite
