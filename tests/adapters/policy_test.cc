// Policy profiles: durations, rule matching, validation, and the numbers of
// the three shipped profiles checked against the regulations.
#include "core/policy/policy.h"

#include <gtest/gtest.h>

#include <string>

#include "adapters/toml/calendar_file.h"
#include "adapters/toml/policy_file.h"
#include "core/engine/deadlines.h"

namespace hotline {
namespace {

using Unit = PolicyDuration::Unit;

PolicyDuration dur(std::int64_t amount, Unit unit) { return {amount, unit}; }

const PolicySet& shipped() {
  static const PolicySet set = [] {
    auto loaded = load_policy_dir(std::string(HOTLINE_DATA_DIR) + "/policies");
    if (!loaded) {
      ADD_FAILURE() << loaded.error().message;
      return PolicySet{};
    }
    return *loaded;
  }();
  return set;
}

const Policy& profile(const std::string& name) {
  auto p = shipped().find(name);
  if (!p) {
    ADD_FAILURE() << p.error().message;
    static const Policy kEmpty;
    return kEmpty;
  }
  return **p;
}

DeadlineSubject subject(RequestType t, Urgency u = Urgency::kGeneral,
                        UrgencyLabel l = UrgencyLabel::kNone, Channel c = Channel::kPhone) {
  return {t, u, l, c};
}

const WorkingDayCalendar& calendar() {
  static const WorkingDayCalendar cal = [] {
    auto years = load_calendar_dir(std::string(HOTLINE_DATA_DIR) + "/calendar");
    if (!years) ADD_FAILURE() << years.error().message;
    auto c = WorkingDayCalendar::create(years ? *years : std::vector<CalendarYear>{});
    if (!c) ADD_FAILURE() << c.error().message;
    return std::move(*c);
  }();
  return cal;
}

// The rule a profile applies (every matching row binds, the earliest wins),
// with every anchor on Monday 2026-03-02 10:00; fails the test when none does.
const DeadlineRule& rule(const Policy& p, Stage stage, const DeadlineSubject& s) {
  static const DeadlineRule kNone;
  const Instant monday = *parse_iso8601("2026-03-02T10:00:00+08:00");
  auto b = DeadlineCalculator(calendar()).binding(p, stage, s, Anchors{monday, monday, monday});
  if (!b || !b->rule) {
    ADD_FAILURE() << (b ? std::string("no rule") : b.error().message);
    return kNone;
  }
  return *b->rule;
}

// --- durations -------------------------------------------------------------------

TEST(PolicyDuration, ParsesEveryAcceptedForm) {
  struct Case {
    const char* text;
    PolicyDuration want;
  } cases[] = {
      {"0 minutes", dur(0, Unit::kMinutes)},
      {"15 minutes", dur(15, Unit::kMinutes)},
      {"1 minute", dur(1, Unit::kMinutes)},
      {"2 hours", dur(2, Unit::kHours)},
      {"1 hour", dur(1, Unit::kHours)},
      {"1 day", dur(1, Unit::kCalendarDays)},
      {"3 days", dur(3, Unit::kCalendarDays)},
      {"1 working day", dur(1, Unit::kWorkingDays)},
      {"7 working days", dur(7, Unit::kWorkingDays)},
      {"6 months", dur(6, Unit::kMonths)},
      {"1 month", dur(1, Unit::kMonths)},
      {"5 years", dur(5, Unit::kYears)},
      {"1 year", dur(1, Unit::kYears)},
  };
  for (const auto& c : cases) {
    auto d = parse_policy_duration(c.text);
    ASSERT_TRUE(d) << c.text << ": " << d.error().message;
    EXPECT_EQ(*d, c.want) << c.text;
  }
}

TEST(PolicyDuration, RejectsOtherFormsNamingTheAcceptedOnes) {
  for (const char* bad : {"", "15", "minutes", "15minutes", "15  minutes", " 15 minutes",
                          "15 minutes ", "-1 day", "+1 day", "1.5 hours", "2 weeks", "7 workdays",
                          "7 working-days", "1 Day", "1 工作日", "99999999999 days"}) {
    auto d = parse_policy_duration(bad);
    ASSERT_FALSE(d) << "accepted \"" << bad << "\"";
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
    EXPECT_FALSE(d.error().message_zh.empty());
  }
  auto d = parse_policy_duration("2 weeks");
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("working day"), std::string::npos) << d.error().message;
  EXPECT_NE(d.error().message.find("2 weeks"), std::string::npos);
}

TEST(PolicyDuration, DescribesInEnglishAndChinese) {
  EXPECT_EQ(dur(15, Unit::kMinutes).describe(), "15 minutes");
  EXPECT_EQ(dur(1, Unit::kMinutes).describe(), "1 minute");
  EXPECT_EQ(dur(1, Unit::kWorkingDays).describe(), "1 working day");
  EXPECT_EQ(dur(7, Unit::kWorkingDays).describe(), "7 working days");
  EXPECT_EQ(dur(1, Unit::kYears).describe(), "1 year");
  EXPECT_EQ(dur(15, Unit::kMinutes).describe_zh(), "15分钟");
  EXPECT_EQ(dur(2, Unit::kHours).describe_zh(), "2小时");
  EXPECT_EQ(dur(1, Unit::kCalendarDays).describe_zh(), "1天");
  EXPECT_EQ(dur(7, Unit::kWorkingDays).describe_zh(), "7个工作日");
  EXPECT_EQ(dur(6, Unit::kMonths).describe_zh(), "6个月");
  EXPECT_EQ(dur(5, Unit::kYears).describe_zh(), "5年");
  // What describe() writes, parse reads back.
  for (Unit u : {Unit::kMinutes, Unit::kHours, Unit::kCalendarDays, Unit::kWorkingDays,
                 Unit::kMonths, Unit::kYears}) {
    for (std::int64_t n : {0, 1, 2, 24}) {
      auto back = parse_policy_duration(dur(n, u).describe());
      ASSERT_TRUE(back);
      EXPECT_EQ(*back, dur(n, u));
    }
  }
}

// --- enums -----------------------------------------------------------------------------

TEST(PolicyEnums, WireNamesRoundTrip) {
  for (Stage s : {Stage::kDispatch, Stage::kAccept, Stage::kReturn, Stage::kHandle}) {
    EXPECT_EQ(parse_stage(to_string(s)), s);
  }
  for (Anchor a : {Anchor::kRegistration, Anchor::kDispatch, Anchor::kAcceptance}) {
    EXPECT_EQ(parse_anchor(to_string(a)), a);
  }
  EXPECT_EQ(to_string(Anchor::kAcceptance), "acceptance");
  EXPECT_EQ(to_string(ReturnReason::kNotOurDuty), "not-our-duty");
  EXPECT_EQ(to_chinese(ReturnReason::kNotOurDuty), "非本单位职责");
  EXPECT_EQ(parse_return_reason("needs-assistance"), ReturnReason::kNeedsAssistance);
  EXPECT_EQ(parse_return_evidence("document-number"), ReturnEvidence::kDocumentNumber);
  EXPECT_EQ(parse_no_visit_reason("anonymous"), NoVisitReason::kAnonymous);
  EXPECT_EQ(parse_non_appealable("staff-attitude"), NonAppealable::kStaffAttitude);
  EXPECT_EQ(parse_article_type("answer-script"), ArticleType::kAnswerScript);
  EXPECT_EQ(parse_reply_element("handler-contact"), ReplyElement::kHandlerContact);
  EXPECT_EQ(to_chinese(ReplyElement::kPolicyBasis), "政策依据");
  EXPECT_FALSE(parse_stage("Dispatch"));
  EXPECT_FALSE(parse_return_reason("not_our_duty"));
}

// --- matching and validation on hand-built policies ----------------------------------------

DeadlineRule row(PolicyDuration within, Anchor from, std::string article) {
  DeadlineRule r;
  r.within = within;
  r.from = from;
  r.article = std::move(article);
  return r;
}

// A minimal valid policy: one catch-all row per stage.
Policy minimal() {
  Policy p;
  p.name = "test";
  p.source = "R";
  p.dispatch = {row(dur(24, Unit::kHours), Anchor::kRegistration, "R6")};
  p.accept = {row(dur(1, Unit::kWorkingDays), Anchor::kDispatch, "R9")};
  p.handle = {row(dur(7, Unit::kWorkingDays), Anchor::kAcceptance, "R11")};
  p.return_policy.window = {row(dur(1, Unit::kWorkingDays), Anchor::kDispatch, "M17")};
  p.extension.apply_before = {{dur(1, Unit::kWorkingDays), "R12"}};
  p.extension.max_count = {2, "R12"};
  p.knowledge_base.update_within = {dur(2, Unit::kWorkingDays), "R17"};
  p.knowledge_base.emergency_update_within = {dur(1, Unit::kCalendarDays), "R17"};
  p.knowledge_base.prenotice_before = {dur(12, Unit::kHours), "R18"};
  for (ArticleType t :
       {ArticleType::kNormativeDocument, ArticleType::kServiceGuide, ArticleType::kInterpretation,
        ArticleType::kAnswerScript, ArticleType::kSuddenEvent}) {
    p.knowledge_base.validity[t] = {dur(1, Unit::kYears), "R19"};
  }
  p.warning.remaining_fraction = {0.2, "T22(1)"};
  return p;
}

TEST(DeadlineRule, EmptyListsMatchAnythingAndNoneMatchesUnlabelled) {
  DeadlineRule any = row(dur(1, Unit::kHours), Anchor::kDispatch, "X");
  EXPECT_TRUE(any.matches(subject(RequestType::kPraise, Urgency::kLifeSafety, UrgencyLabel::kUrgent,
                                  Channel::kOpen311)));
  DeadlineRule unlabelled = any;
  unlabelled.labels = {UrgencyLabel::kNone};
  EXPECT_TRUE(unlabelled.matches(subject(RequestType::kInquiry)));
  EXPECT_FALSE(unlabelled.matches(
      subject(RequestType::kInquiry, Urgency::kGeneral, UrgencyLabel::kMostUrgent)));
  DeadlineRule narrow = any;
  narrow.types = {RequestType::kInquiry};
  narrow.channels = {Channel::kWechat12328};
  EXPECT_TRUE(narrow.matches(subject(RequestType::kInquiry, Urgency::kGeneral, UrgencyLabel::kNone,
                                     Channel::kWechat12328)));
  EXPECT_FALSE(narrow.matches(subject(RequestType::kComplaint, Urgency::kGeneral,
                                      UrgencyLabel::kNone, Channel::kWechat12328)));
  EXPECT_FALSE(narrow.matches(subject(RequestType::kInquiry)));
}

TEST(Policy, HND_3_EveryMatchingRowBindsAndTheEarliestApplies) {
  Policy p = minimal();
  DeadlineRule fast = row(dur(15, Unit::kMinutes), Anchor::kDispatch, "R9");
  fast.urgencies = {Urgency::kLifeSafety};
  p.accept.push_back(fast);  // after the catch-all: order does not matter
  EXPECT_EQ(rule(p, Stage::kAccept, subject(RequestType::kReport, Urgency::kLifeSafety)).within,
            dur(15, Unit::kMinutes));
  EXPECT_EQ(rule(p, Stage::kAccept, subject(RequestType::kReport)).within,
            dur(1, Unit::kWorkingDays));
  // kReturn reads the return window.
  EXPECT_EQ(&rule(p, Stage::kReturn, subject(RequestType::kReport)), &p.return_policy.window[0]);
}

TEST(Policy, RuleForNamesStageAndSubjectWhenNothingMatches) {
  Policy p = minimal();
  p.handle[0].types = {RequestType::kInquiry};
  auto r = p.rules_for(Stage::kHandle, subject(RequestType::kComplaint, Urgency::kUtilities));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("handle"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("complaint"), std::string::npos);
  EXPECT_NE(r.error().message.find("utilities"), std::string::npos);
  EXPECT_FALSE(r.error().message_zh.empty());
}

TEST(PolicyValidate, MinimalPolicyIsValid) {
  auto ok = validate(minimal());
  EXPECT_TRUE(ok) << ok.error().message;
}

// Each mutation must be refused, naming the field.
TEST(PolicyValidate, RefusesWhatTheTypesCannotRule) {
  struct Case {
    const char* field;
    void (*mutate)(Policy&);
  } cases[] = {
      {"dispatch", [](Policy& p) { p.dispatch.clear(); }},
      {"handle", [](Policy& p) { p.handle[0].types = {RequestType::kInquiry}; }},
      {"handle[0].article", [](Policy& p) { p.handle[0].article.clear(); }},
      {"handle[0].within", [](Policy& p) { p.handle[0].within.amount = -1; }},
      {"accept[0].from", [](Policy& p) { p.accept[0].from = Anchor::kAcceptance; }},
      {"dispatch[0].from", [](Policy& p) { p.dispatch[0].from = Anchor::kDispatch; }},
      {"extension.max_count", [](Policy& p) { p.extension.max_count.value = -1; }},
      {"extension.max_count.article", [](Policy& p) { p.extension.max_count.article.clear(); }},
      {"extension.apply_before[0]",
       [](Policy& p) { p.extension.apply_before[0].value.amount = -1; }},
      {"extension.apply_before", [](Policy& p) { p.extension.apply_before.clear(); }},
      {"extension.exclusion_article",
       [](Policy& p) { p.extension.excluded_types = {RequestType::kInquiry}; }},
      {"warning.remaining_fraction", [](Policy& p) { p.warning.remaining_fraction.value = 1.0; }},
      {"warning.remaining_fraction", [](Policy& p) { p.warning.remaining_fraction.value = 0.0; }},
      {"knowledge_base.validity.sudden-event",
       [](Policy& p) { p.knowledge_base.validity.erase(ArticleType::kSuddenEvent); }},
      {"appeal.monthly_deadline_day",
       [](Policy& p) {
         p.appeal.monthly_deadline_day = Cited<int>{31, "T28"};
       }},
      {"reply.faults.bare.article",
       [](Policy& p) {
         p.reply.faults[ResultFault::kBare] = {"", {"已解决"}, ""};
       }},
      {"reply.faults.template.results[0]",
       [](Policy& p) {
         p.reply.faults[ResultFault::kTemplate] = {"T16(6)", {"……"}, ""};
       }},
      {"return.reasons[1]",
       [](Policy& p) {
         p.return_policy.reasons = {{ReturnReason::kNotOurDuty, {}, "R10"},
                                    {ReturnReason::kNotOurDuty, {}, "R10"}};
       }},
      {"profile.name", [](Policy& p) { p.name = "Tianjin"; }},
      {"knowledge_base.monthly_report_units",  // no report days to file by
       [](Policy& p) {
         p.knowledge_base.monthly_report_units = Cited<std::vector<std::string>>{{"u"}, "T31"};
       }},
      {"knowledge_base.monthly_report_units",
       [](Policy& p) {
         p.knowledge_base.monthly_kb_report_last_day = Cited<int>{5, "T31(1)"};
         p.knowledge_base.monthly_report_units =
             Cited<std::vector<std::string>>{{"u", "v", "u"}, "T31"};
       }},
  };
  for (const auto& c : cases) {
    Policy p = minimal();
    c.mutate(p);
    auto ok = validate(p);
    ASSERT_FALSE(ok) << "accepted a mutation of " << c.field;
    EXPECT_EQ(ok.error().code, ErrorCode::kPolicyInvalid);
    EXPECT_EQ(ok.error().field, c.field) << ok.error().message;
    EXPECT_FALSE(ok.error().message_zh.empty());
  }
}

TEST(PolicyValidate, HND_3_ARowAfterTheCatchAllStillBinds) {
  Policy p = minimal();
  DeadlineRule fast = row(dur(2, Unit::kHours), Anchor::kAcceptance, "R11");
  fast.urgencies = {Urgency::kLifeSafety};
  p.handle.push_back(fast);  // after the catch-all: every matching row binds
  auto ok = validate(p);
  EXPECT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(rule(p, Stage::kHandle, subject(RequestType::kReport, Urgency::kLifeSafety)).within,
            dur(2, Unit::kHours));
}

TEST(PolicyValidate, TableCoveringAllSubjectsWithoutCatchAllIsValid) {
  Policy p = minimal();
  DeadlineRule general = row(dur(24, Unit::kHours), Anchor::kRegistration, "R6");
  general.urgencies = {Urgency::kGeneral};
  DeadlineRule urgent = row(dur(0, Unit::kMinutes), Anchor::kRegistration, "R6");
  urgent.urgencies = {Urgency::kUtilities, Urgency::kLifeSafety};
  p.dispatch = {urgent, general};
  auto ok = validate(p);
  EXPECT_TRUE(ok) << ok.error().message;
}

TEST(PolicySet, FindListsKnownProfiles) {
  PolicySet set;
  set.profiles["tianjin"] = minimal();
  set.profiles["city-c"] = minimal();
  ASSERT_TRUE(set.find("tianjin"));
  auto missing = set.find("beijing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("beijing"), std::string::npos);
  EXPECT_NE(missing.error().message.find("city-c, tianjin"), std::string::npos)
      << missing.error().message;
  EXPECT_EQ(&set.default_policy(), &set.profiles["tianjin"]);
}

// --- REP-3: forbidden results -----------------------------------------------------------------

TEST(ReplyPolicy, REP_3_ForbiddenResultsMatchWholeResultOrTemplate) {
  ReplyPolicy r;
  r.faults[ResultFault::kBare] = {"T16(4)", {"已解决", "已联系"}, ""};
  r.faults[ResultFault::kProcessOnly] = {"T16(5)", {"办理中", "已转*处理"}, ""};
  r.faults[ResultFault::kTemplate] = {"T16(6)", {"已与您取得联系……"}, ""};
  EXPECT_TRUE(r.forbidden_match("已解决"));
  EXPECT_TRUE(r.forbidden_match("  已解决。"));
  EXPECT_TRUE(r.forbidden_match("“已联系！”"));
  EXPECT_TRUE(r.forbidden_match("办理中..."));
  EXPECT_TRUE(r.forbidden_match("已转市道路运输局处理。"));
  const auto t = r.forbidden_match("已与您取得联系，感谢您的来电");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t->pattern, "已与您取得联系……");
  // Each fault cites its own item of T16.
  EXPECT_EQ(*t->article, "T16(6)");
  EXPECT_EQ(t->fault, ResultFault::kTemplate);
  EXPECT_EQ(*r.forbidden_match("办理中")->article, "T16(5)");
  EXPECT_EQ(*r.forbidden_match("已解决")->article, "T16(4)");
  // A result that says more than the phrase is not refused by this rule.
  EXPECT_FALSE(r.forbidden_match("已解决：3月2日更换路灯灯泡，诉求人确认恢复照明"));
  EXPECT_FALSE(r.forbidden_match("经核实，已联系供热公司于当日18时恢复供热"));
  EXPECT_FALSE(r.forbidden_match("已转交执法总队，执法总队已于5月3日处罚违规出租车"));
  EXPECT_FALSE(r.forbidden_match(""));
}

// SPEC: REP-3 [T16(4)] "不得以……‘已解决’等内容办结": the same bare phrase in other words.
TEST(ReplyPolicy, REP_3_FillerWordsDoNotHideABarePhrase) {
  ReplyPolicy r;
  r.faults[ResultFault::kBare] = {"T16(4)", {"已解决"}, ""};
  EXPECT_FALSE(r.forbidden_match("问题已解决")) << "without filler words only the phrase itself";
  r.filler_words = {"经核实", "您反映的", "问题"};
  EXPECT_TRUE(r.forbidden_match("问题已解决"));
  EXPECT_TRUE(r.forbidden_match("经核实，您反映的问题已解决。"));
  EXPECT_FALSE(r.forbidden_match("路灯已于3月2日更换，问题已解决"));
  EXPECT_FALSE(r.forbidden_match("已解决：物业公司3月3日更换曳引机，电梯恢复运行"));
}

// --- the shipped profiles ------------------------------------------------------------------------

TEST(ShippedPolicies, AllThreeLoadAndValidate) {
  const PolicySet& set = shipped();
  ASSERT_EQ(set.profiles.size(), 3u);
  for (const char* name : {"tianjin", "tianjin-transport", "city-c"}) {
    const Policy& p = profile(name);
    EXPECT_EQ(p.name, name);
    auto ok = validate(p);
    EXPECT_TRUE(ok) << name << ": " << ok.error().message;
    EXPECT_FALSE(p.file.empty());
  }
  EXPECT_EQ(set.default_policy().name, "tianjin");
  EXPECT_EQ(profile("tianjin").source, "R");
  EXPECT_EQ(profile("tianjin-transport").source, "T");
  EXPECT_EQ(profile("city-c").source, "C");
}

TEST(ShippedPolicies, EveryRowHasANote) {
  for (const auto& [name, p] : shipped().profiles) {
    for (Stage s : {Stage::kDispatch, Stage::kAccept, Stage::kReturn, Stage::kHandle}) {
      for (const DeadlineRule& r : p.rules(s)) {
        EXPECT_FALSE(r.note.empty()) << name << " " << to_string(s) << " line " << r.source_line;
        EXPECT_GT(r.source_line, 0);
      }
    }
    EXPECT_FALSE(p.notes.empty()) << name;
  }
}

TEST(TianjinPolicy, DIS_1_UrgentAtOnceGeneralWithin24Hours) {
  const Policy& p = profile("tianjin");
  for (Urgency u : {Urgency::kLifeSafety, Urgency::kUtilities}) {
    const DeadlineRule& r = rule(p, Stage::kDispatch, subject(RequestType::kAssistance, u));
    EXPECT_EQ(r.within, dur(0, Unit::kMinutes));
    EXPECT_EQ(r.from, Anchor::kRegistration);
    EXPECT_EQ(r.article, "R6");
  }
  const DeadlineRule& g = rule(p, Stage::kDispatch, subject(RequestType::kComplaint));
  EXPECT_EQ(g.within, dur(24, Unit::kHours));
  EXPECT_EQ(g.from, Anchor::kRegistration);
  EXPECT_EQ(g.article, "R6");
}

TEST(TianjinPolicy, ACC_1_LifeSafetyAcceptWithin15Minutes) {
  const DeadlineRule& r = rule(profile("tianjin"), Stage::kAccept,
                               subject(RequestType::kAssistance, Urgency::kLifeSafety));
  EXPECT_EQ(r.within, dur(15, Unit::kMinutes));
  EXPECT_TRUE(r.within.is_clock_time());
  EXPECT_EQ(r.from, Anchor::kDispatch);
  EXPECT_EQ(r.article, "R9");
}

TEST(TianjinPolicy, ACC_1_UtilitiesAcceptWithin30MinutesGeneralOneWorkingDay) {
  const Policy& p = profile("tianjin");
  EXPECT_EQ(rule(p, Stage::kAccept, subject(RequestType::kComplaint, Urgency::kUtilities)).within,
            dur(30, Unit::kMinutes));
  const DeadlineRule& g = rule(p, Stage::kAccept, subject(RequestType::kInquiry));
  EXPECT_EQ(g.within, dur(1, Unit::kWorkingDays));
  EXPECT_EQ(g.article, "R9");
}

TEST(TianjinPolicy, HND_2_HandlingFromAcceptance) {
  const Policy& p = profile("tianjin");
  const DeadlineRule& ls =
      rule(p, Stage::kHandle, subject(RequestType::kAssistance, Urgency::kLifeSafety));
  EXPECT_EQ(ls.within, dur(2, Unit::kHours));
  EXPECT_EQ(ls.from, Anchor::kAcceptance);
  EXPECT_EQ(ls.article, "R11");
  EXPECT_EQ(rule(p, Stage::kHandle, subject(RequestType::kAssistance, Urgency::kUtilities)).within,
            dur(24, Unit::kHours));
  const DeadlineRule& g = rule(p, Stage::kHandle, subject(RequestType::kReport));
  EXPECT_EQ(g.within, dur(7, Unit::kWorkingDays));
  EXPECT_EQ(g.from, Anchor::kAcceptance);
  // R has no labels or channel rows: a 特急 label changes nothing.
  EXPECT_EQ(rule(p, Stage::kHandle,
                 subject(RequestType::kReport, Urgency::kGeneral, UrgencyLabel::kMostUrgent,
                         Channel::kWechat12328))
                .within,
            dur(7, Unit::kWorkingDays));
}

TEST(TianjinPolicy, RET_1_OneWorkingDayFromReceiptTwoIfComplex) {
  const Policy& p = profile("tianjin");
  const DeadlineRule& w = rule(p, Stage::kReturn, subject(RequestType::kComplaint));
  EXPECT_EQ(w.within, dur(1, Unit::kWorkingDays));
  EXPECT_EQ(w.from, Anchor::kDispatch);
  EXPECT_EQ(w.article, "M17");
  ASSERT_TRUE(p.return_policy.complex_window);
  EXPECT_EQ(p.return_policy.complex_window->value, dur(2, Unit::kWorkingDays));
  EXPECT_EQ(p.return_policy.complex_window->article, "M17");
}

TEST(TianjinPolicy, RET_3_OnlyOutsideDutiesWithLegalBasisAndNotWhenDesignated) {
  const ReturnPolicy& r = profile("tianjin").return_policy;
  ASSERT_EQ(r.reasons.size(), 1u);
  EXPECT_EQ(r.reasons[0].reason, ReturnReason::kNotOurDuty);
  EXPECT_EQ(r.reasons[0].evidence, std::vector<ReturnEvidence>{ReturnEvidence::kLegalBasis});
  EXPECT_EQ(r.reasons[0].article, "R10");
  EXPECT_TRUE(r.designated_unit_may_not_return.value);
  EXPECT_EQ(r.designated_unit_may_not_return.article, "R10(3)");
}

TEST(TianjinPolicy, EXT_1_TwoExtensionsOneWorkingDayAheadAtMostSevenEach) {
  const ExtensionPolicy& x = profile("tianjin").extension;
  ASSERT_EQ(x.apply_before.size(), 1u);
  EXPECT_EQ(x.apply_before[0].value, dur(1, Unit::kWorkingDays));
  EXPECT_EQ(x.max_count.value, 2);
  EXPECT_EQ(x.max_count.article, "R12");
  EXPECT_TRUE(x.each_equals_original.value);
  ASSERT_TRUE(x.max_each);
  EXPECT_EQ(x.max_each->value, dur(7, Unit::kWorkingDays));
  EXPECT_FALSE(x.requires_applicant_consent.value);
}

TEST(TianjinPolicy, EXT_2_NoExtensionForInquirySuggestionUrgentOrHandlingAgain) {
  const ExtensionPolicy& x = profile("tianjin").extension;
  EXPECT_EQ(x.excluded_types,
            (std::vector<RequestType>{RequestType::kInquiry, RequestType::kSuggestion}));
  EXPECT_EQ(x.excluded_urgencies,
            (std::vector<Urgency>{Urgency::kLifeSafety, Urgency::kUtilities}));
  EXPECT_TRUE(x.excluded_labels.empty());
  EXPECT_EQ(x.exclusion_article, "R12");
  EXPECT_FALSE(x.allowed_when_handling_again.value);
  EXPECT_EQ(x.allowed_when_handling_again.article, "R14(2)");
}

TEST(TianjinPolicy, REP_2_ReplyElementsOfR13) {
  const ReplyPolicy& r = profile("tianjin").reply;
  for (ReplyElement e : {ReplyElement::kContactedAt, ReplyElement::kProcess, ReplyElement::kResult,
                         ReplyElement::kPolicyBasis, ReplyElement::kApplicantFeedback}) {
    EXPECT_NE(std::find(r.required.begin(), r.required.end(), e), r.required.end()) << to_string(e);
  }
  EXPECT_EQ(r.required_article, "R13");
  EXPECT_TRUE(r.forbidden_match("已解决"));
  EXPECT_TRUE(r.forbidden_match("经核实，您反映的问题已解决"));
  EXPECT_EQ(r.article_for(ResultFault::kBare), "R13");  // R: T16's wording under R13
}

TEST(TianjinPolicy, VIS_2_VIS_3_OneHandlingAgainPraiseAndSuggestionNotEvaluated) {
  const EvaluationPolicy& e = profile("tianjin").evaluation;
  EXPECT_EQ(e.max_handling_again.value, 1);
  EXPECT_EQ(e.not_evaluated,
            (std::vector<RequestType>{RequestType::kPraise, RequestType::kSuggestion}));
  EXPECT_TRUE(e.no_visit_reasons.empty());
}

TEST(TianjinPolicy, APL_1_NoFilingDeadlineReviewUnderR24) {
  const AppealPolicy& a = profile("tianjin").appeal;
  EXPECT_FALSE(a.monthly_deadline_day);
  EXPECT_TRUE(a.non_appealable.empty());
  EXPECT_EQ(a.review_article, "R24");
}

TEST(TianjinPolicy, KB_3_KB_4_KB_5_KnowledgeBasePeriods) {
  const KnowledgeBasePolicy& kb = profile("tianjin").knowledge_base;
  EXPECT_EQ(kb.update_within.value, dur(2, Unit::kWorkingDays));
  EXPECT_EQ(kb.emergency_update_within.value, dur(1, Unit::kCalendarDays));
  EXPECT_EQ(kb.prenotice_before.value, dur(12, Unit::kHours));
  EXPECT_EQ(kb.prenotice_before.article, "R18");
  EXPECT_EQ(kb.validity.at(ArticleType::kNormativeDocument).value, dur(5, Unit::kYears));
  EXPECT_EQ(kb.validity.at(ArticleType::kServiceGuide).value, dur(1, Unit::kYears));
  EXPECT_EQ(kb.validity.at(ArticleType::kAnswerScript).value, dur(6, Unit::kMonths));
  EXPECT_EQ(kb.validity.at(ArticleType::kInterpretation).value, dur(1, Unit::kYears));
  EXPECT_EQ(kb.validity.at(ArticleType::kSuddenEvent).value, dur(6, Unit::kMonths));
  for (const auto& [type, v] : kb.validity) EXPECT_EQ(v.article, "R19") << to_string(type);
  EXPECT_FALSE(kb.monthly_kb_report_last_day);
}

TEST(TianjinPolicy, SUP_1_HND_5_TriggersAndWarning) {
  const Policy& p = profile("tianjin");
  EXPECT_TRUE(p.supervision.on_overdue_acceptance.value);
  EXPECT_EQ(p.supervision.on_overdue_acceptance.article, "M22(1)");
  EXPECT_EQ(p.supervision.on_overdue_handling.article, "M22(2)");
  EXPECT_EQ(p.supervision.on_missing_reply_elements.article, "D24(3)");
  EXPECT_EQ(p.supervision.on_confirmed_dissatisfaction.article, "D24(1)");
  EXPECT_DOUBLE_EQ(p.warning.remaining_fraction.value, 0.2);
  EXPECT_FALSE(p.notes.at("warning.remaining_fraction").empty());
}

// --- tianjin-transport -----------------------------------------------------------------------

TEST(TransportPolicy, ACC_2_ThreeHoursFromDispatch) {
  const Policy& p = profile("tianjin-transport");
  for (RequestType t : {RequestType::kInquiry, RequestType::kComplaint, RequestType::kPraise}) {
    const DeadlineRule& r =
        rule(p, Stage::kAccept,
             subject(t, Urgency::kGeneral, UrgencyLabel::kVeryUrgent, Channel::kWechat12328));
    EXPECT_EQ(r.within, dur(3, Unit::kHours));
    EXPECT_EQ(r.from, Anchor::kDispatch);
    EXPECT_EQ(r.article, "T8(1)");
  }
  // R9 still binds the unit for the urgent classes (decision: T cannot be laxer).
  EXPECT_EQ(rule(p, Stage::kAccept, subject(RequestType::kAssistance, Urgency::kLifeSafety)).within,
            dur(15, Unit::kMinutes));
  EXPECT_EQ(rule(p, Stage::kAccept, subject(RequestType::kAssistance, Urgency::kUtilities)).within,
            dur(30, Unit::kMinutes));
}

TEST(TransportPolicy, DIS_1_DispatchGovernedByR6) {
  const Policy& p = profile("tianjin-transport");
  EXPECT_EQ(rule(p, Stage::kDispatch, subject(RequestType::kInquiry)).article, "R6");
  EXPECT_EQ(rule(p, Stage::kDispatch, subject(RequestType::kInquiry)).within,
            dur(24, Unit::kHours));
}

// Every row of T11, in the order the file must keep.
TEST(TransportPolicy, HND_3_EveryRowOfT11) {
  const Policy& p = profile("tianjin-transport");
  struct Case {
    DeadlineSubject s;
    PolicyDuration want;
    const char* article;
  } cases[] = {
      // labels first, whatever the channel and type
      {subject(RequestType::kInquiry, Urgency::kGeneral, UrgencyLabel::kMostUrgent,
               Channel::kWechat12328),
       dur(1, Unit::kHours), "T11(1)"},
      {subject(RequestType::kComplaint, Urgency::kGeneral, UrgencyLabel::kVeryUrgent),
       dur(1, Unit::kWorkingDays), "T11(1)"},
      {subject(RequestType::kComplaint, Urgency::kGeneral, UrgencyLabel::kUrgent,
               Channel::kZhengminLingjuliColumn),
       dur(2, Unit::kWorkingDays), "T11(1)"},
      // 12328 WeChat channels
      {subject(RequestType::kInquiry, Urgency::kGeneral, UrgencyLabel::kNone,
               Channel::kWechat12328),
       dur(3, Unit::kWorkingDays), "T11(2)"},
      {subject(RequestType::kSuggestion, Urgency::kGeneral, UrgencyLabel::kNone,
               Channel::kWechat12328),
       dur(5, Unit::kWorkingDays), "T11(2)"},
      {subject(RequestType::kReport, Urgency::kGeneral, UrgencyLabel::kNone, Channel::kWechat12328),
       dur(5, Unit::kWorkingDays), "T11(2)"},
      // 《政民零距离》
      {subject(RequestType::kInquiry, Urgency::kGeneral, UrgencyLabel::kNone,
               Channel::kZhengminLingjuliColumn),
       dur(2, Unit::kWorkingDays), "T11(3)"},
      {subject(RequestType::kAssistance, Urgency::kGeneral, UrgencyLabel::kNone,
               Channel::kZhengminLingjuliColumn),
       dur(5, Unit::kWorkingDays), "T11(3)"},
      // 12345 (and the 12328 phone line, which runs in parallel with it)
      {subject(RequestType::kInquiry), dur(3, Unit::kWorkingDays), "T11(1)"},
      {subject(RequestType::kInquiry, Urgency::kGeneral, UrgencyLabel::kNone,
               Channel::kHotline12328),
       dur(3, Unit::kWorkingDays), "T11(1)"},
      {subject(RequestType::kAssistance), dur(5, Unit::kWorkingDays), "T11(1)"},
      {subject(RequestType::kSuggestion), dur(5, Unit::kWorkingDays), "T11(1)"},
      {subject(RequestType::kComplaint, Urgency::kGeneral, UrgencyLabel::kNone, Channel::kWebsite),
       dur(5, Unit::kWorkingDays), "T11(1)"},
      {subject(RequestType::kReport), dur(5, Unit::kWorkingDays), "T11(1)"},
      {subject(RequestType::kPraise), dur(5, Unit::kWorkingDays), "T11(1)"},
  };
  for (const auto& c : cases) {
    const DeadlineRule& r = rule(p, Stage::kHandle, c.s);
    EXPECT_EQ(r.within, c.want) << to_string(c.s.type) << " " << to_string(c.s.label) << " "
                                << to_string(c.s.channel) << " got " << r.within.describe();
    EXPECT_EQ(r.article, c.article) << to_string(c.s.type) << " " << to_string(c.s.channel);
    EXPECT_EQ(r.from, Anchor::kDispatch);  // T11(4): from dispatch to reply
  }
}

TEST(TransportPolicy, HND_3_UrgentClassesKeepR11WhereStricter) {
  const Policy& p = profile("tianjin-transport");
  // 特急 (1 hour from dispatch) is stricter than R11's 2 hours.
  EXPECT_EQ(rule(p, Stage::kHandle,
                 subject(RequestType::kAssistance, Urgency::kLifeSafety, UrgencyLabel::kMostUrgent))
                .within,
            dur(1, Unit::kHours));
  // 紧急 (1 working day) is laxer than R11's 2 hours: R11 applies.
  const DeadlineRule& ls =
      rule(p, Stage::kHandle,
           subject(RequestType::kAssistance, Urgency::kLifeSafety, UrgencyLabel::kVeryUrgent));
  EXPECT_EQ(ls.within, dur(2, Unit::kHours));
  EXPECT_EQ(ls.from, Anchor::kAcceptance);
  EXPECT_EQ(ls.article, "R11");
  EXPECT_EQ(rule(p, Stage::kHandle, subject(RequestType::kComplaint, Urgency::kUtilities)).within,
            dur(24, Unit::kHours));
}

TEST(TransportPolicy, RET_1_RET_4_RET_5_ReturnWithinADayWithEvidence) {
  const ReturnPolicy& r = profile("tianjin-transport").return_policy;
  const DeadlineRule& w =
      rule(profile("tianjin-transport"), Stage::kReturn, subject(RequestType::kComplaint));
  EXPECT_EQ(w.within, dur(24, Unit::kHours));
  EXPECT_EQ(w.from, Anchor::kDispatch);
  EXPECT_EQ(w.article, "T8(3)1");
  EXPECT_FALSE(r.complex_window);

  ASSERT_EQ(r.reasons.size(), 5u);
  auto find = [&](ReturnReason reason) -> const ReturnReasonRule* {
    for (const auto& rr : r.reasons) {
      if (rr.reason == reason) return &rr;
    }
    return nullptr;
  };
  struct Want {
    ReturnReason reason;
    ReturnEvidence evidence;
    const char* article;
  } wants[] = {
      {ReturnReason::kNotOurDuty, ReturnEvidence::kSuggestedUnit, "T8(3)1"},
      {ReturnReason::kMissingInformation, ReturnEvidence::kItemsToVerify, "T8(3)2"},
      {ReturnReason::kRepeatWithFinalResult, ReturnEvidence::kEarlierResults, "T8(3)3"},
      {ReturnReason::kAnsweredByKnowledgeBase, ReturnEvidence::kKnowledgeArticle, "T8(3)4"},
      {ReturnReason::kInLegalProceedings, ReturnEvidence::kDocumentNumber, "T8(3)5"},
  };
  for (const auto& want : wants) {
    const ReturnReasonRule* rr = find(want.reason);
    ASSERT_NE(rr, nullptr) << to_string(want.reason);
    EXPECT_NE(std::find(rr->evidence.begin(), rr->evidence.end(), want.evidence),
              rr->evidence.end())
        << to_string(want.reason);
    EXPECT_EQ(rr->article, want.article);
  }
  // T8(4)1: difficulty and needing help are never reasons.
  EXPECT_EQ(find(ReturnReason::kDifficulty), nullptr);
  EXPECT_EQ(find(ReturnReason::kNeedsAssistance), nullptr);
  EXPECT_EQ(r.forbidden_reason_article, "T8(4)");
  EXPECT_EQ(r.labels_needing_consent,
            std::vector<SpecialLabel>{SpecialLabel::kInternetPlusInspection});
  EXPECT_EQ(r.labels_article, "T13");
  ASSERT_TRUE(r.returns_before_supervision);
  EXPECT_EQ(r.returns_before_supervision->article, "T22(4)");
}

TEST(TransportPolicy, EXT_3_ConsentOneDayAheadNoneForInquiriesOrLabels) {
  const ExtensionPolicy& x = profile("tianjin-transport").extension;
  // R12's working day binds the unit too; T14's calendar day cannot relax it.
  ASSERT_EQ(x.apply_before.size(), 2u);
  EXPECT_EQ(x.apply_before[0].value, dur(1, Unit::kCalendarDays));
  EXPECT_EQ(x.apply_before[0].article, "T14");
  EXPECT_EQ(x.apply_before[1].value, dur(1, Unit::kWorkingDays));
  EXPECT_EQ(x.apply_before[1].article, "R12");
  EXPECT_TRUE(x.requires_applicant_consent.value);
  EXPECT_EQ(x.requires_applicant_consent.article, "T14");
  EXPECT_EQ(x.max_count.value, 2);
  EXPECT_EQ(x.max_count.article, "R12");  // T is silent on the count
  EXPECT_EQ(x.excluded_labels,
            (std::vector<UrgencyLabel>{UrgencyLabel::kMostUrgent, UrgencyLabel::kVeryUrgent,
                                       UrgencyLabel::kUrgent}));
  EXPECT_NE(std::find(x.excluded_types.begin(), x.excluded_types.end(), RequestType::kInquiry),
            x.excluded_types.end());
  EXPECT_FALSE(x.allowed_when_handling_again.value);
}

TEST(TransportPolicy, REP_2_REP_3_ElementsOfT16) {
  const ReplyPolicy& r = profile("tianjin-transport").reply;
  for (ReplyElement e :
       {ReplyElement::kContactedAt, ReplyElement::kHandler, ReplyElement::kHandlerContact,
        ReplyElement::kProcess, ReplyElement::kResult, ReplyElement::kApplicantFeedback}) {
    EXPECT_NE(std::find(r.required.begin(), r.required.end(), e), r.required.end()) << to_string(e);
  }
  for (const char* phrase : {"已告知相关政策", "已解释相关政策", "已解决", "已联系", "办理中",
                             "已转交通执法总队处理", "已与您取得联系，请耐心等待"}) {
    EXPECT_TRUE(r.forbidden_match(phrase)) << phrase;
  }
  // REP-3: each fault cites its own item of T16.
  EXPECT_EQ(r.article_for(ResultFault::kVague), "T16(2)");
  EXPECT_EQ(r.article_for(ResultFault::kReturnReason), "T16(3)");
  EXPECT_EQ(*r.forbidden_match("经核实，您反映的问题已解决")->article, "T16(4)");
  EXPECT_EQ(*r.forbidden_match("已转交通执法总队处理")->article, "T16(5)");
  EXPECT_EQ(*r.forbidden_match("已与您取得联系，请耐心等待")->article, "T16(6)");
}

TEST(TransportPolicy, VIS_5_NoVisitReasonsOfT19) {
  const EvaluationPolicy& e = profile("tianjin-transport").evaluation;
  EXPECT_EQ(e.no_visit_reasons.size(), 3u);
  EXPECT_EQ(e.no_visit_article, "T19");
}

TEST(TransportPolicy, APL_2_ByTheSixthPostponedPastHolidaysSixNonAppealable) {
  const AppealPolicy& a = profile("tianjin-transport").appeal;
  ASSERT_TRUE(a.monthly_deadline_day);
  EXPECT_EQ(a.monthly_deadline_day->value, 6);
  EXPECT_EQ(a.monthly_deadline_day->article, "T28");
  EXPECT_TRUE(a.postpone_past_holidays.value);
  EXPECT_EQ(a.non_appealable.size(), 6u);
  EXPECT_EQ(a.non_appealable_article, "T28");
}

TEST(TransportPolicy, KB_4_KB_8_OneDayNoticeAndMonthlyReports) {
  const KnowledgeBasePolicy& kb = profile("tianjin-transport").knowledge_base;
  EXPECT_EQ(kb.prenotice_before.value, dur(1, Unit::kCalendarDays));
  EXPECT_EQ(kb.prenotice_before.article, "T29");
  ASSERT_TRUE(kb.monthly_kb_report_last_day);
  EXPECT_EQ(kb.monthly_kb_report_last_day->value, 5);
  ASSERT_TRUE(kb.monthly_training_report_last_day);
  EXPECT_EQ(kb.monthly_training_report_last_day->value, 20);
  // T31 names the six units that file them (ids of the demo organisation).
  ASSERT_TRUE(kb.monthly_report_units);
  EXPECT_EQ(kb.monthly_report_units->article, "T31");
  EXPECT_EQ(
      kb.monthly_report_units->value,
      (std::vector<std::string>{"dept.transport.road-transport", "dept.transport.port-waterway",
                                "dept.transport.enforcement", "dept.transport.government-service",
                                "dept.transport.highway-center", "dept.transport.service-center"}));
  EXPECT_EQ(kb.validity.at(ArticleType::kAnswerScript).value, dur(6, Unit::kMonths));
}

// --- city-c
// ------------------------------------------------------------------------------------------

TEST(CityCPolicy, R_NumbersWithHonestArticlesAndC14Returns) {
  const Policy& p = profile("city-c");
  const DeadlineRule& acc =
      rule(p, Stage::kAccept, subject(RequestType::kAssistance, Urgency::kLifeSafety));
  EXPECT_EQ(acc.within, dur(15, Unit::kMinutes));
  EXPECT_EQ(acc.article, "R9");
  EXPECT_NE(acc.note.find("C"), std::string::npos);  // says C is silent
  EXPECT_EQ(rule(p, Stage::kHandle, subject(RequestType::kComplaint)).within,
            dur(7, Unit::kWorkingDays));
  ASSERT_EQ(p.return_policy.reasons.size(), 1u);
  EXPECT_EQ(p.return_policy.reasons[0].reason, ReturnReason::kNotOurDuty);
  EXPECT_EQ(p.return_policy.reasons[0].article, "C14");
  EXPECT_EQ(p.evaluation.max_handling_again.value, 1);
}

}  // namespace
}  // namespace hotline
