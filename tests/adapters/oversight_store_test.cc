// EVA-2 and EVA-4 storage on a real SQLite file: circulations and opinions
// survive a reopen, filters by unit and month, an opinion is answered once
// (a second answer is a conflict, an unknown one not found); the settings
// file of the sample is read strictly; a change handed an audit entry
// commits with it or not at all (SEC-2).

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "adapters/sqlite/sqlite_audit_table.h"
#include "adapters/sqlite/sqlite_oversight_store.h"
#include "adapters/toml/oversight_file.h"
#include "core/oversight/store_circulations.h"
#include "support/test_audit_hasher.h"

namespace hotline {
namespace {

using namespace oversight;

class OversightStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-oversight-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<SqliteOversightStore> open() {
    auto s = SqliteOversightStore::open(dir_ / "hotline.db");
    EXPECT_TRUE(s) << s.error().describe();
    return s ? std::move(*s) : nullptr;
  }
  static Circulation circulation(std::string unit, std::string month) {
    Circulation c;
    c.unit = std::move(unit);
    c.month = std::move(month);
    c.ground = CirculationGround::kMediaExposure;
    c.kind = kind_of(c.ground);
    c.article = std::string(article_of(c.ground));
    c.reason = "𠮷祥里积水问题被媒体曝光";
    c.work_orders = {"2026110100000001-1", "2026110100000002-1"};
    c.indicators = {"on-time-reply"};
    c.recorded_by = Actor{"supervisor.li", Role::kSupervisor, "office"};
    c.recorded_at = Instant{Seconds{1793000000}};
    return c;
  }
  std::filesystem::path dir_;
};

TEST_F(OversightStoreTest, EVA_2_circulations_are_kept_and_filtered) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    auto a = store->add_circulation(circulation("dept.a", "2026-11"), nullptr);
    ASSERT_TRUE(a) << a.error().describe();
    EXPECT_GT(a->id, 0);
    ASSERT_TRUE(store->add_circulation(circulation("dept.b", "2026-11"), nullptr));
    ASSERT_TRUE(store->add_circulation(circulation("dept.a", "2026-10"), nullptr));
  }
  auto store = open();  // a new process: everything is still there
  ASSERT_TRUE(store);
  auto all = store->list_circulations({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_GT((*all)[0].id, (*all)[1].id);  // newest first
  const Circulation& c = all->back();
  EXPECT_EQ(c.unit, "dept.a");
  EXPECT_EQ(c.reason, "𠮷祥里积水问题被媒体曝光");
  EXPECT_EQ(c.work_orders, (std::vector<std::string>{"2026110100000001-1", "2026110100000002-1"}));
  EXPECT_EQ(c.indicators, std::vector<std::string>{"on-time-reply"});
  EXPECT_EQ(c.kind, CirculationKind::kCriticism);
  EXPECT_EQ(c.article, "T24(3)");
  EXPECT_EQ(c.recorded_by.role, Role::kSupervisor);
  EXPECT_EQ(c.recorded_at, Instant{Seconds{1793000000}});

  CirculationFilter f;
  f.unit = "dept.a";
  EXPECT_EQ(store->list_circulations(f)->size(), 2u);
  f.month = "2026-11";
  EXPECT_EQ(store->list_circulations(f)->size(), 1u);
  CirculationFilter within;
  within.any_of_units = {"dept.b", "dept.c"};
  EXPECT_EQ(store->list_circulations(within)->size(), 1u);
  CirculationFilter page;
  page.limit = 1;
  page.offset = 1;
  EXPECT_EQ(store->list_circulations(page)->size(), 1u);
  auto one = store->circulation(c.id);
  ASSERT_TRUE(one && *one);
  EXPECT_EQ((*one)->unit, "dept.a");
  EXPECT_FALSE(*store->circulation(9999));
}

TEST_F(OversightStoreTest, EVA_4_an_opinion_is_answered_once) {
  auto store = open();
  ASSERT_TRUE(store);
  Opinion o;
  o.author = "social.zhang";
  o.work_order = "2026110100000001-1";
  o.text = "答复内容较为简单";
  o.created_at = Instant{Seconds{1793000000}};
  auto saved = store->add_opinion(o, nullptr);
  ASSERT_TRUE(saved);
  Opinion general = o;
  general.work_order.clear();
  general.author = "social.wang";
  ASSERT_TRUE(store->add_opinion(general, nullptr));

  OpinionFilter mine;
  mine.author = "social.zhang";
  EXPECT_EQ(store->list_opinions(mine)->size(), 1u);
  OpinionFilter open_only;
  open_only.status = OpinionStatus::kOpen;
  EXPECT_EQ(store->list_opinions(open_only)->size(), 2u);

  ASSERT_TRUE(store->answer_opinion(saved->id, "已转承办单位改进", "supervisor.li",
                                    Instant{Seconds{1793003600}}, nullptr));
  auto again = store->answer_opinion(saved->id, "再次答复", "supervisor.li",
                                     Instant{Seconds{1793007200}}, nullptr);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store->answer_opinion(4242, "x", "supervisor.li", Instant{}, nullptr).error().code,
            ErrorCode::kNotFound);
  auto read = store->opinion(saved->id);
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->status, OpinionStatus::kAnswered);
  EXPECT_EQ((*read)->answer, "已转承办单位改进");
  EXPECT_EQ((*read)->answered_at, Instant{Seconds{1793003600}});
  open_only.status = OpinionStatus::kAnswered;
  EXPECT_EQ(store->list_opinions(open_only)->size(), 1u);
}

TEST(OversightSettings, EVA_4_the_sample_settings_are_read_strictly) {
  auto rule = load_oversight_file(std::filesystem::path(HOTLINE_DATA_DIR) / "oversight.toml");
  ASSERT_TRUE(rule) << rule.error().describe();
  EXPECT_EQ(rule->article, "R22");
  EXPECT_GT(rule->rate, 0);
  EXPECT_LE(rule->minimum, rule->maximum);

  const char* base = "[social_supervision]\narticle = \"R22\"\nseed = \"s\"\n";
  auto typo = parse_oversight_settings(
      std::string(base) + "sample_rate = 0.1\nsample_minimum = 1\nsample_maximun = 5\n", "o.toml");
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().field.find("o.toml:"), std::string::npos) << typo.error().describe();
  auto bad = parse_oversight_settings(
      std::string(base) + "sample_rate = 1.5\nsample_minimum = 1\nsample_maximum = 5\n", "o.toml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "o.toml:4") << bad.error().describe();
}

TEST_F(OversightStoreTest, EVA_2_the_figures_read_the_circulations_of_the_months_a_period_touches) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->add_circulation(circulation("dept.a", "2026-09"), nullptr));
  ASSERT_TRUE(store->add_circulation(circulation("dept.a", "2026-10"), nullptr));
  ASSERT_TRUE(store->add_circulation(circulation("dept.b", "2026-11"), nullptr));
  ASSERT_TRUE(store->add_circulation(circulation("dept.a", "2026-11"), nullptr));
  ASSERT_TRUE(store->add_circulation(circulation("dept.a", "2027-01"), nullptr));
  StoreCirculations source(*store);
  const analysis::Period autumn{*parse_date("2026-10-20"), *parse_date("2026-11-03")};
  auto notes = source.circulations(autumn);
  ASSERT_TRUE(notes) << notes.error().describe();
  ASSERT_EQ(notes->size(), 3u);
  EXPECT_EQ((*notes)[0].month, "2026-10");
  EXPECT_EQ((*notes)[1].unit, "dept.b");  // in the order recorded within a month
  EXPECT_EQ((*notes)[2].unit, "dept.a");
  EXPECT_TRUE((*notes)[0].criticism);
  EXPECT_EQ((*notes)[0].kind, "通报批评");
  EXPECT_EQ((*notes)[0].article, "T24(3)");
  EXPECT_EQ(analysis::criticisms_by_unit(*notes),
            (std::map<std::string, std::int64_t>{{"dept.a", 2}, {"dept.b", 1}}));
  // Across a year's end.
  auto winter = source.circulations({*parse_date("2026-12-01"), *parse_date("2027-01-31")});
  ASSERT_TRUE(winter);
  ASSERT_EQ(winter->size(), 1u);
  EXPECT_EQ((*winter)[0].month, "2027-01");
}

TEST_F(OversightStoreTest, SEC_2_EVA_2_a_circulation_commits_with_its_audit_entry_or_not_at_all) {
  {
    auto db = sqlite::Connection::open(dir_ / "hotline.db", true);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->exec(sqlite::kAuditSchema));
  }
  auto count = [&](const char* sql) {
    auto db = sqlite::Connection::open(dir_ / "hotline.db", false);
    EXPECT_TRUE(db);
    auto n = (*db)->query_int(sql);
    EXPECT_TRUE(n);
    return n ? *n : -1;
  };
  CommandAudit audit;
  audit.record.at = Instant{Seconds{1793000000}};
  audit.record.actor = Actor{"supervisor.li", Role::kSupervisor, "office"};
  audit.record.action = "command:circulation-record";
  audit.record.remote = "cli";
  audit.record.success = true;
  {
    auto s = SqliteOversightStore::open(dir_ / "hotline.db",
                                        std::make_shared<testing::TestAuditHasher>());
    ASSERT_TRUE(s);
    ASSERT_TRUE((*s)->add_circulation(circulation("dept.a", "2026-11"), &audit));
    EXPECT_TRUE(audit.committed);
    // An entry that cannot be written (not UTF-8): nothing is stored.
    CommandAudit bad = audit;
    bad.committed = false;
    bad.record.detail = std::string("\xff\xfe");
    ASSERT_FALSE((*s)->add_circulation(circulation("dept.b", "2026-11"), &bad));
    EXPECT_FALSE(bad.committed);
  }
  // A store that keeps no audit log refuses a change handed an entry.
  auto plain = open();
  CommandAudit handed = audit;
  handed.committed = false;
  ASSERT_FALSE(plain->add_circulation(circulation("dept.c", "2026-11"), &handed));
  EXPECT_EQ(count("SELECT count(*) FROM oversight_circulations"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'command:circulation-record'"), 1);
}

}  // namespace
}  // namespace hotline
