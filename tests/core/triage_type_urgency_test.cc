// TYP-2 urgency and TYP-1 request type as the agent's registration screen
// suggests them (issue 15): a lexicon pattern or cue that fired is sure and
// named; what the model alone says is to be checked, with the question to ask
// the caller; nothing found is general with nothing to ask.
// SPEC: TYP-1, TYP-2

#include <gtest/gtest.h>

#include <map>

#include "core/triage/type_urgency_suggestion.h"

namespace hotline::triage {
namespace {

LexiconEntry E(const char* label, const char* pattern) {
  return make_lexicon_entry(label, pattern).value();
}

// A model that answers fixed scores for texts containing a word.
class FakeModel final : public TextClassifier {
 public:
  FakeModel(std::vector<std::string> labels, std::map<std::string, std::vector<LabelScore>> answers)
      : labels_(std::move(labels)), answers_(std::move(answers)) {}
  std::vector<LabelScore> predict(std::string_view text, int k) const override {
    for (const auto& [word, scores] : answers_) {
      if (text.find(word) != std::string_view::npos) {
        auto out = scores;
        if (out.size() > static_cast<std::size_t>(k)) out.resize(static_cast<std::size_t>(k));
        return out;
      }
    }
    return {};
  }
  std::vector<std::string> labels() const override { return labels_; }

 private:
  std::vector<std::string> labels_;
  std::map<std::string, std::vector<LabelScore>> answers_;
};

TypeUrgencySettings settings() {
  TypeUrgencySettings s;
  s.urgency_model_raise = 0.3;
  s.type_model_confidence = 0.5;
  s.life_safety_question = "现在有没有人有危险？";
  s.utilities_question = "现在是不是停水／停电？";
  s.type_questions = {"咨询还是处理？", "求助、投诉还是举报？"};
  return s;
}

UrgencyRules urgency_rules() {
  return UrgencyRules::create({E("life-safety", "燃气+味"), E("utilities", "停水")}).value();
}

RequestTypeRules type_rules() {
  return RequestTypeRules::create({E("report", "举报"), E("inquiry", "请问"),
                                   E("complaint", "太吵"), E("complaint", "*")})
      .value();
}

const FakeModel& urgency_model() {
  static const FakeModel m(
      {"general", "utilities", "life-safety"},
      {{"燃气", {{"general", 0.9}, {"life-safety", 0.1}}},
       {"电梯", {{"general", 0.55}, {"life-safety", 0.40}, {"utilities", 0.05}}},
       {"水压", {{"general", 0.6}, {"utilities", 0.35}, {"life-safety", 0.05}}},
       {"停水", {{"life-safety", 0.5}, {"utilities", 0.4}, {"general", 0.1}}},
       {"装修", {{"general", 0.95}, {"life-safety", 0.05}}},
       {"路灯", {{"general", 0.8}, {"life-safety", 0.2}}}});
  return m;
}

TEST(TYP_2_UrgencySuggestion, AGasSmellIsSureAndNamesThePatternThatFired) {
  for (const TextClassifier* model : {static_cast<const TextClassifier*>(nullptr),
                                      static_cast<const TextClassifier*>(&urgency_model())}) {
    const auto s = suggest_urgency(urgency_rules(), model, "楼道里有一股燃气味，很呛", settings());
    EXPECT_EQ(s.value, Urgency::kLifeSafety);
    EXPECT_TRUE(s.sure);
    EXPECT_EQ(s.source, "lexicon");
    EXPECT_EQ(s.matched, std::vector<std::string>{"燃气+味"});
    EXPECT_FALSE(s.confidence);  // a sure "general" of the model does not lower it
    EXPECT_TRUE(s.questions.empty());
  }
}

TEST(TYP_2_UrgencySuggestion, AnOrdinaryComplaintIsGeneralWithNothingToAsk) {
  auto s = suggest_urgency(urgency_rules(), nullptr, "隔壁装修太吵了", settings());
  EXPECT_EQ(s.value, Urgency::kGeneral);
  EXPECT_FALSE(s.sure);
  EXPECT_EQ(s.source, "default");
  EXPECT_TRUE(s.matched.empty());
  EXPECT_TRUE(s.questions.empty());
  // With a model that agrees, its score of general is shown.
  s = suggest_urgency(urgency_rules(), &urgency_model(), "隔壁装修太吵了", settings());
  EXPECT_EQ(s.value, Urgency::kGeneral);
  EXPECT_FALSE(s.sure);
  EXPECT_EQ(s.source, "model");
  ASSERT_TRUE(s.confidence);
  EXPECT_DOUBLE_EQ(*s.confidence, 0.95);
  EXPECT_TRUE(s.questions.empty());
  // Below the raise setting the model raises nothing.
  s = suggest_urgency(urgency_rules(), &urgency_model(), "路灯坏了", settings());
  EXPECT_EQ(s.value, Urgency::kGeneral);
  EXPECT_TRUE(s.questions.empty());
}

// The paraphrase no lexicon lists: the model raises it, and the agent asks the
// caller the class's question instead of taking the raise for sure.
TEST(TYP_2_UrgencySuggestion, ARaiseByTheModelAloneIsCheckedWithTheQuestion) {
  auto s = suggest_urgency(urgency_rules(), &urgency_model(), "电梯卡在五楼和六楼之间", settings());
  EXPECT_EQ(s.value, Urgency::kLifeSafety);
  EXPECT_FALSE(s.sure);
  EXPECT_EQ(s.source, "model");
  ASSERT_TRUE(s.confidence);
  EXPECT_DOUBLE_EQ(*s.confidence, 0.40);
  EXPECT_TRUE(s.matched.empty());
  EXPECT_EQ(s.questions, std::vector<std::string>{"现在有没有人有危险？"});

  s = suggest_urgency(urgency_rules(), &urgency_model(), "水压很低", settings());
  EXPECT_EQ(s.value, Urgency::kUtilities);
  EXPECT_FALSE(s.sure);
  EXPECT_EQ(s.questions, std::vector<std::string>{"现在是不是停水／停电？"});

  // A raise above a lexicon match is the model's too: checked, and the
  // pattern that fired for the lower class is still named.
  s = suggest_urgency(urgency_rules(), &urgency_model(), "小区停水了", settings());
  EXPECT_EQ(s.value, Urgency::kLifeSafety);
  EXPECT_FALSE(s.sure);
  EXPECT_EQ(s.source, "model");
  EXPECT_EQ(s.matched, std::vector<std::string>{"停水"});
  EXPECT_EQ(s.questions, std::vector<std::string>{"现在有没有人有危险？"});

  // The raise setting is the office's: at 0.5 the 0.40 raises nothing.
  auto strict = settings();
  strict.urgency_model_raise = 0.5;
  s = suggest_urgency(urgency_rules(), &urgency_model(), "电梯卡在五楼和六楼之间", strict);
  EXPECT_EQ(s.value, Urgency::kGeneral);
  EXPECT_TRUE(s.questions.empty());
}

TEST(TYP_1_TypeSuggestion, ACueIsSureAndNamed) {
  const auto s = suggest_type(type_rules(), nullptr, "我要举报小区里有人违建", settings());
  EXPECT_EQ(s.value, RequestType::kReport);
  EXPECT_TRUE(s.sure);
  EXPECT_EQ(s.source, "lexicon");
  EXPECT_EQ(s.matched, std::vector<std::string>{"举报"});
  EXPECT_TRUE(s.questions.empty());
}

// No cue: the default type (or the model's, when it is sure enough), never
// sure, with the questions whose answers decide the type.
TEST(TYP_1_TypeSuggestion, WithoutACueTheAgentAsksTheTypeQuestions) {
  const FakeModel model({"assistance", "complaint", "report"},
                        {{"井盖", {{"assistance", 0.7}, {"report", 0.2}}},
                         {"路灯", {{"report", 0.4}, {"assistance", 0.3}}}});
  auto s = suggest_type(type_rules(), nullptr, "小区后门的井盖没了", settings());
  EXPECT_EQ(s.value, RequestType::kComplaint);
  EXPECT_FALSE(s.sure);
  EXPECT_EQ(s.source, "default");
  EXPECT_EQ(s.questions, settings().type_questions);

  s = suggest_type(type_rules(), &model, "小区后门的井盖没了", settings());
  EXPECT_EQ(s.value, RequestType::kAssistance);
  EXPECT_FALSE(s.sure);
  EXPECT_EQ(s.source, "model");
  ASSERT_TRUE(s.confidence);
  EXPECT_DOUBLE_EQ(*s.confidence, 0.7);
  EXPECT_EQ(s.questions, settings().type_questions);

  // Below the setting the model does not decide.
  s = suggest_type(type_rules(), &model, "路灯不亮", settings());
  EXPECT_EQ(s.value, RequestType::kComplaint);
  EXPECT_EQ(s.source, "default");
  EXPECT_FALSE(s.confidence);

  // A cue outranks the model.
  s = suggest_type(type_rules(), &model, "请问井盖归谁管", settings());
  EXPECT_EQ(s.value, RequestType::kInquiry);
  EXPECT_TRUE(s.sure);
  EXPECT_TRUE(s.questions.empty());
}

}  // namespace
}  // namespace hotline::triage
