// SPEC: DIS-2 — the triage service on a SQLite triage store: the catalogue
// is seeded once and replayed after a restart; a file of another kind is not
// taken for the triage file of its own of an earlier version. What the port
// itself promises (the index, clusters, records, history, position, audit
// entries) is the contract in tests/support/triage_store_contract.h, run on
// SQLite by triage_store_contract_sqlite_test.cc.
#include <gtest/gtest.h>

#include <filesystem>

#include "adapters/sqlite/sqlite_connection.h"
#include "adapters/sqlite/sqlite_triage_store.h"
#include "triage_fixture.h"

namespace hotline {
namespace {

using triage_testing::shipped;

class TriageStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("triage-store-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<triage::TriageService> open(std::unique_ptr<SqliteTriageStore>& store,
                                              triage::TriageSettings settings = {}) {
    auto s = SqliteTriageStore::open(dir_ / "hotline.triage.db");
    EXPECT_TRUE(s) << s.error().describe();
    store = std::move(*s);
    const auto& sh = shipped();
    settings.index.clusters.supervision_applicants = {3, "M22(3)"};
    auto service = std::make_unique<triage::TriageService>(sh.organisation, sh.policies,
                                                           sh.deadlines, settings, sh.catalogue(),
                                                           sh.gazetteer, store.get());
    auto st = service->load(Actor::system(), kNow);
    EXPECT_TRUE(st) << st.error().describe();
    return service;
  }

  static inline const Instant kNow = at_local(LocalDate{std::chrono::year{2026} / 3 / 2});
  std::filesystem::path dir_;
};

TEST_F(TriageStoreTest, DIS_2_TheCatalogueIsSeededOnceAndEveryChangeIsKept) {
  std::unique_ptr<SqliteTriageStore> store;
  {
    auto svc = open(store);
    const auto log = svc->catalogue_log();
    ASSERT_EQ(log.size(), shipped().entries.size()) << "each seeded entry is a recorded addition";
    EXPECT_EQ(log.front().action, triage::CatalogueAction::kAdd);
    triage::CatalogueEntry e = svc->catalogue_entries().front();
    e.assisting.push_back("dept.housing");
    const Actor office{"dispatcher.li", Role::kDispatcher, "office"};
    auto c = svc->change_entry(e, office, "职责清单调整", kNow);
    ASSERT_TRUE(c) << c.error().describe();
    auto r = svc->retire_entry("it", office, "并入经济管理", kNow);
    ASSERT_TRUE(r) << r.error().describe();
  }
  store.reset();
  auto svc = open(store);  // reopened: replayed from the log, not re-seeded
  const auto log = svc->catalogue_log();
  ASSERT_EQ(log.size(), shipped().entries.size() + 2);
  EXPECT_EQ(log.back().action, triage::CatalogueAction::kRetire);
  EXPECT_EQ(log.back().actor.id, "dispatcher.li");
  EXPECT_EQ(log.back().reason, "并入经济管理");
  ASSERT_TRUE(log[log.size() - 2].before);
  EXPECT_EQ(log[log.size() - 2].after->assisting.back(), "dept.housing");
  const auto entries = svc->catalogue_entries();
  const auto it =
      std::find_if(entries.begin(), entries.end(), [](const auto& e) { return e.id == "it"; });
  ASSERT_NE(it, entries.end());
  EXPECT_FALSE(it->active);
}

TEST_F(TriageStoreTest, DIS_2_AnotherDatabaseIsNotMistakenForAFormerTriageFile) {
  const auto file = dir_ / "hotline.db";
  const auto former = SqliteTriageStore::former_file(file);
  {
    auto c = sqlite::Connection::open(former, true);
    ASSERT_TRUE(c);
    ASSERT_TRUE((*c)->exec("CREATE TABLE catalogue_change (x)"));
  }
  SqliteTriageStore::Options options;
  options.former_file = former;
  auto store = SqliteTriageStore::open(file, options);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("is not a hotline triage database"), std::string::npos)
      << store.error().message;
  EXPECT_TRUE(std::filesystem::exists(former)) << "a refused file stays where it was";
}

}  // namespace
}  // namespace hotline
