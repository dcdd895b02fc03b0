#pragma once
// FastTextClassifier: the TextClassifier port on fastText (Debian's
// libfasttext 0.9.2). Messages become character tokens (text_features.h);
// fastText learns a linear softmax classifier over the characters and their
// hashed bigrams and trigrams. Several models trained with different seeds
// may be averaged (an ensemble), which steadies the predictions.
//
// A model file holds a short text header (format, task, feature version,
// labels) followed by the fastText models, so `hotline model predict` needs
// nothing but the file.

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/classifier/labelled_data.h"
#include "core/result.h"
#include "core/triage/text_classifier.h"

namespace fasttext {
class FastText;
}

namespace hotline::ml {

struct TrainOptions {
  int dim = 16;
  int epoch = 25;
  double lr = 0.5;
  int word_ngrams = 3;  // character n-grams up to this length
  int min_count = 1;
  int bucket = 2000000;
  int threads = 2;   // > 1 is faster but not reproducible (Hogwild updates)
  int seed = 1;      // model i of an ensemble uses seed + i
  int ensemble = 1;  // models averaged
};

// The defaults of a task: the struct's for category; type and urgency,
// trained on a few hundred messages, take fewer hash buckets (a 3 MB file
// instead of 128 MB) and more epochs. Why: fasttext_classifier.cc.
TrainOptions default_train_options(std::string_view task);

class FastTextClassifier final : public TextClassifier {
 public:
  ~FastTextClassifier() override;
  FastTextClassifier(const FastTextClassifier&) = delete;
  FastTextClassifier& operator=(const FastTextClassifier&) = delete;

  // Trains on `rows` (at least two labels). `task` is recorded in the model
  // file: category, type or urgency. fastText prints nothing (verbose 0).
  static Result<std::unique_ptr<FastTextClassifier>> train(const std::vector<LabelledText>& rows,
                                                           const TrainOptions& options,
                                                           std::string task);
  static Result<std::unique_ptr<FastTextClassifier>> load(const std::string& path);
  Status save(const std::string& path) const;
  // The same as a stream (an ensemble file embeds one); `name` names the
  // source in errors.
  static Result<std::unique_ptr<FastTextClassifier>> read(std::istream& in,
                                                          const std::string& name);
  Status write(std::ostream& out) const;

  std::vector<LabelScore> predict(std::string_view text, int k) const override;
  std::vector<std::string> labels() const override { return labels_; }
  const std::string& task() const { return task_; }

 private:
  FastTextClassifier() = default;

  std::string task_;
  std::vector<std::string> labels_;
  std::vector<std::unique_ptr<fasttext::FastText>> models_;
};

}  // namespace hotline::ml
