// SUP-2, SUP-3, SUP-4 on the engine with a real SQLite store and the shipped
// policies: supervision by level with follow-up deadlines from the profile
// (all three profiles), escalation by hand and by the sweep when the unit
// does not report, reports against a management department raised one level,
// referral to the discipline inspection body with the record. Every step is
// an event with who, when, why and the article.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>

#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "core/engine/engine.h"

namespace hotline {
namespace {

const std::filesystem::path kData = HOTLINE_DATA_DIR;

Instant at(const char* text) { return *parse_iso8601(text); }
Actor agent() { return {"agent.wang", Role::kAgent, "office"}; }
Actor dispatcher() { return {"dispatcher.zhao", Role::kDispatcher, "office"}; }
Actor supervisor() { return {"supervisor.sun", Role::kSupervisor, "office"}; }
Actor staff(std::string unit) { return {"staff.li", Role::kUnitStaff, std::move(unit)}; }
CommandContext as(Actor a, std::string reason = "test") {
  return CommandContext{std::move(a), std::move(reason), std::nullopt};
}

struct Data {
  PolicySet policies;
  std::optional<WorkingDayCalendar> calendar;
  std::optional<Organisation> organisation;
};

const Data& data() {
  static const Data* d = [] {
    auto* x = new Data;
    x->policies = *load_policy_dir(kData / "policies");
    x->calendar.emplace(*WorkingDayCalendar::create(*load_calendar_dir(kData / "calendar")));
    x->organisation.emplace(
        *Organisation::create(*load_organisation_file(kData / "demo" / "organisation.toml")));
    return x;
  }();
  return *d;
}

class Supervision : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-supervision-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    engine_ = std::make_unique<Engine>(*store_, clock_, *data().calendar, data().policies,
                                       *data().organisation);
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string dispatched(const std::string& lead) {
    RequestDetails d;
    d.requested_at = clock_.now();
    d.channel = Channel::kPhone;
    d.type = RequestType::kComplaint;
    d.applicant.name = "张𠮷";
    d.applicant.phone = "13800000000";
    d.subject = "城管执法乱罚款";
    d.detail = "城管队员对摊贩违规罚款";
    d.items.push_back({"乱罚款", ""});
    d.location.district = "district.heping";
    auto r = engine_->register_request(as(agent(), "来电登记"), d);
    EXPECT_TRUE(r) << r.error().describe();
    DispatchPlanOrder o;
    o.lead_unit = lead;
    auto orders = engine_->dispatch(as(dispatcher(), "派单"), r->number, {o});
    EXPECT_TRUE(orders) << orders.error().describe();
    return orders->front().id;
  }
  std::vector<Event> events(const std::string& id) { return *store_->load(id); }

  std::filesystem::path dir_;
  FakeClock clock_{at("2026-03-02T09:00:00+08:00")};  // a Monday
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(Supervision, SUP_2_levels_methods_and_follow_up_deadlines_come_from_each_profile) {
  for (const char* profile : {"tianjin", "tianjin-transport", "city-c"}) {
    const Policy& p = **data().policies.find(profile);
    ASSERT_EQ(p.supervision.levels.size(), 4u) << profile;
    EXPECT_EQ(p.supervision.levels[0].method, "work-order") << profile;
    EXPECT_EQ(p.supervision.levels[3].method, "special") << profile;
    for (const auto& l : p.supervision.levels) {
      EXPECT_FALSE(l.follow_up.article.empty()) << profile << " level " << l.level;
      EXPECT_TRUE(l.follow_up.value.is_working_days()) << profile;
    }
    EXPECT_EQ(p.supervision.one_level_up_article, "T22(5)") << profile;
    EXPECT_FALSE(p.supervision.discipline_body.empty()) << profile;
  }
  EXPECT_EQ((*data().policies.find("city-c"))->supervision.discipline_article, "C23");
  EXPECT_EQ((*data().policies.find("tianjin-transport"))->supervision.discipline_article, "T25");
  EXPECT_EQ((*data().policies.find("tianjin-transport"))->supervision.levels[0].follow_up.article,
            "T22");
}

TEST_F(Supervision, SUP_2_a_supervision_starts_at_level_one_and_escalates_level_by_level) {
  const std::string id = dispatched("dept.heping.urban-management");
  SupervisionRaised raised;
  raised.trigger = SupervisionTrigger::kNegativeImpact;
  auto s = engine_->raise_supervision(as(supervisor(), "媒体曝光，负面影响"), id, raised);
  ASSERT_TRUE(s) << s.error().describe();
  ASSERT_EQ(s->supervisions.size(), 1u);
  const auto& first = s->supervisions[0];
  EXPECT_EQ(first.supervision.level, 1);
  EXPECT_EQ(first.supervision.method, SupervisionMethod::kWorkOrder);
  // Level 1 of tianjin: 3 working days from Monday 09:00 → Thursday.
  ASSERT_TRUE(first.supervision.follow_up_due);
  EXPECT_EQ(*first.supervision.follow_up_due, at("2026-03-05T09:00:00+08:00"));
  EXPECT_EQ(first.article, "M22(4)");

  // A unit may not escalate; the supervisor must say why.
  EXPECT_EQ(engine_->escalate_supervision(as(staff("dept.heping.urban-management"), "x"), id, false)
                .error()
                .code,
            ErrorCode::kForbidden);
  EXPECT_EQ(engine_->escalate_supervision(as(supervisor(), " "), id, false).error().field,
            "reason");
  s = engine_->escalate_supervision(as(supervisor(), "工单督办后仍未见进展"), id, true);
  ASSERT_TRUE(s) << s.error().describe();
  ASSERT_EQ(s->supervisions.size(), 2u);
  EXPECT_EQ(s->supervisions[1].supervision.level, 2);
  EXPECT_EQ(s->supervisions[1].supervision.method, SupervisionMethod::kWritten);
  EXPECT_TRUE(s->supervisions[1].supervision.key) << "key supervision (重点督办)";
  EXPECT_EQ(s->supervisions[1].supervision.trigger, SupervisionTrigger::kNegativeImpact);
  EXPECT_EQ(s->supervisions[1].article, "R21");
  EXPECT_EQ(s->supervisions[1].reason, "工单督办后仍未见进展");
  ASSERT_TRUE(engine_->escalate_supervision(as(supervisor(), "书面督办无果"), id, false));
  s = engine_->escalate_supervision(as(supervisor(), "现场核查无果"), id, false);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->supervision_level(), 4);
  EXPECT_EQ(s->supervisions.back().supervision.method, SupervisionMethod::kSpecial);
  EXPECT_TRUE(s->supervisions.back().supervision.key) << "key supervision stays";
  auto past = engine_->escalate_supervision(as(supervisor(), "再升级"), id, false);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().rule, "SUP-2");
  EXPECT_EQ(past.error().article, "R21");
}

TEST_F(Supervision, SUP_2_the_unit_reports_back_and_an_unanswered_level_escalates_by_the_sweep) {
  const std::string lead = "dept.heping.urban-management";
  const std::string id = dispatched(lead);
  ASSERT_TRUE(engine_->accept(as(staff(lead), "接单"), id));
  SupervisionRaised raised;
  raised.trigger = SupervisionTrigger::kOther;
  ASSERT_TRUE(engine_->raise_supervision(as(supervisor(), "督办"), id, raised));
  // The unit answers level 1 in time: the sweep does nothing at its deadline.
  auto r = engine_->report_on_supervision(as(staff(lead), "报告"), id, "已约谈当事队员，退还罚款");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->supervisions[0].reported_at);
  EXPECT_EQ(r->supervisions[0].report, "已约谈当事队员，退还罚款");
  EXPECT_EQ(engine_->report_on_supervision(as(staff(lead), "再报"), id, "x").error().rule, "SUP-2")
      << "nothing awaits a report";
  clock_.set(at("2026-03-06T09:00:00+08:00"));
  ASSERT_TRUE(engine_->sweep());
  EXPECT_EQ(engine_->work_order(id)->supervision_level(), 1);

  // Level 2 raised by hand, then never answered: the sweep escalates to 3.
  ASSERT_TRUE(engine_->escalate_supervision(as(supervisor(), "群众再次来电"), id, false));
  const Instant due = *engine_->work_order(id)->supervisions.back().supervision.follow_up_due;
  EXPECT_EQ(due, at("2026-03-10T09:00:00+08:00")) << "2 working days from Friday 09:00";
  clock_.set(due);
  ASSERT_TRUE(engine_->sweep());
  EXPECT_EQ(engine_->work_order(id)->supervision_level(), 2) << "due, not yet passed";
  clock_.set(due + Seconds{60});
  ASSERT_TRUE(engine_->sweep());
  auto s = engine_->work_order(id);
  ASSERT_EQ(s->supervision_level(), 3);
  const auto& auto_level = s->supervisions.back();
  EXPECT_TRUE(auto_level.supervision.automatic);
  EXPECT_EQ(auto_level.supervision.method, SupervisionMethod::kOnSite);
  EXPECT_NE(auto_level.reason.find("升级为第3级督办"), std::string::npos) << auto_level.reason;
  const Event last = events(id).back();
  EXPECT_EQ(last.actor.role, Role::kSystem);
  EXPECT_EQ(last.article, "R21");
  // Once per level: another sweep adds nothing until level 3's deadline.
  const auto count = events(id).size();
  ASSERT_TRUE(engine_->sweep());
  EXPECT_EQ(events(id).size(), count);
}

TEST_F(Supervision,
       SUP_2_a_reply_after_the_supervision_answers_it_and_the_sweep_does_not_escalate) {
  // T23: the unit reports how the supervised matter was handled; a reply given
  // after the level was raised is that report, so no level follows.
  const std::string lead = "dept.heping.urban-management";
  const std::string id = dispatched(lead);
  ASSERT_TRUE(engine_->accept(as(staff(lead), "接单"), id));
  SupervisionRaised raised;
  raised.trigger = SupervisionTrigger::kOther;
  ASSERT_TRUE(engine_->raise_supervision(as(supervisor(), "督办"), id, raised));
  const Instant due = *engine_->work_order(id)->supervisions.back().supervision.follow_up_due;
  clock_.advance(Seconds{3600});
  ReplyContent r;
  r.contacted_at = clock_.now() - Seconds{600};
  r.handler = "刘明";
  r.handler_contact = "022-23000004";
  r.process = "现场检查，责令施工单位停止夜间施工";
  r.result = "施工单位已调整施工时间，夜间不再施工";
  r.policy_basis = "《天津市环境噪声污染防治管理办法》";
  r.applicant_feedback = "诉求人知悉";
  auto replied = engine_->reply(as(staff(lead), "答复"), id, r);
  ASSERT_TRUE(replied) << replied.error().describe();
  clock_.set(due + Seconds{60});
  ASSERT_TRUE(engine_->sweep());
  EXPECT_EQ(engine_->work_order(id)->supervision_level(), 1);
}

TEST_F(Supervision, SUP_3_a_report_against_a_management_department_is_handled_one_level_up) {
  const std::string reported = "dept.heping.urban-management";
  const std::string id = dispatched(reported);
  auto bad = engine_->raise_one_level(as(supervisor(), "提级"), id, "态度差", reported);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "matter");
  EXPECT_NE(bad.error().message_zh.find("乱收费"), std::string::npos);
  EXPECT_FALSE(engine_->raise_one_level(as(staff(reported), "提级"), id, "乱罚款", reported));
  auto other =
      engine_->raise_one_level(as(supervisor(), "提级"), id, "乱罚款", "dept.nankai.housing");
  ASSERT_FALSE(other) << "the lead is not the reported department";
  EXPECT_EQ(other.error().article, "T22(5)");

  auto s = engine_->raise_one_level(as(supervisor(), "举报城管乱罚款，由区政府办理"), id, "乱罚款",
                                    reported);
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->lead_unit, "district.heping");
  ASSERT_TRUE(s->raised_one_level);
  EXPECT_EQ(s->raised_one_level->from_unit, reported);
  const Event e = events(id).back();
  EXPECT_EQ(e.article, "T22(5)");
  EXPECT_EQ(e.actor.id, "supervisor.sun");
  EXPECT_EQ(e.reason, "举报城管乱罚款，由区政府办理");
  // The department reported can no longer accept it; the unit above can.
  EXPECT_FALSE(engine_->accept(as(staff(reported), "接单"), id));
  EXPECT_TRUE(engine_->accept(as(staff("district.heping"), "接单"), id));
  // Only before acceptance.
  EXPECT_FALSE(
      engine_->raise_one_level(as(supervisor(), "再提级"), id, "乱罚款", "district.heping"));
}

TEST_F(Supervision, SUP_4_referral_to_the_discipline_inspection_body_carries_the_record) {
  const std::string lead = "dept.heping.urban-management";
  const std::string id = dispatched(lead);
  ASSERT_TRUE(engine_->accept(as(staff(lead), "接单"), id));
  const std::int64_t version = engine_->work_order(id)->version;
  EXPECT_EQ(engine_->refer_for_discipline(as(supervisor(), "移交"), id, " ").error().field,
            "conduct");
  EXPECT_FALSE(engine_->refer_for_discipline(as(staff(lead), "移交"), id, "弄虚作假"));
  auto s = engine_->refer_for_discipline(as(supervisor(), "经研判属实"), id,
                                         "未联系诉求人即答复已解决，弄虚作假");
  ASSERT_TRUE(s) << s.error().describe();
  ASSERT_EQ(s->referrals.size(), 1u);
  EXPECT_EQ(s->referrals[0].referral.body, "市纪检监察机关");
  EXPECT_EQ(s->referrals[0].referral.record_through, version);
  EXPECT_EQ(s->referrals[0].article, "M29");
  // The record referred: every event up to that version, still there.
  const auto all = events(id);
  EXPECT_EQ(all.back().article, "M29");
  EXPECT_EQ(all.size(), static_cast<std::size_t>(version + 1));
}

}  // namespace
}  // namespace hotline
