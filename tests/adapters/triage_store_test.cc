// SPEC: DIS-2, DIS-8, TRI-5, SUP-1 — the triage data survives a restart.
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

triage::IndexedRequest req(std::string number, std::string phone, Instant at) {
  triage::IndexedRequest r;
  r.number = std::move(number);
  r.applicant_key = triage::applicant_key(phone);
  r.at = at;
  r.district = "district.nankai";
  return r;
}

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

TEST_F(TriageStoreTest, SUP_1_ClustersAndTheirSupervisionRecordsSurviveARestart) {
  std::unique_ptr<SqliteTriageStore> store;
  const char* texts[] = {"丽发新城附近搅拌站夜间施工噪音扰民", "丽发新城搅拌站噪音灰尘太大",
                         "投诉丽发新城搅拌站噪音污染", "丽发新城搅拌站晚上还在施工"};
  {
    auto svc = open(store);
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(svc->observe(req("B" + std::to_string(i), "", kNow), "道路破损",
                               "学校门口道路破损积水" + std::to_string(i)));
    }
    int alerts = 0;
    for (int i = 0; i < 4; ++i) {
      auto o = svc->observe(
          req("L" + std::to_string(i), "1380000000" + std::to_string(i), kNow + Seconds{3600 * i}),
          "丽发新城搅拌站扰民", texts[i]);
      ASSERT_TRUE(o) << o.error().describe();
      alerts += o->alert.has_value();
    }
    EXPECT_EQ(alerts, 1);
    ASSERT_TRUE(svc->flush());
    auto dup = svc->observe(req("L0", "", kNow), "x", "y");
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  }
  store.reset();
  auto svc = open(store);
  EXPECT_EQ(svc->indexed_requests(), 14u);
  const auto v = svc->cluster("L3", kNow + Seconds{4 * 3600});
  ASSERT_TRUE(v);
  EXPECT_EQ(v->requests, 4u);
  EXPECT_TRUE(v->alerted) << "the supervision record was kept";
  auto alerts = store->cluster_alerts();
  ASSERT_TRUE(alerts);
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(alerts->front().article, "M22(3)");
  // A fifth applicant joins the restored cluster and raises no second record.
  auto o = svc->observe(req("L4", "13800000009", kNow + Seconds{5 * 3600}), "丽发新城搅拌站",
                        "丽发新城搅拌站噪音扰民问题");
  ASSERT_TRUE(o);
  EXPECT_FALSE(o->alert);
  EXPECT_EQ(svc->cluster("L4", kNow + Seconds{6 * 3600})->requests, 5u);
  // TRI-5 works on restored fingerprints.
  triage::SuggestionInput in;
  in.subject = "丽发新城搅拌站噪音";
  in.detail = "丽发新城附近搅拌站夜间施工噪音扰民，还是没人管";
  in.phone = "13800000000";
  auto s = svc->suggest(in, kNow + Seconds{7 * 3600});
  ASSERT_TRUE(s) << s.error().describe();
  ASSERT_FALSE(s->duplicates.empty());
  EXPECT_EQ(s->duplicates.front().number, "L0");
  EXPECT_TRUE(s->duplicates.front().same_applicant);
}

TEST_F(TriageStoreTest, DIS_8_DispatchHistoryIsKept) {
  std::unique_ptr<SqliteTriageStore> store;
  {
    auto svc = open(store);
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(svc->record_dispatch("民政/社会救助", "district.nankai", "dept.civil-affairs"));
    }
    ASSERT_TRUE(svc->record_correction("民政/社会救助", "district.nankai", "dept.civil-affairs",
                                       "district.nankai"));
  }
  store.reset();
  open(store);
  auto h = store->history();
  ASSERT_TRUE(h);
  double civil = 0, district = 0;
  for (const auto& r : *h) {
    if (r.unit == "dept.civil-affairs") civil = r.weight;
    if (r.unit == "district.nankai") district = r.weight;
  }
  EXPECT_DOUBLE_EQ(civil, 2.0);
  EXPECT_DOUBLE_EQ(district, 1.0);
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
