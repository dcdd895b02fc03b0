// SPEC: SUP-1, ANA-2 — issue 12's case: eight reworded complaints from eight
// phones about one construction site are one cluster, and it reaches the
// supervision threshold; the same morning's noise complaints about other
// sites, in other districts, stay apart.
#include <gtest/gtest.h>

#include "core/triage/request_index.h"

namespace hotline::triage {
namespace {

Instant at(int day, int minute) {
  return at_local(LocalDate{std::chrono::year{2026} / 10 / 1} + std::chrono::days{day},
                  Seconds{8 * 3600 + minute * 60});
}

IndexedRequest req(std::string number, std::string phone, Instant when, std::string district) {
  IndexedRequest r;
  r.number = std::move(number);
  r.applicant_key = applicant_key(phone);
  r.at = when;
  r.district = std::move(district);
  return r;
}

// Two months of a city's requests before the case: construction noise is a
// common complaint (its wording — 夜间施工, 噪音扰民 — is common), among others.
void history(RequestIndex& index) {
  const char* sites[] = {"金地格林小城", "大直沽万达广场", "友谊路地铁站", "西站北侧新建住宅",
                         "梅江会展中心", "天拖南危改",     "中山门二号路", "新八大里"};
  const char* districts[] = {"district.nankai", "district.hedong", "district.hexi",
                             "district.hongqiao"};
  const char* noise[][2] = {{"工地夜间施工噪音扰民", "每天晚上施工，噪音很大，影响休息。"},
                            {"深夜施工扰民", "凌晨还在打桩，声音很大睡不着。"},
                            {"渣土车噪声扰民", "渣土车夜里来回跑，噪声扰民严重，请管一管。"},
                            {"建筑工地噪音太大", "工地机器轰鸣，晚上吵得老人孩子无法休息。"}};
  const char* other[][2] = {{"小区物业服务差", "物业不作为，希望有关部门尽快处理。"},
                            {"道路破损需要维修", "路面坑洼，影响出行，请尽快维修。"},
                            {"医保报销问题咨询", "想咨询一下异地就医报销的流程。"},
                            {"公交线路调整建议", "建议增加早高峰班次。"},
                            {"楼上漏水问题", "楼上漏水严重，物业不管。"},
                            {"供暖温度不达标", "家里暖气不热，室温只有十五度。"}};
  int n = 0;
  for (int day = -60; day < -8; ++day) {
    for (int k = 0; k < 4; ++k, ++n) {
      const auto& t = noise[(n + day) & 3];
      const std::string site = sites[n % 8];
      index.observe(req("H" + std::to_string(n), "1370000" + std::to_string(1000 + n),
                        at(day, k * 30), districts[n % 4]),
                    t[0], site + t[1]);
    }
    for (int k = 0; k < 6; ++k, ++n) {
      const auto& t = other[(n + k) % 6];
      index.observe(req("H" + std::to_string(n), "1370000" + std::to_string(1000 + n),
                        at(day, 200 + k * 30), districts[n % 4]),
                    t[0], t[1]);
    }
  }
}

TEST(TriageReworded, SUP_1_ANA_2_eight_reworded_complaints_about_one_site_are_one_cluster) {
  IndexSettings s;  // the shipped [clusters] values (data/triage/settings.toml)
  s.clusters.supervision_applicants = {5, "M22(3)"};
  RequestIndex index(s);
  history(index);
  // Issue 12: eight people, eight phones, one site, eight wordings — few of
  // them share a subject word, and no two share more than a fifth of their bigrams.
  const char* site[][2] = {
      {"海河华庭工地夜间施工扰民", "和平区营口道海河华庭二期工地每天晚上十一点以后还在施工。"},
      {"营口道工地半夜打桩",
       "营口道与南京路交口的海河华庭项目工地凌晨还在打桩，吵得孩子睡不着觉。"},
      {"建筑工地噪音太大", "我家旁边海河华庭二期的建筑工地，晚上灯火通明机器轰鸣，请管一管。"},
      {"投诉施工噪音", "海河华庭工地夜里施工，渣土车来回跑，噪声扰民严重。"},
      {"夜间施工影响睡眠", "住在营口道附近，海河华庭的工地每晚施工到凌晨两三点，严重影响睡眠。"},
      {"工地违规夜间作业", "海河华庭二期工程违规夜间作业，没有看到夜间施工许可公示。"},
      {"噪音扰民", "和平区海河华庭工地噪音扰民，已经持续一周了。"},
      {"深夜施工扰民问题", "海河华庭二期建筑工地深夜施工，搅拌机和打桩机声音很大。"}};
  // The same morning, the same kind of complaint about other sites elsewhere.
  const char* elsewhere[][3] = {
      {"工地夜间施工噪音扰民", "华苑路金地格林小城旁边的工地每天晚上施工，噪音很大。",
       "district.nankai"},
      {"地铁施工噪音", "友谊路地铁站施工半夜还在作业，声音很大睡不着。", "district.hexi"},
      {"夜间施工扰民", "大直沽万达广场工地夜间施工，渣土车噪声扰民严重。", "district.hedong"},
      {"建筑工地深夜打桩", "西站北侧新建住宅工地凌晨打桩，吵得老人孩子无法休息。",
       "district.hongqiao"}};
  std::vector<Observation> case_obs;
  std::vector<Observation> other_obs;
  for (int i = 0; i < 8; ++i) {
    case_obs.push_back(index.observe(req("C" + std::to_string(i), "1390000000" + std::to_string(i),
                                         at(0, i * 20), "district.heping"),
                                     site[i][0], site[i][1]));
    if (i % 2 == 1) {
      const auto& e = elsewhere[i / 2];
      other_obs.push_back(index.observe(
          req("D" + std::to_string(i), "1380000000" + std::to_string(i), at(0, i * 20 + 5), e[2]),
          e[0], e[1]));
    }
  }
  // Wording alone would not do it: most pairs share well under the 0.2 bar.
  int below = 0;
  for (int i = 1; i < 8; ++i) {
    if (similarity(index.fingerprint_of(case_obs[i].doc), index.fingerprint_of(case_obs[0].doc)) <
        s.clusters.join_similarity) {
      ++below;
    }
  }
  EXPECT_GE(below, 4) << "the case must be hard for bigram similarity";

  const DocId cluster = index.cluster_of(case_obs[0].doc);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(index.cluster_of(case_obs[i].doc), cluster) << "complaint " << i;
  }
  for (const auto& o : other_obs) {
    EXPECT_NE(index.cluster_of(o.doc), cluster) << index.request(o.doc).number;
  }
  const ClusterView view = index.cluster(case_obs[7].doc, at(0, 200));
  EXPECT_EQ(view.requests, 8u);
  EXPECT_EQ(view.recent_applicants, 8u);
  EXPECT_EQ(view.district, "district.heping");
  // SUP-1 [M22(3)]: one supervision record, at the fifth applicant.
  int alerts = 0;
  for (int i = 0; i < 8; ++i) {
    if (case_obs[i].alert) {
      ++alerts;
      EXPECT_EQ(i, 4);
      EXPECT_EQ(case_obs[i].alert->article, "M22(3)");
    }
  }
  EXPECT_EQ(alerts, 1);
}

// The anchor is what joins them: with anchors off, the same requests fall
// apart into pieces (the state issue 12 reported).
TEST(TriageReworded, SUP_1_without_anchors_the_reworded_complaints_fall_apart) {
  IndexSettings s;
  s.clusters.anchor_rarity = 0;
  RequestIndex index(s);
  history(index);
  const char* texts[][2] = {
      {"海河华庭工地夜间施工扰民", "和平区营口道海河华庭二期工地每天晚上十一点以后还在施工。"},
      {"营口道工地半夜打桩",
       "营口道与南京路交口的海河华庭项目工地凌晨还在打桩，吵得孩子睡不着觉。"},
      {"建筑工地噪音太大", "我家旁边海河华庭二期的建筑工地，晚上灯火通明机器轰鸣，请管一管。"}};
  std::vector<DocId> docs;
  for (int i = 0; i < 3; ++i) {
    docs.push_back(index
                       .observe(req("C" + std::to_string(i), "1390000000" + std::to_string(i),
                                    at(0, i * 20), "district.heping"),
                                texts[i][0], texts[i][1])
                       .doc);
  }
  EXPECT_NE(index.cluster_of(docs[2]), index.cluster_of(docs[0]));
}

// A rare name shared across the anchor window is not a concentration, and the
// same name in another known district is another place.
TEST(TriageReworded, SUP_1_anchors_join_only_within_the_window_and_the_district) {
  IndexSettings s;
  RequestIndex index(s);
  history(index);
  const auto a = index.observe(req("A0", "13900000001", at(0, 0), "district.heping"),
                               "海河华庭工地夜间施工", "海河华庭二期工地晚上施工。");
  const auto late = index.observe(req("A1", "13900000002", at(20, 0), "district.heping"),
                                  "营口道工地打桩", "海河华庭项目工地凌晨打桩。");
  const auto away = index.observe(req("A2", "13900000003", at(0, 30), "district.hexi"),
                                  "营口道工地打桩", "海河华庭项目工地凌晨打桩。");
  EXPECT_NE(index.cluster_of(late.doc), index.cluster_of(a.doc));
  EXPECT_NE(index.cluster_of(away.doc), index.cluster_of(a.doc));
}

}  // namespace
}  // namespace hotline::triage
