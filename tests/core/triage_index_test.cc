// SPEC: TRI-5, SUP-1, ANA-2 — the request index: duplicates and clusters.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "core/triage/request_index.h"

namespace hotline::triage {
namespace {

Instant day(int d, int hour = 10) {
  return at_local(LocalDate{std::chrono::year{2026} / 3 / 1} + std::chrono::days{d},
                  Seconds{hour * 3600});
}

IndexedRequest req(std::string number, std::string phone, Instant at) {
  IndexedRequest r;
  r.number = std::move(number);
  r.applicant_key = applicant_key(phone);
  r.at = at;
  return r;
}

// Background requests so that term statistics mean something.
void background(RequestIndex& index) {
  const char* texts[] = {"小区物业服务差",   "道路破损需要维修",  "医保报销问题咨询",
                         "学校收费是否合理", "公交线路调整建议",  "楼上漏水问题",
                         "停车难问题反映",   "社区垃圾清运不及时"};
  int i = 0;
  for (const char* t : texts) {
    for (int k = 0; k < 5; ++k) {
      index.observe(req("bg" + std::to_string(i++), "", day(0)), t, "希望有关部门尽快处理");
    }
  }
}

TEST(TriageIndex, TRI_5_ApplicantKeyIsThePhoneDigitsWithoutCountryPrefix) {
  EXPECT_EQ(applicant_key("+86 138-0013-8000"), "13800138000");
  EXPECT_EQ(applicant_key("008613800138000"), "13800138000");
  EXPECT_EQ(applicant_key("022-23456789"), "02223456789");
  EXPECT_EQ(applicant_key("12"), "");
  EXPECT_EQ(applicant_key(""), "");
}

TEST(TriageIndex, TRI_5_TheSameApplicantsSameRequestIsFoundAndAnotherApplicantsIsNot) {
  RequestIndex index;
  background(index);
  index.observe(req("R1", "13800138000", day(1)), "南开区华苑小区电梯停运",
                "华苑小区12号楼电梯停运三天，老人上下楼困难");
  index.observe(req("R2", "13900139000", day(1)), "学府街道路灯不亮", "晚上很黑");
  const Fingerprint again =
      index.fingerprint("华苑小区电梯还没修好", "12号楼电梯停运到现在，老人上下楼困难");
  const DocId r1 = *index.find_number("R1");
  // Reworded by the same person: well above the join threshold of clusters.
  EXPECT_GT(similarity(again, index.fingerprint_of(r1)), 0.2);
  const auto mine = index.same_applicant(applicant_key("138 0013 8000"), again, 0.2);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(index.request(mine[0].doc).number, "R1");
  EXPECT_TRUE(index.same_applicant(applicant_key("13900139000"), again, 0.2).empty());
  EXPECT_TRUE(index.same_applicant("", again, 0.2).empty());  // anonymous: no TRI-5 match
}

TEST(TriageIndex, SUP_1_ManyApplicantsOnOneProblemRaiseOneSupervisionRecordAtTheThreshold) {
  IndexSettings s;
  s.clusters.supervision_applicants = {3, "M22(3)"};
  RequestIndex index(s);
  background(index);
  const char* detail[] = {"丽发新城附近搅拌站夜间施工噪音扰民，灰尘很大",
                          "丽发新城旁边的搅拌站噪音太大，晚上睡不着",
                          "投诉丽发新城搅拌站灰尘噪音污染", "丽发新城搅拌站还在夜间作业，噪音扰民"};
  std::vector<Observation> obs;
  for (int i = 0; i < 4; ++i) {
    obs.push_back(
        index.observe(req("C" + std::to_string(i), "1380000000" + std::to_string(i), day(2 + i)),
                      "丽发新城搅拌站噪音扰民", detail[i]));
  }
  EXPECT_FALSE(obs[0].alert);
  EXPECT_FALSE(obs[1].alert);
  ASSERT_TRUE(obs[2].alert) << "the third applicant reaches the threshold of 3";
  EXPECT_EQ(obs[2].alert->applicants, 3u);
  EXPECT_EQ(obs[2].alert->rule, "SUP-1");
  EXPECT_EQ(obs[2].alert->article, "M22(3)");
  EXPECT_FALSE(obs[3].alert) << "one record per cluster";
  EXPECT_EQ(index.cluster_of(obs[3].doc), index.cluster_of(obs[0].doc));
  const auto hot = index.hot(day(6), 2, 10);
  ASSERT_FALSE(hot.empty());
  std::string members;
  for (DocId d : hot[0].members) members += index.request(d).number + " ";
  EXPECT_EQ(hot[0].recent_applicants, 4u) << members;
  EXPECT_TRUE(hot[0].alerted);
}

// SPEC: SUP-1 [M22(3)] — no cold start: on a new installation, with no
// other requests counted yet, the first applicants on one problem cluster.
TEST(TriageIndex, SUP_1_FirstRequestsOfANewInstallationCluster) {
  IndexSettings s;
  s.clusters.supervision_applicants = {3, "M22(3)"};
  RequestIndex index(s);  // no background: these are the first requests
  const char* detail[] = {"丽发新城附近搅拌站夜间施工噪音扰民，灰尘很大",
                          "丽发新城旁边的搅拌站噪音太大，晚上睡不着",
                          "投诉丽发新城搅拌站灰尘噪音污染"};
  std::vector<Observation> obs;
  for (int i = 0; i < 3; ++i) {
    obs.push_back(
        index.observe(req("N" + std::to_string(i), "1390000000" + std::to_string(i), day(2 + i)),
                      "丽发新城搅拌站噪音扰民", detail[i]));
  }
  EXPECT_EQ(index.cluster_of(obs[1].doc), index.cluster_of(obs[0].doc));
  EXPECT_EQ(index.cluster_of(obs[2].doc), index.cluster_of(obs[0].doc));
  ASSERT_TRUE(obs[2].alert) << "three applicants from the very first requests";
  EXPECT_EQ(obs[2].alert->applicants, 3u);
  // Unrelated first requests stay apart all the same.
  const auto other = index.observe(req("N9", "13900000009", day(5)), "学府街道路灯不亮",
                                   "晚上很黑，路灯已经坏了一周");
  EXPECT_NE(index.cluster_of(other.doc), index.cluster_of(obs[0].doc));
}

// The same requests counted against only themselves (no prior corpus): their
// shared words look common and the requests never meet — the cold start.
TEST(TriageIndex, SUP_1_WithoutAPriorCorpusTheFirstRequestsWouldNotCluster) {
  IndexSettings s;
  s.clusters.supervision_applicants = {3, "M22(3)"};
  s.prior_documents = 0;
  RequestIndex index(s);
  const auto a = index.observe(req("M0", "13900000000", day(2)), "丽发新城搅拌站噪音扰民",
                               "丽发新城附近搅拌站夜间施工噪音扰民，灰尘很大");
  const auto b = index.observe(req("M1", "13900000001", day(3)), "丽发新城搅拌站噪音扰民",
                               "丽发新城旁边的搅拌站噪音太大，晚上睡不着");
  EXPECT_NE(index.cluster_of(a.doc), index.cluster_of(b.doc));
}

TEST(TriageIndex, SUP_1_OneApplicantRepeatingIsNotManyApplicants) {
  IndexSettings s;
  s.clusters.supervision_applicants = {3, "M22(3)"};
  RequestIndex index(s);
  background(index);
  for (int i = 0; i < 5; ++i) {
    const auto o = index.observe(req("S" + std::to_string(i), "13800138000", day(1 + i)),
                                 "丽发新城搅拌站噪音扰民", "丽发新城搅拌站夜间施工噪音扰民");
    EXPECT_FALSE(o.alert) << i;
  }
}

TEST(TriageIndex, SUP_1_OnlyApplicantsWithinTheWindowCount) {
  IndexSettings s;
  s.clusters.supervision_applicants = {3, "M22(3)"};
  s.clusters.window = Seconds{7 * 86400};
  RequestIndex index(s);
  background(index);
  index.observe(req("W0", "13800000001", day(1)), "丽发新城搅拌站噪音", "搅拌站夜间施工噪音扰民");
  index.observe(req("W1", "13800000002", day(2)), "丽发新城搅拌站噪音", "搅拌站夜间施工噪音扰民");
  // 20 days later: the first two are outside the 7-day window.
  const auto o = index.observe(req("W2", "13800000003", day(22)), "丽发新城搅拌站噪音",
                               "搅拌站夜间施工噪音扰民");
  EXPECT_FALSE(o.alert);
  EXPECT_EQ(index.cluster(o.doc, day(22)).recent_applicants, 1u);
  EXPECT_EQ(index.cluster(o.doc, day(22)).requests, 3u);
}

// The window is found by binary search while members arrive in time order;
// a backdated request (registered late for an earlier call) must not make
// members inside the window disappear, nor ones outside it count.
TEST(TriageIndex, SUP_1_TheWindowCountsTheSameWhenARequestArrivesOutOfTimeOrder) {
  IndexSettings s;
  s.clusters.supervision_applicants = {0, "M22(3)"};  // no alert: only the counts
  s.clusters.window = Seconds{7 * 86400};
  RequestIndex index(s);
  background(index);
  const char* subject = "丽发新城搅拌站噪音";
  const char* detail = "搅拌站夜间施工噪音扰民";
  const int days[] = {1, 2, 10, 12, 3, 13, 20};  // the fifth is backdated
  Observation last;
  for (int i = 0; i < 7; ++i) {
    last =
        index.observe(req("O" + std::to_string(i), "1380000001" + std::to_string(i), day(days[i])),
                      subject, detail);
  }
  ASSERT_EQ(index.cluster(last.doc, day(20)).requests, 7u);
  // Within [day 6, day 13]: days 10, 12 and 13.
  EXPECT_EQ(index.cluster(last.doc, day(13)).recent_applicants, 3u);
  // Within [day 0, day 4] (asked about the past): days 1, 2 and the backdated 3.
  EXPECT_EQ(index.cluster(last.doc, day(4)).recent_applicants, 3u);
  EXPECT_EQ(index.cluster(last.doc, day(20)).recent_requests, 2u);  // days 13 and 20
}

TEST(TriageIndex, ANA_2_UnrelatedRequestsStayApart) {
  RequestIndex index;
  background(index);
  const auto a = index.observe(req("U1", "13800000001", day(1)), "伊景园滨河苑捆绑销售车位",
                               "开发商强制购房者购买车位");
  const auto b = index.observe(req("U2", "13800000002", day(1)), "58车贷案件进展",
                               "58车贷平台爆雷立案半年没有进展");
  EXPECT_NE(index.cluster_of(a.doc), index.cluster_of(b.doc));
  EXPECT_TRUE(b.neighbours.empty());
}

TEST(TriageIndex, SUP_1_RestoringStoredRowsRebuildsTheSameClusters) {
  RequestIndex live;
  background(live);
  for (int i = 0; i < 3; ++i) {
    live.observe(req("X" + std::to_string(i), "1380000000" + std::to_string(i), day(1 + i)),
                 "丽发新城搅拌站噪音扰民", "丽发新城搅拌站夜间施工噪音扰民");
  }
  RequestIndex restored;
  ASSERT_TRUE(
      restored.statistics().restore(live.statistics().table(), live.statistics().documents()));
  for (DocId d = 0; d < live.size(); ++d) {
    restored.restore(live.request(d), live.fingerprint_of(d), live.parent_of(d));
  }
  ASSERT_EQ(restored.size(), live.size());
  for (DocId d = 0; d < live.size(); ++d) {
    EXPECT_EQ(restored.cluster_of(d), live.cluster_of(d)) << d;
  }
  const auto x = *restored.find_number("X2");
  EXPECT_EQ(restored.cluster(x, day(4)).requests, 3u);
  const Fingerprint fp = restored.fingerprint("丽发新城搅拌站噪音扰民", "夜间施工");
  EXPECT_FALSE(restored.neighbours(fp, 0.2, 5).empty());
}

// The view of a cluster recounted from its members, as it was computed
// before the counts were kept as members join (issue 14).
void expect_counts_match_members(const RequestIndex& index, DocId doc, Instant now) {
  const ClusterView v = index.cluster(doc, now);
  ASSERT_FALSE(v.members.empty());
  Instant first = index.request(v.members.front()).at, last = first;
  std::map<std::string, int> districts, categories;
  for (DocId m : v.members) {
    const IndexedRequest& r = index.request(m);
    first = std::min(first, r.at);
    last = std::max(last, r.at);
    if (!r.district.empty()) ++districts[r.district];
    if (!r.category.empty()) ++categories[r.category];
  }
  auto top = [](const std::map<std::string, int>& m) {
    std::string best;
    int n = 0;
    for (const auto& [k, count] : m) {
      if (count > n) {
        n = count;
        best = k;
      }
    }
    return best;
  };
  EXPECT_EQ(v.requests, v.members.size());
  EXPECT_TRUE(std::is_sorted(v.members.begin(), v.members.end())) << "in arrival order";
  EXPECT_EQ(v.first_at, first);
  EXPECT_EQ(v.last_at, last);
  EXPECT_EQ(v.district, top(districts));
  EXPECT_EQ(v.category, top(categories));
  for (DocId m : v.members) {
    const std::string& key = index.request(m).applicant_key;
    if (!key.empty()) {
      EXPECT_TRUE(index.cluster_has_applicant(doc, key)) << key;
    }
  }
  EXPECT_FALSE(index.cluster_has_applicant(doc, "19999999999"));
  EXPECT_FALSE(index.cluster_has_applicant(doc, ""));
}

TEST(TriageIndex, SUP_1_ANA_2_AClustersFiguresAreKeptAsMembersJoinAndTwoClustersMerge) {
  RequestIndex live;
  background(live);
  // Two clusters about the same site, in two districts and categories, then
  // a request that names both wordings and bridges them (merged).
  const char* a = "丽发新城搅拌站噪音扰民";
  const char* b = "海河华庭工地粉尘污染";
  for (int i = 0; i < 4; ++i) {
    IndexedRequest r = req("A" + std::to_string(i), "1380000000" + std::to_string(i), day(1 + i));
    r.district = i == 0 ? "district.heping" : "district.nankai";  // its root is outnumbered
    r.category = "城乡建设/建筑施工";
    live.observe(r, a, "夜间施工噪音很大");
    IndexedRequest q = req("B" + std::to_string(i), "1390000000" + std::to_string(i), day(2 + i));
    q.district = "district.hexi";
    q.category = i == 0 ? "" : "生态环境/扬尘";
    live.observe(q, b, "工地扬尘粉尘严重");
  }
  const DocId a0 = *live.find_number("A0");
  const DocId b0 = *live.find_number("B0");
  ASSERT_NE(live.cluster_of(a0), live.cluster_of(b0));
  expect_counts_match_members(live, a0, day(6));
  expect_counts_match_members(live, b0, day(6));
  IndexedRequest bridge = req("C0", "13700000000", day(7));
  bridge.district = "district.hexi";
  live.observe(bridge, std::string(a) + "，" + b, "夜间施工噪音很大，工地扬尘粉尘严重");
  ASSERT_EQ(live.cluster_of(a0), live.cluster_of(b0)) << "the bridge merges the two";
  expect_counts_match_members(live, a0, day(7));
  EXPECT_EQ(live.cluster(a0, day(7)).requests, 9u);
  // Restored from stored rows, the counts are the same.
  RequestIndex restored;
  ASSERT_TRUE(
      restored.statistics().restore(live.statistics().table(), live.statistics().documents()));
  for (DocId d = 0; d < live.size(); ++d) {
    restored.restore(live.request(d), live.fingerprint_of(d), live.parent_of(d));
  }
  expect_counts_match_members(restored, a0, day(7));
  const ClusterView x = live.cluster(a0, day(7)), y = restored.cluster(a0, day(7));
  EXPECT_EQ(x.members, y.members);
  EXPECT_EQ(x.district, y.district);
  EXPECT_EQ(x.category, y.category);
  EXPECT_EQ(x.recent_applicants, y.recent_applicants);
}

TEST(TriageIndex, DIS_8_SimilarRequestsVoteForCategories) {
  RequestIndex index;
  background(index);
  for (int i = 0; i < 3; ++i) {
    IndexedRequest r = req("V" + std::to_string(i), "", day(1));
    r.category = "城乡建设/住房保障与房地产";
    index.observe(r, "小区物业不作为", "物业公司收费不服务，电梯坏了不修");
  }
  const auto votes = index.category_votes(index.fingerprint("物业公司不作为", "电梯坏了"), 5);
  ASSERT_FALSE(votes.empty());
  EXPECT_EQ(votes[0].first, "城乡建设/住房保障与房地产");
  EXPECT_DOUBLE_EQ(votes[0].second, 1.0);
}

}  // namespace
}  // namespace hotline::triage
