// SqliteAnalysisCheckpoint against the contract every checkpoint store runs
// (tests/support/analysis_checkpoint_contract.h), on a real file. How the
// projection resumes from it is in analysis_store_test.cc.
#include <stdlib.h>

#include <filesystem>

#include "adapters/sqlite/sqlite_analysis_checkpoint.h"
#include "support/analysis_checkpoint_contract.h"

namespace hotline::testing {
namespace {

struct SqliteAnalysisCheckpointFactory {
  std::filesystem::path dir;
  void set_up() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-checkpoint-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir = pattern;
  }
  std::unique_ptr<AnalysisCheckpointStore> open() {
    auto store = SqliteAnalysisCheckpoint::open(dir / "hotline.db");
    EXPECT_TRUE(store) << store.error().describe();
    return store ? std::move(*store) : nullptr;
  }
  void tear_down() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, AnalysisCheckpointContract,
                               ::testing::Types<SqliteAnalysisCheckpointFactory>);

}  // namespace hotline::testing
