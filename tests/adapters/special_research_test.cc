// SPEC: ANA-3 [C25, C26] — long-lasting, hard problems: clusters that recur
// over months (the shipped settings: 3 of the last 6 months), and the
// special-research record that links clusters, units, decisions and
// follow-up items with deadlines, kept in SQLite with its history.
#include "core/analysis/special_research.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "adapters/sqlite/sqlite_research_store.h"
#include "adapters/toml/governance_settings_file.h"
#include "adapters/triage_fixture.h"
#include "core/analysis/recurring_clusters.h"

namespace hotline {
namespace {

using triage_testing::data_dir;
using triage_testing::shipped;

Instant at(const char* s) { return *parse_iso8601(s); }

TEST(RecurringClusters, ANA_3_a_cluster_recurs_in_enough_of_the_last_months) {
  auto settings = load_governance_settings(data_dir() / "triage" / "settings.toml");
  ASSERT_TRUE(settings) << settings.error().describe();
  const analysis::RecurringSettings& s = settings->recurring;
  EXPECT_EQ(s.months, 6);
  EXPECT_EQ(s.min_months, 3);
  EXPECT_EQ(s.article, "C25");
  const Instant now = at("2026-11-20T10:00:00+08:00");
  auto member = [](const char* when) {
    return analysis::ClusterMemberInfo{"R1", at(when), "district.heping", ""};
  };
  analysis::RecurringCluster out;
  // June (outside the six months June… no: June–November is six), August, November.
  EXPECT_TRUE(
      analysis::recurs({member("2026-06-03T09:00:00+08:00"), member("2026-08-10T09:00:00+08:00"),
                        member("2026-11-19T09:00:00+08:00")},
                       s, now, out));
  ASSERT_EQ(out.months.size(), 3u);
  EXPECT_EQ(out.months[0].month, "2026-06");
  EXPECT_EQ(out.months[2].month, "2026-11");
  EXPECT_EQ(out.requests, 3);
  EXPECT_EQ(out.applicants, 1);  // one anonymous applicant
  // May is older than six months: two months are left, too few.
  EXPECT_FALSE(
      analysis::recurs({member("2026-05-31T09:00:00+08:00"), member("2026-08-10T09:00:00+08:00"),
                        member("2026-11-19T09:00:00+08:00")},
                       s, now, out));
  // Many requests in one month are a concentration (ANA-2), not a long-lasting problem.
  std::vector<analysis::ClusterMemberInfo> burst;
  for (int i = 0; i < 20; ++i) burst.push_back(member("2026-11-02T09:00:00+08:00"));
  EXPECT_FALSE(analysis::recurs(burst, s, now, out));
  // 2026-10-31T20:00Z is 1 November in Shanghai: months are local.
  EXPECT_EQ(analysis::month_of(at("2026-10-31T20:00:00Z")), "2026-11");
}

TEST(RecurringClusters, ANA_3_the_triage_index_lists_a_problem_that_comes_back_every_month) {
  triage::TriageService service(shipped().organisation, shipped().policies, shipped().deadlines,
                                shipped().settings, shipped().catalogue(), shipped().gazetteer);
  const char* months[] = {"2026-07-06", "2026-08-04", "2026-09-08", "2026-10-13", "2026-11-10"};
  const char* others[] = {"咨询社保卡补办需要哪些材料", "公交站台顶棚破损漏雨",
                          "学校门口早高峰交通拥堵", "医院挂号系统经常崩溃", "菜市场商户占道经营"};
  int applicant = 0;
  int month = 0;
  for (const char* day : months) {
    for (int i = 0; i < 2; ++i) {
      triage::IndexedRequest r;
      r.number = std::string("R") + day + "-" + std::to_string(i);
      r.applicant_key = "1390000" + std::to_string(1000 + ++applicant);
      r.at = at((std::string(day) + "T09:00:00+08:00").c_str());
      r.district = "district.heping";
      r.category = "环境保护";
      ASSERT_TRUE(service.observe(r, "海河华庭小区旁搅拌站噪音扰民",
                                  "海河华庭小区旁边的搅拌站又在夜间施工，噪音粉尘严重"));
    }
    // Something else each month, which does not recur.
    triage::IndexedRequest other;
    other.number = std::string("X") + day;
    other.applicant_key = "1370000" + std::to_string(++applicant);
    other.at = at((std::string(day) + "T10:00:00+08:00").c_str());
    ASSERT_TRUE(service.observe(other, others[month], others[month]));
    ++month;
  }
  auto settings = load_governance_settings(data_dir() / "triage" / "settings.toml");
  ASSERT_TRUE(settings);
  auto list = service.recurring_clusters(at("2026-11-20T10:00:00+08:00"), settings->recurring);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].cluster, "R2026-07-06-0");
  EXPECT_EQ(list[0].months.size(), 5u);
  EXPECT_EQ(list[0].requests, 10);
  EXPECT_EQ(list[0].applicants, 10);
  EXPECT_EQ(list[0].district, "district.heping");
  EXPECT_EQ(list[0].numbers.size(), 10u);
}

Actor supervisor() { return {"supervisor.qian", Role::kSupervisor, "office"}; }
Actor analyst() { return {"analyst.sun", Role::kAnalyst, "office"}; }
Actor heping() { return {"staff.li", Role::kUnitStaff, "district.heping"}; }
Actor nankai() { return {"staff.zhou", Role::kUnitStaff, "district.nankai"}; }

class SpecialResearch : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-ana3-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    reopen();
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void reopen() {
    service_.reset();
    store_.reset();
    auto store = SqliteResearchStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    service_ = std::make_unique<analysis::SpecialResearchService>(
        *store_, shipped().organisation, clock_,
        [](const std::string& n) { return n.starts_with("R2026"); });
  }
  std::filesystem::path dir_;
  FakeClock clock_{*parse_iso8601("2026-11-20T09:00:00+08:00")};
  std::unique_ptr<SqliteResearchStore> store_;
  std::unique_ptr<analysis::SpecialResearchService> service_;
};

TEST_F(SpecialResearch, ANA_3_the_office_opens_decides_follows_up_and_closes_with_history) {
  analysis::OpenResearch in{"海河华庭搅拌站噪音反复投诉专题研究",
                            "近五个月每月均有投诉，夜间施工与粉尘问题反复出现",
                            {"R2026070600000001"},
                            {"district.heping", "dept.ecology", "dept.urban-management"}};
  auto opened = service_->open(supervisor(), in, "持续时间长、解决难度大（C25）");
  ASSERT_TRUE(opened) << opened.error().describe();
  const std::string id = opened->id;
  EXPECT_EQ(id, "SR-000001");
  EXPECT_EQ(opened->version, 1);
  auto decided = service_->decide(supervisor(), id,
                                  "由和平区牵头，生态环境局配合，限期整改夜间施工", "会商决定");
  ASSERT_TRUE(decided) << decided.error().describe();
  analysis::NewFollowUp f{"核查搅拌站夜间施工许可并约谈企业", "district.heping",
                          *parse_iso8601("2026-12-05T18:00:00+08:00")};
  auto followed = service_->add_follow_up(supervisor(), id, f, "落实会商决定");
  ASSERT_TRUE(followed) << followed.error().describe();
  ASSERT_EQ(followed->follow_ups.size(), 1u);
  EXPECT_FALSE(followed->follow_ups[0].overdue(clock_.now()));
  EXPECT_TRUE(followed->follow_ups[0].overdue(*parse_iso8601("2026-12-06T09:00:00+08:00")));

  // Closing with an open follow-up item is refused, naming the rule.
  auto early = service_->close(supervisor(), id, "问题已解决");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kRefused);
  EXPECT_EQ(early.error().rule, "ANA-3");

  // Another district's staff: not found, like a record that does not exist.
  auto hidden = service_->get(nankai(), id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  auto none = service_->list(nankai());
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  // The district that carries it out sees it and reports its item done.
  auto seen = service_->list(heping());
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->size(), 1u);
  auto done = service_->complete_follow_up(heping(), id, 1, "已约谈企业，夜间停止施工");
  ASSERT_TRUE(done) << done.error().describe();
  // But it cannot steer the record.
  auto steer = service_->decide(heping(), id, "不再处理", "无");
  ASSERT_FALSE(steer);
  EXPECT_EQ(steer.error().code, ErrorCode::kForbidden);
  // Analysts read; they do not open.
  EXPECT_TRUE(service_->get(analyst(), id));
  EXPECT_FALSE(service_->open(analyst(), in, "理由"));

  auto closed = service_->close(supervisor(), id, "整改完成，连续一个月无新投诉");
  ASSERT_TRUE(closed) << closed.error().describe();
  EXPECT_EQ(closed->status, analysis::ResearchStatus::kClosed);

  // Stored: reopened from the file, with every change in its history.
  reopen();
  auto back = service_->get(supervisor(), id);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->version, 5);
  ASSERT_EQ(back->history.size(), 5u);
  EXPECT_EQ(back->history[0].action, "opened");
  EXPECT_EQ(back->history[3].action, "follow-up-done");
  EXPECT_EQ(back->history[3].actor, "staff.li");
  EXPECT_EQ(back->decisions.size(), 1u);
  EXPECT_EQ(back->follow_ups[0].status, analysis::FollowUpStatus::kDone);
  EXPECT_EQ(back->clusters, in.clusters);
}

TEST_F(SpecialResearch, ANA_3_bad_input_names_the_field_and_a_stale_version_conflicts) {
  analysis::OpenResearch in{"标题", "问题", {"X-unknown"}, {}};
  auto bad = service_->open(supervisor(), in, "理由");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "clusters[0]");
  in.clusters = {};
  in.units = {"district.nowhere"};
  bad = service_->open(supervisor(), in, "理由");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "units[0]");
  in.units = {"district.heping"};
  in.title = "";
  bad = service_->open(supervisor(), in, "理由");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "title");
  in.title = "𠮷祥里街道（𡒄）老旧小区加装电梯专题";
  auto opened = service_->open(supervisor(), in, "理由");
  ASSERT_TRUE(opened) << opened.error().describe();
  EXPECT_EQ(opened->title, in.title);
  auto past = service_->add_follow_up(
      supervisor(), opened->id,
      {"任务", "district.heping", *parse_iso8601("2026-11-01T09:00:00+08:00")}, "理由");
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().field, "due");
  // Two editors: the one who saves second with the old version is refused.
  auto stale = *opened;
  stale.title = "改";
  ++stale.version;
  ASSERT_TRUE(service_->decide(supervisor(), opened->id, "决定一", "理由"));
  auto conflict = store_->save(stale, opened->version, nullptr);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace hotline
