// The knowledge base end to end (KB-1..KB-9): KnowledgeService on a real
// SQLite store and a Xapian index, with the shipped policies (R default,
// T for transport units), calendar and demo organisation, on a FakeClock.
#include <gtest/gtest.h>

#include <algorithm>

#include "adapters/json/json_reader.h"
#include "core/calendar/deadline_clock.h"
#include "knowledge_fixture.h"

namespace hotline {
namespace {

using namespace hotline::testing_kb;
using Kb = KnowledgeFixture;

bool has(const std::vector<std::string>& v, const std::string& id) {
  return std::find(v.begin(), v.end(), id) != v.end();
}

// ---- KB-2: types and elements; KB-3: workflow and history ----

TEST_F(Kb, KB_2_ArticleKeepsItsElementsAndEveryChangeIsRecorded) {
  ArticleContent c = content("职工医保门诊报销", "门诊费用按比例报销。");
  c.related = {"kb.other"};
  Article a = published("kb.med.outpatient", ArticleType::kServiceGuide, c);
  auto loaded = service_->get(agent(), "kb.med.outpatient");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->content, c);
  EXPECT_EQ(loaded->status, ArticleStatus::kPublished);
  EXPECT_EQ(loaded->audience, Audience::kPublic);
  auto h = service_->history(reviewer(), "kb.med.outpatient");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].action, "create");
  EXPECT_EQ((*h)[0].actor.id, "staff.li");
  EXPECT_EQ((*h)[0].actor.unit, "dept.medical-security");
  EXPECT_EQ((*h)[0].reason, "new");
  ASSERT_TRUE((*h)[0].content);
  EXPECT_EQ((*h)[0].content->title, "职工医保门诊报销");
  EXPECT_EQ((*h)[1].action, "submit");
  EXPECT_EQ((*h)[2].action, "approve");
  EXPECT_EQ((*h)[2].actor.role, Role::kDispatcher);
  EXPECT_EQ((*h)[2].at, clock_.now());
}

TEST_F(Kb, KB_3_UnitsMaintainOnlyTheirOwnArticlesAndOnlyTheOfficePublishes) {
  ArticleDraft d;
  d.id = "kb.med.x";
  d.type = ArticleType::kServiceGuide;
  d.unit = "dept.medical-security";
  d.content = content("标题", "正文");
  auto other = service_->create(unit_staff("dept.housing"), d, "");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().rule, "KB-3");
  ASSERT_TRUE(service_->create(unit_staff(), d, ""));
  ASSERT_TRUE(service_->submit(unit_staff(), d.id, ""));
  auto self_approve = service_->approve(unit_staff(), d.id, "");
  ASSERT_FALSE(self_approve);
  // A role that may not approve at all: forbidden, not a rule's refusal (issue 9).
  EXPECT_EQ(self_approve.error().code, ErrorCode::kForbidden);
  auto rejected = service_->reject(reviewer(), d.id, "依据不全");
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status, ArticleStatus::kDraft);
  EXPECT_FALSE(has(ids(agent(), "正文"), d.id));
}

TEST_F(Kb, KB_3_RevisionOfPublishedArticleIsReviewedWhileTheOldTextServes) {
  published("kb.med.rev", ArticleType::kServiceGuide, content("门诊报销旧标题", "旧的挂号费说明"));
  auto edited = service_->edit(unit_staff(), "kb.med.rev",
                               content("门诊报销新标题", "新的起付线说明"), "政策调整");
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->status, ArticleStatus::kPublished);
  EXPECT_TRUE(has(ids(std::nullopt, "挂号费"), "kb.med.rev"));
  EXPECT_FALSE(has(ids(std::nullopt, "起付线"), "kb.med.rev"));
  ASSERT_TRUE(service_->submit(unit_staff(), "kb.med.rev", ""));
  auto approved = service_->approve(reviewer(), "kb.med.rev", "");
  ASSERT_TRUE(approved);
  EXPECT_EQ(approved->version, 2);
  EXPECT_EQ(approved->content.title, "门诊报销新标题");
  EXPECT_TRUE(has(ids(std::nullopt, "起付线"), "kb.med.rev"));
  EXPECT_FALSE(has(ids(std::nullopt, "挂号费"), "kb.med.rev"));
}

TEST_F(Kb, KB_3_StaleRevisionIsAConflictAndNothingIsWritten) {
  Article a = published("kb.med.c", ArticleType::kServiceGuide, content("标题", "正文"));
  Article stale = a;
  ASSERT_TRUE(service_->withdraw(unit_staff(), "kb.med.c", "过时"));
  stale.status = ArticleStatus::kDraft;
  KnowledgeCommit c;
  c.articles.push_back({stale, {}});
  auto st = store_->commit(c);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  auto loaded = service_->get(reviewer(), "kb.med.c");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->status, ArticleStatus::kWithdrawn);
}

TEST_F(Kb, KB_3_UpdateRequestDueInTwoWorkingDaysOrOneDayForEmergencies) {
  clock_.set(at("2026-03-06T10:00:00+08:00"));  // a Friday
  auto r = service_->request_update(reviewer(), "dept.medical-security", UpdateKind::kAdd, "",
                                    "请增补异地就医备案办事指南", false);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->due, at("2026-03-10T10:00:00+08:00"));  // Monday, Tuesday
  EXPECT_EQ(r->due_article, "R17");
  auto e = service_->request_update(reviewer(), "utility.water", UpdateKind::kAdd, "",
                                    "爆管停水信息", true);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->due, at("2026-03-07T10:00:00+08:00"));  // clock time, Saturday counts
  auto by_unit =
      service_->request_update(unit_staff(), "dept.housing", UpdateKind::kAdd, "", "x", false);
  ASSERT_FALSE(by_unit);
  EXPECT_EQ(by_unit.error().rule, "KB-3");
  auto notices = service_->notices("dept.medical-security");
  ASSERT_TRUE(notices);
  ASSERT_EQ(notices->size(), 1u);
  EXPECT_EQ(notices->front().kind, "update-request");
}

TEST_F(Kb, KB_3_CompletingARequestNeedsTheUnitsChangeSinceTheRequest) {
  published("kb.med.fix", ArticleType::kServiceGuide, content("门诊报销", "旧文"));
  clock_.advance(Seconds{3600});
  auto r = service_->request_update(reviewer(), "dept.medical-security", UpdateKind::kCorrect,
                                    "kb.med.fix", "报销比例有误", false);
  ASSERT_TRUE(r);
  auto early = service_->complete_request(unit_staff(), r->id, "", "已改");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().rule, "KB-3");
  clock_.advance(Seconds{600});
  ASSERT_TRUE(service_->edit(unit_staff(), "kb.med.fix", content("门诊报销", "新文"), "更正"));
  // R17 完成…修改: a draft of the revision is not the correction done.
  auto draft_only = service_->complete_request(unit_staff(), r->id, "", "已改");
  ASSERT_FALSE(draft_only);
  EXPECT_EQ(draft_only.error().rule, "KB-3");
  EXPECT_EQ(draft_only.error().article, "R17");
  clock_.advance(Seconds{60});
  ASSERT_TRUE(service_->submit(unit_staff(), "kb.med.fix", "提交审核"));
  auto done = service_->complete_request(unit_staff(), r->id, "", "已改");
  ASSERT_TRUE(done) << done.error().describe();
  EXPECT_EQ(done->status, UpdateRequestStatus::kDone);
  EXPECT_EQ(done->steps.size(), 2u);
}

TEST_F(Kb, KB_9_OverdueUpdateRequestPutsTheUnitUnderSupervision) {
  auto r = service_->request_update(reviewer(), "dept.housing", UpdateKind::kAdd, "",
                                    "请增补租房提取公积金指南", false);
  ASSERT_TRUE(r);
  clock_.set(r->due - Seconds{1});
  auto before = service_->sweep();
  ASSERT_TRUE(before);
  EXPECT_EQ(before->requests_overdue, 0);
  // R17 "在2个工作日内完成": the due instant itself is still in time.
  clock_.set(r->due);
  auto at_due = service_->sweep();
  ASSERT_TRUE(at_due);
  EXPECT_EQ(at_due->requests_overdue, 0);
  clock_.set(r->due + Seconds{1});
  auto after = service_->sweep();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->requests_overdue, 1);
  auto again = service_->sweep();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->requests_overdue, 0);
  auto s = service_->supervisions("dept.housing");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ(s->front().rule, "KB-3");
  EXPECT_EQ(s->front().subject, r->id);
  EXPECT_NE(s->front().article_ref.find("M22(5)"), std::string::npos);
}

// ---- KB-4: pre-notices ----

TEST_F(Kb, KB_4_PolicyOfPublicInterestIsPrenotifiedTwelveHoursAheadWithAGuide) {
  published("kb.med.guide", ArticleType::kInterpretation, content("新政解读", "解读正文"));
  ArticleDraft d;
  d.id = "kb.med.policy";
  d.type = ArticleType::kNormativeDocument;
  d.unit = "dept.medical-security";
  d.public_interest = true;
  d.content = content("门诊共济新政", "新政正文");
  ASSERT_TRUE(service_->create(unit_staff(), d, ""));
  ASSERT_TRUE(service_->submit(unit_staff(), d.id, ""));
  auto unnotified = service_->approve(reviewer(), d.id, "");
  ASSERT_FALSE(unnotified);
  EXPECT_EQ(unnotified.error().rule, "KB-4");
  EXPECT_EQ(unnotified.error().article, "R18");
  auto no_guide = service_->prenotify(unit_staff(), d.id, clock_.now() + Seconds{13 * 3600}, "");
  ASSERT_FALSE(no_guide);
  EXPECT_EQ(no_guide.error().rule, "KB-4");
  ArticleContent with_guide = d.content;
  with_guide.related = {"kb.med.guide"};
  ASSERT_TRUE(service_->edit(unit_staff(), d.id, with_guide, "关联解读"));
  ASSERT_TRUE(service_->submit(unit_staff(), d.id, ""));
  const Instant goes_public = clock_.now() + Seconds{13 * 3600};
  ASSERT_TRUE(service_->prenotify(unit_staff(), d.id, goes_public, "拟发布"));
  auto s = service_->supervisions("dept.medical-security");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->empty());
  ASSERT_TRUE(service_->approve(reviewer(), d.id, ""));
  // Agents prepare with it at once; applicants see it from its public date.
  EXPECT_TRUE(has(ids(agent(), "门诊共济新政"), d.id));
  EXPECT_FALSE(has(ids(std::nullopt, "门诊共济新政"), d.id));
  EXPECT_FALSE(service_->get(std::nullopt, d.id));
  clock_.set(goes_public);
  EXPECT_TRUE(has(ids(std::nullopt, "门诊共济新政"), d.id));
  EXPECT_TRUE(service_->get(std::nullopt, d.id));
}

TEST_F(Kb, KB_4_LatePrenoticeIsRecordedAndSupervised_ProfileTNeedsOneDay) {
  const std::string unit = "dept.transport.road-transport";  // profile T
  published("kb.tr.guide", ArticleType::kAnswerScript, content("网约车新规答复口径", "口径"), unit);
  ArticleDraft d;
  d.id = "kb.tr.policy";
  d.type = ArticleType::kNormativeDocument;
  d.unit = unit;
  d.content = content("网约车管理新规", "正文");
  d.content.related = {"kb.tr.guide"};
  ASSERT_TRUE(service_->create(unit_staff(unit), d, ""));
  // 20 hours ahead: enough under R (12 hours), too late under T29 (1 day).
  auto late = service_->prenotify(unit_staff(unit), d.id, clock_.now() + Seconds{20 * 3600}, "");
  ASSERT_TRUE(late) << late.error().describe();
  auto s = service_->supervisions(unit);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ(s->front().rule, "KB-4");
  EXPECT_NE(s->front().article_ref.find("T29"), std::string::npos);
}

// ---- KB-5: validity, reminders, confirmation, expiry; KB-9 ----

TEST_F(Kb, KB_5_ValidityPerTypeFromThePolicy) {
  const Instant now = clock_.now();
  EXPECT_EQ(published("a1", ArticleType::kNormativeDocument, content("规范", "文")).valid_until,
            at("2031-03-02T09:00:00+08:00"));
  EXPECT_EQ(published("a2", ArticleType::kServiceGuide, content("指南", "文")).valid_until,
            at("2027-03-02T09:00:00+08:00"));
  EXPECT_EQ(published("a3", ArticleType::kAnswerScript, content("口径", "文")).valid_until,
            at("2026-09-02T09:00:00+08:00"));
  EXPECT_EQ(published("a4", ArticleType::kInterpretation, content("解读", "文")).valid_until,
            at("2027-03-02T09:00:00+08:00"));
  EXPECT_EQ(published("a5", ArticleType::kSuddenEvent, content("事件", "文")).valid_until,
            at("2026-09-02T09:00:00+08:00"));
  // A shorter validity may be asked for; a longer one is refused.
  ArticleDraft d;
  d.id = "a6";
  d.type = ArticleType::kAnswerScript;
  d.unit = "dept.medical-security";
  d.content = content("口径", "文");
  d.valid_until = now + Seconds{200 * 86400};
  auto too_long = service_->create(unit_staff(), d, "");
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().rule, "KB-5");
  EXPECT_EQ(too_long.error().article, "R19");
  d.valid_until = now + Seconds{30 * 86400};
  ASSERT_TRUE(service_->create(unit_staff(), d, ""));
  ASSERT_TRUE(service_->submit(unit_staff(), d.id, ""));
  auto a = service_->approve(reviewer(), d.id, "");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->valid_until, now + Seconds{30 * 86400});
}

TEST_F(Kb, KB_5_OwningUnitIsRemindedOnceBeforeExpiryAndConfirmationRenews) {
  Article a = published("kb.med.script", ArticleType::kAnswerScript, content("口径", "医保答复"));
  clock_.set(*a.valid_until - Seconds{31 * 86400});
  auto early = service_->sweep();
  ASSERT_TRUE(early);
  EXPECT_EQ(early->reminded, 0);
  clock_.set(*a.valid_until - Seconds{29 * 86400});
  auto first = service_->sweep();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->reminded, 1);
  auto second = service_->sweep();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->reminded, 0);
  auto notices = service_->notices("dept.medical-security");
  ASSERT_TRUE(notices);
  ASSERT_EQ(notices->size(), 1u);
  EXPECT_EQ(notices->front().kind, "expiry-reminder");
  auto confirmed = service_->confirm(unit_staff(), "kb.med.script", "内容无变化");
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(confirmed->valid_until,
            add_period(*calendar_, clock_.now(), *parse_policy_duration("6 months")).value());
  auto other = service_->confirm(unit_staff("dept.housing"), "kb.med.script", "");
  ASSERT_FALSE(other);
}

TEST_F(Kb, KB_5_ExpiredArticleWithdrawnAndUnitSupervised) {
  Article a = published("kb.med.old", ArticleType::kAnswerScript, content("旧口径", "过期的答复"));
  clock_.set(*a.valid_until + Seconds{1});
  auto late_confirm = service_->confirm(unit_staff(), "kb.med.old", "");
  ASSERT_FALSE(late_confirm);
  EXPECT_EQ(late_confirm.error().rule, "KB-5");
  auto r = service_->sweep();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->expired, 1);
  auto loaded = service_->get(reviewer(), "kb.med.old");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->status, ArticleStatus::kWithdrawn);
  auto h = service_->history(reviewer(), "kb.med.old");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->back().action, "expire");
  EXPECT_EQ(h->back().actor.role, Role::kSystem);
  EXPECT_EQ(h->back().rule, "KB-5");
  auto s = service_->supervisions("dept.medical-security");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ(s->front().rule, "KB-5");
  EXPECT_EQ(s->front().subject, "kb.med.old");
  EXPECT_FALSE(has(ids(reviewer(), "过期的答复", true), "kb.med.old"));
}

// ---- KB-1: what reaches applicants ----

TEST_F(Kb, KB_1_ExpiredArticleNeverReachesApplicantsEvenBeforeTheSweep) {
  Article a =
      published("kb.med.exp", ArticleType::kServiceGuide, content("异地就医备案", "备案办法"));
  EXPECT_TRUE(has(ids(std::nullopt, "异地就医"), a.id));
  clock_.set(*a.valid_until);  // expired, not yet swept
  EXPECT_FALSE(has(ids(std::nullopt, "异地就医"), a.id));
  EXPECT_FALSE(has(ids(applicant(), "异地就医"), a.id));
  EXPECT_FALSE(service_->get(std::nullopt, a.id));
  EXPECT_FALSE(has(ids(agent(), "异地就医"), a.id));
  // The office can still review stale content.
  EXPECT_TRUE(has(ids(reviewer(), "异地就医", true), a.id));
  // An applicant asking for expired content gets nothing either.
  EXPECT_FALSE(has(ids(applicant(), "异地就医", true), a.id));
}

TEST_F(Kb, KB_1_DraftsAndInternalScriptsNeverReachApplicants) {
  ArticleDraft d;
  d.id = "kb.med.draft";
  d.type = ArticleType::kServiceGuide;
  d.unit = "dept.medical-security";
  d.content = content("居民医保缴费草稿", "缴费草稿正文");
  ASSERT_TRUE(service_->create(unit_staff(), d, ""));
  published("kb.med.internal", ArticleType::kAnswerScript, content("居民医保缴费答复口径", "口径"));
  published("kb.med.public", ArticleType::kServiceGuide, content("居民医保缴费指南", "指南"));
  const auto anon = ids(std::nullopt, "居民医保缴费");
  EXPECT_FALSE(has(anon, "kb.med.draft"));
  EXPECT_FALSE(has(anon, "kb.med.internal"));
  EXPECT_TRUE(has(anon, "kb.med.public"));
  EXPECT_FALSE(service_->get(std::nullopt, "kb.med.draft"));
  EXPECT_FALSE(service_->get(applicant(), "kb.med.internal"));
  const auto staff = ids(agent(), "居民医保缴费");
  EXPECT_TRUE(has(staff, "kb.med.internal"));
  EXPECT_FALSE(has(staff, "kb.med.draft"));
  auto not_found = service_->get(std::nullopt, "kb.med.draft");
  EXPECT_EQ(not_found.error().code, ErrorCode::kNotFound);
}

TEST_F(Kb, KB_1_WithdrawnArticleLeavesTheIndex) {
  published("kb.med.w", ArticleType::kServiceGuide, content("慢特病认定", "认定办法"));
  ASSERT_TRUE(service_->withdraw(unit_staff(), "kb.med.w", "政策废止"));
  EXPECT_FALSE(has(ids(agent(), "慢特病"), "kb.med.w"));
  EXPECT_FALSE(has(ids(reviewer(), "慢特病", true), "kb.med.w"));
}

TEST_F(Kb, KB_1_StoreAndIndexSurviveAReopenAndReindex) {
  published("kb.med.p", ArticleType::kServiceGuide, content("门诊慢特病", "𠮷字测试"));
  open();
  auto a = service_->get(agent(), "kb.med.p");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->content.body, "𠮷字测试");
  auto h = service_->history(reviewer(), "kb.med.p");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->size(), 3u);
  auto n = service_->reindex();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1u);
  EXPECT_TRUE(has(ids(std::nullopt, "𠮷"), "kb.med.p"));
}

// ---- KB-6: screening of uploads ----

TEST_F(Kb, KB_6_PersonalInformationIsRefusedOnUploadWithTheReason) {
  ArticleDraft d;
  d.id = "kb.med.pii";
  d.type = ArticleType::kAnswerScript;
  d.unit = "dept.medical-security";
  d.content = content("口径", "如有疑问请联系张老师13812345678。");
  auto refused = service_->create(unit_staff(), d, "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule, "KB-6");
  EXPECT_EQ(refused.error().article, "R20");
  EXPECT_EQ(refused.error().field, "body");
  EXPECT_NE(refused.error().message.find("138******78"), std::string::npos);
  EXPECT_EQ(refused.error().message.find("13812345678"), std::string::npos);  // masked
  auto stored = store_->load_article("kb.med.pii");
  ASSERT_TRUE(stored);
  EXPECT_FALSE(*stored);
  d.content = content("口径", "正文");
  ASSERT_TRUE(service_->create(unit_staff(), d, ""));
  ArticleContent with_address = d.content;
  with_address.faq.push_back({"谁反映的？", "居民王建国家住南京路100号3门"});
  auto edit = service_->edit(unit_staff(), "kb.med.pii", with_address, "");
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().rule, "KB-6");
  EXPECT_EQ(edit.error().field, "faq[1].answer");
}

// ---- KB-7: sudden events ----

TEST_F(Kb, KB_7_SuddenEventScriptsAreKeptCurrent) {
  Article a =
      published("kb.event.flood", ArticleType::kSuddenEvent,
                content("暴雨积水答复口径", "积水路段绕行"), "dept.emergency", Audience::kInternal);
  EXPECT_EQ(a.valid_until, at("2026-09-02T09:00:00+08:00"));
  auto r = service_->request_update(reviewer(), "dept.emergency", UpdateKind::kCorrect, a.id,
                                    "更新积水路段", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->due, clock_.now() + Seconds{86400});
  EXPECT_TRUE(has(ids(agent(), "积水"), a.id));
  EXPECT_FALSE(has(ids(std::nullopt, "积水"), a.id));
}

// ---- KB-8: monthly reports of profile T ----

TEST_F(Kb, KB_8_MonthlyReportsDueOnTheFifthAndTwentiethNotPostponed) {
  const std::string t_unit = "dept.transport.road-transport";
  auto kb_due = service_->report_due(t_unit, ReportKind::kKnowledgeBase, "2026-01");
  ASSERT_TRUE(kb_due);
  ASSERT_TRUE(*kb_due);
  // 2026-02-05 is inside the Spring Festival break: not postponed (T31).
  EXPECT_EQ(**kb_due, at("2026-02-06T00:00:00+08:00"));
  auto training = service_->report_due(t_unit, ReportKind::kTraining, "2026-03");
  ASSERT_TRUE(training);
  EXPECT_EQ(**training, at("2026-03-21T00:00:00+08:00"));
  auto r_unit =
      service_->report_due("dept.medical-security", ReportKind::kKnowledgeBase, "2026-01");
  ASSERT_TRUE(r_unit);
  EXPECT_FALSE(*r_unit);
  auto refused =
      service_->submit_report(unit_staff(), ReportKind::kKnowledgeBase, "2026-02", "", true);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule, "KB-8");
}

// T31 names the units that file the monthly reports; the commission's
// general office, on the same profile, is not one of them.
TEST_F(Kb, KB_8_TheUnitsT31NamesFileTheMonthlyReports) {
  auto units = service_->reporting_units();
  std::sort(units.begin(), units.end());
  EXPECT_EQ(units, (std::vector<std::string>{
                       "dept.transport.enforcement", "dept.transport.government-service",
                       "dept.transport.highway-center", "dept.transport.port-waterway",
                       "dept.transport.road-transport", "dept.transport.service-center"}));
}

TEST_F(Kb, KB_8_MissedReportPutsTheUnitUnderSupervisionOnce) {
  const std::string t_unit = "dept.transport.road-transport";
  clock_.set(at("2026-03-05T23:00:00+08:00"));
  auto on_time =
      service_->submit_report(unit_staff(t_unit), ReportKind::kKnowledgeBase, "2026-02", "", true);
  ASSERT_TRUE(on_time) << on_time.error().describe();
  EXPECT_FALSE(on_time->late);
  EXPECT_TRUE(on_time->no_changes);
  clock_.set(at("2026-03-06T00:00:01+08:00"));
  auto r = service_->sweep();
  ASSERT_TRUE(r);
  const auto units = service_->reporting_units();
  EXPECT_EQ(r->reports_missed, static_cast<int>(units.size()) - 1);
  auto mine = service_->supervisions(t_unit);
  ASSERT_TRUE(mine);
  EXPECT_TRUE(mine->empty());
  auto others = service_->supervisions("dept.transport.port-waterway");
  ASSERT_TRUE(others);
  ASSERT_EQ(others->size(), 1u);
  EXPECT_EQ(others->front().rule, "KB-8");
  auto again = service_->sweep();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->reports_missed, 0);
  auto late = service_->submit_report(unit_staff("dept.transport.port-waterway"),
                                      ReportKind::kKnowledgeBase, "2026-02", "本月无变化", true);
  ASSERT_TRUE(late);
  EXPECT_TRUE(late->late);
}

TEST_F(Kb, KB_8_NoChangesMustBeTrue) {
  const std::string t_unit = "dept.transport.road-transport";
  clock_.set(at("2026-02-10T09:00:00+08:00"));
  published("kb.tr.new", ArticleType::kServiceGuide, content("道路运输证办理", "办理流程"), t_unit);
  clock_.set(at("2026-03-02T09:00:00+08:00"));
  auto wrong =
      service_->submit_report(unit_staff(t_unit), ReportKind::kKnowledgeBase, "2026-02", "", true);
  ASSERT_FALSE(wrong);
  auto draft = service_->draft_report(t_unit, "2026-02");
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->added, 1);
  auto right = service_->submit_report(unit_staff(t_unit), ReportKind::kKnowledgeBase, "2026-02",
                                       "新增道路运输证办理指南1条", false);
  ASSERT_TRUE(right);
  EXPECT_EQ(right->added, 1);
}

// ---- RET-4: a return citing an article links it ----

TEST_F(Kb, RET_4_CitationLinksAPublishedCurrentArticle) {
  published("kb.med.cite", ArticleType::kAnswerScript, content("医保口径", "答复"));
  auto c = service_->cite("kb.med.cite");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->link, "/api/v1/kb/articles/kb.med.cite");
  EXPECT_EQ(c->title, "医保口径");
  ASSERT_TRUE(service_->withdraw(unit_staff(), "kb.med.cite", ""));
  auto gone = service_->cite("kb.med.cite");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().rule, "RET-4");
}

// ---- Search quality on the demo knowledge base (TRI-7) ----

TEST_F(Kb, KB_1_AgentSearchFindsTheRightArticleInTopFive) {
  const std::filesystem::path data = HOTLINE_DATA_DIR;
  auto file = read_article_lines(read_file(data / "knowledge" / "articles.jsonl"));
  ASSERT_TRUE(file) << file.error().describe();
  ASSERT_GE(file->articles.size(), 40u);
  Actor admin{"admin", Role::kAdministrator, "office"};
  ASSERT_TRUE(service_->set_synonyms(admin, file->synonyms));
  auto outcomes = service_->import(admin, file->articles);
  ASSERT_TRUE(outcomes);
  for (const auto& o : *outcomes) EXPECT_TRUE(o.ok) << o.id << ": " << o.error->describe();
  const std::string questions = read_file(data / "knowledge" / "questions.jsonl");
  std::istringstream in(questions);
  std::string line;
  int total = 0, top5 = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = parse_json(line);
    ASSERT_TRUE(j);
    auto found = service_->suggest(agent(), (*j)["q"].get<std::string>(), 5);
    ASSERT_TRUE(found);
    const auto expect = (*j)["expect"].get<std::vector<std::string>>();
    ++total;
    for (const auto& h : found->hits) {
      if (std::find(expect.begin(), expect.end(), h.id) != expect.end()) {
        ++top5;
        break;
      }
    }
  }
  ASSERT_GE(total, 80);
  const double rate = static_cast<double>(top5) / total;
  RecordProperty("top5_hit_rate", std::to_string(rate));
  std::cout << "top-5 hit rate " << top5 << "/" << total << " = " << rate << "\n";
  EXPECT_GE(rate, 0.9);
  // Import is idempotent: importing the same file again changes nothing.
  auto again = service_->import(admin, file->articles);
  ASSERT_TRUE(again);
  for (const auto& o : *again) EXPECT_EQ(o.action, "unchanged") << o.id;
}

}  // namespace
}  // namespace hotline
