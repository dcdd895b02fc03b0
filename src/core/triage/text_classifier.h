#pragma once
// The core's view of a text classifier (DIS-8, TYP-1, TYP-2): given the text
// of a request, the k most likely labels, each with a confidence in [0, 1],
// best first. Adapters implement it (FastTextClassifier); the core and the
// rules never know how a model was trained or stored.

#include <string>
#include <string_view>
#include <vector>

namespace hotline {

struct LabelScore {
  std::string label;        // e.g. "城乡建设", "complaint", "life-safety"
  double confidence = 0.0;  // the model's probability of the label, 0..1
};

class TextClassifier {
 public:
  virtual ~TextClassifier() = default;
  // The k best labels for `text` (raw UTF-8, any length), best first; fewer
  // when the model knows fewer labels. Never throws; thread-safe for
  // concurrent calls on one instance.
  virtual std::vector<LabelScore> predict(std::string_view text, int k) const = 0;
  // The labels the model can predict.
  virtual std::vector<std::string> labels() const = 0;
};

}  // namespace hotline
