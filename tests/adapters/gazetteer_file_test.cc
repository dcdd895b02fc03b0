// SPEC: DIS-2 — the shipped gazetteer of Tianjin.
#include "adapters/toml/gazetteer_file.h"

#include <gtest/gtest.h>

#include "triage_fixture.h"

namespace hotline {
namespace {

using triage_testing::shipped;

TEST(GazetteerFile, DIS_2_AllSixteenDistrictsAndTheDemoStreetsAreThere) {
  const auto& g = shipped().gazetteer;
  std::size_t districts = 0, streets = 0;
  for (const auto& p : g.places()) {
    districts += p.kind == triage::PlaceKind::kDistrict;
    streets += p.kind == triage::PlaceKind::kStreet;
  }
  EXPECT_EQ(districts, 16u);
  EXPECT_EQ(streets, 18u);  // 6 of 和平区, 12 of 南开区 in the demo organisation
  for (const auto& u : shipped().organisation.units()) {
    if (u.kind != UnitKind::kStreet) continue;
    EXPECT_TRUE(std::any_of(g.places().begin(), g.places().end(), [&](const triage::Place& p) {
      return p.street == u.id;
    })) << u.id;
  }
}

TEST(GazetteerFile, DIS_2_PlacesInRealisticRequests) {
  const auto& g = shipped().gazetteer;
  auto p = g.locate("南开区华苑街道居华里小区门口下水道堵塞");
  EXPECT_EQ(p.district, "district.nankai");
  EXPECT_EQ(p.street, "street.nankai.huayuan");
  p = g.locate("蓟县盘山景区门票价格");  // the old name of 蓟州区
  EXPECT_EQ(p.district, "district.jizhou");
  p = g.locate("五大道附近违章停车");
  EXPECT_EQ(p.district, "district.heping");
  EXPECT_EQ(p.street, "street.heping.wudadao");
  p = g.locate("南开大学东门外占道经营");  // a landmark: 南开区学府街
  EXPECT_EQ(p.district, "district.nankai");
  EXPECT_EQ(p.street, "street.nankai.xuefu");
}

TEST(GazetteerFile, DIS_2_ErrorsNameTheFileAndLine) {
  const auto& org = shipped().organisation;
  auto g = parse_gazetteer(
      "[[place]]\nid = \"a\"\nname = \"甲\"\nkind = \"district\"\ndistrict = \"district.heping\"\n"
      "[[place]]\nid = \"b\"\nname = \"乙\"\nkind = \"street\"\ndistrict = \"district.heping\"\n"
      "street = \"street.nankai.xuefu\"\n",
      "g.toml", &org);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().field, "g.toml:6");
  g = parse_gazetteer("[[place]]\nid = \"a\"\nname = \"甲\"\nkind = \"city\"\n", "g.toml", &org);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().field, "g.toml:4");
}

}  // namespace
}  // namespace hotline
