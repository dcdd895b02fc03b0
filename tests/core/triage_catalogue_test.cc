// SPEC: DIS-2, DIS-6, DIS-8 — the dispatch catalogue and what history teaches.
#include <gtest/gtest.h>

#include "core/triage/catalogue.h"
#include "core/triage/dispatch_history.h"

namespace hotline::triage {
namespace {

Organisation org() {
  std::vector<Unit> u;
  u.push_back({"office", "热线", UnitKind::kHotlineOffice, {}, "", "", true});
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
  u.push_back({"dept.housing", "市住建委", UnitKind::kMunicipalDepartment, {}, "", "", true});
  u.push_back({"dept.nankai.housing", "南开区住建委", UnitKind::kDistrictDepartment,
               "district.nankai", "", "district.nankai", true});
  u.push_back({"street.nankai.huayuan", "华苑街", UnitKind::kStreet, "district.nankai", "",
               "district.nankai", true});
  u.push_back({"utility.energy.heating", "热电公司", UnitKind::kPublicUtility, {}, "", "", true});
  u.push_back({"dept.closed", "撤销单位", UnitKind::kMunicipalDepartment, {}, "", "", false});
  return *Organisation::create(std::move(u));
}

const Actor kOffice{"dispatcher.li", Role::kDispatcher, "office"};
const Instant kAt = at_local(LocalDate{std::chrono::year{2026} / 3 / 2});

CatalogueEntry entry(std::string id, std::string category, std::string lead) {
  CatalogueEntry e;
  e.id = std::move(id);
  e.category = std::move(category);
  e.lead = std::move(lead);
  return e;
}

DispatchCatalogue seeded(const Organisation& o) {
  DispatchCatalogue c;
  auto add = [&](CatalogueEntry e) {
    auto change = c.add(std::move(e), o, kOffice, "seed", kAt);
    ASSERT_TRUE(change) << change.error().describe();
    ASSERT_TRUE(c.apply(*change));
  };
  add(entry("urban", "城乡建设", "{district}"));
  CatalogueEntry housing =
      entry("housing.nankai", "城乡建设/住房保障与房地产", "dept.nankai.housing");
  housing.district = "district.nankai";
  housing.functional = true;
  add(housing);
  CatalogueEntry street =
      entry("property.huayuan", "城乡建设/住房保障与房地产/物业服务", "{street}");
  street.district = "district.nankai";
  street.street = "street.nankai.huayuan";
  street.assisting = {"dept.nankai.housing"};
  street.exception_of = "housing.nankai";
  add(street);
  CatalogueEntry heating = entry("heating", "城乡建设", "utility.energy.heating");
  heating.keywords = {"暖气", "供热"};
  heating.exception_of = "urban";
  heating.functional = true;
  add(heating);
  return c;
}

TEST(TriageCatalogue, DIS_2_TheMostSpecificEntryWins) {
  const Organisation o = org();
  const DispatchCatalogue c = seeded(o);
  // Anywhere: the request's district government.
  auto m = c.match({"城乡建设/城乡规划", "district.heping", "", "违章搭建"});
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].entry->id, "urban");
  EXPECT_EQ(m[0].lead, "district.heping");
  // In 南开区, housing goes to the district department.
  m = c.match({"城乡建设/住房保障与房地产/房屋租赁", "district.nankai", "", "租房纠纷"});
  EXPECT_EQ(m[0].lead, "dept.nankai.housing");
  // Property services in 华苑街: the street, assisted by the district department.
  m = c.match(
      {"城乡建设/住房保障与房地产/物业服务", "district.nankai", "street.nankai.huayuan", ""});
  EXPECT_EQ(m[0].entry->id, "property.huayuan");
  EXPECT_EQ(m[0].lead, "street.nankai.huayuan");
  EXPECT_EQ(m[0].assisting, std::vector<std::string>{"dept.nankai.housing"});
  // The same matter elsewhere in 南开区 falls back to the district department.
  m = c.match({"城乡建设/住房保障与房地产/物业服务", "district.nankai", "", ""});
  EXPECT_EQ(m[0].entry->id, "housing.nankai");
}

TEST(TriageCatalogue, DIS_2_KeywordExceptionsApplyOnlyWhenTheTextSaysSo) {
  const Organisation o = org();
  const DispatchCatalogue c = seeded(o);
  auto m = c.match({"城乡建设/城市建设和市政管理", "district.heping", "", "家里暖气不热"});
  EXPECT_EQ(m[0].entry->id, "heating");
  m = c.match({"城乡建设/城市建设和市政管理", "district.heping", "", "路灯不亮"});
  EXPECT_EQ(m[0].entry->id, "urban");
  // {street} with no street known: the entry does not apply.
  m = c.match({"城乡建设/住房保障与房地产/物业服务", "district.heping", "", ""});
  EXPECT_EQ(m[0].entry->id, "urban");
}

TEST(TriageCatalogue, DIS_6_AFunctionalMatterIsNeverSentToTheGrassroots) {
  const Organisation o = org();
  const DispatchCatalogue c = seeded(o);
  CatalogueEntry e = entry("bad", "城乡建设/工程质量", "street.nankai.huayuan");
  e.functional = true;
  auto change = c.add(e, o, kOffice, "test", kAt);
  ASSERT_FALSE(change);
  EXPECT_EQ(change.error().rule, "DIS-6");
  EXPECT_EQ(change.error().article, "R8");
  e.lead = "{street}";
  change = c.add(e, o, kOffice, "test", kAt);
  ASSERT_FALSE(change);
  EXPECT_EQ(change.error().rule, "DIS-6");
}

TEST(TriageCatalogue, DIS_2_EntriesNameRealUnitsAndPlaces) {
  const Organisation o = org();
  const DispatchCatalogue c = seeded(o);
  auto bad = c.add(entry("x", "城乡建设", "dept.unknown"), o, kOffice, "t", kAt);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "lead");
  bad = c.add(entry("x", "城乡建设", "dept.closed"), o, kOffice, "t", kAt);
  ASSERT_FALSE(bad);
  bad = c.add(entry("x", "城乡建设", "office"), o, kOffice, "t", kAt);
  ASSERT_FALSE(bad) << "the office does not undertake work orders";
  CatalogueEntry e = entry("x", "城乡建设", "dept.housing");
  e.street = "street.nankai.huayuan";
  e.district = "district.heping";
  bad = c.add(e, o, kOffice, "t", kAt);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "street");
  bad = c.add(entry("Bad Id", "城乡建设", "dept.housing"), o, kOffice, "t", kAt);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "id");
  e = entry("x", "环境保护", "dept.housing");
  e.exception_of = "urban";
  bad = c.add(e, o, kOffice, "t", kAt);
  ASSERT_FALSE(bad) << "an exception covers part of its entry's category";
}

TEST(TriageCatalogue, DIS_2_EveryChangeIsRecordedAndTheLogReplays) {
  const Organisation o = org();
  DispatchCatalogue c = seeded(o);
  const std::size_t seeded_changes = c.log().size();
  CatalogueEntry changed = *c.find("urban");
  changed.assisting = {"dept.housing"};
  auto ch = c.change(changed, o, kOffice, "市住建委协办（职责清单调整）", kAt);
  ASSERT_TRUE(ch) << ch.error().describe();
  EXPECT_EQ(ch->action, CatalogueAction::kChange);
  ASSERT_TRUE(ch->before && ch->after);
  EXPECT_TRUE(ch->before->assisting.empty());
  EXPECT_EQ(ch->after->assisting, std::vector<std::string>{"dept.housing"});
  EXPECT_EQ(ch->article, "R7");
  ASSERT_TRUE(c.apply(*ch));
  auto r = c.retire("heating", kOffice, "供热职责移交", kAt);
  ASSERT_TRUE(r);
  ASSERT_TRUE(c.apply(*r));
  EXPECT_FALSE(c.find("heating")->active);
  EXPECT_EQ(c.match({"城乡建设", "district.heping", "", "暖气不热"})[0].entry->id, "urban");
  EXPECT_FALSE(c.retire("heating", kOffice, "again", kAt)) << "retired already";
  EXPECT_FALSE(c.change(*c.find("heating"), o, kOffice, "x", kAt))
      << "retired entries stay retired";
  EXPECT_FALSE(c.change(*c.find("urban"), o, kOffice, "x", kAt)) << "nothing changes";

  auto replayed = DispatchCatalogue::replay(c.log());
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->entries(), c.entries());
  EXPECT_EQ(c.log().size(), seeded_changes + 2);
  // A log with a gap does not replay.
  auto log = c.log();
  log.erase(log.begin() + 1);
  EXPECT_FALSE(DispatchCatalogue::replay(log));
}

TEST(TriageCatalogue, DIS_2_OnlyTheOfficeMaintainsTheCatalogueAndSaysWhy) {
  const Organisation o = org();
  const DispatchCatalogue c = seeded(o);
  const Actor unit{"staff.wang", Role::kUnitStaff, "dept.housing"};
  auto r = c.add(entry("y", "民政", "dept.housing"), o, unit, "我单位想接", kAt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(r.error().rule, "DIS-2");
  EXPECT_EQ(r.error().article, "R7");
  // Nor the office's call agents and return-visit agents: the catalogue steers their work.
  for (const Role role : {Role::kAgent, Role::kVisitAgent, Role::kAnalyst}) {
    auto refused = c.retire("urban", Actor{"someone", role, "office"}, "测试", kAt);
    ASSERT_FALSE(refused) << to_string(role);
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden) << to_string(role);
  }
  for (const Role role : {Role::kDispatcher, Role::kSupervisor, Role::kAdministrator}) {
    EXPECT_TRUE(c.retire("urban", Actor{"someone", role, "office"}, "测试", kAt))
        << to_string(role);
  }
  r = c.add(entry("y", "民政", "dept.housing"), o, kOffice, "  ", kAt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "reason");
  r = c.add(entry("urban", "民政", "dept.housing"), o, kOffice, "dup", kAt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
}

TEST(TriageCatalogue, DIS_8_HistoryLearnsFromDispatchesAndCorrections) {
  DispatchHistory h;
  for (int i = 0; i < 3; ++i)
    h.dispatched("城乡建设/住房保障与房地产", "district.nankai", "dept.housing");
  auto s = h.suggest("城乡建设/住房保障与房地产/物业服务", "district.nankai");
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0].unit, "dept.housing");
  EXPECT_EQ(s[0].category, "城乡建设/住房保障与房地产");
  // Returns approved and re-dispatched: the right unit takes over (DIS-8 learn from corrections).
  for (int i = 0; i < 3; ++i) {
    h.corrected("城乡建设/住房保障与房地产", "district.nankai", "dept.housing",
                "dept.nankai.housing");
  }
  s = h.suggest("城乡建设/住房保障与房地产", "district.nankai");
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0].unit, "dept.nankai.housing");
  // Too little support: nothing learned.
  EXPECT_TRUE(h.suggest("民政", "district.nankai").empty());
  // Another district falls back to what all districts taught.
  EXPECT_EQ(h.suggest("城乡建设/住房保障与房地产", "district.heping")[0].unit,
            "dept.nankai.housing");
}

TEST(TriageCatalogue, DIS_2_CategoryPathsNestBySegment) {
  EXPECT_TRUE(category_within("城乡建设/物业", "城乡建设"));
  EXPECT_TRUE(category_within("城乡建设", "城乡建设"));
  EXPECT_FALSE(category_within("城乡建设二", "城乡建设"));
  EXPECT_FALSE(category_within("城乡", "城乡建设"));
}

}  // namespace
}  // namespace hotline::triage
