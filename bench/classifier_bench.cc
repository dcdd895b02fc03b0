// Classification throughput per core (issue 4): text features, the urgency
// and type lexicons, fastText and TF-IDF linear (liblinear) prediction, on
// real messages of the tipdm data (unlabeled_messages.tsv). One thread; items/s is messages per
// second per core.
//
// Needs hotline_fasttext, hotline_liblinear and the shared data directory; bench/CMakeLists.txt
// links them and defines HOTLINE_BENCH_FASTTEXT. Without it this file builds
// to a stub, so the bench folder keeps building.

#include <benchmark/benchmark.h>

#ifdef HOTLINE_BENCH_FASTTEXT

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "adapters/classifier/labelled_data.h"
#include "adapters/classifier/lexicon_file.h"
#include "adapters/classifier/text_features.h"
#include "adapters/fasttext/fasttext_classifier.h"
#include "adapters/liblinear/linear_classifier.h"

namespace {

namespace fs = std::filesystem;
using namespace hotline;

const fs::path kTipdm = fs::path(HOTLINE_SHARED_DIR) / "data" / "tipdm";
const fs::path kTriage = fs::path(HOTLINE_DATA_DIR) / "triage";

// Subject and detail of the unlabelled messages.
const std::vector<std::string>& messages() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    std::ifstream in(kTipdm / "unlabeled_messages.tsv");
    std::string line;
    std::getline(in, line);  // header: id user time subject detail
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::size_t start = 0, tab;
      while ((tab = line.find('\t', start)) != std::string::npos) {
        f.push_back(line.substr(start, tab - start));
        start = tab + 1;
      }
      f.push_back(line.substr(start));
      if (f.size() >= 5) out.push_back(f[3] + " " + f[4]);
    }
    return out;
  }();
  return texts;
}

// A category model of the raw training messages, trained once (1 thread).
const ml::FastTextClassifier& category_model() {
  static const auto model = [] {
    auto rows = ml::read_labelled_tsv((kTipdm / "train_fulltext.tsv").string()).value();
    ml::TrainOptions o;
    o.threads = 1;
    return ml::FastTextClassifier::train(rows, o, "category").value();
  }();
  return *model;
}

void BM_TextFeatures(benchmark::State& state) {
  const auto& texts = messages();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ml::feature_line(texts[i++ % texts.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TextFeatures);

void BM_CategoryPredict(benchmark::State& state) {
  const auto& texts = messages();
  const auto& model = category_model();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(model.predict(texts[i++ % texts.size()], 3));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CategoryPredict);

// The TF-IDF linear category model of both training files, trained once
// (the words come from the segmented file). C fixed: no held-out refits.
const ml::LinearClassifier& linear_model() {
  static const auto model = [] {
    auto rows = ml::read_labelled_tsv((kTipdm / "train_fulltext.tsv").string()).value();
    auto seg = ml::read_labelled_tsv((kTipdm / "train_segmented.tsv").string()).value();
    rows.insert(rows.end(), seg.begin(), seg.end());
    ml::LinearOptions o;
    o.solver = ml::LinearSolver::kSvm;
    o.c = 1;
    o.calibrate = false;
    o.threads = 1;
    return ml::LinearClassifier::train(rows, o, "category").value();
  }();
  return *model;
}

void BM_CategoryPredictLinear(benchmark::State& state) {
  const auto& texts = messages();
  const auto& model = linear_model();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(model.predict(texts[i++ % texts.size()], 3));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CategoryPredictLinear);

void BM_UrgencyLexicon(benchmark::State& state) {
  const auto& texts = messages();
  const auto rules = ml::load_urgency_rules((kTriage / "urgency_lexicon.tsv").string()).value();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(rules.classify(texts[i++ % texts.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UrgencyLexicon);

void BM_TypeLexicon(benchmark::State& state) {
  const auto& texts = messages();
  const auto rules = ml::load_request_type_rules((kTriage / "type_lexicon.tsv").string()).value();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(rules.classify(texts[i++ % texts.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TypeLexicon);

}  // namespace

#else

namespace {
void BM_ClassifierNotLinked(benchmark::State& state) {
  for (auto _ : state) {
  }
  state.SetLabel("built without hotline_fasttext: see bench/classifier_bench.cc");
}
BENCHMARK(BM_ClassifierNotLinked);
}  // namespace

#endif

BENCHMARK_MAIN();
