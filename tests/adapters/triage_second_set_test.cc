// The second evaluation set of urgency and request type (issue 15):
// data/triage/second_set_messages.tsv, 334 spoken-style messages written
// after the lexicons and the model recipe were frozen (data/triage/README.md).
// The shipped lexicons plus fastText models trained on the first set
// (labelled_messages.tsv, the frozen recipe: epoch 50, one thread, seed 1, so
// the models are reproducible) are run on it, and the measured numbers are the
// thresholds: a change that makes any of them worse fails here, and one that
// improves them should move the threshold (docs/classification.md, "Second
// evaluation set"). The lexicons were extended after reading this set, so
// its numbers are no longer unseen ones; the frozen numbers are in the docs
// and the lexicons' additions are measured on the first set
// (TriageLexicons in fasttext_classifier_test.cc).
// SPEC: TYP-1, TYP-2

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "adapters/classifier/evaluation.h"
#include "adapters/classifier/labelled_data.h"
#include "adapters/classifier/lexicon_file.h"
#include "adapters/fasttext/fasttext_classifier.h"

namespace hotline::ml {
namespace {

namespace fs = std::filesystem;

const fs::path kTriage = fs::path(HOTLINE_DATA_DIR) / "triage";

// The recipe of `hotline model train --task T --data labelled_messages.tsv
// --epoch 50 --threads 1`.
TrainOptions frozen_recipe() {
  TrainOptions o;
  o.epoch = 50;
  o.threads = 1;
  return o;
}

struct Set {
  std::vector<LabelledText> train, test;
};

Set load_sets(const std::string& column) {
  Set s;
  auto train = read_labelled_tsv((kTriage / "labelled_messages.tsv").string(), column);
  auto test = read_labelled_tsv((kTriage / "second_set_messages.tsv").string(), column);
  EXPECT_TRUE(train && test);
  if (train) s.train = std::move(*train);
  if (test) s.test = std::move(*test);
  return s;
}

struct UrgencyCounts {
  std::size_t life_safety = 0, life_safety_caught = 0;  // caught: not "general"
  std::size_t utilities = 0, utilities_caught = 0;
  std::size_t general = 0, raised = 0;  // general messages taken for urgent
};

UrgencyCounts count_urgency(const std::vector<LabelledText>& rows,
                            const std::vector<std::string>& predicted) {
  UrgencyCounts c;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool urgent = predicted[i] != "general";
    if (rows[i].label == "life-safety") {
      ++c.life_safety;
      c.life_safety_caught += urgent ? 1 : 0;
    } else if (rows[i].label == "utilities") {
      ++c.utilities;
      c.utilities_caught += urgent ? 1 : 0;
    } else {
      ++c.general;
      c.raised += urgent ? 1 : 0;
    }
  }
  return c;
}

TEST(TriageSecondSet, TYP_2_UrgencyOnMessagesWrittenAfterTheFreeze) {
  auto rules = load_urgency_rules((kTriage / "urgency_lexicon.tsv").string());
  ASSERT_TRUE(rules) << rules.error().describe();
  const auto set = load_sets("urgency");
  ASSERT_EQ(set.test.size(), 334u);
  auto model = FastTextClassifier::train(set.train, frozen_recipe(), "urgency");
  ASSERT_TRUE(model) << model.error().describe();

  std::vector<std::string> lexicon, combined;
  for (const auto& r : set.test) {
    const auto alone = rules->classify(r.text);
    lexicon.emplace_back(to_string(alone.urgency));
    const auto d = combine_urgency(alone, (*model)->predict(r.text, -1), 0.3);
    combined.emplace_back(to_string(d.urgency));
  }
  const auto lex = count_urgency(set.test, lexicon);
  const auto both = count_urgency(set.test, combined);
  std::printf("lexicon: %zu/%zu life-safety, %zu/%zu utilities caught, %zu/%zu general raised\n",
              lex.life_safety_caught, lex.life_safety, lex.utilities_caught, lex.utilities,
              lex.raised, lex.general);
  std::printf("lexicon + model: %zu/%zu life-safety, %zu/%zu utilities caught, %zu/%zu raised\n",
              both.life_safety_caught, both.life_safety, both.utilities_caught, both.utilities,
              both.raised, both.general);
  EXPECT_EQ(both.life_safety, 106u);
  EXPECT_EQ(both.utilities, 86u);
  EXPECT_EQ(both.general, 142u);
  // Frozen, measured 2026-12-07: the lexicon alone caught 18 + 52 of 192
  // urgent messages (it listed words this voice does not use) and raised 9
  // of 142 general ones; with the model 104 + 86 = 190 of 192, 77 raised.
  // With the lexicon extended after reading the set (spoken forms, typos,
  // clauses about bills and thanks excluded): 80 + 74 = 154 and 11 raised by
  // the lexicon; 192 of 192 and 75 raised with the model.
  EXPECT_GE(lex.life_safety_caught + lex.utilities_caught, 154u);
  EXPECT_LE(lex.raised, 11u);
  EXPECT_GE(both.life_safety_caught + both.utilities_caught, 192u);
  EXPECT_LE(both.raised, 75u);
}

TEST(TriageSecondSet, TYP_1_RequestTypeOnMessagesWrittenAfterTheFreeze) {
  auto rules = load_request_type_rules((kTriage / "type_lexicon.tsv").string());
  ASSERT_TRUE(rules) << rules.error().describe();
  const auto set = load_sets("type");
  auto model = FastTextClassifier::train(set.train, frozen_recipe(), "type");
  ASSERT_TRUE(model) << model.error().describe();

  std::vector<std::string> truth, lexicon, combined;
  for (const auto& r : set.test) {
    truth.push_back(r.label);
    lexicon.emplace_back(to_string(rules->classify(r.text).type));
    combined.emplace_back(
        to_string(rules->classify(r.text, (*model)->predict(r.text, -1), 0.5).type));
  }
  const auto lex = score(truth, lexicon);
  const auto both = score(truth, combined);
  std::printf("type: lexicon %.4f, lexicon + model %.4f on %zu messages\n", lex.accuracy,
              both.accuracy, truth.size());
  // Frozen, measured 2026-12-07: lexicon 0.5868 (196/334), lexicon + model
  // 0.6796 (227/334). With the spoken cues added after reading the set:
  // 0.6796 (227/334) and 0.7186 (240/334).
  EXPECT_GE(lex.accuracy, 227.0 / 334);
  EXPECT_GE(both.accuracy, 240.0 / 334);
}

// The recommended recipe: a model trained on both sets, measured by 5-fold
// cross-validation over their 514 messages (seed 12345), with the shipped
// lexicon. Measured 2026-12-07: 279 of 284 urgent message groups caught, 54
// of 228 general ones raised (the 1-in-10 goal is not reached). The task's
// defaults since (ml::default_train_options: 50,000 buckets, a 3.3 MB file
// instead of 128 MB): 278 caught, 53 raised; seeds 1-5 of either spread over
// 277-279 and 52-57 (docs/classification.md, "Model size of type and
// urgency").
TEST(TriageSecondSet, TYP_2_BothSetsCrossValidated) {
  auto rules = load_urgency_rules((kTriage / "urgency_lexicon.tsv").string());
  ASSERT_TRUE(rules) << rules.error().describe();
  auto set = load_sets("urgency");
  std::vector<LabelledText> rows = set.train;
  rows.insert(rows.end(), set.test.begin(), set.test.end());
  auto small = default_train_options("urgency");
  small.threads = 1;
  struct Recipe {
    const char* name;
    TrainOptions options;
    std::size_t caught, raised;
  };
  for (const auto& recipe : {Recipe{"frozen, 2M buckets", frozen_recipe(), 279, 54},
                             Recipe{"the task's defaults", small, 278, 53}}) {
    auto cv = cross_validate(rows, recipe.options, "urgency", 5, 12345);
    ASSERT_TRUE(cv) << cv.error().describe();
    std::vector<LabelledText> tested;
    std::vector<std::string> combined;
    for (std::size_t i = 0; i < cv->truth.size(); ++i) {
      tested.push_back({cv->tested_text[i], cv->truth[i], ""});
      const auto d = combine_urgency(rules->classify(cv->tested_text[i]), cv->scores[i], 0.3);
      combined.emplace_back(to_string(d.urgency));
    }
    const auto c = count_urgency(tested, combined);
    std::printf("both sets, CV, %s: %zu/%zu urgent caught, %zu/%zu general raised\n", recipe.name,
                c.life_safety_caught + c.utilities_caught, c.life_safety + c.utilities, c.raised,
                c.general);
    EXPECT_GE(c.life_safety_caught + c.utilities_caught, recipe.caught) << recipe.name;
    EXPECT_LE(c.raised, recipe.raised) << recipe.name;
  }
}

}  // namespace
}  // namespace hotline::ml
