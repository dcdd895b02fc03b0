#pragma once
// EnsembleClassifier: the TextClassifier port averaging the confidences of
// a LinearClassifier and a FastTextClassifier trained on the same messages:
// p = w · p_linear + (1 − w) · p_fastText. The two see the text differently
// (TF-IDF weights of characters and words; learnt embeddings of characters
// and hashed n-grams), so their errors differ in part.
//
// A model file: a text header (format, algorithm, task, labels, weight),
// then the two models' own files, each after a "part <algorithm> <bytes>"
// line.

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "adapters/fasttext/fasttext_classifier.h"
#include "adapters/liblinear/linear_classifier.h"

namespace hotline::ml {

class EnsembleClassifier final : public TextClassifier {
 public:
  static Result<std::unique_ptr<EnsembleClassifier>> train(const std::vector<LabelledText>& rows,
                                                           const LinearOptions& linear,
                                                           const TrainOptions& fasttext,
                                                           double linear_weight, std::string task);
  static Result<std::unique_ptr<EnsembleClassifier>> load(const std::string& path);
  static Result<std::unique_ptr<EnsembleClassifier>> read(std::istream& in,
                                                          const std::string& name);
  Status save(const std::string& path) const;

  std::vector<LabelScore> predict(std::string_view text, int k) const override;
  std::vector<std::string> labels() const override { return labels_; }
  const std::string& task() const { return task_; }

 private:
  EnsembleClassifier() = default;

  std::string task_;
  std::vector<std::string> labels_;
  double linear_weight_ = 0.5;
  std::unique_ptr<LinearClassifier> linear_;
  std::unique_ptr<FastTextClassifier> fasttext_;
};

}  // namespace hotline::ml
