// SPEC: REP-2, REP-3 — reply checks before a reply is accepted.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/triage/reply_check.h"

namespace hotline::triage {
namespace {

ReplyPolicy policy_r() {
  ReplyPolicy p;
  p.required = {ReplyElement::kContactedAt, ReplyElement::kProcess, ReplyElement::kResult,
                ReplyElement::kPolicyBasis, ReplyElement::kApplicantFeedback};
  p.required_article = "R13";
  p.faults[ResultFault::kBare] = {
      "R13", {"已告知相关政策", "已解释相关政策", "已解决", "已联系"}, ""};
  p.faults[ResultFault::kProcessOnly] = {"R13", {"办理中", "已转*处理"}, ""};
  p.faults[ResultFault::kTemplate] = {"R13", {"已与您取得联系*"}, ""};
  return p;
}

// Profile T's articles: each fault its own item of T16.
ReplyPolicy policy_t() {
  ReplyPolicy p = policy_r();
  p.required_article = "T16(1), R13";
  p.faults[ResultFault::kVague] = {"T16(2)", {}, ""};
  p.faults[ResultFault::kReturnReason] = {"T16(3)", {}, ""};
  p.faults[ResultFault::kBare].article = "T16(4)";
  p.faults[ResultFault::kProcessOnly].article = "T16(5)";
  p.faults[ResultFault::kTemplate].article = "T16(6)";
  p.filler_words = {"经核实", "您反映的", "问题"};
  return p;
}

std::vector<ReplyCheck> checks(const std::vector<Finding>& f) {
  std::vector<ReplyCheck> out;
  for (const auto& x : f) out.push_back(x.check);
  return out;
}

bool has(const std::vector<Finding>& f, ReplyCheck c) {
  return std::any_of(f.begin(), f.end(), [&](const Finding& x) { return x.check == c; });
}

const Finding* find(const std::vector<Finding>& f, ReplyCheck c) {
  for (const auto& x : f) {
    if (x.check == c) return &x;
  }
  return nullptr;
}

ReplyContent complete() {
  ReplyContent r;
  r.contacted_at = at_local(LocalDate{std::chrono::year{2026} / 3 / 3}, Seconds{10 * 3600});
  r.handler = "张伟";
  r.handler_contact = "022-23456789";
  r.process = "3月3日上午到华苑小区现场核查，督促物业公司维修";
  r.result = "物业公司已于3月4日修复12号楼电梯，并恢复运行";
  r.policy_basis = "依据《天津市物业管理条例》第三十条";
  r.applicant_feedback = "诉求人表示满意";
  return r;
}

TEST(TriageReplyCheck, REP_2_ACompleteStructuredReplyHasNoFindings) {
  const auto f = check_reply(complete(), policy_r(), {});
  EXPECT_TRUE(f.empty()) << to_string(f.front().check) << ": " << f.front().evidence;
  EXPECT_FALSE(blocks(f));
}

TEST(TriageReplyCheck, REP_2_EachMissingElementIsNamedAndBlocksWhenThePolicyRequiresIt) {
  ReplyContent r = complete();
  r.contacted_at.reset();
  r.policy_basis.clear();
  r.handler.clear();
  auto f = check_reply(r, policy_r(), {});
  const Finding* t = find(f, ReplyCheck::kMissingContactTime);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->rule, "REP-2");
  EXPECT_EQ(t->article, "R13");
  EXPECT_EQ(t->wording, "T16(1)");
  EXPECT_EQ(t->severity, Severity::kBlock);
  EXPECT_EQ(find(f, ReplyCheck::kMissingPolicyBasis)->severity, Severity::kBlock);
  // R does not require the handler's name: a warning only.
  ASSERT_NE(find(f, ReplyCheck::kMissingHandler), nullptr);
  EXPECT_EQ(find(f, ReplyCheck::kMissingHandler)->severity, Severity::kWarn);
  EXPECT_TRUE(blocks(f));
}

TEST(TriageReplyCheck, REP_2_ElementsCanBeShownInFreeText) {
  ReplyContent r;
  r.result =
      "您好！4月16日下午，镇环保办工作人员成桂宁与您电话联系并到现场查看核实，"
      "根据《城市市容和环境卫生管理条例》，已责令施工方于4月28日前清理完毕，目前已清理。"
      "您对处理结果表示满意。联系电话：0731-88886666。";
  const auto f = check_reply(r, policy_r(), {});
  EXPECT_TRUE(f.empty()) << to_string(f.front().check);
}

TEST(TriageReplyCheck, REP_2_AContactWithoutATimeIsNotAContactTime) {
  ReplyContent r;
  r.result = "工作人员已与您电话联系，经核实，路灯已修复。根据规定处理。您表示满意。";
  EXPECT_TRUE(has(check_reply(r, policy_r(), {}), ReplyCheck::kMissingContactTime));
  r.result = "工作人员于3月5日与您电话联系，经核实，路灯已修复。根据规定处理。您表示满意。";
  EXPECT_FALSE(has(check_reply(r, policy_r(), {}), ReplyCheck::kMissingContactTime));
}

TEST(TriageReplyCheck, REP_2_ApplicantNotRepliedNeedsNoContactTimeOrFeedback) {
  ReplyContent r = complete();
  r.contacted_at.reset();
  r.applicant_feedback.clear();
  r.applicant_not_replied = true;
  const auto f = check_reply(r, policy_r(), {});
  EXPECT_FALSE(has(f, ReplyCheck::kMissingContactTime));
  EXPECT_FALSE(has(f, ReplyCheck::kMissingFeedback));
}

TEST(TriageReplyCheck, REP_3_ForbiddenResultsOfThePolicyBlock) {
  ReplyContent r = complete();
  r.result = "已转区住建委处理。";
  auto f = check_reply(r, policy_r(), {});
  const Finding* x = find(f, ReplyCheck::kForbiddenPhrase);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->rule, "REP-3");
  EXPECT_EQ(x->severity, Severity::kBlock);
  EXPECT_NE(x->message_zh.find("已转*处理"), std::string::npos);
  r.result = "已解决";
  EXPECT_TRUE(has(check_reply(r, policy_r(), {}), ReplyCheck::kForbiddenPhrase));
}

TEST(TriageReplyCheck, REP_3_ProcessOnlyRepliesAreFound) {
  ReplyContent r;
  r.result = "网友：您好！您反映的问题，我们已转交市教育局。2019年10月13日";
  auto f = check_reply(r, policy_r(), {});
  const Finding* x = find(f, ReplyCheck::kProcessOnly);
  ASSERT_NE(x, nullptr) << "real reply #58207";
  EXPECT_EQ(x->wording, "T16(5)");
  EXPECT_NE(x->evidence.find("转交"), std::string::npos);
  r.result = "此事正在调查处理中。2019年5月31日";
  EXPECT_TRUE(has(check_reply(r, policy_r(), {}), ReplyCheck::kProcessOnly));
  // A reply that went on to a result is not process-only.
  r.result = "您反映的问题已转交区城管委，经核实，占道摊点已于5月2日全部清理。";
  EXPECT_FALSE(has(check_reply(r, policy_r(), {}), ReplyCheck::kProcessOnly));
}

TEST(TriageReplyCheck, REP_3_AcknowledgementsAreNoResult) {
  ReplyContent r;
  r.result = "网友：您好！留言已收悉";
  const auto f = check_reply(r, policy_r(), {});
  EXPECT_TRUE(has(f, ReplyCheck::kMissingResult)) << "real reply #10924";
  EXPECT_EQ(substance(r.result), U"");
  EXPECT_EQ(substance("“UU0081182”"), U"");
  EXPECT_EQ(substance("2019年3月5日 感谢您的留言"), U"");
}

TEST(TriageReplyCheck, REP_3_TemplateRepliesAreFound) {
  ReplyContent r;
  r.result = "您好，您的问题已收悉，谢谢支持。";
  auto f = check_reply(r, policy_r(), {});
  EXPECT_TRUE(has(f, ReplyCheck::kTemplate) || has(f, ReplyCheck::kMissingResult));
  r.result = "已与您取得联系，请耐心等待。";
  f = check_reply(r, policy_r(), {});
  EXPECT_TRUE(has(f, ReplyCheck::kForbiddenPhrase));
  // T16(6) 模板式答复, not T16(4): each finding names its own item.
  EXPECT_EQ(find(f, ReplyCheck::kForbiddenPhrase)->wording, "T16(6)");
}

// A short result that states a completed act is a result: the scenario
// files' replies pass the same checks as the server's (issue 9).
TEST(TriageReplyCheck, REP_3_ShortStatedResultsAreNotTemplates) {
  for (const char* result :
       {"施工单位已停止夜间施工", "楼道小广告已清除", "客运站已增加保洁频次",
        "已纳入2026年街道公厕建设计划", "责令限期整改并处警告", "已为诉求人补办道路运输证",
        "驾校已按合同退费", "线路调整依据客流调查，暂维持现方案"}) {
    ReplyContent r;
    r.result = result;
    auto f = check_reply(r, policy_r(), {});
    EXPECT_FALSE(has(f, ReplyCheck::kTemplate)) << result;
    EXPECT_FALSE(has(f, ReplyCheck::kVague)) << result;
  }
  ReplyContent decided;
  decided.result = "限行政策依法制定，暂不调整；已告知替代通行路线和通行证办理方式";
  EXPECT_FALSE(has(check_reply(decided, policy_r(), {}), ReplyCheck::kPolicyOnly));
}

TEST(TriageReplyCheck, REP_3_AReturnReasonIsNotAResult) {
  ReplyContent r;
  r.result = "网友：你好。你所反映的问题，建议您到D12市组织部咨询。2019年1月21日";
  auto f = check_reply(r, policy_r(), {});
  const Finding* x = find(f, ReplyCheck::kReturnReasonAsResult);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->wording, "T16(3)");
  r.result = "该事项不属于我单位职责范围。";
  EXPECT_TRUE(has(check_reply(r, policy_r(), {}), ReplyCheck::kReturnReasonAsResult));
}

TEST(TriageReplyCheck, REP_3_PolicyOnlyAndVagueResults) {
  ReplyContent r;
  r.result = "工作人员已向您解释了相关政策，请您理解。";
  EXPECT_TRUE(has(check_reply(r, policy_r(), {}), ReplyCheck::kPolicyOnly));
  r.result = "我们高度重视，将协调相关部门进一步加强管理，适时研究解决。";
  EXPECT_TRUE(has(check_reply(r, policy_r(), {}), ReplyCheck::kVague));
  r.result = "经核实，该路段路灯已于3月5日修复。";
  EXPECT_FALSE(has(check_reply(r, policy_r(), {}), ReplyCheck::kVague));
}

TEST(TriageReplyCheck, REP_3_AnOffTopicReplyIsFoundWhenTheRequestIsKnown) {
  ReplyContent r;
  r.result = "经核实，您所在小区的供暖温度已达标，热力公司已于12月3日上门测温。";
  ReplyContext about{"A3区潇楚南路洋湖段怎么还没修好", "路挖得稀烂"};
  EXPECT_TRUE(has(check_reply(r, policy_r(), {}, about), ReplyCheck::kOffTopic));
  r.result = "关于潇楚南路洋湖段道路施工，经核实，预计今年8月底完工通车。";
  EXPECT_FALSE(has(check_reply(r, policy_r(), {}, about), ReplyCheck::kOffTopic));
}

TEST(TriageReplyCheck, REP_3_TheOfficeDecidesWhatBlocks) {
  ReplyContent r;
  r.result = "此事正在调查处理中。";
  ReplyCheckSettings s;
  EXPECT_EQ(find(check_reply(r, policy_r(), s), ReplyCheck::kProcessOnly)->severity,
            Severity::kWarn);
  s.severity[ReplyCheck::kProcessOnly] = Severity::kBlock;
  s.severity[ReplyCheck::kMissingPolicyBasis] = Severity::kOff;
  const auto f = check_reply(r, policy_r(), s);
  EXPECT_EQ(find(f, ReplyCheck::kProcessOnly)->severity, Severity::kBlock);
  EXPECT_FALSE(has(f, ReplyCheck::kMissingPolicyBasis));
}

TEST(TriageReplyCheck, REP_3_CheckNamesRoundTrip) {
  for (int i = 0; i < kReplyCheckCount; ++i) {
    const auto c = static_cast<ReplyCheck>(i);
    EXPECT_EQ(parse_reply_check(to_string(c)), c);
    EXPECT_FALSE(to_chinese(c).empty());
  }
  EXPECT_EQ(parse_severity("block"), Severity::kBlock);
  EXPECT_FALSE(parse_severity("fatal"));
  (void)checks;
}

// SPEC: REP-3 [T16(2)-(6)] — under T each finding cites its own item of T16.
TEST(ReplyCheck, REP_3_EachFindingCitesItsOwnItemOfT16) {
  ReplyContent r;
  r.contacted_at = Instant{};
  r.handler = "王强";
  r.handler_contact = "022-24000003";
  r.process = "电话联系";
  r.policy_basis = "无";
  r.applicant_feedback = "无";
  const ReplyCheckSettings settings;
  auto article_of = [&](const std::string& result, ReplyCheck check) {
    r.result = result;
    const auto f = check_reply(r, policy_t(), settings);
    const auto it =
        std::find_if(f.begin(), f.end(), [&](const Finding& x) { return x.check == check; });
    return it == f.end() ? std::string("none") : it->article + " " + it->wording;
  };
  EXPECT_EQ(article_of("经核实，您反映的问题已解决", ReplyCheck::kForbiddenPhrase),
            "T16(4) T16(4)");
  EXPECT_EQ(article_of("已转市道路运输局处理", ReplyCheck::kForbiddenPhrase), "T16(5) T16(5)");
  EXPECT_EQ(article_of("已与您取得联系，感谢来电", ReplyCheck::kForbiddenPhrase), "T16(6) T16(6)");
  EXPECT_EQ(article_of("该事项不属于我单位职责，建议您向区市场监管局反映",
                       ReplyCheck::kReturnReasonAsResult),
            "T16(3) T16(3)");
  EXPECT_EQ(article_of("我单位高度重视您反映的情况，将会同相关部门积极研究，逐步加以改善",
                       ReplyCheck::kVague),
            "T16(2) T16(2)");
  // Under R the same findings cite R13 with T16's wording.
  r.result = "已转物业公司处理";
  const auto f = check_reply(r, policy_r(), settings);
  const auto it = std::find_if(
      f.begin(), f.end(), [](const Finding& x) { return x.check == ReplyCheck::kForbiddenPhrase; });
  ASSERT_NE(it, f.end());
  EXPECT_EQ(it->article, "R13");
  EXPECT_EQ(it->wording, "T16(5)");
}

}  // namespace
}  // namespace hotline::triage
