// SPEC: DIS-2 — place extraction from the text of a request.
#include <gtest/gtest.h>

#include "core/triage/gazetteer.h"

namespace hotline::triage {
namespace {

Gazetteer gazetteer() {
  std::vector<Place> p;
  p.push_back({"district.nankai", "南开区", PlaceKind::kDistrict, {}, "district.nankai", ""});
  p.push_back({"district.heping", "和平区", PlaceKind::kDistrict, {}, "district.heping", ""});
  p.push_back(
      {"district.binhai", "滨海新区", PlaceKind::kDistrict, {"塘沽区"}, "district.binhai", ""});
  p.push_back({"street.nankai.xuefu",
               "学府街",
               PlaceKind::kStreet,
               {"学府街道"},
               "district.nankai",
               "street.nankai.xuefu"});
  p.push_back({"landmark.nku",
               "南开大学",
               PlaceKind::kLandmark,
               {},
               "district.nankai",
               "street.nankai.xuefu"});
  p.push_back({"landmark.wudadao", "五大道", PlaceKind::kLandmark, {}, "district.heping", ""});
  p.push_back({"landmark.jiya", "𠮷野家广场", PlaceKind::kLandmark, {}, "district.heping", ""});
  auto g = Gazetteer::create(std::move(p), nullptr);
  EXPECT_TRUE(g) << g.error().describe();
  return std::move(*g);
}

TEST(TriageGazetteer, DIS_2_LongestNameWinsAndEveryMentionIsFound) {
  const Gazetteer g = gazetteer();
  const auto m = g.find("南开区学府街道南开大学东门，塘沽区也有");
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].text, "南开区");
  EXPECT_EQ(m[1].text, "学府街道");  // not 学府街 + 道
  EXPECT_EQ(m[2].text, "南开大学");
  EXPECT_EQ(m[3].text, "塘沽区");
  EXPECT_EQ(g.places()[m[3].place].district, "district.binhai");
}

TEST(TriageGazetteer, DIS_2_LocateGivesDistrictAndStreet) {
  const Gazetteer g = gazetteer();
  auto p = g.locate("南开大学附近的路灯坏了");
  EXPECT_EQ(p.district, "district.nankai");
  EXPECT_EQ(p.street, "street.nankai.xuefu");  // from the landmark
  EXPECT_FALSE(p.conflicting);
  p = g.locate("在五大道，不是南开区");
  EXPECT_TRUE(p.conflicting);
  p = g.locate("𠮷野家广场门口占道经营");  // a name beyond the BMP
  EXPECT_EQ(p.district, "district.heping");
  EXPECT_TRUE(g.locate("没有地名").district.empty());
  EXPECT_TRUE(g.locate("").matches.empty());
}

TEST(TriageGazetteer, DIS_2_NamesMayNotRepeatAcrossPlaces) {
  std::vector<Place> p;
  p.push_back({"a", "华苑", PlaceKind::kLandmark, {}, "district.nankai", ""});
  p.push_back({"b", "西区", PlaceKind::kLandmark, {"华苑"}, "district.nankai", ""});
  auto g = Gazetteer::create(p, nullptr);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().field, "places[1].name");
  p.pop_back();
  p.push_back({"a", "别名", PlaceKind::kLandmark, {}, "district.nankai", ""});
  EXPECT_FALSE(Gazetteer::create(p, nullptr)) << "repeated id";
}

TEST(TriageGazetteer, DIS_2_UnitsAreCheckedAgainstTheOrganisation) {
  std::vector<Unit> u;
  u.push_back({"district.nankai",
               "南开区",
               UnitKind::kDistrictGovernment,
               {},
               "",
               "district.nankai",
               true});
  u.push_back({"district.heping",
               "和平区",
               UnitKind::kDistrictGovernment,
               {},
               "",
               "district.heping",
               true});
  u.push_back({"street.heping.nanshi", "南市街", UnitKind::kStreet, "district.heping", "",
               "district.heping", true});
  const Organisation org = *Organisation::create(u);
  std::vector<Place> p;
  p.push_back({"s", "南市街", PlaceKind::kStreet, {}, "district.nankai", "street.heping.nanshi"});
  auto g = Gazetteer::create(p, &org);
  ASSERT_FALSE(g) << "a street in another district";
  EXPECT_EQ(g.error().field, "places[0].street");
  p[0].district = "district.heping";
  EXPECT_TRUE(Gazetteer::create(p, &org));
}

}  // namespace
}  // namespace hotline::triage
