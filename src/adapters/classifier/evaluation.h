#pragma once
// Measuring classifiers: accuracy, per-class precision/recall/F1 and macro-F1,
// and k-fold cross-validation that keeps copies of one message in one fold.
//
// The tipdm training files hold most messages twice: raw (train_fulltext)
// and word-segmented (train_segmented), and the segmented file repeats some
// messages. Folding rows independently would test on messages the model was
// trained on (leakage), so rows are first grouped: two rows are one message
// when most character bigrams of the shorter are in the longer
// (group_duplicates). Folds are drawn over groups; each group is tested once,
// on its raw copy when it has one (messages arrive raw), else on its
// segmented copy.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/classifier/labelled_data.h"
#include "adapters/fasttext/fasttext_classifier.h"
#include "core/result.h"

namespace hotline::ml {

struct ClassScore {
  std::string label;
  std::size_t support = 0;    // messages of this label
  std::size_t predicted = 0;  // messages predicted as this label
  std::size_t correct = 0;
  double precision = 0, recall = 0, f1 = 0;
};

struct Scores {
  std::size_t n = 0;
  double accuracy = 0;
  double macro_f1 = 0;
  std::vector<ClassScore> classes;  // by label
};

Scores score(const std::vector<std::string>& truth, const std::vector<std::string>& predicted);

// True for word-segmented text (spaces between most Chinese words).
bool looks_segmented(std::string_view text);

// A group id per row; rows of one message share it. `min_overlap` is the
// share of the shorter row's character bigrams found in the longer one.
std::vector<std::size_t> group_duplicates(const std::vector<LabelledText>& rows,
                                          double min_overlap = 0.6);

struct CrossValidation {
  std::size_t rows = 0, groups = 0;
  Scores all;  // one test message per group
  Scores raw;  // only the groups tested on raw text
  std::vector<double> fold_accuracy;
  std::vector<std::string> truth, predicted;  // per tested message
  std::vector<std::string> tested_text;
  std::vector<std::vector<LabelScore>> scores;  // every label's confidence, per tested message
  double train_seconds = 0;                     // total over folds
  // Expected calibration error of the top confidence (10 bins): how far the
  // stated confidence is from how often the top label is right.
  double calibration_error = 0;
};

// Trains a classifier on the rows of the other folds.
using Trainer =
    std::function<Result<std::unique_ptr<TextClassifier>>(const std::vector<LabelledText>& rows)>;

// k-fold cross-validation over message groups, shuffled with `seed`.
// `on_fold` (optional) is told after each fold: (fold, accuracy).
Result<CrossValidation> cross_validate(const std::vector<LabelledText>& rows,
                                       const Trainer& trainer, int folds, std::uint32_t seed,
                                       const std::function<void(int, double)>& on_fold = {});
// The same with fastText models.
Result<CrossValidation> cross_validate(const std::vector<LabelledText>& rows,
                                       const TrainOptions& options, const std::string& task,
                                       int folds, std::uint32_t seed,
                                       const std::function<void(int, double)>& on_fold = {});

// Expected calibration error of top confidences against correctness.
double calibration_error(const std::vector<double>& confidence, const std::vector<bool>& correct,
                         int bins = 10);

// One bin of a reliability curve: the messages whose top confidence falls in
// [low, high), how sure the model said it was and how often it was right.
struct ReliabilityBin {
  double low = 0, high = 0;
  std::size_t n = 0;
  double mean_confidence = 0;  // 0 when empty
  double accuracy = 0;         // share of the bin's top labels that were right
};

// The reliability curve of top confidences in `bins` equal-width bins (the
// last bin includes 1.0): a calibrated model has accuracy ≈ mean confidence
// in every bin, so a threshold on the confidence means what it says.
std::vector<ReliabilityBin> reliability_curve(const std::vector<double>& confidence,
                                              const std::vector<bool>& correct, int bins = 10);

}  // namespace hotline::ml
