// ANA-2 [R27, C27]: hot spots against their own baseline and the sensitive
// watch list, as warning records.

#include <gtest/gtest.h>

#include "core/analysis/monitoring.h"

namespace hotline::analysis {
namespace {

LocalDate date(const char* text) { return *parse_date(text); }

Event registration(const std::string& number, Instant at, const std::string& district,
                   const std::string& category, const std::string& text) {
  RequestRegistered r;
  r.number = number;
  r.details.requested_at = at;
  r.details.type = RequestType::kComplaint;
  r.details.subject = text;
  r.details.items = {RequestItem{text, category}};
  r.details.location.district = district;
  return Event{number, 1, at, Actor{"agent.a", Role::kAgent, "office"}, "", "R5", r};
}

WarningSettings settings() {
  WarningSettings s;
  s.hotspot = HotspotSettings{28, 5, 3.0, "R27"};
  s.watch_list = {"跳楼"};
  return s;
}

TEST(AnalysisWarnings, ANA_2_eight_complaints_about_one_site_give_one_surge_warning) {
  AnalysisProjection p(settings());
  std::int64_t position = 0;
  // A quiet baseline: one noise complaint every other day in Heping.
  for (int d = 0; d < 28; d += 2) {
    const Instant at = at_local(date("2026-10-01") + std::chrono::days{d}) + Seconds{36000};
    ASSERT_TRUE(
        p.apply({++position, registration("20261001" + std::to_string(10000000 + d), at,
                                          "district.heping", "城乡建设/建筑市场", "施工噪音")}));
  }
  // Eight reworded complaints from eight phones about the same site in a morning.
  const char* texts[] = {"工地夜间施工太吵", "建筑工地晚上还在打桩", "工地噪音扰民睡不着",
                         "半夜工地施工",     "某工地深夜作业声音大", "工地施工影响休息",
                         "夜里工地机器轰鸣", "工地违规夜间施工"};
  for (int i = 0; i < 8; ++i) {
    const Instant at = at_local(date("2026-10-29")) + Seconds{8 * 3600 + i * 600};
    ASSERT_TRUE(
        p.apply({++position, registration("2026102900000" + std::to_string(100 + i), at,
                                          "district.heping", "城乡建设/建筑市场", texts[i])}));
  }
  std::vector<const WarningRecord*> surges;
  for (const WarningRecord& w : p.warnings().records()) {
    if (w.kind == WarningKind::kSurge) surges.push_back(&w);
  }
  ASSERT_EQ(surges.size(), 1u);
  EXPECT_EQ(surges[0]->count, 8);
  EXPECT_EQ(surges[0]->district, "district.heping");
  EXPECT_EQ(surges[0]->article, "R27");
  EXPECT_NEAR(surges[0]->baseline, 0.5, 1e-9);
  // Raised at the registration that crossed the threshold (the 5th: 5 > 0.5 + 3·1).
  EXPECT_EQ(surges[0]->created_at, at_local(date("2026-10-29")) + Seconds{8 * 3600 + 4 * 600});
  EXPECT_EQ(surges[0]->title.find("工地"), std::string::npos) << "no request text in titles";
}

TEST(AnalysisWarnings, ANA_2_a_steady_place_does_not_alarm) {
  AnalysisProjection p(settings());
  std::int64_t position = 0;
  for (int d = 0; d < 60; ++d) {
    for (int i = 0; i < 6; ++i) {
      const Instant at =
          at_local(date("2026-09-01") + std::chrono::days{d}) + Seconds{3600 * (i + 8)};
      ASSERT_TRUE(p.apply({++position, registration("r" + std::to_string(d * 10 + i), at,
                                                    "district.hexi", "交通运输", "公交")}));
    }
  }
  for (const WarningRecord& w : p.warnings().records()) {
    // Only the first days, before a baseline exists, may alarm.
    EXPECT_LT(w.day, day_number(date("2026-09-03"))) << w.id;
  }
}

TEST(AnalysisWarnings, ANA_2_watch_list_words_raise_sensitive_warnings) {
  AnalysisProjection p(settings());
  ASSERT_TRUE(
      p.apply({1, registration("2026110100000001", at_local(date("2026-11-01")) + Seconds{60},
                               "district.hexi", "劳动和社会保障", "讨薪不成要跳楼")}));
  ASSERT_EQ(p.warnings().records().size(), 1u);
  const WarningRecord& w = p.warnings().records()[0];
  EXPECT_EQ(w.kind, WarningKind::kSensitive);
  EXPECT_EQ(w.word, "跳楼");
  EXPECT_EQ(w.requests, std::vector<std::string>{"2026110100000001"});
}

TEST(AnalysisWarnings, ANA_2_hotspots_in_a_period_against_their_baseline) {
  AnalysisProjection p(settings());
  std::int64_t position = 0;
  for (int i = 0; i < 9; ++i) {
    ASSERT_TRUE(p.apply({++position, registration("n" + std::to_string(i),
                                                  at_local(date("2026-11-03")) + Seconds{i * 60},
                                                  "district.heping", "城乡建设", "x")}));
  }
  const Organisation org =
      *Organisation::create({{"district.heping", "和平区人民政府", UnitKind::kDistrictGovernment,
                              std::nullopt, "", "district.heping", true}});
  const Period nov{date("2026-11-01"), date("2026-11-30")};
  auto spots = hotspots(p, org, settings().hotspot, nov, Scope::all(), 10);
  ASSERT_EQ(spots.size(), 1u);
  EXPECT_EQ(spots[0].district_name, "和平区人民政府");
  EXPECT_EQ(spots[0].count, 9);
  EXPECT_TRUE(spots[0].surge);
  // A street's scope does not cover the district's registrations (ANA-4).
  Scope street;
  street.everything = false;
  street.units = {"street.x"};
  EXPECT_TRUE(hotspots(p, org, settings().hotspot, nov, street, 10).empty());
}

}  // namespace
}  // namespace hotline::analysis
