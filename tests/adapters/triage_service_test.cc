// SPEC: DIS-1, DIS-2, DIS-3, DIS-8, TRI-5, SUP-1, HND-2, HND-3, ACC-1 — the suggestion
// for the agent's registration screen, on the shipped catalogue, gazetteer and policies.
#include "core/triage/triage_service.h"

#include <gtest/gtest.h>

#include "adapters/classifier/lexicon_file.h"
#include "triage_fixture.h"

namespace hotline {
namespace {

using triage_testing::shipped;

// A classifier that answers from keywords, standing in for the fastText model.
class KeywordClassifier final : public TextClassifier {
 public:
  std::vector<LabelScore> predict(std::string_view text, int k) const override {
    std::vector<LabelScore> out;
    auto add = [&](const char* word, const char* label, double c) {
      if (text.find(word) != std::string_view::npos) out.push_back({label, c});
    };
    add("物业", "城乡建设/住房保障与房地产", 0.8);
    add("暖气", "城乡建设/城市建设和市政管理", 0.7);
    add("工资", "劳动和社会保障", 0.9);
    add("出租车", "交通运输/出租车管理", 0.85);
    add("噪音", "环境保护", 0.6);
    if (out.size() > static_cast<std::size_t>(k)) out.resize(static_cast<std::size_t>(k));
    return out;
  }
  std::vector<std::string> labels() const override { return {}; }
};

class TriageServiceTest : public ::testing::Test {
 protected:
  TriageServiceTest()
      : service_(shipped().organisation, shipped().policies, shipped().deadlines,
                 shipped().settings, shipped().catalogue(), shipped().gazetteer, nullptr,
                 &classifier_) {}
  // 2026-03-02 (Monday) 10:00.
  const Instant now_ = at_local(LocalDate{std::chrono::year{2026} / 3 / 2}, Seconds{10 * 3600});
  KeywordClassifier classifier_;
  triage::TriageService service_;
};

TEST_F(TriageServiceTest, DIS_8_CategoriesUnitsPlacesAndDeadlinesInOneCall) {
  triage::SuggestionInput in;
  in.subject = "南开区华苑街道物业不作为";
  in.detail = "华苑街道居华里小区物业公司收费不服务，楼道垃圾无人清理";
  in.type = RequestType::kComplaint;
  auto s = service_.suggest(in, now_);
  ASSERT_TRUE(s) << s.error().describe();
  ASSERT_FALSE(s->categories.empty());
  EXPECT_EQ(s->categories[0].category, "城乡建设/住房保障与房地产");
  EXPECT_EQ(s->categories[0].source, "classifier");
  EXPECT_EQ(s->location.district, "district.nankai");
  EXPECT_EQ(s->location.street, "street.nankai.huayuan");
  EXPECT_TRUE(s->location_from_text);
  ASSERT_FALSE(s->units.empty());
  EXPECT_EQ(s->units[0].lead, "dept.nankai.housing");
  EXPECT_EQ(s->units[0].reason, "catalogue");
  EXPECT_EQ(s->units[0].catalogue_entry, "urban.housing.nankai");
  EXPECT_EQ(s->units[0].lead_name, "南开区住房城乡建设委");
  // DIS-1 (24 hours from registration), ACC-1 (1 working day), HND-2 (7 working days) under R.
  ASSERT_EQ(s->deadlines.size(), 3u);
  EXPECT_EQ(s->deadlines[0].stage, Stage::kDispatch);
  EXPECT_EQ(s->deadlines[0].profile, "tianjin");
  EXPECT_EQ(s->deadlines[0].deadline.due, now_ + Seconds{24 * 3600});
  EXPECT_EQ(s->deadlines[2].stage, Stage::kHandle);
  EXPECT_EQ(s->deadlines[2].deadline.article.substr(0, 3), "R11");
  EXPECT_GT(s->deadlines[2].deadline.due, now_ + Seconds{7 * 86400});
  EXPECT_FALSE(s->split.split);
}

// The model's own confidence decides "sure" (确定) against the office's
// setting; below it, or from history alone, the agent checks (请核对).
TEST_F(TriageServiceTest, DIS_8_ACategoryIsSureOnlyWhenTheModelReachesTheSetting) {
  ASSERT_DOUBLE_EQ(shipped().settings.sure_confidence, 0.90);
  triage::SuggestionInput in;
  in.detail = "公司拖欠工资三个月不发";  // the model: 0.9
  auto sure = service_.suggest(in, now_);
  ASSERT_TRUE(sure) << sure.error().describe();
  ASSERT_FALSE(sure->categories.empty());
  EXPECT_EQ(sure->categories[0].category, "劳动和社会保障");
  EXPECT_TRUE(sure->categories[0].sure);
  in.detail = "小区物业收费不服务";  // the model: 0.8
  auto check = service_.suggest(in, now_);
  ASSERT_TRUE(check) << check.error().describe();
  ASSERT_FALSE(check->categories.empty());
  EXPECT_EQ(check->categories[0].category, "城乡建设/住房保障与房地产");
  EXPECT_FALSE(check->categories[0].sure);
}

// TYP-2, TYP-1 (issue 15): with the shipped lexicons, the suggestion carries
// the urgency and the type beside the agent's choice, which it leaves alone.
TEST_F(TriageServiceTest, TYP_2_TYP_1_UrgencyAndTypeFromTheShippedLexicons) {
  triage::SuggestionInput in;
  in.detail = "我家楼道里有一股很重的燃气味";
  auto none = service_.suggest(in, now_);
  ASSERT_TRUE(none) << none.error().describe();
  EXPECT_FALSE(none->urgency) << "no lexicon, no urgency suggestion";
  EXPECT_FALSE(none->type);

  triage::TypeUrgencyRules rules;
  auto urgency = ml::load_urgency_rules(
      (triage_testing::data_dir() / "triage" / "urgency_lexicon.tsv").string());
  ASSERT_TRUE(urgency) << urgency.error().describe();
  rules.urgency = std::move(*urgency);
  auto type = ml::load_request_type_rules(
      (triage_testing::data_dir() / "triage" / "type_lexicon.tsv").string());
  ASSERT_TRUE(type) << type.error().describe();
  rules.type = std::move(*type);
  service_.set_type_urgency_rules(std::move(rules));

  in.urgency = Urgency::kGeneral;  // what the agent has chosen so far
  auto gas = service_.suggest(in, now_);
  ASSERT_TRUE(gas) << gas.error().describe();
  ASSERT_TRUE(gas->urgency);
  EXPECT_EQ(gas->urgency->value, Urgency::kLifeSafety);
  EXPECT_TRUE(gas->urgency->sure);
  EXPECT_EQ(gas->urgency->source, "lexicon");
  EXPECT_NE(std::find(gas->urgency->matched.begin(), gas->urgency->matched.end(), "燃气+味"),
            gas->urgency->matched.end());
  // The deadlines stay those of the agent's choice until the agent adopts it.
  ASSERT_FALSE(gas->deadlines.empty());
  EXPECT_EQ(gas->deadlines[0].deadline.due, now_ + Seconds{24 * 3600});
  // No cue says what the caller wants: the two questions decide it.
  ASSERT_TRUE(gas->type);
  EXPECT_FALSE(gas->type->sure);
  EXPECT_EQ(gas->type->source, "default");
  EXPECT_EQ(gas->type->questions, shipped().settings.type_urgency.type_questions);

  // A gas leak in the agent's second item counts too.
  in.detail = "小区门口的路灯坏了";
  in.items = {"小区门口的路灯坏了", "另外楼道里燃气泄漏了"};
  auto item = service_.suggest(in, now_);
  ASSERT_TRUE(item && item->urgency);
  EXPECT_EQ(item->urgency->value, Urgency::kLifeSafety);

  in.items.clear();
  in.detail = "我要投诉隔壁装修太吵，天天吵到晚上";
  auto noise = service_.suggest(in, now_);
  ASSERT_TRUE(noise && noise->urgency && noise->type);
  EXPECT_EQ(noise->urgency->value, Urgency::kGeneral);
  EXPECT_FALSE(noise->urgency->sure);
  EXPECT_EQ(noise->urgency->source, "default");
  EXPECT_TRUE(noise->urgency->questions.empty());
  EXPECT_EQ(noise->type->value, RequestType::kComplaint);
  EXPECT_TRUE(noise->type->sure);
  EXPECT_NE(std::find(noise->type->matched.begin(), noise->type->matched.end(), "投诉"),
            noise->type->matched.end());
}

TEST_F(TriageServiceTest, HND_3_ATransportLeadBringsProfileTDeadlines) {
  triage::SuggestionInput in;
  in.subject = "出租车拒载";
  in.detail = "在天津西站打车，出租车司机拒载";
  in.type = RequestType::kComplaint;
  auto s = service_.suggest(in, now_);
  ASSERT_TRUE(s) << s.error().describe();
  ASSERT_FALSE(s->units.empty());
  EXPECT_EQ(s->units[0].lead, "dept.transport.road-transport");
  ASSERT_FALSE(s->deadlines.empty());
  EXPECT_EQ(s->deadlines.back().profile, "tianjin-transport");
  EXPECT_EQ(s->deadlines.back().deadline.article.substr(0, 3), "T11");
}

TEST_F(TriageServiceTest, DIS_2_AKeywordExceptionSendsHeatingToTheHeatingCompany) {
  triage::SuggestionInput in;
  in.subject = "和平区小白楼暖气不热";
  in.detail = "家里暖气只有十几度";
  in.urgency = Urgency::kUtilities;
  auto s = service_.suggest(in, now_);
  ASSERT_TRUE(s);
  ASSERT_FALSE(s->units.empty());
  EXPECT_EQ(s->units[0].lead, "utility.energy.heating");
  EXPECT_EQ(s->units[0].catalogue_entry, "urban.heating");
  EXPECT_EQ(s->location.street, "street.heping.xiaobailou");
  // ACC-1: utilities accepted within 30 minutes, clock time.
  EXPECT_EQ(s->deadlines[1].deadline.due, now_ + Seconds{30 * 60});
}

TEST_F(TriageServiceTest, DIS_3_ItemsForDifferentUnitsAreSplit) {
  triage::SuggestionInput in;
  in.subject = "反映两个问题";
  in.detail = "一是小区物业公司乱收停车费，长期不公示收支；二是公司拖欠我三个月工资一直不发";
  auto s = service_.suggest(in, now_);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->split.split);
  ASSERT_EQ(s->split.parts.size(), 2u);
  EXPECT_EQ(s->split.parts[1].lead, "dept.human-resources");
  EXPECT_EQ(s->split.rule, "DIS-3");
  EXPECT_EQ(s->split.article, "M15");
  // One matter only: no split.
  in.detail = "小区物业公司乱收停车费，另外物业费也涨了";
  s = service_.suggest(in, now_);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->split.split);
}

TEST_F(TriageServiceTest, TRI_5_TheApplicantsEarlierRequestComesWithItsProgress) {
  service_.set_progress_lookup([](const std::string& n) -> std::optional<triage::RequestProgress> {
    if (n != "2026022800000007") return std::nullopt;
    return triage::RequestProgress{"handling", "办理中", {"dept.nankai.housing"}, std::nullopt, ""};
  });
  // Term statistics need a corpus: everyday words (老人, 上下楼, 反映过) are
  // common, the matter's own (华苑, 电梯, 停运) are not.
  const char* everyday[] = {"小区老人上下楼困难，希望尽快解决", "上次反映过，好几天了还没人管",
                            "道路积水严重，老人出行困难", "小区停车难问题反映过好几次",
                            "楼道灯坏了好几天了，老人上下楼不方便"};
  for (int i = 0; i < 40; ++i) {
    triage::IndexedRequest bg;
    bg.number = "BG" + std::to_string(i);
    bg.at = now_ - Seconds{86400 * 10};
    ASSERT_TRUE(service_.observe(bg, "小区问题", everyday[i % 5] + std::to_string(i)));
  }
  triage::IndexedRequest first;
  first.number = "2026022800000007";
  first.applicant_key = triage::applicant_key("13812345678");
  first.at = now_ - Seconds{86400 * 2};
  ASSERT_TRUE(service_.observe(first, "华苑小区12号楼电梯停运",
                               "南开区华苑小区12号楼电梯停运三天，老人上下楼困难"));
  triage::SuggestionInput in;
  in.subject = "华苑小区电梯还没修";
  in.detail = "12号楼电梯停运好几天了，老人上下楼困难，上次反映过";
  in.phone = "+86 138 1234 5678";
  auto s = service_.suggest(in, now_);
  ASSERT_TRUE(s);
  std::string seen;
  for (const auto& h : service_.similar_requests(in.subject, in.detail, 0.0, 3)) {
    seen += h.number + "=" + std::to_string(h.similarity) + " ";
  }
  ASSERT_FALSE(s->duplicates.empty()) << seen;
  const auto& d = s->duplicates.front();
  EXPECT_EQ(d.number, "2026022800000007");
  EXPECT_TRUE(d.same_applicant);
  EXPECT_EQ(d.rule, "TRI-5");
  EXPECT_EQ(d.article, "M13(5)");
  ASSERT_TRUE(d.progress);
  EXPECT_EQ(d.progress->status_zh, "办理中");
  // Someone else with the same words is not "the same applicant again".
  in.phone = "13900000000";
  s = service_.suggest(in, now_);
  ASSERT_TRUE(s);
  for (const auto& x : s->duplicates) EXPECT_FALSE(x.same_applicant);
}

// Issue 9, item 10: the server's index keeps a keyed hash of the phone, and
// a suggestion is asked with the phone the agent typed. Both must be keyed
// the same way, or the same applicant is reported as someone else.
TEST_F(TriageServiceTest, TRI_5_SameApplicantFoundWhenTheIndexKeepsAKeyedHash) {
  const auto keyed = [](std::string_view digits) { return "h:keyed(" + std::string(digits) + ")"; };
  service_.set_applicant_key(keyed);
  const char* everyday[] = {"小区老人上下楼困难，希望尽快解决", "上次反映过，好几天了还没人管",
                            "道路积水严重，老人出行困难", "小区停车难问题反映过好几次",
                            "楼道灯坏了好几天了，老人上下楼不方便"};
  for (int i = 0; i < 40; ++i) {
    triage::IndexedRequest bg;
    bg.number = "BG" + std::to_string(i);
    bg.at = now_ - Seconds{86400 * 10};
    ASSERT_TRUE(service_.observe(bg, "小区问题", everyday[i % 5] + std::to_string(i)));
  }
  triage::IndexedRequest first;
  first.number = "2026022800000008";
  first.applicant_key = keyed(triage::applicant_key("13812345678"));  // as TriageHooks stores it
  first.at = now_ - Seconds{86400 * 2};
  ASSERT_TRUE(service_.observe(first, "华苑小区12号楼电梯停运",
                               "南开区华苑小区12号楼电梯停运三天，老人上下楼困难"));
  triage::SuggestionInput in;
  in.subject = "华苑小区电梯还没修";
  in.detail = "12号楼电梯停运好几天了，老人上下楼困难，上次反映过";
  in.phone = "138-1234-5678";
  auto s = service_.suggest(in, now_);
  ASSERT_TRUE(s);
  ASSERT_FALSE(s->duplicates.empty());
  EXPECT_EQ(s->duplicates.front().number, "2026022800000008");
  EXPECT_TRUE(s->duplicates.front().same_applicant);
  EXPECT_EQ(s->duplicates.front().rule, "TRI-5");
}

TEST_F(TriageServiceTest, SUP_1_TheSuggestionSaysWhenTheClusterWouldReachTheThreshold) {
  for (int i = 0; i < 20; ++i) {
    triage::IndexedRequest bg;
    bg.number = "BG" + std::to_string(i);
    bg.at = now_ - Seconds{86400};
    ASSERT_TRUE(service_.observe(bg, "公交线路", "建议增加公交线路" + std::to_string(i)));
  }
  for (int i = 0; i < 4; ++i) {
    triage::IndexedRequest r;
    r.number = "C" + std::to_string(i);
    r.applicant_key = "1380000000" + std::to_string(i);
    r.at = now_ - Seconds{3600 * (5 - i)};
    ASSERT_TRUE(
        service_.observe(r, "丽发新城搅拌站噪音扰民", "丽发新城附近搅拌站夜间施工噪音扰民"));
  }
  triage::SuggestionInput in;
  in.subject = "丽发新城搅拌站噪音";
  in.detail = "丽发新城搅拌站晚上施工，噪音扰民";
  in.phone = "13700000000";
  auto s = service_.suggest(in, now_);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->cluster);
  EXPECT_EQ(s->cluster->requests, 4u);
  EXPECT_EQ(s->cluster->threshold, 5);
  EXPECT_TRUE(s->cluster->would_reach_threshold) << "a fifth applicant";
  in.phone = "13800000001";  // one of the four again
  s = service_.suggest(in, now_);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->cluster->would_reach_threshold);
}

TEST_F(TriageServiceTest, DIS_8_BadTextIsRefusedNamingTheField) {
  triage::SuggestionInput in;
  auto s = service_.suggest(in, now_);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "detail");
  in.subject = "abc\xff";
  s = service_.suggest(in, now_);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "subject");
  in.subject = "𠮷野家门口占道经营";  // beyond the BMP is fine
  EXPECT_TRUE(service_.suggest(in, now_));
}

TEST_F(TriageServiceTest, REP_3_ReplyChecksFollowTheProfilesSettings) {
  ReplyContent r;
  r.result = "此事正在调查处理中。";
  auto r_findings = service_.check_reply(r, "tianjin");
  ASSERT_TRUE(r_findings);
  EXPECT_TRUE(triage::blocks(*r_findings)) << "settings.toml: process-only blocks under R";
  auto t = service_.check_reply(r, "tianjin-transport");
  ASSERT_TRUE(t);
  bool article_t = false;
  for (const auto& f : *t) article_t |= f.article.starts_with("T16");
  EXPECT_TRUE(article_t) << "profile T cites T16";
  EXPECT_FALSE(service_.check_reply(r, "no-such-profile"));
}

}  // namespace
}  // namespace hotline
