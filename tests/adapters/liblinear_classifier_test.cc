// The liblinear classifier adapter: the dictionary segmenter, TF-IDF
// features, temperature calibration, training on a real slice of the tipdm
// messages, model files (linear and ensemble) opened by their header.
// SPEC: DIS-8

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "adapters/classifier/labelled_data.h"
#include "adapters/classifier/text_features.h"
#include "adapters/liblinear/calibration.h"
#include "adapters/liblinear/ensemble_classifier.h"
#include "adapters/liblinear/id_map.h"
#include "adapters/liblinear/linear_classifier.h"
#include "adapters/liblinear/model_file.h"
#include "adapters/liblinear/one_vs_rest.h"
#include "adapters/liblinear/tfidf_vectoriser.h"
#include "adapters/liblinear/word_segmenter.h"

namespace hotline::ml {
namespace {

namespace fs = std::filesystem;

const fs::path kTipdm = fs::path(HOTLINE_SHARED_DIR) / "data" / "tipdm";

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("hotline-ll-test-" + std::to_string(getpid()) + "-" + name);
}

std::vector<std::string> words_of(const WordSegmenter& s, std::string_view text) {
  return s.words(text_tokens(text));
}

TEST(LiblinearSegmenter, DIS_8_CutsRawTextWithTheSegmentedTextsWords) {
  WordSegmenter s;
  s.add_segmented_text("施工 围墙 安全隐患 A3 区 0731");
  EXPECT_EQ(s.size(), 3u);  // "A3", "区" and numbers are not words
  EXPECT_EQ(words_of(s, "施工围墙有安全隐患！"),
            (std::vector<std::string>{"施工", "围墙", "安全隐患"}));
  EXPECT_TRUE(words_of(s, "").empty());
  EXPECT_EQ(words_of(s, "施 工"), (std::vector<std::string>{"施工"}));  // spaces do not matter
}

TEST(LiblinearSegmenter, BidirectionalMatchingPrefersFewerSingleCharacters) {
  WordSegmenter s;
  s.add_segmented_text("研究 研究生 生命 起源");
  // Forward: 研究生/命/起源; backward: 研究/生命/起源 — as many pieces, no
  // single character.
  EXPECT_EQ(words_of(s, "研究生命起源"), (std::vector<std::string>{"研究", "生命", "起源"}));
}

TEST(LiblinearSegmenter, NonBmpCharactersAndRoundTrip) {
  WordSegmenter s;
  s.add_segmented_text("𠮷野 家 𡒄村 道路");
  EXPECT_EQ(words_of(s, "去𠮷野家，𡒄村道路坏了"),
            (std::vector<std::string>{"𠮷野", "𡒄村", "道路"}));
  std::stringstream file;
  s.save(file);
  auto loaded = WordSegmenter::load(file);
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_EQ(loaded->size(), s.size());
  EXPECT_EQ(words_of(*loaded, "𡒄村道路"), (std::vector<std::string>{"𡒄村", "道路"}));
  std::stringstream bad("words 3\n道路\n");
  EXPECT_FALSE(WordSegmenter::load(bad));
}

// A dictionary file in jieba's dict.txt format ("word frequency tag"); the
// words of a missing file are an error naming it.
TEST(LiblinearSegmenter, DIS_8_ReadsADictionaryFileLikeJiebas) {
  const auto path = temp_path("dict.txt");
  std::ofstream(path) << "公交站台 12 n\n站台 30 n\n交通 900 n\nA3 5 x\n𡒄村 3 ns\n";
  WordSegmenter s;
  ASSERT_TRUE(s.add_dictionary(path.string()));
  EXPECT_EQ(s.size(), 4u);  // "A3" is not all Chinese
  EXPECT_EQ(words_of(s, "公交站台坏了，𡒄村交通"),
            (std::vector<std::string>{"公交站台", "𡒄村", "交通"}));
  fs::remove(path);
  const auto missing = s.add_dictionary(path.string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "dictionary");
}

TEST(LiblinearFeatures, DIS_8_WordBigramsAreTermsAndSurviveTheFile) {
  FeatureOptions o;
  o.min_df = 1;
  o.word_bigrams = true;
  const std::vector<std::string> texts = {"公交 站台 损坏 严重", "公交站台损坏了"};
  auto v = TfidfVectoriser::fit(texts, o);
  ASSERT_TRUE(v) << v.error().describe();
  o.word_bigrams = false;
  auto plain = TfidfVectoriser::fit(texts, o);
  ASSERT_TRUE(plain);
  // 公交_站台, 站台_损坏 and 损坏_严重 are the extra terms.
  EXPECT_EQ(v->size(), plain->size() + 3);
  std::stringstream file;
  v->save(file);
  auto loaded = TfidfVectoriser::load(file);
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_TRUE(loaded->options().word_bigrams);
  EXPECT_EQ(loaded->transform("公交站台损坏"), v->transform("公交站台损坏"));
  std::stringstream old_format;
  plain->save(old_format);
  auto old = TfidfVectoriser::load(old_format);
  ASSERT_TRUE(old);
  EXPECT_FALSE(old->options().word_bigrams);
}

double norm(const SparseVector& v) {
  double sum = 0;
  for (const auto& [id, w] : v) sum += static_cast<double>(w) * w;
  return std::sqrt(sum);
}

TEST(LiblinearFeatures, TermsAreUnitLengthTfIdfAndSurviveOddText) {
  FeatureOptions o;
  o.min_df = 1;
  const std::vector<std::string> texts = {"𡒄村 道路 坏了 道路", "路灯坏了", "𠮷野家噪音扰民"};
  std::vector<SparseVector> x;
  auto v = TfidfVectoriser::fit(texts, o, &x);
  ASSERT_TRUE(v) << v.error().describe();
  ASSERT_EQ(x.size(), 3u);
  for (const auto& row : x) EXPECT_NEAR(norm(row), 1.0, 1e-5);
  EXPECT_EQ(v->segmenter().size(), 3u);  // 𡒄村, 道路, 坏了 of the segmented text
  // Non-BMP characters are terms of their own.
  const auto one = v->transform("𡒄");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_NEAR(one[0].second, 1.0, 1e-6);
  EXPECT_FALSE(v->transform("去𠮷野家").empty());
  // Unknown terms, invalid UTF-8 and nothing at all give an empty vector.
  EXPECT_TRUE(v->transform("\xff\xfe\xc0\xaf").empty());
  EXPECT_TRUE(v->transform("").empty());
  // Terms of one message are dropped at min_df 2.
  o.min_df = 2;
  auto pruned = TfidfVectoriser::fit(texts, o);
  ASSERT_TRUE(pruned);
  EXPECT_LT(pruned->size(), v->size());
  EXPECT_TRUE(pruned->transform("𡒄").empty());
}

// The open-addressing map behind prediction's look-ups: key 0, keys that
// differ only in their high half, growth, and a second insert keeping the
// first id.
TEST(LiblinearIdMap, DIS_8_FindsEveryKeyAcrossGrowthAndKeepsTheFirstId) {
  IdMap m;
  EXPECT_FALSE(m.find(0));
  EXPECT_EQ(m.insert(0, 7), 7u);
  EXPECT_EQ(m.insert(IdMap::pair_key(1, 0), 8), 8u);
  EXPECT_EQ(m.insert(0, 9), 7u);  // present: the first id stays
  for (std::uint32_t i = 1; i <= 10000; ++i) m.insert(IdMap::pair_key(i, i + 1), i);
  EXPECT_EQ(m.size(), 10002u);
  EXPECT_EQ(m.find(0), 7u);
  EXPECT_EQ(m.find(IdMap::pair_key(1, 0)), 8u);
  for (std::uint32_t i = 1; i <= 10000; ++i) {
    ASSERT_EQ(m.find(IdMap::pair_key(i, i + 1)), i) << i;
    ASSERT_FALSE(m.find(IdMap::pair_key(i + 1, i))) << i;
  }
  EXPECT_FALSE(m.find(UINT64_MAX));
}

// The trie walk goes past a prefix that is no word (公交站) and falls back to
// the longest word it passed; words beyond the BMP match like any other.
TEST(LiblinearSegmenter, DIS_8_LongestMatchFallsBackToTheLastWordPassed) {
  WordSegmenter s;
  s.add_segmented_text("公交 公交站台 𠮷野 𠮷野家 站台 野家");
  EXPECT_EQ(words_of(s, "公交站坏了"), (std::vector<std::string>{"公交"}));
  EXPECT_EQ(words_of(s, "公交站台"), (std::vector<std::string>{"公交站台"}));
  EXPECT_EQ(words_of(s, "𠮷野家门口"), (std::vector<std::string>{"𠮷野家"}));
  EXPECT_EQ(words_of(s, "𠮷野"), (std::vector<std::string>{"𠮷野"}));
  ASSERT_TRUE(s.find("𠮷野家"));
  EXPECT_EQ(s.word(*s.find("𠮷野家")), "𠮷野家");
  EXPECT_FALSE(s.find("公交站"));  // a prefix, not a word
  EXPECT_FALSE(s.find("𠮷"));
  EXPECT_FALSE(s.find(""));
  EXPECT_FALSE(s.find("\xe5\x85"));  // not UTF-8
  const auto size = s.size();
  s.add_segmented_text("公交 𠮷野家");  // known words do not grow the dictionary
  EXPECT_EQ(s.size(), size);
}

// The segmentation as it was before the tries: every substring looked up in
// a set of words, longest first, forward and backward, fewer pieces then
// fewer single characters win, ties go backward.
std::vector<std::string> reference_words(const std::set<std::string>& dictionary,
                                         std::size_t longest, const std::string& text) {
  std::vector<std::string> out, run;
  auto join = [&](std::size_t at, std::size_t n) {
    std::string w;
    for (std::size_t i = at; i < at + n; ++i) w += run[i];
    return w;
  };
  auto cut = [&] {
    std::vector<std::size_t> f, b;
    for (std::size_t i = 0; i < run.size();) {
      std::size_t n = std::min(longest, run.size() - i);
      while (n >= 2 && !dictionary.count(join(i, n))) --n;
      f.push_back(std::max<std::size_t>(n, 1));
      i += f.back();
    }
    for (std::size_t end = run.size(); end > 0;) {
      std::size_t n = std::min(longest, end);
      while (n >= 2 && !dictionary.count(join(end - n, n))) --n;
      b.insert(b.begin(), std::max<std::size_t>(n, 1));
      end -= b.front();
    }
    auto singles = [](const std::vector<std::size_t>& p) {
      return std::count(p.begin(), p.end(), 1u);
    };
    const auto& pieces =
        f.size() < b.size() || (f.size() == b.size() && singles(f) < singles(b)) ? f : b;
    std::size_t at = 0;
    for (auto n : pieces) {
      if (n >= 2) out.push_back(join(at, n));
      at += n;
    }
    run.clear();
  };
  for (const auto& t : text_tokens(text)) {
    if (t == "a" || t == "0") {
      cut();
    } else {
      run.push_back(t);
    }
  }
  cut();
  return out;
}

// The tries cut exactly as the substring look-ups did, over random texts of
// a few characters (one beyond the BMP) that make many overlapping words.
TEST(LiblinearSegmenter, DIS_8_TriesCutLikeSubstringLookUps) {
  const std::vector<std::string> alphabet = {"公", "交", "站", "台", "𠮷", "野", "家"};
  std::mt19937 rng(15);
  auto pick = [&](std::size_t n) {
    std::string w;
    for (std::size_t i = 0; i < n; ++i) w += alphabet[rng() % alphabet.size()];
    return w;
  };
  std::set<std::string> dictionary;
  WordSegmenter s;
  std::size_t longest = 0;
  for (int i = 0; i < 60; ++i) {
    const std::size_t n = 2 + rng() % 5;
    const auto w = pick(n);
    dictionary.insert(w);
    longest = std::max(longest, n);
    s.add_segmented_text(w);
  }
  ASSERT_EQ(s.size(), dictionary.size());
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    for (std::size_t pieces = rng() % 4; pieces > 0; --pieces) {
      text += pick(rng() % 14);
      text += rng() % 2 ? "a" : "12，";
    }
    ASSERT_EQ(s.words(text_tokens(text)), reference_words(dictionary, longest, text)) << text;
  }
}

// Prediction finds terms by ids (a prefix's id and the next token's), not by
// strings; every message must get exactly the vector training computed by
// strings, after the file too — n-grams, words, word bigrams, characters
// beyond the BMP, Latin words, digits, and terms dropped by min_df.
TEST(LiblinearFeatures, DIS_8_PredictionFindsTheTermsTrainingCounted) {
  const std::vector<std::string> texts = {
      "公交 站台 损坏 严重",      "公交站台损坏了，wifi 没有信号 12345",
      "𠮷野家 门口 𠮷野家 噪音",  "𠮷野家门口噪音扰民 WiFi",
      "A3区 公交 站台 没有 座椅", "路灯坏了 公交站台也坏了",
      "公交车 司机 态度差",       "站台"};
  for (const int min_df : {1, 2}) {
    for (const bool bigrams : {false, true}) {
      FeatureOptions o;
      o.min_df = min_df;
      o.word_bigrams = bigrams;
      std::vector<SparseVector> x;
      auto v = TfidfVectoriser::fit(texts, o, &x);
      ASSERT_TRUE(v) << v.error().describe();
      std::stringstream file;
      v->save(file);
      auto loaded = TfidfVectoriser::load(file);
      ASSERT_TRUE(loaded) << loaded.error().describe();
      for (std::size_t i = 0; i < texts.size(); ++i) {
        EXPECT_EQ(v->transform(texts[i]), x[i]) << texts[i] << " min_df " << min_df;
        EXPECT_EQ(loaded->transform(texts[i]), x[i]) << texts[i];
      }
    }
  }
  // A file whose trigram has no bigram was not written by fit: refused.
  std::stringstream damaged(
      "ngrams 3\nwords 0\nmin_df 1\nwords 0\nterms 4\n公\t1\n交\t1\n站\t1\n公 交 站\t1\n");
  EXPECT_FALSE(TfidfVectoriser::load(damaged));
  std::stringstream whole(
      "ngrams 3\nwords 0\nmin_df 1\nwords 0\nterms 5\n公\t1\n交\t1\n站\t1\n公 交\t1\n公 交 "
      "站\t1\n");
  auto read = TfidfVectoriser::load(whole);
  ASSERT_TRUE(read) << read.error().describe();
  EXPECT_EQ(read->transform("公交站").size(), 5u);
}

// NB scaling (--nb-alpha): each label's model is trained on the features
// times that label's log-count ratio, and the ratio is folded into the
// weights, so decide() on the plain vector gives what the label's model gives
// on the scaled one. Checked against liblinear run by hand on scaled copies.
TEST(LiblinearOneVsRest, DIS_8_NbScalingFoldsTheLogCountRatioIntoTheWeights) {
  const std::vector<SparseVector> x = {
      {{0, 0.8f}, {1, 0.6f}}, {{0, 0.6f}, {2, 0.8f}}, {{1, 0.6f}, {3, 0.8f}},  {{1, 1.0f}},
      {{2, 0.6f}, {3, 0.8f}}, {{3, 0.6f}, {4, 0.8f}}, {{0, 0.5f}, {4, 0.866f}}};
  const std::vector<int> y = {0, 0, 1, 1, 2, 2, 0};
  const std::size_t features = 5, labels = 3;
  const double alpha = 0.1, c = 4;
  auto nb =
      train_one_vs_rest(x, y, features, labels, LinearSolver::kLogisticRegression, c, 1, alpha);
  ASSERT_TRUE(nb) << nb.error().describe();
  const SparseVector probe = {{0, 0.6f}, {3, 0.8f}};
  const auto decided = nb->decide(probe);
  for (std::size_t k = 0; k < labels; ++k) {
    std::vector<double> p(features, 0.0), q(features, 0.0);
    for (std::size_t i = 0; i < x.size(); ++i) {
      for (const auto& [id, v] : x[i]) (y[i] == static_cast<int>(k) ? p : q)[id] += v;
    }
    double p_norm = 0, q_norm = 0;
    for (std::size_t f = 0; f < features; ++f) {
      p_norm += alpha + p[f];
      q_norm += alpha + q[f];
    }
    std::vector<double> r(features);
    for (std::size_t f = 0; f < features; ++f) {
      r[f] = std::log((alpha + p[f]) / p_norm) - std::log((alpha + q[f]) / q_norm);
    }
    auto scale = [&](SparseVector v) {
      for (auto& [id, value] : v) value = static_cast<float>(value * r[id]);
      return v;
    };
    std::vector<SparseVector> scaled;
    for (const auto& row : x) scaled.push_back(scale(row));
    auto plain =
        train_one_vs_rest(scaled, y, features, labels, LinearSolver::kLogisticRegression, c, 1);
    ASSERT_TRUE(plain);
    EXPECT_NEAR(decided[k], plain->decide(scale(probe))[k], 1e-3) << "label " << k;
  }
  auto unscaled =
      train_one_vs_rest(x, y, features, labels, LinearSolver::kLogisticRegression, c, 1);
  ASSERT_TRUE(unscaled);
  EXPECT_NE(unscaled->weights, nb->weights);
  EXPECT_FALSE(
      train_one_vs_rest(x, y, features, labels, LinearSolver::kLogisticRegression, c, 1, -1));
}

TEST(LiblinearCalibration, TemperatureFollowsHowOftenTheTopIsRight) {
  // Always right with a margin: sharpen (T < 1). Right half the time: flatten.
  std::vector<std::vector<double>> d(100, {1.0, 0.0});
  std::vector<int> always(100, 0), half(100, 0);
  for (std::size_t i = 0; i < half.size(); i += 2) half[i] = 1;
  EXPECT_LT(fit_temperature(d, always), 0.1);
  EXPECT_GT(fit_temperature(d, half), 10.0);
  const auto p = softmax({2.0, 1.0, 0.0}, 1.0);
  EXPECT_NEAR(p[0] + p[1] + p[2], 1.0, 1e-12);
  EXPECT_GT(p[0], p[1]);
  EXPECT_DOUBLE_EQ(fit_temperature({}, {}), 1.0);
}

// A reproducible slice: every fourth of the first 800 raw messages is held
// out; the others, and segmented messages from far down the segmented file
// (the dictionary's source), are trained on.
struct Slice {
  std::vector<LabelledText> train, test;
};
const Slice& slice() {
  static const Slice cached = [] {
    Slice s;
    auto rows = read_labelled_tsv((kTipdm / "train_fulltext.tsv").string()).value();
    for (std::size_t i = 0; i < 800 && i < rows.size(); ++i) {
      (i % 4 == 0 ? s.test : s.train).push_back(rows[i]);
    }
    auto seg = read_labelled_tsv((kTipdm / "train_segmented.tsv").string()).value();
    for (std::size_t i = 6000; i < 6600 && i < seg.size(); ++i) s.train.push_back(seg[i]);
    return s;
  }();
  return cached;
}

LinearOptions small_options() {
  LinearOptions o;
  o.c = 16;
  o.threads = 2;
  return o;
}

const LinearClassifier& slice_model() {
  static const auto model =
      LinearClassifier::train(slice().train, small_options(), "category").value();
  return *model;
}

TEST(LiblinearClassifier, DIS_8_LearnsCategoriesOfUnseenMessages) {
  const auto& s = slice();
  const auto& model = slice_model();
  EXPECT_EQ(model.labels().size(), 7u);
  EXPECT_EQ(model.task(), "category");
  EXPECT_GT(model.terms(), 1000u);
  EXPECT_GT(model.temperature(), 0.0);
  std::size_t correct = 0;
  for (const auto& r : s.test) {
    const auto top = model.predict(r.text, 1);
    ASSERT_EQ(top.size(), 1u);
    if (top[0].label == r.label) ++correct;
  }
  // Seven classes, the largest about a fifth, so guessing gets ≈ 0.2; the
  // model gets 0.715 of these 200 from 1,200 training messages (a broken
  // vectoriser or solver falls to chance). On the full data it does better
  // than fastText (docs/classification.md); on this small slice it does not.
  const double accuracy = static_cast<double>(correct) / s.test.size();
  EXPECT_GT(accuracy, 0.65) << accuracy;
}

TEST(LiblinearClassifier, PredictionsAreSortedProbabilities) {
  const auto& model = slice_model();
  for (const std::string text : {"小区楼下烧烤店油烟扰民，噪音很大", "", "𠮷𡒄", "\xff\xfe"}) {
    const auto all = model.predict(text, -1);
    ASSERT_EQ(all.size(), 7u) << text;
    double sum = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      EXPECT_GE(all[i].confidence, 0.0);
      EXPECT_LE(all[i].confidence, 1.0);
      if (i > 0) {
        EXPECT_GE(all[i - 1].confidence, all[i].confidence);
      }
      sum += all[i].confidence;
    }
    EXPECT_NEAR(sum, 1.0, 1e-9);
  }
  EXPECT_EQ(model.predict("公积金贷款", 0).size(), 0u);
  EXPECT_EQ(model.predict("公积金贷款", 2).size(), 2u);
}

TEST(LiblinearClassifier, ChoosesCOnHeldOutMessages) {
  auto o = small_options();
  o.c = 0;
  o.c_grid = {0.01, 16};  // 0.01 barely learns: held-out messages show it
  auto model = LinearClassifier::train(slice().train, o, "category");
  ASSERT_TRUE(model) << model.error().describe();
  EXPECT_EQ((*model)->c(), 16);
}

TEST(LiblinearClassifier, FilesRoundTripAndOpenByHeader) {
  const auto& s = slice();
  const auto& model = slice_model();
  const auto path = temp_path("linear.bin");
  ASSERT_TRUE(model.save(path.string()));
  auto loaded = load_model(path.string());
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_EQ(loaded->algorithm, "linear");
  EXPECT_EQ(loaded->task, "category");
  EXPECT_EQ(loaded->classifier->labels(), model.labels());
  for (std::size_t i = 0; i < 20; ++i) {
    const auto a = model.predict(s.test[i].text, 3);
    const auto b = loaded->classifier->predict(s.test[i].text, 3);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].label, b[k].label);
      EXPECT_DOUBLE_EQ(a[k].confidence, b[k].confidence);
    }
  }
  fs::remove(path);
}

TEST(LiblinearClassifier, RefusesBadInputAndBadFiles) {
  EXPECT_FALSE(LinearClassifier::train({{"停水", "utilities", ""}}, small_options(), "urgency"));
  auto o = small_options();
  o.c = 0;
  o.c_grid.clear();
  EXPECT_FALSE(LinearClassifier::train(slice().train, o, "category"));
  o = small_options();
  o.features.ngrams = 0;
  EXPECT_FALSE(LinearClassifier::train(slice().train, o, "category"));

  const auto path = temp_path("bad-linear.bin");
  std::ofstream(path) << "not a model\n";
  auto garbage = LinearClassifier::load(path.string());
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, ErrorCode::kInvalidArgument);
  std::ofstream(path) << "hotline-text-classifier 1\nalgorithm linear\nfeatures tfidf-v0\n";
  EXPECT_FALSE(load_model(path.string()));
  std::ofstream(path) << "hotline-text-classifier 1\nalgorithm perceptron\n";
  EXPECT_FALSE(load_model(path.string()));
  EXPECT_FALSE(load_model(temp_path("missing.bin").string()));
  // A file cut short is refused, not read as zeros.
  ASSERT_TRUE(slice_model().save(path.string()));
  fs::resize_file(path, fs::file_size(path) - 100);
  auto truncated = load_model(path.string());
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("truncated"), std::string::npos)
      << truncated.error().message;
  fs::remove(path);
}

TEST(LiblinearEnsemble, DIS_8_AveragesBothModelsAndRoundTrips) {
  const auto& s = slice();
  TrainOptions ft;
  ft.epoch = 5;
  ft.threads = 1;
  ft.bucket = 100000;
  auto model = EnsembleClassifier::train(s.train, small_options(), ft, 0.5, "category");
  ASSERT_TRUE(model) << model.error().describe();
  const auto path = temp_path("ensemble.bin");
  ASSERT_TRUE((*model)->save(path.string()));
  auto loaded = load_model(path.string());
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_EQ(loaded->algorithm, "ensemble");
  EXPECT_EQ(loaded->task, "category");
  const auto a = (*model)->predict(s.test[0].text, -1);
  const auto b = loaded->classifier->predict(s.test[0].text, -1);
  ASSERT_EQ(a.size(), 7u);
  ASSERT_EQ(b.size(), 7u);
  double sum = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].label, b[k].label);
    EXPECT_NEAR(a[k].confidence, b[k].confidence, 1e-6);
    sum += a[k].confidence;
  }
  EXPECT_NEAR(sum, 1.0, 1e-3);
  EXPECT_FALSE(EnsembleClassifier::train(s.train, small_options(), ft, 1.5, "category"));
  fs::remove(path);
}

}  // namespace
}  // namespace hotline::ml
