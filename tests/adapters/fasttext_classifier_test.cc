// The fastText classifier adapter: text features, training on a real slice
// of the tipdm messages, prediction format, model files, grouping of
// duplicate messages for cross-validation, and the shipped lexicons on the
// project's own labelled messages.
// SPEC: DIS-8, TYP-1, TYP-2

#include "adapters/fasttext/fasttext_classifier.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "adapters/classifier/evaluation.h"
#include "adapters/classifier/labelled_data.h"
#include "adapters/classifier/lexicon_file.h"
#include "adapters/classifier/text_features.h"

namespace hotline::ml {
namespace {

namespace fs = std::filesystem;

const fs::path kTipdm = fs::path(HOTLINE_SHARED_DIR) / "data" / "tipdm";
const fs::path kTriage = fs::path(HOTLINE_DATA_DIR) / "triage";

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("hotline-ft-test-" + std::to_string(getpid()) + "-" + name);
}

TEST(FastTextFeatures, FoldsWidthsDigitsPunctuationAndPlaces) {
  EXPECT_EQ(feature_line("ＷｉＦｉ断了！！"), "wifi 断 了");
  EXPECT_EQ(feature_line("电话：13812345678，2020年1月"), "电 话 0 0 年 0 月");
  // The anonymised places keep only their kind, raw or segmented alike.
  EXPECT_EQ(feature_line("A市A3区雨花路"), "市 区 雨 花 路");
  EXPECT_EQ(feature_line("市 A3 区 雨花 路"), "市 区 雨 花 路");
  EXPECT_EQ(feature_line("B7县"), "县");
  // Latin words that are not places stay.
  EXPECT_EQ(feature_line("KTV区域"), "ktv 区 域");
  EXPECT_EQ(feature_line("  \t "), "");
  EXPECT_EQ(feature_line("𠮷野家"), "𠮷 野 家");
}

TEST(FastTextFeatures, BytesThatAreNotUtf8OnlySeparate) {
  // core/text.h's utf8_sequence decides; each bad byte is skipped alone.
  EXPECT_EQ(feature_line("a\xff"
                         "b"),
            "a b");
  EXPECT_EQ(feature_line("停\xe6\xb0水"), "停 水");  // truncated sequence
  EXPECT_EQ(feature_line("a\xc0\xaf"
                         "b"),
            "a b");                                 // overlong '/'
  EXPECT_EQ(feature_line("\xed\xa0\x80𡒄"), "𡒄");  // a surrogate, then U+21484
  EXPECT_TRUE(is_han(U'𡒄'));
  EXPECT_FALSE(is_han(U'a'));
}

TEST(FastTextData, ReadsTipdmLayoutsAndNamesBadRows) {
  auto full = read_labelled_tsv((kTipdm / "train_fulltext.tsv").string());
  ASSERT_TRUE(full) << full.error().describe();
  EXPECT_EQ(full->size(), 2733u);
  EXPECT_NE(full->front().text.find("安全隐患"), std::string::npos);
  EXPECT_EQ(full->front().label, "城乡建设");

  const auto bad = temp_path("bad.tsv");
  std::ofstream(bad) << "text\tlabel\n好的\t教育文体\n只有一列\n";
  auto rows = read_labelled_tsv(bad.string());
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().field, bad.string() + ":3");
  auto no_label = read_labelled_tsv(bad.string(), "urgency");
  ASSERT_FALSE(no_label);
  fs::remove(bad);
}

// A reproducible slice: every fourth of the first 800 raw messages is held out.
struct Slice {
  std::vector<LabelledText> train, test;
};
Slice slice() {
  Slice s;
  auto rows = read_labelled_tsv((kTipdm / "train_fulltext.tsv").string()).value();
  for (std::size_t i = 0; i < 800 && i < rows.size(); ++i) {
    (i % 4 == 0 ? s.test : s.train).push_back(rows[i]);
  }
  return s;
}

TrainOptions small_options() {
  TrainOptions o;
  o.dim = 16;
  o.epoch = 30;
  o.lr = 1.0;
  o.threads = 1;  // reproducible
  o.seed = 7;
  o.bucket = 200000;
  return o;
}

// One model of the slice, trained once for the tests that only read it.
const FastTextClassifier& slice_model() {
  static const auto model =
      FastTextClassifier::train(slice().train, small_options(), "category").value();
  return *model;
}

TEST(FastTextClassifier, DIS_8_LearnsCategoriesOfUnseenMessages) {
  const auto s = slice();
  const auto* model = &slice_model();
  EXPECT_EQ(model->labels().size(), 7u);
  EXPECT_EQ(model->task(), "category");
  std::size_t correct = 0;
  for (const auto& r : s.test) {
    const auto top = model->predict(r.text, 1);
    ASSERT_EQ(top.size(), 1u);
    if (top[0].label == r.label) ++correct;
  }
  // Seven classes; the largest holds about a fifth of the messages. A model
  // of 600 messages gets most of 200 unseen ones right (0.78 measured).
  const double accuracy = static_cast<double>(correct) / s.test.size();
  EXPECT_GT(accuracy, 0.65) << accuracy;
}

TEST(FastTextClassifier, PredictionsAreSortedProbabilities) {
  const auto* model = &slice_model();
  const auto all = model->predict("小区楼下烧烤店油烟扰民，噪音很大", -1);
  ASSERT_EQ(all.size(), 7u);
  double sum = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_GE(all[i].confidence, 0.0);
    EXPECT_LE(all[i].confidence, 1.0);
    if (i > 0) {
      EXPECT_GE(all[i - 1].confidence, all[i].confidence);
    }
    sum += all[i].confidence;
  }
  EXPECT_NEAR(sum, 1.0, 1e-3);
  EXPECT_EQ(model->predict("", 3).size(), 3u);  // empty text still gets an answer
  EXPECT_EQ(model->predict("公积金贷款", 0).size(), 0u);
}

TEST(FastTextClassifier, OneThreadAndASeedAreReproducibleAndFilesRoundTrip) {
  const auto s = slice();
  auto o = small_options();
  o.epoch = 5;
  auto a = FastTextClassifier::train(s.train, o, "category").value();
  auto b = FastTextClassifier::train(s.train, o, "category").value();
  const auto path = temp_path("model.bin");
  ASSERT_TRUE(a->save(path.string()));
  auto loaded = FastTextClassifier::load(path.string());
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_EQ((*loaded)->task(), "category");
  EXPECT_EQ((*loaded)->labels(), a->labels());
  for (std::size_t i = 0; i < 20; ++i) {
    const auto pa = a->predict(s.test[i].text, 1);
    const auto pb = b->predict(s.test[i].text, 1);
    const auto pl = (*loaded)->predict(s.test[i].text, 1);
    EXPECT_EQ(pa[0].label, pb[0].label);
    EXPECT_FLOAT_EQ(pa[0].confidence, pb[0].confidence);
    EXPECT_EQ(pa[0].label, pl[0].label);
    EXPECT_FLOAT_EQ(pa[0].confidence, pl[0].confidence);
  }
  fs::remove(path);
}

TEST(FastTextClassifier, EnsembleAveragesModels) {
  const auto s = slice();
  auto o = small_options();
  o.ensemble = 2;
  o.epoch = 5;
  auto model = FastTextClassifier::train(s.train, o, "category").value();
  const auto path = temp_path("ensemble.bin");
  ASSERT_TRUE(model->save(path.string()));
  auto loaded = FastTextClassifier::load(path.string()).value();
  EXPECT_FLOAT_EQ(model->predict(s.test[0].text, 1)[0].confidence,
                  loaded->predict(s.test[0].text, 1)[0].confidence);
  fs::remove(path);
}

// TYP-1, TYP-2: the type and urgency models learn from a few hundred
// messages, and their defaults keep the file a few MB: fastText's input
// matrix is (characters + bucket) x dim floats, 128 MB at category's 2M
// buckets whatever the data. The bucket count reaches fastText: 1,000 more
// buckets are exactly 1,000 more rows of dim floats in the file.
TEST(FastTextClassifier, TYP_1_TYP_2_TypeAndUrgencyModelsAreSmall) {
  for (const std::string task : {"urgency", "type"}) {
    auto rows = read_labelled_tsv((kTriage / "labelled_messages.tsv").string(), task);
    ASSERT_TRUE(rows) << rows.error().describe();
    const auto path = temp_path(task + ".bin");
    auto file_size = [&](const TrainOptions& options) -> std::uintmax_t {
      auto model = FastTextClassifier::train(*rows, options, task);
      if (!model || !(*model)->save(path.string())) return 0;
      return fs::file_size(path);
    };
    auto o = default_train_options(task);
    o.threads = 1;
    const auto size = file_size(o);
    EXPECT_GT(size, 0u) << task;
    EXPECT_LT(size, 4'000'000u) << task;
    auto more = o;
    more.bucket += 1000;
    EXPECT_EQ(file_size(more) - size, 1000u * static_cast<unsigned>(o.dim) * sizeof(float)) << task;
    fs::remove(path);
  }
  // Category keeps the 2M buckets its figures were measured with.
  EXPECT_EQ(default_train_options("category").bucket, TrainOptions{}.bucket);
  auto zero = small_options();
  zero.bucket = 0;  // fastText would divide by it
  EXPECT_FALSE(FastTextClassifier::train({{"停水", "utilities", ""}, {"噪音", "general", ""}}, zero,
                                         "urgency"));
}

TEST(FastTextClassifier, RefusesBadInputAndBadFiles) {
  EXPECT_FALSE(FastTextClassifier::train({{"停水", "utilities", ""}}, small_options(), "urgency"));
  const auto path = temp_path("garbage.bin");
  std::ofstream(path) << "not a model\n";
  auto loaded = FastTextClassifier::load(path.string());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
  std::ofstream(path) << "hotline-text-classifier 1\ntask category\nfeatures chars-v0\n";
  EXPECT_FALSE(FastTextClassifier::load(path.string()));
  EXPECT_FALSE(FastTextClassifier::load((temp_path("missing.bin")).string()));
  std::ofstream(path) << "hotline-text-classifier 1\nalgorithm linear\ntask category\n";
  EXPECT_FALSE(FastTextClassifier::load(path.string()));
  fs::remove(path);
}

TEST(FastTextClassifier, ReadsFilesWrittenBeforeTheAlgorithmLine) {
  const auto path = temp_path("old.bin");
  ASSERT_TRUE(slice_model().save(path.string()));
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string line = "algorithm fasttext\n";
  const auto at = bytes.find(line);
  ASSERT_NE(at, std::string::npos);
  bytes.erase(at, line.size());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  auto loaded = FastTextClassifier::load(path.string());
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_EQ((*loaded)->predict("路灯坏了", 1)[0].label,
            slice_model().predict("路灯坏了", 1)[0].label);
  fs::remove(path);
}

TEST(FastTextEvaluation, ScoresPerClassAndMacroF1) {
  const auto s = score({"a", "a", "b", "b"}, {"a", "b", "b", "b"});
  EXPECT_DOUBLE_EQ(s.accuracy, 0.75);
  ASSERT_EQ(s.classes.size(), 2u);
  EXPECT_DOUBLE_EQ(s.classes[0].precision, 1.0);
  EXPECT_DOUBLE_EQ(s.classes[0].recall, 0.5);
  EXPECT_DOUBLE_EQ(s.classes[1].precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.classes[1].recall, 1.0);
  EXPECT_NEAR(s.macro_f1, (2.0 / 3.0 + 0.8) / 2, 1e-12);
}

TEST(FastTextEvaluation, GroupsRawAndSegmentedCopiesOfOneMessage) {
  // The first raw message and its segmented copy, as in the two tipdm files.
  auto full = read_labelled_tsv((kTipdm / "train_fulltext.tsv").string()).value();
  auto seg = read_labelled_tsv((kTipdm / "train_segmented.tsv").string()).value();
  std::vector<LabelledText> rows = {full[0], seg[0], full[1], seg[1], full[2]};
  EXPECT_FALSE(looks_segmented(full[0].text));
  EXPECT_TRUE(looks_segmented(seg[0].text));
  const auto g = group_duplicates(rows);
  EXPECT_EQ(g[0], g[1]);
  EXPECT_EQ(g[2], g[3]);
  EXPECT_NE(g[0], g[2]);
  EXPECT_NE(g[0], g[4]);
  EXPECT_NE(g[2], g[4]);
}

TEST(FastTextEvaluation, CrossValidationTestsEachMessageOnceOnItsRawCopy) {
  auto full = read_labelled_tsv((kTipdm / "train_fulltext.tsv").string()).value();
  std::vector<LabelledText> rows(full.begin(), full.begin() + 200);
  // Every message twice: the copy must land in the same fold.
  std::vector<LabelledText> doubled = rows;
  for (auto r : rows) {
    r.text = feature_line(r.text);  // a "segmented" copy: tokens with spaces
    doubled.push_back(r);
  }
  auto o = small_options();
  o.epoch = 5;
  auto cv = cross_validate(doubled, o, "category", 4, 1);
  ASSERT_TRUE(cv) << cv.error().describe();
  EXPECT_EQ(cv->rows, 400u);
  EXPECT_LE(cv->groups, 200u);
  EXPECT_EQ(cv->truth.size(), cv->groups);
  EXPECT_EQ(cv->fold_accuracy.size(), 4u);
  for (const auto& text : cv->tested_text) EXPECT_FALSE(looks_segmented(text));
  // Leakage would make this near 1; 150 raw messages per fold cannot.
  EXPECT_LT(cv->all.accuracy, 0.95);
  EXPECT_GT(cv->all.accuracy, 0.3);
}

// The shipped lexicons on the project's own labelled messages
// (data/triage/labelled_messages.tsv). Floors a little under the measured
// values (docs/classification.md), so a careless lexicon edit fails here.
TEST(TriageLexicons, TYP_2_CatchesLifeSafetyAndUtilities) {
  auto rules = load_urgency_rules((kTriage / "urgency_lexicon.tsv").string());
  ASSERT_TRUE(rules) << rules.error().describe();
  auto rows = read_labelled_tsv((kTriage / "labelled_messages.tsv").string(), "urgency");
  ASSERT_TRUE(rows) << rows.error().describe();
  std::vector<std::string> truth, predicted;
  for (const auto& r : *rows) {
    truth.push_back(r.label);
    predicted.push_back(std::string(to_string(rules->classify(r.text).urgency)));
  }
  const auto s = score(truth, predicted);
  // The lexicon alone is precise but misses paraphrases. Frozen: life-safety
  // recall 0.14, utilities 0.71, precision 0.88 and 0.86. With the spoken
  // forms added after reading the second set (not this one, so these are
  // unseen for the additions): 0.41 (21/51) and 0.81 (34/42), precision 0.91
  // and 0.92 (docs/classification.md). These floors catch a broken lexicon.
  for (const auto& c : s.classes) {
    if (c.label == "life-safety") {
      EXPECT_GE(c.recall, 0.41);
      EXPECT_GE(c.precision, 0.9);
    }
    if (c.label == "utilities") {
      EXPECT_GE(c.recall, 0.8);
      EXPECT_GE(c.precision, 0.9);
    }
  }
}

TEST(TriageLexicons, TYP_1_TypesAboveChance) {
  auto rules = load_request_type_rules((kTriage / "type_lexicon.tsv").string());
  ASSERT_TRUE(rules) << rules.error().describe();
  auto rows = read_labelled_tsv((kTriage / "labelled_messages.tsv").string(), "type");
  ASSERT_TRUE(rows);
  std::size_t correct = 0;
  for (const auto& r : *rows) {
    if (to_string(rules->classify(r.text).type) == r.label) ++correct;
  }
  // Frozen 0.611; with the spoken cues added after reading the second set
  // 0.633 (114/180).
  EXPECT_GE(static_cast<double>(correct) / static_cast<double>(rows->size()), 0.633);
}

TEST(TriageLexicons, BadLexiconLinesAreNamed) {
  const auto path = temp_path("lexicon.tsv");
  std::ofstream(path) << "label\tpattern\tnote\nlife-safety\t燃气++泄漏\t\n";
  auto rules = load_urgency_rules(path.string());
  ASSERT_FALSE(rules);
  EXPECT_EQ(rules.error().field, path.string() + ":2");
  std::ofstream(path) << "label\tpattern\tnote\nsevere\t燃气\t\n";
  EXPECT_FALSE(load_urgency_rules(path.string()));
  fs::remove(path);
}

}  // namespace
}  // namespace hotline::ml
