// Issue 14, `hotline migrate`, on real SQLite files: a file of an older
// schema is copied whole, then migrated in one step (SEC-1: the plain-text
// e-mail an earlier Open311 index kept is emptied), each step recorded; a
// file of a newer schema is refused naming both versions.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "adapters/sqlite/sqlite_analysis_archive.h"
#include "adapters/sqlite/sqlite_connection.h"
#include "adapters/sqlite/sqlite_migrations.h"
#include "adapters/sqlite/sqlite_open311_index.h"
#include "adapters/sqlite/sqlite_work_order_store.h"

namespace hotline {
namespace {

namespace fs = std::filesystem;

class SchemaMigration : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "hotline-migration-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = SqliteWorkOrderStore::open(db());
    ASSERT_TRUE(store) << store.error().describe();
    auto index = SqliteOpen311Index::open(db());
    ASSERT_TRUE(index) << index.error().describe();
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path db() const { return dir_ / "hotline.db"; }
  // Runs SQL on `file` outside the stores; the first column of the first row.
  static std::string sql(const fs::path& file, const char* statement) {
    auto c = sqlite::Connection::open(file, false);
    EXPECT_TRUE(c);
    if (!c) return {};
    auto text = (*c)->query_text(statement);
    return text ? *text : "error: " + text.error().message;
  }

  fs::path dir_;
};

TEST_F(SchemaMigration, ISSUE14_SEC_1_AnOlderFileIsCopiedThenMigratedAndEachStepRecorded) {
  ASSERT_GE(sqlite::current_schema_version(), 2);
  // A file as version 1 left it: plain-text contact details in the index.
  {
    auto c = sqlite::Connection::open(db(), false);
    ASSERT_TRUE(c);
    ASSERT_TRUE((*c)->exec(
        "INSERT INTO open311_requests (number, service_code, requested_at, updated_at, email, "
        "account_id) VALUES ('HL20260302000001', 'road', 0, 0, 'zhang@example.cn', 'wx-𠮷'); "
        "DROP TABLE IF EXISTS schema_migrations; PRAGMA user_version = 1;"));
  }
  auto reopened = SqliteWorkOrderStore::open(db());
  ASSERT_TRUE(reopened) << reopened.error().describe();
  EXPECT_EQ(sql(db(), "PRAGMA user_version"), std::to_string(sqlite::current_schema_version()));
  EXPECT_EQ(sql(db(), "SELECT email || account_id FROM open311_requests"), "");
  EXPECT_EQ(sql(db(), "SELECT group_concat(version) FROM schema_migrations"), "2,3");
  EXPECT_EQ(sql(db(), "SELECT value FROM meta WHERE key = 'schema_version'"),
            std::to_string(sqlite::current_schema_version()));
  // The file as it was, kept beside it.
  const fs::path before = db().string() + ".before-migration-v1";
  ASSERT_TRUE(fs::exists(before));
  EXPECT_EQ(sql(before, "PRAGMA user_version"), "1");
  EXPECT_EQ(sql(before, "SELECT email FROM open311_requests"), "zhang@example.cn");
  // A second open has nothing to do.
  reopened->reset();
  auto again = SqliteWorkOrderStore::open(db());
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(sql(db(), "SELECT count(*) FROM schema_migrations"), "2");
}

// Step 3: a day archived by version 2 has cells and no coarse cells; after
// the migration the archive still answers it, whole, to a coarse reader.
TEST_F(SchemaMigration, ANA_1_ADayArchivedBeforeVersion3IsReadWholeByACoarseReader) {
  {
    auto c = sqlite::Connection::open(db(), false);
    ASSERT_TRUE(c);
    ASSERT_TRUE((*c)->exec(
        "CREATE TABLE analysis_archive_days (day INTEGER NOT NULL, position INTEGER NOT NULL, "
        "cells BLOB NOT NULL); INSERT INTO analysis_archive_days VALUES (20000, 7, 'old-cells'); "
        "DROP TABLE IF EXISTS schema_migrations; PRAGMA user_version = 2;"));
  }
  auto reopened = SqliteWorkOrderStore::open(db());
  ASSERT_TRUE(reopened) << reopened.error().describe();
  EXPECT_EQ(sql(db(), "SELECT group_concat(version) FROM schema_migrations"), "3");
  auto archive = SqliteAnalysisArchive::open(db());
  ASSERT_TRUE(archive) << archive.error().describe();
  ASSERT_TRUE((*archive)->put_days(8, {ArchivedDayPart{20000, "new-cells", "new-coarse"}}));
  auto coarse = (*archive)->days(20000, 20000, DayDetail::kCoarse);
  ASSERT_TRUE(coarse) << coarse.error().describe();
  ASSERT_EQ(coarse->size(), 2u);
  EXPECT_EQ((*coarse)[0].cells, "old-cells");
  EXPECT_EQ((*coarse)[0].coarse, "");
  EXPECT_EQ((*coarse)[1].cells, "") << "a part with coarse cells is not read whole";
  EXPECT_EQ((*coarse)[1].coarse, "new-coarse");
  auto cells = (*archive)->days(20000, 20000, DayDetail::kCells);
  ASSERT_TRUE(cells);
  ASSERT_EQ(cells->size(), 2u);
  EXPECT_EQ((*cells)[1].cells, "new-cells");
  EXPECT_EQ((*cells)[1].coarse, "");
}

TEST_F(SchemaMigration, ISSUE14_AFileOfANewerSchemaIsRefusedNamingBothVersions) {
  {
    auto c = sqlite::Connection::open(db(), false);
    ASSERT_TRUE(c);
    ASSERT_TRUE((*c)->exec("PRAGMA user_version = 99"));
  }
  auto refused = SqliteWorkOrderStore::open(db());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("99"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find(std::to_string(sqlite::current_schema_version())),
            std::string::npos);
  EXPECT_FALSE(refused.error().message_zh.empty());
  EXPECT_EQ(sql(db(), "PRAGMA user_version"), "99") << "a refused file is left as it was";
}

}  // namespace
}  // namespace hotline
