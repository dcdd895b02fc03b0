// The SQLite analysis archive against the contract every archive runs
// (tests/support/analysis_archive_contract.h), on a real file.
#include <stdlib.h>

#include <filesystem>

#include "adapters/sqlite/sqlite_analysis_archive.h"
#include "support/analysis_archive_contract.h"

namespace hotline::testing {
namespace {

struct SqliteAnalysisArchiveFactory {
  std::filesystem::path dir;
  void set_up() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-archive-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir = pattern;
  }
  std::unique_ptr<AnalysisArchive> open() {
    auto archive = SqliteAnalysisArchive::open(dir / "hotline.db");
    EXPECT_TRUE(archive) << archive.error().describe();
    return archive ? std::move(*archive) : nullptr;
  }
  void tear_down() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, AnalysisArchiveContract,
                               ::testing::Types<SqliteAnalysisArchiveFactory>);

}  // namespace hotline::testing
